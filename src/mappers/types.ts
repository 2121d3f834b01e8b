import type { RowRejection, StagedRecord, StepName } from '../ground/types.js';
import type { SourceRow } from '../sources/types.js';

/** How a profile reads the first row of an input: always a header, never, or detected by its names. */
export type HeaderMode = 'required' | 'none' | { detect: string[] };

/** What one source row became: zero or more payloads and zero or more rejections. */
export interface MapResult {
  records: StagedRecord[];
  rejections: RowRejection[];
}

/** How a profile reads one input. */
export interface InputMapper {
  header: HeaderMode;
  /** JSON files of the input: read the items of every list of this name (InputSpec.recordsIn). */
  recordsIn?: string;
  mapRow(row: SourceRow): MapResult;
  /**
   * The cells of a row holding a payment processor's token, which the raw-card scan must leave
   * alone: those feeding `token` when the source flags the value tokenized (Freeside
   * is_tokenized = Y) or when the migration allows bare numeric tokens. Absent: every cell is scanned.
   */
  tokenCells?(row: SourceRow, options: { allowNumericTokens: boolean }): ReadonlySet<number>;
}

/** A mapping profile: how each input of a legacy export becomes Sonar payloads. */
export interface Profile {
  /** Built-in name (`sonar-importer`, `templates`, …) or the mapping file's path. */
  name: string;
  /** One line for `sonar-migrate profiles`. */
  description: string;
  inputs: Partial<Record<StepName, InputMapper>>;
}

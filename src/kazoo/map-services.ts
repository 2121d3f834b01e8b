import type { KazooSettings, SonarRef } from '../config/kazoo-settings.js';
import { formatProvenance, SourceError } from '../errors/index.js';
import type { RowRejection, SourceRef } from '../ground/types.js';
import { mapService } from '../mappers/services.js';
import type { MapResult } from '../mappers/types.js';
import { refValue } from './map-numbers.js';
import type { KazooServicesRead } from './read-export.js';
import { accountQuantities, quantitiesSchema } from './schemas.js';

/** The columns of a services line in reject CSVs. */
export const serviceColumns: readonly string[] = ['category', 'item', 'quantity', 'account_id'];

interface Line {
  category: string;
  item: string;
  quantity: number;
  /** 1-based position in the summary. */
  index: number;
  path: string;
}

/**
 * Maps a Kazoo services summary to account services rows: each non-zero quantity
 * (`category.item`) goes through kazoo.services_crosswalk (`category.item` first, then `category`)
 * to a Sonar service; lines mapped to the same service add up into one row with that quantity.
 * A line with no crosswalk entry is rejected; one mapped to false is not billed in Sonar.
 */
export function mapKazooServices(read: KazooServicesRead, settings: KazooSettings): MapResult {
  const accountId = read.accountId ?? settings.accountId;
  if (accountId === undefined) {
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${read.file}: one account's services summary, but kazoo.account_id is not set — set it to the Kazoo account the summary is of, or save each account's summary under its account id.`,
      { file: read.file },
    );
  }
  const account = settings.accounts[accountId];
  const { quantities, path } = accountQuantities(read.data);
  const base = `${read.prefix}${path.replace(/^data\./, '')}`;
  const parsed = quantitiesSchema.safeParse(quantities);
  if (!parsed.success) {
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${read.file}: ${base} is not {category: {item: count}} as the services doc shows — save the API's answer unchanged.`,
      { file: read.file, column: base },
    );
  }
  const rejections: RowRejection[] = [];
  const groups = new Map<string, { target: SonarRef; lines: Line[] }>();
  let index = 0;
  for (const [category, items] of Object.entries(parsed.data)) {
    for (const [item, quantity] of Object.entries(items)) {
      index += 1;
      if (!(quantity > 0)) continue;
      const line: Line = { category, item, quantity, index, path: `${base}.${category}.${item}` };
      const target =
        settings.servicesCrosswalk[`${category}.${item}`] ?? settings.servicesCrosswalk[category];
      if (target === false) continue;
      if (target === undefined) {
        const source = sourceOf(read, line, accountId);
        rejections.push({
          code: 'MAP_SERVICE_UNMAPPED',
          message: `${formatProvenance(source.provenance)}: ${quantity} × ${category}.${item} has no Sonar service — add "${category}.${item}" (or "${category}") to kazoo.services_crosswalk, or map it to false if it is not billed in Sonar`,
          source,
        });
        continue;
      }
      const key = `${typeof target}:${target}`;
      const group = groups.get(key) ?? { target, lines: [] };
      group.lines.push(line);
      groups.set(key, group);
    }
  }
  const result: MapResult = { records: [], rejections };
  if (account === undefined) {
    // A keyed file's account missing from the crosswalk: its billed lines have nowhere to go.
    for (const { lines } of groups.values()) {
      const source = sourceOf(read, lines[0] as Line, accountId, lines);
      rejections.push({
        code: 'MAP_MISSING_REQUIRED',
        message: `${formatProvenance(source.provenance)}: the Kazoo account "${accountId}" has no Sonar account — add it to kazoo.account_crosswalk`,
        source,
      });
    }
    return result;
  }
  for (const { target, lines } of groups.values()) {
    const first = lines[0] as Line;
    const quantity = lines.reduce((sum, l) => sum + l.quantity, 0);
    const mapped = mapService({
      source: sourceOf(read, first, accountId, lines),
      fields: {
        service_id: { value: refValue(target), column: 'kazoo.services_crosswalk' },
        quantity: { value: quantity, column: first.path },
      },
      accountKey: { value: account, column: 'kazoo.account_id', cell: accountId },
    });
    result.records.push(...mapped.records);
    result.rejections.push(...mapped.rejections);
  }
  return result;
}

function sourceOf(read: KazooServicesRead, line: Line, accountId: string, lines: Line[] = [line]): SourceRef {
  return {
    input: 'services',
    provenance: {
      file: read.file,
      row: line.index,
      column: line.path,
      legacyKey: lines.map((l) => `${l.category}.${l.item}`).join('+'),
    },
    values: [
      lines.map((l) => l.category).join('+'),
      lines.map((l) => l.item).join('+'),
      String(lines.reduce((sum, l) => sum + l.quantity, 0)),
      accountId,
    ],
    columns: [...serviceColumns],
  };
}

import { stat } from 'node:fs/promises';
import type { ErrorCode } from '../errors/index.js';
import type { InputSpec } from '../sources/index.js';

/** A lookup as written in the migration file (already through inputSchema). */
interface RawLookup {
  file: string;
  sheet?: string | undefined;
  encoding?: string | undefined;
  delimiter?: string | undefined;
}

/**
 * The `lookups` of a migration file: each a file a profile joins rows against, with its path
 * made absolute. A missing file is a problem reported with the others at start-up.
 */
export async function resolveLookups(
  raw: Record<string, RawLookup[]>,
  at: (path: string) => string,
  problems: Array<{ code: ErrorCode; path: readonly PropertyKey[]; text: string }>,
): Promise<Record<string, InputSpec>> {
  const lookups: Record<string, InputSpec> = {};
  for (const [name, specs] of Object.entries(raw)) {
    const [spec, ...more] = specs;
    if (!spec) continue;
    if (more.length > 0) {
      problems.push({
        code: 'CONFIG_INVALID',
        path: ['lookups', name],
        text: `lookups.${name}: a lookup is one file — name one file, not a list.`,
      });
      continue;
    }
    const path = at(spec.file);
    const exists = await stat(path).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!exists) {
      problems.push({
        code: 'CONFIG_FILE_MISSING',
        path: ['lookups', name],
        text: `lookups.${name}: the file "${spec.file}" (${path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
      });
      continue;
    }
    lookups[name] = {
      path,
      displayName: spec.file,
      ...(spec.sheet === undefined ? {} : { sheet: spec.sheet }),
      ...(spec.encoding === undefined ? {} : { encoding: spec.encoding }),
      ...(spec.delimiter === undefined
        ? {}
        : { delimiter: spec.delimiter === '\\t' ? '\t' : spec.delimiter }),
    };
  }
  return lookups;
}

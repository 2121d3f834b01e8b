import type { CrosswalkTable } from './crosswalk.js';
import { parseDid } from './dids.js';
import { accept, quote, reject, type TransformResult } from './result.js';

/**
 * The rate center of a DID for the DID inventory, from a crosswalk keyed by its 3-digit area code
 * (a `"*"` entry is the default). Legacy systems keep numbers, not rate centers, and Sonar's
 * inventory needs one per number (doc ~20934, "DIDs - Mass add DIDs": rate_center_id). The value is a Sonar
 * rate center id, or its name, resolved at plan/load. A blank cell gives none; a number whose area
 * code the crosswalk lacks is refused, naming the line to add.
 */
export function rateCenterOf(
  value: string,
  table: CrosswalkTable,
  name = 'the crosswalk',
): TransformResult<string | number | null> {
  const did = parseDid(value);
  if (!did.ok) return did;
  if (did.value === null) return accept(null);
  const areaCode = did.value.slice(0, 3);
  if (Object.hasOwn(table, areaCode)) return accept(table[areaCode] as string | number);
  if (Object.hasOwn(table, '*')) return accept(table['*'] as string | number);
  return reject(
    `DID ${quote(value)} has area code ${areaCode}, which has no rate center in ${name} — add "${areaCode}": <Sonar rate center id or name> to it (or "*" for a default)`,
  );
}

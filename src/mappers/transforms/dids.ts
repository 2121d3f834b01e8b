import { tollFreeAreaCodes, toNanpDigits } from './nanp.js';
import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/**
 * Reads a DID ("+1NXXNXXXXXX", "1-NXX-NXX-XXXX", "(NXX) NXX-XXXX", "NXX.NXX.XXXX") into the 10 digits
 * Sonar's DID inventory takes; blank is null. Toll-free and N11 numbers are refused with the reason.
 */
export function parseDid(value: string): TransformResult<string | null> {
  if (isBlank(value)) return accept(null);
  const digits = toNanpDigits(value, 'DID');
  if (!digits.ok) return digits;
  const areaCode = digits.value.slice(0, 3);
  const exchange = digits.value.slice(3, 6);
  if (tollFreeAreaCodes.has(areaCode)) {
    return reject(
      `DID ${quote(value)} is toll-free (${areaCode}): only geographic numbers can be DIDs in Sonar`,
    );
  }
  if (/^[2-9]11$/.test(areaCode)) {
    return reject(
      `DID ${quote(value)} has the N11 service code ${areaCode} as its area code — not a real number`,
    );
  }
  if (/^[2-9]11$/.test(exchange)) {
    return reject(
      `DID ${quote(value)} has the N11 service code ${exchange} as its exchange — not a real number`,
    );
  }
  return accept(digits.value);
}

/** True when the digits pass the Luhn (mod 10) check. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when the whole cell is 13–19 digits (spaces and dashes allowed between them) passing the Luhn
 * check: a raw card number, which must never be migrated or written into a report.
 */
export function looksLikeCardNumber(text: string): boolean {
  const trimmed = text.trim();
  if (!/^\d[\d -]*\d$/.test(trimmed)) return false;
  const digits = trimmed.replace(/[ -]/g, '');
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
}

/**
 * True when a card number hides inside longer text (a note, a memo): a run of digits, spaces and
 * dashes that looksLikeCardNumber. Windows inside longer runs are not tried: one in ten random
 * digit strings passes Luhn, so that would flag account numbers and phone lists.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/\d[\d -]{11,}\d/g)) {
    if (looksLikeCardNumber(match[0])) return true;
  }
  return false;
}

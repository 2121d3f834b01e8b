import { parseDid } from '../mappers/transforms/dids.js';

/** Why a Kazoo number cannot become a Sonar DID. */
export type UnsupportedReason =
  | 'not_a_number'
  | 'short_code'
  | 'non_us'
  | 'caribbean'
  | 'toll_free'
  | 'premium'
  | 'not_nanp';

/** A Kazoo number read: the 10 digits Sonar takes, or why it cannot take it. */
export type KazooDid = { ok: true; did: string } | { ok: false; reason: UnsupportedReason; message: string };

// Kazoo's `caribbean` classifier NPAs, less the US territories (AS 684, Guam 671, MP 670,
// PR 787/939, USVI 340), which are US numbers. Canada stays: its NPAs are ordinary 10-digit DIDs.
const caribbeanNpas: ReadonlySet<string> = new Set(
  '264 268 242 246 441 284 345 767 809 829 849 473 664 869 758 784 721 868 649 876'.split(' '),
);

/**
 * Reads a Kazoo number key into the 10 digits Sonar's DID inventory takes. Keys are E.164
 * (`+1NXXNXXXXXX`); a bare key is normalized the way Kazoo does — by length: 10 digits gain +1,
 * 11 digits starting with 1 gain +, anything else gains only + (so `41234567` is +41234567, Swiss).
 * Short codes, non-US and Caribbean numbers, toll-free, premium (900), N11 and non-NANP shapes are
 * refused with the reason.
 */
export function readKazooNumber(key: string): KazooDid {
  const text = key.trim();
  const no = (reason: UnsupportedReason, why: string): KazooDid => ({
    ok: false,
    reason,
    message: `"${key}" ${why} — Sonar holds only 10-digit US DIDs; leave it in Kazoo (or port it to a US number)`,
  });
  if (!/^\+?\d+$/.test(text)) return no('not_a_number', 'is not a phone number (digits with an optional +)');
  const digits = text.replace(/^\+/, '');
  if (digits.length <= 6) return no('short_code', `is a short code (${digits.length} digits)`);
  if (!text.startsWith('+') && /^(?:011|00)/.test(digits)) {
    return no('non_us', 'is an international dialling string (011/00), not a US number');
  }
  const e164 = text.startsWith('+') ? text : digits.length === 10 ? `+1${digits}` : `+${digits}`;
  if (!e164.startsWith('+1')) {
    return no('non_us', `is not a US number (country code +${countryHint(e164)})`);
  }
  if (e164.length !== 12) {
    return no('not_nanp', `has ${e164.length - 2} digits after +1, not 10`);
  }
  const npa = e164.slice(2, 5);
  if (caribbeanNpas.has(npa))
    return no('caribbean', `is a Caribbean number (area code ${npa}), not a US one`);
  if (npa === '900') return no('premium', 'is a premium-rate 900 number, not a geographic DID');
  const parsed = parseDid(e164);
  if (!parsed.ok) {
    const reason: UnsupportedReason = /toll-free/.test(parsed.message) ? 'toll_free' : 'not_nanp';
    return { ok: false, reason, message: `${parsed.message} — leave it in Kazoo` };
  }
  if (parsed.value === null) return no('not_a_number', 'is blank');
  return { ok: true, did: parsed.value };
}

/** The first digits of an E.164 number, as a hint of its country code (at most 3). */
function countryHint(e164: string): string {
  const d = e164.slice(1);
  // Country codes are 1–3 digits; 2-digit ones start with 2–9 except the 1-digit 7 (RU/KZ).
  if (d.startsWith('7')) return '7';
  if (/^(?:2[0-7]|3[0-469]|4[0-13-9]|5[1-8]|6[0-6]|8[1246]|9[0-58])/.test(d)) return d.slice(0, 2);
  return d.slice(0, 3);
}

/**
 * The one scrubber: every text bound for a log, report, journal entry or error message that came
 * from Sonar or from an input passes through `redactSecrets`. It removes Basic/Bearer credentials,
 * credentials in URLs and `password=…` pairs, the Sonar password and Kazoo token from the
 * environment, and every value registered at run time (the migration's payment tokens, portal
 * passwords, Kazoo auth tokens).
 *
 * A value is replaced wherever it occurs inside a text only when it is distinctive: at least 8
 * characters and not a plain word or number (or at least 16 characters). Replacing a short or
 * common password such as `sonar` or `http` would mangle ordinary text (`https://isp.[redacted]
 * .software`, issue 17) while protecting nothing: such a value is never printed by the tool itself
 * (the password only ever travels in the Authorization header), and the patterns above still
 * catch it where a credential is spelled out.
 */

import { HashFilter } from './hash-filter.js';
import { SecretHashes } from './secret-hashes.js';

/** Shortest value that is replaced inside a text; also the length of the lookup prefix. */
const MIN_LENGTH = 8;

/**
 * The registered values, as hashes (secret-hashes.ts): credentials, payment tokens, a filter of
 * the first MIN_LENGTH characters of each (a cheap first test at each position of a text:
 * hash-filter.ts), and the lengths registered, longest first.
 */
const credentials = new SecretHashes();
const tokens = new SecretHashes();
const prefixes = new HashFilter();
const lengths: number[] = [];

/**
 * Whether a value can be replaced inside any text without mangling ordinary words: 8+ characters
 * mixing letters with digits or symbols (or digits with symbols), or 16+ characters of any kind.
 */
export function isDistinctiveSecret(value: string): boolean {
  if (value.length >= 16) return true;
  if (value.length < MIN_LENGTH) return false;
  const kinds = [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(value)).length;
  return kinds >= 2;
}

/** Registers a credential (a password, an auth token): replaced by `[redacted]` from now on. */
export function registerSecret(value: string | undefined): void {
  add(value, credentials);
}

/** Registers a payment token: shown as its last 4 characters (`…1234`) from now on. */
export function registerToken(value: string | undefined): void {
  if (value) add(value.trim(), tokens);
}

function add(value: string | undefined, kind: SecretHashes): void {
  if (!value || !isDistinctiveSecret(value)) return;
  kind.add(value);
  prefixes.add(value.slice(0, MIN_LENGTH));
  if (!lengths.includes(value.length)) {
    lengths.push(value.length);
    lengths.sort((a, b) => b - a);
  }
}

/** Shows at most the last 4 characters of a payment token: `…1234`. */
export function maskToken(token: string): string {
  return token.length <= 4 ? '…' : `…${token.slice(-4)}`;
}

/** `password=…`, `SONAR_PASSWORD=…`, `token=…` (a query string, an environment dump). */
const credentialPair = /\b([A-Za-z_]*(?:password|passwd|secret|token))=([^\s&"';,]+)/gi;

/** Removes every known secret from a text. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text
    .replace(/(authorization\s*[:=]\s*)(basic|bearer)\s+[A-Za-z0-9+/=._-]+/gi, '$1$2 [redacted]')
    .replace(/\b(basic|bearer)\s+[A-Za-z0-9+/=]{8,}/gi, '$1 [redacted]')
    .replace(/(https?:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@')
    .replace(credentialPair, '$1=[redacted]');
  for (const name of ['SONAR_PASSWORD', 'KAZOO_AUTH_TOKEN']) {
    const value = env[name];
    if (value && isDistinctiveSecret(value)) out = out.split(value).join('[redacted]');
  }
  return prefixes.size === 0 ? out : replaceRegistered(out);
}

/** One pass over the text: at each position whose next 8 characters begin a registered value, the longest one there. */
function replaceRegistered(text: string): string {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i + MIN_LENGTH <= text.length; ) {
    const match = prefixes.mayHaveSlice(text, i, i + MIN_LENGTH) ? registeredAt(text, i) : undefined;
    if (match === undefined) {
      i += 1;
      continue;
    }
    out += text.slice(copiedTo, i) + match.replacement;
    i += match.length;
    copiedTo = i;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

/** The longest registered value starting at `i`, and what replaces it. */
function registeredAt(text: string, i: number): { length: number; replacement: string } | undefined {
  for (const length of lengths) {
    if (i + length > text.length) continue;
    if (credentials.hasSlice(text, i, i + length)) return { length, replacement: '[redacted]' };
    if (tokens.hasSlice(text, i, i + length))
      return { length, replacement: maskToken(text.slice(i, i + length)) };
  }
  return undefined;
}

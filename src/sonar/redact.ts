/**
 * The one place secrets are scrubbed from text bound for a log, report, checkpoint or error
 * message: the Sonar password, Basic/Bearer credentials, and anything registered at run time
 * (payment tokens, Kazoo auth tokens).
 */
const registered = new Set<string>();

/** Registers a secret value (at least 4 characters) so every later redaction removes it. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registered.add(value);
}

/** Shows at most the last 4 characters of a payment token: `…1234`. */
export function maskToken(token: string): string {
  return token.length <= 4 ? '…' : `…${token.slice(-4)}`;
}

/** Removes every known secret from a text. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text
    .replace(/(authorization\s*[:=]\s*)(basic|bearer)\s+[A-Za-z0-9+/=._-]+/gi, '$1$2 [redacted]')
    .replace(/\b(basic|bearer)\s+[A-Za-z0-9+/=]{8,}/gi, '$1 [redacted]')
    .replace(/(https?:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@');
  const secrets = [...registered];
  if (env.SONAR_PASSWORD && env.SONAR_PASSWORD.length >= 4) secrets.push(env.SONAR_PASSWORD);
  if (env.KAZOO_AUTH_TOKEN && env.KAZOO_AUTH_TOKEN.length >= 4) secrets.push(env.KAZOO_AUTH_TOKEN);
  for (const secret of secrets.sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('[redacted]');
  }
  return out;
}

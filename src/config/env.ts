import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import ipaddr from 'ipaddr.js';
import { ConfigError } from '../errors/index.js';
import { registerSecret } from '../sonar/redact.js';

/** Where and as whom to reach Sonar. */
export interface SonarTarget {
  /** The instance, without a trailing slash or /api/v1, e.g. https://isp.sonar.software. */
  url: string;
  /** url + '/api/v1': what the client talks to. */
  apiUrl: string;
  username: string;
  password: string;
}

const API_SUFFIX = '/api/v1';

/**
 * Reads SONAR_URL, SONAR_USERNAME and SONAR_PASSWORD from `env`, falling back to a `.env` file in
 * `cwd` (the environment wins, as with dotenv). Refuses plain http:// except to this machine unless
 * `insecure`, because Basic auth would send the password in clear. Registers the password for redaction.
 */
export function loadSonarTarget(
  env: NodeJS.ProcessEnv,
  cwd: string,
  options: { insecure?: boolean } = {},
): SonarTarget {
  const file = readDotEnv(cwd);
  const value = (name: string) => env[name]?.trim() || file[name]?.trim();
  // Passwords may legitimately begin or end with spaces: take them verbatim.
  const password = env.SONAR_PASSWORD || file.SONAR_PASSWORD;
  // Every missing variable in one message: a 2 a.m. operator fixes them all in one go.
  const missing = ['SONAR_URL', 'SONAR_USERNAME', 'SONAR_PASSWORD'].filter((name) =>
    name === 'SONAR_PASSWORD' ? !password : !value(name),
  );
  if (missing.length > 0 || !password) {
    throw new ConfigError(
      'CONFIG_ENV_MISSING',
      `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set: set ${missing.length === 1 ? 'it' : 'them'} in the environment or in ${join(cwd, '.env')} (SONAR_URL=https://yourisp.sonar.software, SONAR_USERNAME, SONAR_PASSWORD).`,
    );
  }
  const rawUrl = value('SONAR_URL') ?? '';
  const username = value('SONAR_USERNAME') ?? '';
  registerSecret(password);
  const url = parseSonarUrl(rawUrl);
  if (url.protocol === 'http:' && !options.insecure && !isLoopback(url.hostname)) {
    throw new ConfigError(
      'CONFIG_INSECURE_URL',
      `SONAR_URL ${url.origin} uses plain http:// to another machine, which would send the password in clear: use https://, or pass --insecure if you really mean it.`,
    );
  }
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}`;
  return { url: base, apiUrl: `${base}${API_SUFFIX}`, username, password };
}

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped forms) and localhost. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (!ipaddr.isValid(host)) return false;
  return ipaddr.process(host).range() === 'loopback';
}

function parseSonarUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'CONFIG_ENV_INVALID',
      `SONAR_URL "${raw.replace(/\/\/[^/@]*@/, '//[redacted]@')}" is not a URL: set it to your instance, e.g. https://isp.sonar.software.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      'CONFIG_ENV_INVALID',
      `SONAR_URL uses ${url.protocol} but must be https:// (or http:// to this machine).`,
    );
  }
  if (url.username || url.password) {
    // Never echo the URL here: it holds the credentials.
    throw new ConfigError(
      'CONFIG_ENV_INVALID',
      'SONAR_URL contains a user name or password: remove them from the URL and set SONAR_USERNAME / SONAR_PASSWORD instead.',
    );
  }
  return url;
}

function readDotEnv(cwd: string): NodeJS.Dict<string> {
  const path = join(cwd, '.env');
  if (!existsSync(path)) return {};
  try {
    return parseEnv(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(
      'CONFIG_ENV_INVALID',
      `${path} cannot be read: ${(err as Error).message}. Fix or remove it.`,
      {
        cause: err,
      },
    );
  }
}

/** The environment with the `.env` file of `cwd` underneath it (the environment wins, as with dotenv). */
export function environmentWithDotEnv(env: NodeJS.ProcessEnv, cwd: string): NodeJS.ProcessEnv {
  return { ...readDotEnv(cwd), ...env };
}

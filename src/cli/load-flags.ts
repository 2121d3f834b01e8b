import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/index.js';
import { type StepName, stepNames } from '../ground/types.js';

/** `--quiet-period 120` → seconds (0 to 3600), refusing anything else. */
export function parseQuietPeriod(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 3600) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--quiet-period ${value}: must be a number of seconds from 0 to 3600 — longer than Sonar may take to finish a request (default 120).`,
    );
  }
  return seconds;
}

/** `--only a,b` → step names, refusing unknown ones. */
export function parseOnly(value: string | undefined): StepName[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(stepNames as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new ConfigError(
      'CONFIG_USAGE',
      `--only ${value}: ${unknown.length ? `unknown step ${unknown.map((u) => `"${u}"`).join(', ')}` : 'no step named'} — use some of ${stepNames.join(', ')}.`,
    );
  }
  return names as StepName[];
}

/** `--accounts 1,2` or `--accounts @file` (one per line or comma-separated; # starts a comment). */
export function parseAccounts(value: string | undefined, cwd: string): Set<string> | undefined {
  if (value === undefined) return undefined;
  let text = value;
  if (value.startsWith('@')) {
    const path = resolve(cwd, value.slice(1));
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new ConfigError(
        'CONFIG_FILE_MISSING',
        `--accounts ${value}: ${path} cannot be read — fix the path.`,
        { cause: err },
      );
    }
  }
  const ids = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0)
    throw new ConfigError('CONFIG_USAGE', `--accounts ${value}: no account numbers given.`);
  return new Set(ids);
}

export function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new ConfigError('CONFIG_USAGE', `--concurrency ${value}: expected a whole number from 1 to 64.`);
  }
  return n;
}

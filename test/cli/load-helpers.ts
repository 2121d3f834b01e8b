import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../src/cli/main.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

/** A copy of samples/<name> in a fresh temp dir (its state.db and reports land there). */
export function copySample(name = 'sonar-importer'): string {
  const dir = makeTempDir('sonar-migrate-cli-load-');
  cpSync(join(repoRoot, 'samples', name), dir, { recursive: true });
  // The simulator finishes every write before it answers: a short quiet period keeps resumes fast.
  const configPath = join(dir, 'migration.json');
  if (existsSync(configPath)) {
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(configPath, JSON.stringify({ ...config, quietPeriodSeconds: 0.05 }, null, 2));
  }
  return dir;
}

/** The environment pointing sonar-migrate at a simulator. */
export function simEnv(sim: RunningSimulator, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar', ...extra };
}

/** Runs `sonar-migrate <args>` in-process in `dir`. */
export async function runIn(
  dir: string,
  sim: RunningSimulator,
  args: string[],
  overrides: Parameters<typeof captureIo>[0] = {},
) {
  const io = captureIo({ cwd: dir, env: simEnv(sim), ...overrides });
  const code = await runCommand(args, io);
  return { code, out: io.out(), err: io.err() };
}

/**
 * A copy of the sonar-importer sample cut down to a few accounts (their rows in every file, and
 * the inventory rows of their DIDs), so a CLI test stages in a moment.
 */
export function copySmallSample(accounts: readonly string[]): string {
  const dir = copySample('sonar-importer');
  const keep = new Set(accounts);
  const firstCell = (line: string) => line.split(',')[0]?.replace(/"/g, '') ?? '';
  const isHeader = (line: string) => /^"?[A-Za-z]/.test(line);
  const didsText = readFileSync(join(dir, 'dids.csv'), 'utf8');
  const dids = new Set(
    didsText
      .split('\n')
      .filter((l) => keep.has(firstCell(l)))
      .map((l) => l.split(',')[1]?.replace(/"/g, '')),
  );
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const lines = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const kept = lines.filter(
      (l) => isHeader(l) || (file === 'did_inventory.csv' ? dids.has(firstCell(l)) : keep.has(firstCell(l))),
    );
    writeFileSync(join(dir, file), `${kept.join('\n')}\n`);
  }
  return dir;
}

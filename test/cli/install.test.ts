import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

/**
 * `npm link` from the clone, as the README's install says, into a throw-away prefix (never the
 * machine's global one), then the installed `sonar-migrate` is run from a folder outside the repo.
 * Needs dist/: `npm run build` first.
 */
let prefix: string;
let bin: string;
beforeAll(() => {
  prefix = makeTempDir('sonar-migrate-prefix-');
  execFileSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], {
    cwd: repoRoot,
    env: { ...process.env, npm_config_prefix: prefix },
    stdio: 'pipe',
  });
  bin = process.platform === 'win32' ? prefix : join(prefix, 'bin');
}, 60_000);

function runInstalled(args: string[], cwd: string) {
  const r = spawnSync('sonar-migrate', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('installing with npm link', () => {
  it('puts a sonar-migrate command on PATH that runs the clone', () => {
    expect(existsSync(join(bin, 'sonar-migrate'))).toBe(true);
    expect(realpathSync(join(prefix, 'lib', 'node_modules', 'sonar-migrate'))).toBe(realpathSync(repoRoot));
  });

  it('validates a migration folder outside the repo, writing its reports there', () => {
    const dir = makeTempDir('sonar-migrate-outside-');
    cpSync(join(repoRoot, 'samples', 'dirty'), dir, { recursive: true });
    const r = runInstalled(['validate', '--config', 'migration.json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Validation of migration.json (profile sonar-importer)');
    expect(existsSync(join(dir, 'reports', 'accounts.rejected.csv'))).toBe(true);
  });

  it('prints its version from anywhere', () => {
    const r = runInstalled(['--version'], makeTempDir());
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(r.out.trim()).toBe(pkg.version);
  });
});

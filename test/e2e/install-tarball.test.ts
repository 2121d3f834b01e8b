import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

// The packed tarball, as `npm install -g ./sonar-migrate-<version>.tgz` would install it: only
// what package.json's "files" lists (plus package.json and the README) is in it, so a folder the
// CLI reads at run time and "files" forgets fails here. The package is unpacked into a temporary
// folder and given the repo's node_modules through a symlink: a real `npm install -g` of the
// tarball compiles better-sqlite3 from source where no prebuilt binary can be fetched (~4 minutes,
// too slow for CI; the README says so). The command is put on PATH as npm would (a link to
// bin/sonar-migrate.js) and run from a migration folder outside the repo.
// Needs dist/ (`npm run build`): the pack runs without scripts, so it packs the dist/ there is.

let packageDir: string;
let bin: string;
let packed: string[];

beforeAll(() => {
  const out = makeTempDir('sonar-migrate-pack-');
  const [info] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error('npm pack wrote no tarball');
  packed = info.files.map((f) => f.path);
  const unpacked = makeTempDir('sonar-migrate-unpacked-');
  execFileSync('tar', ['-xzf', join(out, info.filename), '-C', unpacked]);
  packageDir = join(unpacked, 'package');
  symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(packageDir, 'node_modules'), 'dir');
  bin = makeTempDir('sonar-migrate-bin-');
  symlinkSync(join(packageDir, 'bin', 'sonar-migrate.js'), join(bin, 'sonar-migrate'));
}, 120_000);

function runInstalled(args: string[], cwd: string) {
  const r = spawnSync('sonar-migrate', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('installing the packed tarball', () => {
  it('packs the CLI, its profiles, templates and samples, and none of the sources or tests', () => {
    expect(packed).toContain('bin/sonar-migrate.js');
    expect(packed).toContain('dist/cli/main.js');
    expect(packed).toContain('profiles/freeside.yaml');
    expect(packed).toContain('templates/accounts.csv');
    expect(packed).toContain('samples/sonar-importer/accounts.csv');
    expect(packed.filter((p) => /^(src|test|scripts)\//.test(p))).toEqual([]);
    // The unpacked package holds exactly what npm listed.
    expect(existsSync(join(packageDir, 'dist', 'cli', 'main.js'))).toBe(true);
    expect(relative(packageDir, realpathSync(join(bin, 'sonar-migrate')))).toBe(
      join('bin', 'sonar-migrate.js'),
    );
  });

  it('prints its help from a folder outside the repo', () => {
    const r = runInstalled(['--help'], makeTempDir());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: sonar-migrate /);
    for (const verb of [
      'validate',
      'plan',
      'load',
      'status',
      'report',
      'rollback',
      'profiles',
      'templates',
      'demo',
    ])
      expect(r.out).toContain(`  ${verb}`);
  });

  it('validates the dirty samples from a migration folder outside the repo, writing its reports there', () => {
    const dir = makeTempDir('sonar-migrate-outside-');
    cpSync(join(repoRoot, 'samples', 'dirty'), dir, { recursive: true });
    const r = runInstalled(['validate', '--config', 'migration.json'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    expect(r.out).toContain('Validation of migration.json (profile sonar-importer)');
    expect(
      readdirSync(join(dir, 'reports'))
        .filter((f) => f.endsWith('.rejected.csv'))
        .sort(),
    ).toEqual([
      'accounts.rejected.csv',
      'contacts.rejected.csv',
      'credit_cards.rejected.csv',
      'next_bill_dates.rejected.csv',
    ]);
  });

  it('reads a built-in mapping profile shipped in profiles/ (freeside)', () => {
    const dir = makeTempDir('sonar-migrate-outside-freeside-');
    cpSync(join(repoRoot, 'test', 'fixtures', 'profiles', 'freeside'), dir, { recursive: true });
    const r = runInstalled(['validate', '--config', 'migration.json'], dir);
    expect(r.err).toBe('');
    expect(r.out).toContain('Validation of migration.json (profile freeside)');
    expect(r.code).toBe(1);
  });

  it('runs the demo on the samples it ships', () => {
    const r = runInstalled(['demo'], makeTempDir('sonar-migrate-outside-demo-'));
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/ENOENT|Cannot find/);
  });

  it('writes the import templates, and lists the profiles, from the installed package', () => {
    const dir = makeTempDir('sonar-migrate-outside-templates-');
    const profiles = runInstalled(['profiles'], dir);
    expect(profiles.code).toBe(0);
    expect(profiles.out).toContain('freeside');
    mkdirSync(join(dir, 'out'));
    const templates = runInstalled(['templates', '--out', 'out'], dir);
    expect(templates.err).toBe('');
    expect(templates.code).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toContain('accounts.csv');
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { name: string };
    expect(pkg.name).toBe('sonar-migrate');
  });
});

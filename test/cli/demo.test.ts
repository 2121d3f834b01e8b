import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The clone's status where the demo could write by mistake: the samples it copies (a journal or
 * reports beside them), and the git-ignored folders of a demo or load run in the clone's root.
 * `--ignored` because *.db and reports/ are ignored, so plain `git status` would not see them; the
 * paths are scoped because engineers edit the rest of the tree while the test runs.
 */
function gitStatus(): string {
  const paths = ['samples', '.demo', 'reports', 'tmp', 'state.db'];
  return execFileSync(
    'git',
    ['status', '--porcelain', '--ignored', '--untracked-files=all', '--', ...paths],
    { cwd: repoRoot, encoding: 'utf8' },
  );
}

/** The "total" lines of the demo's closing summary, one per sample set, as column → number. */
function summaryTotals(out: string): Array<Record<string, number>> {
  const summary = out.slice(out.indexOf('=== Demo summary ==='));
  const lines = summary.split('\n');
  const totals: Array<Record<string, number>> = [];
  let header: string[] = [];
  for (const line of lines) {
    const cells = line.trim().split(/\s+/);
    if (cells[0] === 'step') header = cells;
    if (cells[0] === 'total') {
      totals.push(
        Object.fromEntries(header.slice(1).map((h, i) => [h, Number(cells[i + 1]?.replace(/,/g, ''))])),
      );
    }
  }
  return totals;
}

describe('sonar-migrate demo', () => {
  it('runs validate, plan, load and report on the samples, prints loaded counts, and leaves the clone clean', async () => {
    const cwd = makeTempDir('sonar-migrate-demo-');
    const before = gitStatus();
    const io = captureIo({ cwd, env: {} });

    const code = await runCommand(['demo'], io);

    expect(io.err()).not.toMatch(/error [A-Z_]+:/);
    expect(code).toBe(0);
    const out = io.out();
    for (const command of ['validate', 'plan', 'load', 'report']) {
      expect(out).toContain(`--- ${command} exited 0`);
    }
    const totals = summaryTotals(out);
    // Every one of the sample's 1,230 records (the count `validate` reads) loaded, in both total rows.
    const all = { staged: 1230, loaded: 1230, rejected: 0, skipped: 0, failed: 0 };
    expect(totals).toEqual([all, all]);
    expect(out).toContain('Reports in .demo/sonar-importer/reports');
    expect(existsSync(join(cwd, '.demo', 'sonar-importer', 'reports', 'summary.html'))).toBe(true);
    expect(out).toContain('Demo finished: every command exited 0. The simulator is stopped.');
    expect(gitStatus()).toBe(before);
  }, 240_000);

  it('refuses to empty a --dir folder it did not make, and leaves that folder alone', async () => {
    const cwd = makeTempDir('sonar-migrate-demo-');
    writeFileSync(join(cwd, 'keep.txt'), 'mine');
    const io = captureIo({ cwd });

    const code = await runCommand(['demo', '--dir', '.'], io);

    expect(code).toBe(2);
    expect(io.err()).toMatch(/^error CONFIG_USAGE: --dir .*was not made by the demo.*pick another --dir/);
    expect(readFileSync(join(cwd, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('names the known sample sets when --sets names one that does not exist', async () => {
    const cwd = makeTempDir('sonar-migrate-demo-');
    const io = captureIo({ cwd });

    const code = await runCommand(['demo', '--sets', 'nope'], io);

    expect(code).toBe(2);
    expect(io.err()).toMatch(/^error CONFIG_USAGE: --sets nope: "nope" is not a sample set .*sonar-importer/);
    expect(existsSync(join(cwd, '.demo'))).toBe(false);
  });
});

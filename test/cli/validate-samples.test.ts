import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

const samples = resolve(import.meta.dirname, '../../samples');

interface Planted {
  id: string;
  file: string;
  line: number;
  problem: string;
  expected: string;
}

/** The planted problems table of samples/dirty/README.md. */
function plantedProblems(): Planted[] {
  const text = readFileSync(join(samples, 'dirty', 'README.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\|\s*\d+\s*\|/.test(line))
    .map((line) => {
      const [id, file, row, , problem, expected] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      return {
        id: id ?? '',
        file: file ?? '',
        line: Number(row),
        problem: problem ?? '',
        expected: expected ?? '',
      };
    });
}

/** The code a planted problem's description calls for (undefined: any rejection will do). */
function expectedCode(p: Planted): string | undefined {
  if (/duplicate/i.test(p.problem)) return 'MAP_DUPLICATE_KEY';
  if (/orphan|not in accounts/i.test(p.problem)) return 'MAP_ACCOUNT_NOT_IN_INPUT';
  if (/raw card number/i.test(p.problem)) return 'MAP_RAW_CARD_NUMBER';
  return undefined;
}

interface Rejection {
  file: string;
  row: number;
  code: string;
  message: string;
}

describe('validate on samples/dirty', () => {
  const reports = makeTempDir('sonar-migrate-dirty-');
  let code: number;
  let out = '';
  let err = '';
  let rejections: Rejection[] = [];
  beforeAll(async () => {
    const io = captureIo();
    code = await runCommand(
      ['validate', '--config', join(samples, 'dirty', 'migration.json'), '--reports', reports],
      io,
    );
    out = io.out();
    err = io.err();
    rejections = JSON.parse(readFileSync(join(reports, 'validation.json'), 'utf8')).rejections;
  });
  const planted = plantedProblems();

  it('lists planted problems in its README (the table this test reads)', () => {
    expect(planted.length).toBe(27);
    // The planted rows validate must reject (each gets a test below); the others are read or normalised.
    expect(planted.filter((x) => /^rejected/i.test(x.expected)).map((p) => p.id)).toEqual([
      '10',
      '15',
      '18',
      '27',
    ]);
  });

  it('exits 1: the sample has rejected rows', () => {
    expect(code).toBe(1);
  });

  for (const p of planted.filter((x) => /^rejected/i.test(x.expected))) {
    it(`rejects planted problem #${p.id}: ${p.file}:${p.line} ${p.problem}`, () => {
      const here = rejections.filter((r) => r.file === p.file && r.row === p.line);
      // One planted problem, one rejection of its row (plus, for a refused next bill date, its
      // check against the bill day, made in the same pass: an "also, …" rejection; and the
      // MAP_NOT_CHECKED line naming the checks the refusal kept from running).
      const problems = here.filter((r) => !r.message.includes(': also, ') && r.code !== 'MAP_NOT_CHECKED');
      expect(problems).toHaveLength(1);
      const wanted = expectedCode(p);
      if (wanted) expect(here.map((r) => r.code)).toContain(wanted);
    });
  }

  it('rejects nothing but the planted problems', () => {
    const plantedRows = new Set(
      planted.filter((p) => /^rejected/i.test(p.expected)).map((p) => `${p.file}:${p.line}`),
    );
    const others = rejections.filter((r) => !plantedRows.has(`${r.file}:${r.row}`));
    expect(others).toEqual([]);
  });

  it('never shows more than the last 4 digits of the planted card number, anywhere', () => {
    const pans = [
      ...readFileSync(join(samples, 'dirty', 'credit_cards.csv'), 'latin1').matchAll(/\b\d{13,19}\b/g),
    ].map((m) => m[0]);
    // The one planted card number (a Visa test PAN) on its own row of the dirty sample.
    expect(pans).toEqual(['4111111111111111']);
    const written = readdirSync(reports).map((f) => readFileSync(join(reports, f), 'utf8'));
    for (const pan of pans) {
      for (const text of [out, err, ...written]) expect(text).not.toContain(pan);
    }
    expect(written.join('\n')).toContain('ending 1111');
  });
});

describe('validate on the clean samples', () => {
  for (const sample of ['sonar-importer', 'legacy-billing']) {
    it(`finds nothing wrong in samples/${sample} and exits 0`, async () => {
      const reports = makeTempDir('sonar-migrate-clean-');
      const io = captureIo();
      const code = await runCommand(
        ['validate', '--config', join(samples, sample, 'migration.json'), '--reports', reports],
        io,
      );
      const report = JSON.parse(readFileSync(join(reports, 'validation.json'), 'utf8'));
      expect(report.rejections).toEqual([]);
      const read = sample === 'sonar-importer' ? 1230 : 1915;
      expect(report.totals).toEqual({ read, valid: read, rejected: 0, problems: 0 });
      expect(code).toBe(0);
    });
  }
});

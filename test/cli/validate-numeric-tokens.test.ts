import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

/** A migration whose processor's card tokens are bare numbers that pass the Luhn check. */
function numericTokenMigration(extra: Record<string, unknown> = {}): string {
  const dir = makeTempDir();
  writeFileSync(
    join(dir, 'mapping.yaml'),
    [
      'inputs:',
      '  credit_cards:',
      '    account_key: Acct',
      '    fields:',
      '      token: Token',
      '      identifier: Last4',
      '      name_on_account: Name',
      '      card_type: { value: visa }',
      '      expiration_year: { value: 2030 }',
      '      expiration_month: { value: 1 }',
      '      auto: { value: true }',
      '      line1: { value: 1 Main St }',
      '      city: { value: Austin }',
      '      state: { value: TX }',
      '      zip: { value: "78701" }',
      '      country: { value: US }',
      '',
    ].join('\n'),
  );
  // 74613281830084 passes Luhn; the Name cell of row 3 holds a real card number.
  writeFileSync(
    join(dir, 'cards.csv'),
    'Acct,Token,Last4,Name\n1,74613281830084,0084,Ann\n2,74613281830084,0084,Bo 4111 1111 1111 1111\n',
  );
  writeFileSync(
    join(dir, 'migration.json'),
    JSON.stringify({ profile: 'mapping.yaml', inputs: { credit_cards: 'cards.csv' }, ...extra }),
  );
  return dir;
}

async function rejectionsOf(dir: string, args: string[] = []) {
  const io = captureIo({ cwd: dir });
  const code = await runCommand(['validate', '--config', 'migration.json', ...args], io);
  const report = JSON.parse(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8')) as {
    rejections: Array<{ code: string; row: number; column: string }>;
  };
  return { code, rejections: report.rejections.map((r) => [r.code, r.row, r.column]) };
}

describe('validate --allow-numeric-tokens', () => {
  it('without it, a bare Luhn-valid token is refused as a card number', async () => {
    const { rejections } = await rejectionsOf(numericTokenMigration());
    expect(rejections).toEqual([
      ['MAP_RAW_CARD_NUMBER', 2, 'Token'],
      ['MAP_RAW_CARD_NUMBER', 3, 'Token'],
      ['MAP_RAW_CARD_NUMBER', 3, 'Name'],
      // Refused rows say, in the same pass, which cross-file checks could not run on them.
      ['MAP_NOT_CHECKED', 2, null],
      ['MAP_NOT_CHECKED', 3, null],
    ]);
  });

  it('with the switch or the config key, the token column is accepted and free text still scanned', async () => {
    for (const [dir, args] of [
      [numericTokenMigration(), ['--allow-numeric-tokens']],
      [numericTokenMigration({ allowNumericTokens: true }), []],
    ] as const) {
      const { code, rejections } = await rejectionsOf(dir, [...args]);
      expect(rejections).toEqual([
        ['MAP_RAW_CARD_NUMBER', 3, 'Name'],
        ['MAP_NOT_CHECKED', 3, null],
      ]);
      expect(code).toBe(1);
    }
  });
});

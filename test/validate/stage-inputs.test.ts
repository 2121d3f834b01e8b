import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import type { StepName } from '../../src/ground/types.js';
import type { InputMapper, Profile } from '../../src/mappers/types.js';
import type { SourceRow } from '../../src/sources/index.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { csvFilesConfig } from '../helpers/csv-config.js';
import { makeStaged, validKeys } from '../store/staged-fixtures.js';

/** A mapper keyed by column A that rejects a row whose column B is "bad". */
function fakeMapper(step: StepName): InputMapper {
  return {
    header: 'required',
    mapRow(row: SourceRow) {
      const source = {
        input: step,
        provenance: { file: row.file, row: row.row },
        values: row.values,
        columns: row.columns,
      };
      if (row.values[1] === 'bad') {
        return {
          records: [],
          rejections: [{ code: 'MAP_INVALID_VALUE', message: `${row.file}:${row.row}: bad`, source }],
        };
      }
      const legacyKey = row.values[0] ?? '';
      return {
        records: [
          { step, legacyKey, accountKey: legacyKey, payload: { name: row.values[1] }, refs: [], source },
        ],
        rejections: [],
      };
    },
  };
}

const profile: Profile = {
  name: 'fake',
  description: 'test profile',
  inputs: { accounts: fakeMapper('accounts'), contacts: fakeMapper('contacts') },
};

describe('stageInputs', () => {
  it('stages records and rejections of every input in step order and counts rows read', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({
      contacts: 'Key,Name\n1,Ann\n',
      accounts: 'ID,Name\n1,Acme\n2,bad\n3,Bolt\n',
    });
    const result = await stageInputs(config, profile, staged);
    expect(result.inputs.map((i) => [i.input, i.read])).toEqual([
      ['accounts', 3],
      ['contacts', 1],
    ]);
    expect(validKeys(staged, 'accounts')).toEqual(['1', '3']);
    expect([...staged.rejections()].map((r) => [r.code, r.source.provenance.row])).toEqual([
      ['MAP_INVALID_VALUE', 3],
    ]);
  });

  it('rejects a row holding a raw card number in any cell, naming the column and showing only the last 4 digits', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({
      accounts: 'ID,Name,Notes\n1,Acme,ok\n2,Bolt,card 4111 1111 1111 1111 on file\n',
    });
    await stageInputs(config, profile, staged);
    const [rejection, ...rest] = [...staged.rejections()];
    expect(rest).toEqual([]);
    expect(rejection?.code).toBe('MAP_RAW_CARD_NUMBER');
    expect(rejection?.source.provenance).toEqual(
      expect.objectContaining({ row: 3, column: 'Notes', legacyKey: '2' }),
    );
    expect(rejection?.message).toContain('accounts.csv:3 column "Notes"');
    expect(rejection?.message).toContain('ending 1111');
    expect(JSON.stringify(rejection)).not.toMatch(/4111 1111 1111|411111111111/);
    expect(rejection?.source.values[2]).toBe('card [card number ending 1111] on file');
    expect(validKeys(staged, 'accounts')).toEqual(['1']);
  });

  it('leaves long numbers that fail the Luhn check, and decimals, alone', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({
      accounts: 'ID,Name,Ref,Lat\n1,Acme,4111111111111112,44.4111111111111111\n',
    });
    await stageInputs(config, profile, staged);
    expect([...staged.rejections()]).toEqual([]);
  });

  it('reports an input that cannot be read and still stages the others', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({ accounts: 'ID,Name\n1,Acme\n2,"Bolt\n', contacts: 'Key,Name\n1,Ann\n' });
    const result = await stageInputs(config, profile, staged);
    expect(result.sourceErrors.map((e) => e.code)).toEqual(['SOURCE_CSV_MALFORMED']);
    expect(result.inputs[0]?.error?.code).toBe('SOURCE_CSV_MALFORMED');
    expect(validKeys(staged, 'contacts')).toEqual(['1']);
  });

  it('throws a ConfigError before staging anything when an input file is missing', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({ accounts: 'ID,Name\n1,Acme\n' });
    await stageInputs(config, profile, staged);
    config.inputs.contacts = {
      name: 'contacts',
      path: '/nowhere/contacts.csv',
      displayName: 'contacts.csv',
      format: 'csv',
    };
    const error = await stageInputs(config, profile, staged).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toEqual(expect.objectContaining({ code: 'CONFIG_FILE_MISSING', exitCode: 2 }));
    expect(validKeys(staged, 'accounts')).toEqual(['1']);
  });

  it('throws a ConfigError when the profile cannot read a configured input', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({ accounts: 'ID,Name\n1,Acme\n', dids: 'A,B\n' });
    const error = await stageInputs(config, profile, staged).catch((e: unknown) => e);
    expect(error).toEqual(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect((error as Error).message).toContain('inputs.dids');
  });

  it('writes in batches and reports progress per batch and at the end of each input', async () => {
    const { staged } = makeStaged();
    const rows = Array.from({ length: 5 }, (_, i) => `${i + 1},N${i}`).join('\n');
    const config = csvFilesConfig({ accounts: `ID,Name\n${rows}\n` });
    const seen: Array<[string, number]> = [];
    await stageInputs(config, profile, staged, {
      batchRows: 2,
      onProgress: (input, n) => seen.push([input, n]),
    });
    expect(seen).toEqual([
      ['accounts', 2],
      ['accounts', 4],
      ['accounts', 5],
    ]);
    expect(validKeys(staged, 'accounts')).toHaveLength(5);
  });

  it('stops after the current batch when the signal is aborted', async () => {
    const { staged } = makeStaged();
    const rows = Array.from({ length: 6 }, (_, i) => `${i + 1},N${i}`).join('\n');
    const config = csvFilesConfig({ accounts: `ID,Name\n${rows}\n`, contacts: 'Key,Name\n1,Ann\n' });
    const abort = new AbortController();
    const result = await stageInputs(config, profile, staged, {
      batchRows: 2,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect(result.interrupted).toBe(true);
    expect(result.inputs.map((i) => i.input)).toEqual(['accounts']);
    expect(validKeys(staged, 'accounts')).toEqual(['1', '2']);
  });
});

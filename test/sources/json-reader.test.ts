import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors/index.js';
import { type RawRow, readRawRows } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes JSON files into a temp dir; the first is the input, the rest its further files. */
function jsonSpec(...files: Array<[string, string]>) {
  const dir = makeTempDir('sonar-migrate-json-');
  for (const [name, text] of files) writeFileSync(join(dir, name), text);
  const [first, ...rest] = files.map(([name]) => ({ path: join(dir, name), displayName: name }));
  return {
    ...(first as { path: string; displayName: string }),
    ...(rest.length > 0 ? { moreFiles: rest } : {}),
  };
}

async function rowsOf(spec: ReturnType<typeof jsonSpec>): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRawRows(spec)) rows.push(row);
  return rows;
}

describe('the JSON source', () => {
  it('reads an array of objects as a header of every field then one row per record, numbered from 1', async () => {
    const rows = await rowsOf(
      jsonSpec([
        'customers.json',
        JSON.stringify([
          { id: 1, name: 'Ray', labels: [], gps: null, active: true },
          { id: 2, name: 'Upp', zip_code: '54911', deposit: 7412.5 },
        ]),
      ]),
    );
    expect(rows).toEqual([
      {
        file: 'customers.json',
        row: 0,
        values: ['id', 'name', 'labels', 'gps', 'active', 'zip_code', 'deposit'],
      },
      { file: 'customers.json', row: 1, values: ['1', 'Ray', '', '', 'true', '', ''] },
      { file: 'customers.json', row: 2, values: ['2', 'Upp', '', '', '', '54911', '7412.5'] },
    ]);
  });

  it('writes a list of plain values as one "a, b" cell, and a list of objects as JSON (UCRM ipRanges, contact types)', async () => {
    const rows = await rowsOf(
      jsonSpec([
        'services.json',
        JSON.stringify([
          { id: 11, ipRanges: ['10.1.8.0/29', '10.1.9.1'], types: [{ id: 1, name: 'Billing' }] },
          { id: 12, ipRanges: [], types: [] },
        ]),
      ]),
    );
    expect(rows.map((r) => r.values)).toEqual([
      ['id', 'ipRanges', 'types'],
      ['11', '10.1.8.0/29, 10.1.9.1', '[{"id":1,"name":"Billing"}]'],
      ['12', '', ''],
    ]);
  });

  it("finds the one list inside an API answer's envelope (WHMCS GetClients)", async () => {
    const answer = {
      result: 'success',
      totalresults: 1,
      clients: { client: [{ id: 7, firstname: 'Maria' }] },
    };
    const rows = await rowsOf(jsonSpec(['clients.json', JSON.stringify(answer)]));
    expect(rows.map((r) => r.values)).toEqual([
      ['id', 'firstname'],
      ['7', 'Maria'],
    ]);
  });

  it('reads several files as one input, each row naming its own file and position', async () => {
    const rows = await rowsOf(
      jsonSpec(
        ['internet.json', JSON.stringify([{ id: 28, type: 'internet', ipv4: '10.0.0.1' }])],
        ['voice.json', JSON.stringify([{ id: 28, type: 'voice', phone: '9205550100' }])],
      ),
    );
    expect(rows).toEqual([
      { file: 'internet.json', row: 0, values: ['id', 'type', 'ipv4', 'phone'] },
      { file: 'internet.json', row: 1, values: ['28', 'internet', '10.0.0.1', ''] },
      { file: 'voice.json', row: 1, values: ['28', 'voice', '', '9205550100'] },
    ]);
  });

  it('refuses a file that is not JSON, or holds no single list of records, with SOURCE_UNREADABLE', async () => {
    const bad = await rowsOf(jsonSpec(['a.json', '[{"id": 1},'])).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SourceError);
    expect((bad as SourceError).code).toBe('SOURCE_UNREADABLE');
    expect((bad as SourceError).message).toMatch(/^a\.json: cannot read it as JSON \(/);
    const two = await rowsOf(jsonSpec(['b.json', '{"a":[{"id":1}],"b":[{"id":2}]}'])).catch(
      (e: unknown) => e,
    );
    expect((two as SourceError).code).toBe('SOURCE_UNREADABLE');
    expect((two as SourceError).message).toBe(
      "b.json: not a list of records — expected an array of objects (or one such array inside the API's answer), found 2 arrays. Save one API list per file.",
    );
  });
});

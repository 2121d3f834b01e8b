import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors/index.js';
import { type InputSpec, type RawRow, readRawRows } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

// records_in (InputSpec.recordsIn): the records are the items of every list of that name, each
// carrying its answer's plain fields; and a file may hold several answers one after the other.

/** A WHMCS GetPayMethods answer, shaped as developers.whmcs.com/api-reference/getpaymethods shows. */
const answer = (clientid: string, ...ids: number[]) => ({
  result: 'success',
  clientid,
  paymethods: ids.map((id) => ({ id, type: 'RemoteCreditCard', card_last_four: '4242' })),
});

function spec(text: string, recordsIn?: string): InputSpec {
  const path = join(makeTempDir('sonar-migrate-json-'), 'paymethods.json');
  writeFileSync(path, text);
  return { path, displayName: 'paymethods.json', ...(recordsIn ? { recordsIn } : {}) };
}

async function rowsOf(input: InputSpec): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRawRows(input)) rows.push(row);
  return rows;
}

const twoClients = [
  { file: 'paymethods.json', row: 0, values: ['result', 'clientid', 'id', 'type', 'card_last_four'] },
  { file: 'paymethods.json', row: 1, values: ['success', '1', '11', 'RemoteCreditCard', '4242'] },
  { file: 'paymethods.json', row: 2, values: ['success', '1', '12', 'RemoteCreditCard', '4242'] },
  { file: 'paymethods.json', row: 3, values: ['success', '2', '21', 'RemoteCreditCard', '4242'] },
];

describe('the JSON source with records_in', () => {
  it('reads one answer: each pay method with its answer clientid first', async () => {
    const rows = await rowsOf(spec(JSON.stringify(answer('1', 11, 12)), 'paymethods'));
    expect(rows).toEqual(twoClients.slice(0, 3));
  });

  it('reads an array of answers, an object of answers keyed by client id, and answers one after the other', async () => {
    const answers = [answer('1', 11, 12), answer('2', 21)];
    const forms = [
      JSON.stringify(answers),
      JSON.stringify({ 1: answers[0], 2: answers[1] }),
      // A curl loop appending each answer (WHMCS escapes "/" as "\/"), with or without newlines.
      `${answers.map((a) => JSON.stringify(a)).join('\n')}\n`,
      answers.map((a) => JSON.stringify(a, null, 2)).join(''),
    ];
    for (const text of forms)
      expect(await rowsOf(spec(text, 'paymethods')), text.slice(0, 30)).toEqual(twoClients);
  });

  it("keeps a record's own field over its answer's, and reads an answer with no pay methods as none", async () => {
    const own = { result: 'success', clientid: '1', paymethods: [{ id: 5, clientid: '9' }] };
    const text = `${JSON.stringify(own)}${JSON.stringify(answer('2'))}`;
    expect(await rowsOf(spec(text, 'paymethods'))).toEqual([
      { file: 'paymethods.json', row: 0, values: ['result', 'clientid', 'id'] },
      { file: 'paymethods.json', row: 1, values: ['success', '9', '5'] },
    ]);
  });

  it('refuses an error answer, naming it, and a file with no such list', async () => {
    const failed = { result: 'error', message: 'Client Not Found' };
    const text = `${JSON.stringify(answer('1', 11))}\n${JSON.stringify(failed)}\n`;
    const error = await rowsOf(spec(text, 'paymethods')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe('SOURCE_UNREADABLE');
    expect((error as SourceError).message).toBe(
      'paymethods.json: answer 2 is an error ("Client Not Found"), not a list of "paymethods" — fix the call (credentials, client id) and save the answers again, or take that answer out.',
    );
    const none = await rowsOf(spec('[{"id":1}]', 'paymethods')).catch((e: unknown) => e);
    expect((none as SourceError).message).toBe(
      `paymethods.json: no "paymethods" list in it — expected the API's answers, each holding a "paymethods" list (one answer, an array of them, or one after the other). Save the answers unchanged.`,
    );
  });

  it('reads lists written one after the other without records_in, and names the line of a broken one', async () => {
    const text = '[{"id":1}]\n[{"id":2}]\n';
    expect((await rowsOf(spec(text))).map((r) => r.values)).toEqual([['id'], ['1'], ['2']]);
    const broken = await rowsOf(spec('[{"id":1}]\n[{"id":2},\n')).catch((e: unknown) => e);
    expect((broken as SourceError).code).toBe('SOURCE_UNREADABLE');
    expect((broken as SourceError).message).toMatch(/^paymethods\.json: cannot read it as JSON \(/);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors/index.js';
import { type KazooEntry, readKazooNumbers } from '../../src/kazoo/read-export.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes `data` as a saved export in a fresh temp dir and reads its numbers. */
async function readSaved(data: unknown): Promise<KazooEntry[]> {
  const dir = makeTempDir('sonar-migrate-kazoo-');
  const path = join(dir, 'numbers.json');
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  const out: KazooEntry[] = [];
  for await (const entry of readKazooNumbers({ kind: 'file', path, displayName: 'numbers.json' }, 50)) {
    out.push(entry);
  }
  return out;
}

async function readError(data: unknown): Promise<SourceError> {
  try {
    await readSaved(data);
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

const doc = { assigned_to: 'a1', state: 'in_service', features: {}, created: 63602230185 };

describe('reading the shapes a saved phone_numbers export comes in', () => {
  it('reads the bare data object, with the misspelt casquade_quantity of older docs', async () => {
    const entries = await readSaved({ casquade_quantity: 0, numbers: { '+14155555555': doc } });
    expect(entries.map((e) => [e.key, e.path, e.index])).toEqual([
      ['+14155555555', 'numbers["+14155555555"]', 1],
    ]);
  });

  it('reads an array of saved pages, numbering rows across them', async () => {
    const entries = await readSaved([
      { data: { numbers: { '+14155555555': doc } }, next_start_key: '+14158865100' },
      { data: { numbers: { '+14158865100': { ...doc, features: ['local'] } } } },
    ]);
    expect(entries.map((e) => [e.key, e.path, e.index])).toEqual([
      ['+14155555555', '[0].data.numbers["+14155555555"]', 1],
      ['+14158865100', '[1].data.numbers["+14158865100"]', 2],
    ]);
  });

  it('refuses a listing whose numbers are a list, not a map keyed by number', async () => {
    const error = await readError({ data: { numbers: ['+14155555555'] } });
    expect(error.code).toBe('SOURCE_KAZOO_INVALID');
    expect(error.provenance).toEqual({ file: 'numbers.json', column: 'data.numbers' });
    expect(error.message).toMatch(/^numbers\.json: not a phone_numbers listing .* at data\.numbers, /);
  });

  it('refuses a file that is not JSON', async () => {
    const error = await readError('{"data": ');
    expect(error.code).toBe('SOURCE_KAZOO_INVALID');
    expect(error.message).toMatch(/^numbers\.json: not valid JSON/);
  });

  it('does not echo the auth_token a saved export carries when its shape is wrong', async () => {
    const error = await readError({ auth_token: 'kz-secret-token-9876', data: { numbers: 'oops' } });
    expect(error.message).not.toContain('kz-secret-token-9876');
  });
});

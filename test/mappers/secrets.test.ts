import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sonarImporterProfile } from '../../src/mappers/profiles/sonar-importer.js';
import { makeTempDir } from '../helpers/io.js';
import { mapInput } from './map-input.js';

const token = 'tok_live_5f3a9c2e7b1d4aa8';

describe('secrets in mapped rows', () => {
  it('keeps the payment token in the payload but masks it in the staged copy of the row', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'credit_cards.csv');
    writeFileSync(path, `1001,cus_1,${token},1111,2030,7,1,visa,Jo Smith,1 Main St,Madison,WI,53703,US\n`);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'credit_cards', { path });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload.token).toBe(token);
    expect(JSON.stringify(records[0]?.source)).not.toContain(token);
    expect(records[0]?.source.values).toContain('…4aa8');
  });

  it('stores a row of a layout with no secret column with its cells as read, a token-like cell included', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'services.csv');
    const cells = ['1001', '12', token, '', '', '', '', ''];
    writeFileSync(path, `${cells.join(',')}\n`);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'services', { path });
    const source = records[0]?.source ?? rejections[0]?.source;
    expect(source?.values).toEqual(cells);
    expect(source?.provenance).toMatchObject({ file: 'services.csv', row: 1 });
  });

  it('never lets the token reach a rejection of the row, neither its message nor its copy of the row', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'credit_cards.csv');
    writeFileSync(path, `1001,cus_1,${token},1111,2030,13,1,visa,Jo Smith,1 Main St,Madison,WI,53703,US\n`);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'credit_cards', { path });
    expect(records).toEqual([]);
    expect(rejections.map((r) => r.code)).toEqual(['MAP_INVALID_VALUE']);
    expect(JSON.stringify(rejections)).not.toContain(token);
    expect(rejections[0]?.message).toContain('expiration_month');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.js';
import { stageRadiusGroups } from '../../src/validate/stage-radius.js';
import { csvFilesConfig } from '../helpers/csv-config.js';
import { makeStaged } from '../store/staged-fixtures.js';
import { replyCsv, settingsCsv } from './radius-fixtures.js';

async function stage(reply: string, settings?: string, crosswalks = {}) {
  const { staged } = makeStaged();
  const config = csvFilesConfig(
    settings === undefined
      ? { radius_groups: reply }
      : { radius_groups: reply, radius_group_settings: settings },
    crosswalks,
  );
  const result = await stageRadiusGroups(config, staged);
  return {
    result,
    records: [...staged.valid('radius_groups')],
    rejections: [...staged.rejections()],
  };
}

describe('stageRadiusGroups', () => {
  it('turns all reply rows of a group, however far apart, into one staged record with its settings', async () => {
    const { result, records, rejections } = await stage(replyCsv, settingsCsv);
    expect(rejections).toEqual([]);
    expect(result.inputs.map((i) => [i.file, i.read])).toEqual([
      ['radius_groups.csv', 4],
      ['radius_group_settings.csv', 2],
    ]);
    expect(records.map((r) => r.legacyKey)).toEqual(['Residential 25M', 'Business 100M']);
    expect(records[0]?.payload).toEqual({
      name: 'Residential 25M',
      priority: 10,
      delinquent: 3,
      active: 3,
      fall_through: true,
      account_types: [1],
      attributes: [
        { attribute: 'Mikrotik-Rate-Limit', operator: ':=', reply: '25M/5M' },
        { attribute: 'Acct-Interim-Interval', operator: '=', reply: '300' },
      ],
    });
    expect(records[0]?.source.provenance).toMatchObject({ file: 'radius_group_settings.csv', row: 2 });
  });

  it('keeps names in the settings as pending references, after a crosswalk of the same name', async () => {
    const settings = 'groupname,priority,services,account_statuses\nBusiness 100M,5,Fiber 100,OLD-ACTIVE\n';
    const reply = 'groupname,attribute,op,value\nBusiness 100M,Framed-Pool,=,biz\n';
    const { records, rejections } = await stage(reply, settings, {
      account_statuses: { 'OLD-ACTIVE': 'Active' },
    });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toMatchObject({ services: [null], account_statuses: [null] });
    expect(records[0]?.refs).toEqual([
      { path: 'services.0', lookup: 'services', name: 'Fiber 100' },
      { path: 'account_statuses.0', lookup: 'account_statuses', name: 'Active' },
    ]);
  });

  it('rejects an operator other than =, := or += and does not stage that group', async () => {
    const reply = `${replyCsv}5,Business 100M,Session-Timeout,==,3600\n`;
    const { records, rejections } = await stage(reply, settingsCsv);
    expect(records.map((r) => r.legacyKey)).toEqual(['Residential 25M']);
    expect(rejections.map((r) => [r.code, r.source.provenance])).toEqual([
      [
        'MAP_RADIUS_OPERATOR',
        { file: 'radius_groups.csv', row: 6, column: 'op', legacyKey: 'Business 100M' },
      ],
    ]);
    expect(rejections[0]?.message).toContain('radius_groups.csv:6 column "op" (legacy Business 100M)');
  });

  it('rejects a duplicated attribute within a group, naming the first row, and does not stage that group', async () => {
    const reply = `${replyCsv}5,residential 25m,mikrotik-rate-limit,:=,50M/10M\n`;
    const { records, rejections } = await stage(reply, settingsCsv);
    expect(records.map((r) => r.legacyKey)).toEqual(['Business 100M']);
    expect(rejections.map((r) => [r.code, r.source.provenance.row, r.source.provenance.column])).toEqual([
      ['MAP_RADIUS_DUPLICATE_ATTRIBUTE', 6, 'attribute'],
    ]);
    expect(rejections[0]?.message).toContain('(radius_groups.csv:2 (legacy Residential 25M))');
  });

  it('reports a settings row for a group with no reply rows, and reply rows with no settings row', async () => {
    const settings = `${settingsCsv}Gold 1G,30,,,,,,,\n`;
    const reply = `${replyCsv}5,Silver 500M,Mikrotik-Rate-Limit,:=,500M/500M\n`;
    const { records, rejections } = await stage(reply, settings);
    expect(records.map((r) => r.legacyKey)).toEqual(['Residential 25M', 'Business 100M']);
    expect(rejections.map((r) => [r.code, r.source.provenance.file, r.source.provenance.row])).toEqual([
      ['MAP_RADIUS_UNMATCHED', 'radius_group_settings.csv', 4],
      ['MAP_RADIUS_UNMATCHED', 'radius_groups.csv', 6],
    ]);
  });

  it('rejects a second settings row of a group and bad settings cells with their column', async () => {
    const settings = `${settingsCsv}Business 100M,21,,,,,,,\nResidential 25M,high,7,,,,,,\n`;
    const { rejections } = await stage(replyCsv, settings);
    expect(rejections.map((r) => [r.code, r.source.provenance.row, r.source.provenance.column])).toEqual([
      ['MAP_INVALID_VALUE', 5, 'priority'],
      ['MAP_INVALID_VALUE', 5, 'delinquent'],
      ['MAP_RADIUS_UNMATCHED', 4, 'groupname'],
    ]);
  });

  it('stops with CONFIG_FILE_MISSING when a RADIUS input file does not exist', async () => {
    const { staged } = makeStaged();
    const config = csvFilesConfig({ radius_groups: replyCsv });
    const missing = { ...config.inputs.radius_groups!, path: '/nonexistent/radgroupreply.csv' };
    const error = await stageRadiusGroups({ ...config, inputs: { radius_groups: missing } }, staged).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_FILE_MISSING');
  });
});

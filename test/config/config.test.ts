import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputNames, loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes files (name → content) into a fresh temp dir and returns the dir. */
function fixture(files: Record<string, string>): string {
  const dir = makeTempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

async function configError(path: string): Promise<ConfigError> {
  const error = await loadConfig(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('reads a YAML file, resolving paths against its folder and applying defaults', async () => {
    const dir = fixture({
      'cfg/migration.yaml': 'profile: sonar-importer\ninputs:\n  accounts: data/accounts.csv\n',
      'cfg/data/accounts.csv': 'id\n1\n',
    });
    const config = await loadConfig(join(dir, 'cfg/migration.yaml'));
    expect(config).toEqual({
      configPath: join(dir, 'cfg/migration.yaml'),
      profile: { kind: 'builtin', name: 'sonar-importer' },
      inputs: {
        accounts: {
          name: 'accounts',
          path: join(dir, 'cfg/data/accounts.csv'),
          displayName: 'data/accounts.csv',
          format: 'csv',
        },
      },
      state: join(dir, 'cfg/state.db'),
      reports: join(dir, 'cfg/reports'),
      concurrency: 8,
      quietPeriodSeconds: 120,
      crosswalks: {},
      prorate: false,
      allowPastNextBillDates: false,
      allowNumericTokens: false,
    });
  });

  it('reads a JSON file with input objects, crosswalks and a mapping-file profile', async () => {
    const dir = fixture({
      'migration.json': JSON.stringify({
        profile: './mapping.yaml',
        inputs: {
          accounts: { file: 'export.xlsx', sheet: 'Accounts' },
          contacts: { file: 'contacts.csv', encoding: 'windows-1252', delimiter: ';' },
          radius_groups: { file: 'groups.tsv', delimiter: '\\t' },
        },
        state: '/tmp/elsewhere/state.db',
        concurrency: 2,
        crosswalks: { account_types: { RES: 1, BUS: 'Business' } },
      }),
      'mapping.yaml': 'inputs: {}\n',
      'export.xlsx': 'x',
      'contacts.csv': 'x',
      'groups.tsv': 'x',
    });
    const config = await loadConfig(join(dir, 'migration.json'));
    expect(config.profile).toEqual({
      kind: 'file',
      path: join(dir, 'mapping.yaml'),
      displayName: './mapping.yaml',
    });
    expect(config.inputs.accounts).toMatchObject({
      format: 'xlsx',
      sheet: 'Accounts',
      displayName: 'export.xlsx',
    });
    expect(config.inputs.contacts).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(config.inputs.radius_groups?.delimiter).toBe('\t');
    expect(config.state).toBe('/tmp/elsewhere/state.db');
    expect(config.concurrency).toBe(2);
    expect(config.crosswalks).toEqual({ account_types: { RES: 1, BUS: 'Business' } });
  });

  it('lists every input name, including the RADIUS ones', () => {
    expect(inputNames).toContain('accounts');
    expect(inputNames).toContain('radius_group_settings');
    expect(inputNames).toHaveLength(13);
  });

  it('refuses a missing configuration file', async () => {
    const dir = makeTempDir();
    const error = await configError(join(dir, 'nope.yaml'));
    expect(error.code).toBe('CONFIG_FILE_MISSING');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/--config/);
  });

  it('reports bad YAML with its line', async () => {
    const dir = fixture({ 'm.yaml': 'inputs:\n  accounts: a.csv\n   contacts: [\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/m\.yaml:\d+: not valid YAML/);
  });

  it('reports bad JSON with its line', async () => {
    const dir = fixture({ 'm.json': '{\n  "inputs": {\n    "accounts": "a.csv",\n  }\n}\n' });
    const error = await configError(join(dir, 'm.json'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/m\.json:4: not valid JSON/);
  });

  it('refuses an unknown input with a suggestion and the known inputs', async () => {
    const dir = fixture({ 'migration.yaml': 'inputs:\n  acounts: a.csv\n' });
    const error = await configError(join(dir, 'migration.yaml'));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toContain(
      `${join(dir, 'migration.yaml')}:2: inputs.acounts is not a known input — did you mean "accounts"? Known inputs: accounts, contacts,`,
    );
  });

  it('refuses an unknown top-level key and an unknown key inside an input', async () => {
    const dir = fixture({ 'm.yaml': 'concurency: 4\ninputs:\n  accounts: { fiel: a.csv }\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(error.message).toMatch(/:1: concurency is not a known key — did you mean "concurrency"\?/);
    expect(error.message).toMatch(/:3: inputs\.accounts\.fiel is not a known key — did you mean "file"\?/);
  });

  it('refuses the Sonar target and credentials in the file without echoing the password', async () => {
    const dir = fixture({ 'm.yaml': 'sonar_url: https://isp.sonar.software\npassword: hunter2-secret\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.code).toBe('CONFIG_TARGET_IN_FILE');
    expect(error.message).toMatch(/m\.yaml:1: "sonar_url" does not belong .* environment or \.env/);
    expect(error.message).toMatch(/m\.yaml:2: "password"/);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses wrong types and out-of-range values, naming the key path', async () => {
    const dir = fixture({ 'm.yaml': 'concurrency: 100\nstate: 3\ninputs:\n  accounts: 7\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/m\.yaml:1: concurrency must be a whole number from 1 to 64/);
    expect(error.message).toMatch(/m\.yaml:2: state /);
    expect(error.message).toMatch(/m\.yaml:4: inputs\.accounts must be a file path or an object/);
  });

  it('refuses an unknown encoding', async () => {
    const dir = fixture({ 'm.yaml': 'inputs:\n  accounts: { file: a.csv, encoding: klingon-8 }\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.message).toMatch(/inputs\.accounts\.encoding is not an encoding/);
  });

  it('refuses input files that do not exist, all of them at once', async () => {
    const dir = fixture({ 'm.yaml': 'inputs:\n  accounts: a.csv\n  contacts: sub/c.csv\n' });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.code).toBe('CONFIG_FILE_MISSING');
    expect(error.message).toMatch(
      /:2: inputs\.accounts: the file "a\.csv" \(.*\) does not exist — fix the path/,
    );
    expect(error.message).toMatch(/:3: inputs\.contacts: the file "sub\/c\.csv"/);
  });

  it('refuses an unknown profile name with a suggestion, and a missing mapping file', async () => {
    const dir = fixture({ 'a.yaml': 'profile: sonar-importr\n', 'b.yaml': 'profile: maps/custom.yaml\n' });
    const unknown = await configError(join(dir, 'a.yaml'));
    expect(unknown.code).toBe('CONFIG_INVALID');
    expect(unknown.message).toMatch(
      /profile "sonar-importr" is not a built-in profile .* Did you mean "sonar-importer"\?/,
    );
    const missing = await configError(join(dir, 'b.yaml'));
    expect(missing.code).toBe('CONFIG_FILE_MISSING');
    expect(missing.message).toMatch(/mapping file "maps\/custom\.yaml"/);
  });

  it('refuses an old .xls workbook and a sheet on a CSV input', async () => {
    const dir = fixture({
      'm.yaml': 'inputs:\n  accounts: old.xls\n  contacts: { file: c.csv, sheet: Contacts }\n',
      'old.xls': 'x',
      'c.csv': 'x',
    });
    const error = await configError(join(dir, 'm.yaml'));
    expect(error.message).toMatch(/save it as \.xlsx or CSV/);
    expect(error.message).toMatch(/inputs\.contacts\.sheet applies only to \.xlsx/);
  });

  it('treats an empty file as all defaults', async () => {
    const dir = fixture({ 'm.yaml': '' });
    const config = await loadConfig(join(dir, 'm.yaml'));
    expect(config).toMatchObject({ inputs: {}, concurrency: 8, state: join(dir, 'state.db') });
    expect(config.profile).toBeUndefined();
  });
});

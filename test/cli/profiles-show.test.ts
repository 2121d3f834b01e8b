import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config/config.js';
import {
  builtinMappingProfiles,
  listBuiltinProfiles,
  outlineBuiltinProfile,
  resolveProfile,
} from '../../src/mappers/profiles/index.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

async function show(args: string[]) {
  const io = captureIo();
  const code = await runCommand(['profiles', 'show', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

/** The lines of one input's block in `profiles show`. */
function block(out: string, heading: string): string[] {
  const lines = out.split('\n');
  const start = lines.indexOf(heading);
  const end = lines.indexOf('', start);
  return lines.slice(start, end);
}

describe('sonar-migrate profiles show NAME', () => {
  it.each(listBuiltinProfiles().map((p) => p.name))(
    'prints a %s skeleton the config loader and the profile resolver accept, with header rows of exactly the columns it lists',
    async (name) => {
      const { code, out, err } = await show([name, '--skeleton']);
      expect([code, err]).toEqual([0, '']);
      const skeleton = JSON.parse(out) as { profile: string; inputs: Record<string, string> };
      expect(skeleton.profile).toBe(name);
      const dir = makeTempDir('sonar-migrate-profiles-show-');
      // One header row per file: the columns every input reading it names (none for positional forms).
      const outline = await outlineBuiltinProfile(name);
      const headers = new Map<string, Set<string>>();
      for (const input of outline.inputs) {
        const header = headers.get(input.file) ?? new Set<string>();
        if (/(columns|fields) by name/.test(input.form)) for (const c of input.columns) header.add(c.column);
        headers.set(input.file, header);
      }
      for (const lookup of outline.lookups) {
        const header = headers.get(lookup.file) ?? new Set<string>();
        for (const c of lookup.columns) header.add(c);
        headers.set(lookup.file, header);
      }
      for (const input of outline.inputs)
        for (const file of input.files)
          if (!headers.has(file)) headers.set(file, headers.get(input.file) ?? new Set());
      for (const [file, header] of headers) {
        // A JSON export: one record holding every field read; a CSV: the header row.
        const text = file.endsWith('.json')
          ? JSON.stringify([Object.fromEntries([...header].map((c) => [c, '']))])
          : `${[...header].join(',')}\n`;
        writeFileSync(join(dir, file), text);
      }
      writeFileSync(join(dir, 'migration.json'), out);
      const config = await loadConfig(join(dir, 'migration.json'));
      expect(config.profile).toEqual({ kind: 'builtin', name });
      // An input with a second form (WHMCS credit_cards from GetPayMethods) is listed twice.
      expect(Object.keys(config.inputs)).toEqual([...new Set(outline.inputs.map((i) => i.input))]);
      const profile = await resolveProfile(config);
      expect(profile.name).toBe(name);
    },
  );

  it('lists, for an input read by header, each column with the payload fields it fills', async () => {
    const { code, out } = await show(['splynx']);
    expect(code).toBe(0);
    expect(block(out, 'billing_parameters ← customer-billing.json')).toEqual([
      'billing_parameters ← customer-billing.json',
      "  form: JSON: the API's answer saved unchanged (fields by name, extra fields ignored)",
      '  columns (→ the Sonar fields each fills; none shown: the field of its name):',
      '    customer_id → (account key)',
      '    billing_date → bill_day',
    ]);
    expect(out).toContain(
      'Crosswalks to supply under "crosswalks" (legacy value → Sonar id, or Sonar name resolved at plan/load): account_types, statuses, locations, subdivisions, internet_plans, voice_plans, rate_centers.',
    );
    const skeleton = JSON.parse((await show(['splynx', '--skeleton'])).out) as {
      inputs: Record<string, unknown>;
    };
    expect(skeleton.inputs.services).toEqual(['internet-services.json', 'voice-services.json']);
  });

  it('lists the lookups a profile joins against, with the file and columns each needs', async () => {
    const outline = await outlineBuiltinProfile('uisp-crm');
    expect(outline.lookups).toEqual([
      {
        name: 'client_contacts',
        file: 'contacts.json',
        key: 'clientId',
        columns: ['clientId', 'id', 'email', 'phone'],
      },
    ]);
    expect(outline.skeleton.lookups).toEqual({ client_contacts: 'contacts.json' });
    const { out } = await show(['freeside']);
    expect(out).toContain(
      'Lookup "part_pkg" under "lookups" (rows joined by pkgpart): part_pkg.csv, columns pkgpart, freq.',
    );
    expect(out).toContain(
      'Lookup "cust_main_invoice" under "lookups" (rows joined by custnum): cust_main_invoice.csv, columns custnum, dest.',
    );
  });

  it('names the crosswalks each shipped profile declares, derived from its mapping file', async () => {
    for (const shipped of builtinMappingProfiles) {
      const outline = await outlineBuiltinProfile(shipped.name);
      const byInput = Object.values(shipped.inputCrosswalks ?? {}).flat();
      expect([...outline.crosswalks].sort(), shipped.name).toEqual(
        [...shipped.crosswalks, ...byInput].sort(),
      );
    }
  });

  it('shows the positional sonar-importer layout by letter and header, and the required template columns', async () => {
    const importer = await outlineBuiltinProfile('sonar-importer');
    expect(importer.crosswalks).toEqual([]);
    expect(importer.inputs.find((i) => i.input === 'dids')?.columns).toEqual([
      { column: 'A Account ID', fills: ['account_number'] },
      { column: 'B DID', fills: ['did'] },
      { column: 'C Service ID', fills: ['service_id'] },
    ]);
    const { out } = await show(['templates']);
    expect(out).toContain('    account_number (required)');
    expect(out).toContain('Crosswalks: none needed.');
  });

  it('refuses an unknown name with a coded error listing the built-in profiles, exit 2', async () => {
    const { code, out, err } = await show(['splinx']);
    expect([code, out]).toEqual([2, '']);
    expect(err).toBe(
      'error CONFIG_INVALID: "splinx" is not a built-in profile (sonar-importer, templates, splynx, uisp-crm, freeside, whmcs, splynx-import) — run sonar-migrate profiles show with one of these.\n',
    );
  });
});

import {
  listBuiltinProfiles,
  type OutlineInput,
  outlineBuiltinProfile,
  type ProfileOutline,
} from '../../mappers/profiles/index.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';

/**
 * `sonar-migrate profiles`: lists every built-in profile, one line each, and the inputs it reads;
 * `profiles show NAME`: one profile's files, forms, columns and crosswalks, and a migration.json.
 */
export const command: CliCommand = {
  name: 'profiles',
  register(program, io, done) {
    const profiles = program
      .command('profiles')
      .description('List the built-in mapping profiles and the inputs each one reads')
      .action(() => {
        done(runProfiles(io));
      });
    profiles
      .command('show')
      .description(
        'Show what one built-in profile reads (files, forms, columns, crosswalks) and a migration.json to start from',
      )
      .argument('<name>', 'a built-in profile name, as `sonar-migrate profiles` lists them')
      .option('--skeleton', 'print only the migration.json skeleton (to redirect into a file)')
      .action(async (name: string, flags: { skeleton?: boolean }) => {
        done(await runShow(name, flags, io));
      });
  },
};

function runProfiles(io: CliIo): 0 {
  const profiles = listBuiltinProfiles();
  const width = Math.max(...profiles.map((p) => p.name.length));
  const lines = ['Built-in profiles (set "profile" in the migration file):', ''];
  for (const p of profiles) {
    lines.push(`  ${p.name.padEnd(width)}  ${p.description}`);
    const inputs = p.inputs.map((i) => (i.reads ? `${i.input} ← ${i.reads}` : i.input));
    lines.push(`  ${' '.repeat(width)}  inputs: ${inputs.join(', ')}`);
  }
  lines.push(
    '',
    'sonar-migrate profiles show NAME: the files, columns and crosswalks a profile reads, and a migration.json to start from.',
    'Any other "profile" value is the path of your own mapping file: copy one from profiles/ to start',
    '(docs/profiles.md says what each expects and cannot map; docs/mapping-files.md, the format).',
    '',
  );
  io.stdout.write(lines.join('\n'));
  return 0;
}

async function runShow(name: string, flags: { skeleton?: boolean }, io: CliIo): Promise<0> {
  const outline = await outlineBuiltinProfile(name);
  const skeleton = `${JSON.stringify(outline.skeleton, null, 2)}\n`;
  if (flags.skeleton) {
    io.stdout.write(skeleton);
    return 0;
  }
  io.stdout.write([...describe(outline), skeleton].join('\n'));
  return 0;
}

function describe(outline: ProfileOutline): string[] {
  const lines = [`Profile "${outline.name}": ${outline.description}`];
  if (outline.definedIn) {
    lines.push(
      `Defined in ${outline.definedIn}: copy it next to your migration file and set "profile" to its path to read other columns.`,
    );
  }
  for (const input of outline.inputs) lines.push('', ...describeInput(input));
  lines.push('');
  if (outline.crosswalks.length === 0) lines.push('Crosswalks: none needed.');
  else {
    lines.push(
      `Crosswalks to supply under "crosswalks" (legacy value → Sonar id, or Sonar name resolved at plan/load): ${outline.crosswalks.join(', ')}.`,
      'A row whose value is not in its crosswalk is rejected, listing the known values.',
    );
  }
  for (const lookup of outline.lookups) {
    lines.push(
      `Lookup "${lookup.name}" under "lookups" (rows joined by ${lookup.key}): ${lookup.file}, columns ${lookup.columns.join(', ')}.`,
    );
  }
  lines.push(
    'DIDs from a Kazoo PBX: add a "kazoo" section (docs/kazoo.md); it works with any profile.',
    '',
    `migration.json to start from (sonar-migrate profiles show ${outline.name} --skeleton > migration.json; point each input at your file${outline.crosswalks.length > 0 ? ', fill the crosswalks' : ''}):`,
    '',
  );
  return lines;
}

function describeInput(input: OutlineInput): string[] {
  const lines = [
    `${input.input} ← ${input.file}`,
    `  form: ${input.form}`,
    '  columns (→ the Sonar fields each fills; none shown: the field of its name):',
  ];
  for (const c of input.columns) {
    const fills = c.fills.length === 1 && c.fills[0] === c.column ? '' : ` → ${c.fills.join(', ')}`;
    lines.push(`    ${c.column}${fills}${c.required ? ' (required)' : ''}`);
  }
  return lines;
}

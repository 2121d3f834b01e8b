import { listBuiltinProfiles } from '../../mappers/profiles/index.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';

/** `sonar-migrate profiles`: lists every built-in profile, one line each, and the inputs it reads. */
export const command: CliCommand = {
  name: 'profiles',
  register(program, io, done) {
    program
      .command('profiles')
      .description('List the built-in mapping profiles and the inputs each one reads')
      .action(() => {
        done(runProfiles(io));
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
    'Any other "profile" value is the path of your own mapping file: copy one from profiles/ to start',
    '(docs/profiles.md says what each expects and cannot map; docs/mapping-files.md, the format).',
    '',
  );
  io.stdout.write(lines.join('\n'));
  return 0;
}

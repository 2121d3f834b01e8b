import { resolve } from 'node:path';
import { writeTemplates } from '../../mappers/template-files.js';
import type { CliCommand } from '../command.js';
import type { CliIo } from '../io.js';

/** `sonar-migrate templates --out DIR`: writes the header-named templates (CSV per input + one XLSX). */
export const command: CliCommand = {
  name: 'templates',
  register(program, io, done) {
    program
      .command('templates')
      .description('Write our header-named input templates (one CSV per input and one XLSX workbook)')
      .requiredOption('--out <dir>', 'folder to write the templates into (created if missing)')
      .action(async (flags: { out: string }) => {
        done(await runTemplates(flags.out, io));
      });
  },
};

async function runTemplates(out: string, io: CliIo): Promise<0> {
  const dir = resolve(io.cwd, out);
  const files = await writeTemplates(dir);
  io.stdout.write(
    [
      `Wrote ${files.length} templates to ${dir}:`,
      ...files.map((f) => `  ${f}`),
      'Use them with "profile": "templates" in your migration file; each header has a note saying what it takes.',
      '',
    ].join('\n'),
  );
  return 0;
}

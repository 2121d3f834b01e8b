import type { Command } from 'commander';
import type { CliIo, ExitCode } from '../io.js';

/** One CLI verb: registers itself on the program; its action resolves to an exit code. */
export interface CliCommand {
  name: string;
  register(program: Command, io: CliIo, done: (code: ExitCode) => void): void;
}

/** Every command, in the order `--help` lists them. Add a command by adding its module here. */
export async function loadCommands(): Promise<CliCommand[]> {
  // The order of a migration: validate → plan → load → status/report → rollback, then the tools.
  const modules = await Promise.all([
    import('./validate.js'),
    import('./plan.js'),
    import('./load.js'),
    import('./status.js'),
    import('./report.js'),
    import('./rollback.js'),
    import('./templates.js'),
    import('./profiles.js'),
    import('./sim.js'),
    import('./demo.js'),
  ]);
  return modules.map((m) => m.command);
}

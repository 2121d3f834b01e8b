import type { CliCommand } from '../command.js';

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
    import('./verify.js'),
    import('./templates.js'),
    import('./profiles.js'),
    import('./sim.js'),
    import('./demo.js'),
  ]);
  return modules.map((m) => m.command);
}

import type { Command } from 'commander';
import type { CliIo, ExitCode } from './io.js';

/** Runs a whole command line in-process (main.ts's runCommand), for a command that runs others. */
export type RunCommand = (argv: string[], io: CliIo) => Promise<ExitCode>;

/** One CLI verb: registers itself on the program; its action resolves to an exit code. */
export interface CliCommand {
  name: string;
  register(program: Command, io: CliIo, done: (code: ExitCode) => void, run: RunCommand): void;
}

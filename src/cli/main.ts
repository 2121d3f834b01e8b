import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { environmentErrorOf, MigrateError } from '../errors/index.js';
import { redactSecrets } from '../sonar/redact.js';
import { loadCommands } from './commands/index.js';
import { limitHeapGrowth } from './heap-growth.js';
import { type CliIo, type ExitCode, processIo } from './io.js';

// package.json sits two folders up from both src/cli (tests) and dist/cli (the built bin).
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Runs the CLI in-process and resolves to its exit code; never calls process.exit (tests use this). */
export async function runCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  limitHeapGrowth();
  const program = new Command('sonar-migrate')
    .description("Move an ISP's customers from a legacy billing system into Sonar, exactly once.")
    .version(version, '-V, --version', 'print the version of sonar-migrate')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Usage mistakes carry our code like every other error, and say what to do.
      outputError: (s, write) => write(usageError(s)),
    })
    .showHelpAfterError('(run with --help for usage)');
  let exitCode: ExitCode = 0;
  for (const cmd of await loadCommands()) {
    cmd.register(
      program,
      io,
      (code) => {
        exitCode = code;
      },
      runCommand,
    );
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Commander's `error: …` as `error CONFIG_USAGE: …`, with the fix for a missing --config. */
export function usageError(text: string): string {
  const body = text.replace(/^error:\s*/, '').trimEnd();
  const hint = /'--config <file>' not specified/.test(body)
    ? ' — run it from your migration folder as `sonar-migrate <command> --config migration.json`'
    : '';
  return `error CONFIG_USAGE: ${body}${hint}\n`;
}

/** Maps an error to its exit code and prints one clear message. */
function reportError(err: unknown, io: CliIo): ExitCode {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
      return 0;
    return 2;
  }
  if (err instanceof MigrateError) {
    io.stderr.write(`error ${err.code}: ${redactSecrets(err.message, io.env)}\n`);
    return err.exitCode;
  }
  // A write the pipeline did not wrap (a journal commit on a full disk): still the machine's fault.
  const where = (err as { path?: unknown } | null)?.path;
  const environment = environmentErrorOf(err, 'state', typeof where === 'string' ? where : 'the state file');
  if (environment) {
    io.stderr.write(`error ${environment.code}: ${redactSecrets(environment.message, io.env)}\n`);
    return environment.exitCode;
  }
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  io.stderr.write(
    `error INTERNAL: ${redactSecrets(text, io.env)}\nThis is a bug in sonar-migrate: please report it.\n`,
  );
  return 1;
}

/** The process entry point: the only place that calls process.exit. */
export async function runCli(argv: string[]): Promise<void> {
  const abort = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nInterrupted: finishing requests in flight (Ctrl-C again to quit at once)…\n');
    abort.abort();
  });
  const code = await runCommand(argv.slice(2), processIo(abort.signal));
  process.exit(code);
}

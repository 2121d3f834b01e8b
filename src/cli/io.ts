/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on SIGINT: long commands stop taking new work and settle what is in flight. */
  signal?: AbortSignal;
  /** Today, YYYY-MM-DD (default: the local date): what next bill dates are judged against. */
  today?: () => string;
}

/** The exit code a command finished with: 0 ok, 1 some records rejected/failed, 2 bad config/usage, 130 interrupted. */
export type ExitCode = 0 | 1 | 2 | 130;

/** The io of the real process. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    signal,
  };
}

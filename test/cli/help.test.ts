import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo } from '../helpers/io.js';

describe('the CLI entry point', () => {
  it('prints the command list for --help and exits 0', async () => {
    const io = captureIo();
    const code = await runCommand(['--help'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain('Usage: sonar-migrate');
  });

  it('prints the package version for --version and exits 0', async () => {
    const io = captureIo();
    const code = await runCommand(['--version'], io);
    expect(code).toBe(0);
    expect(io.out().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 with a usage message for an unknown command', async () => {
    const io = captureIo();
    const code = await runCommand(['no-such-command'], io);
    expect(code).toBe(2);
    expect(io.err()).toContain("unknown command 'no-such-command'");
  });

  it('a missing --config is CONFIG_USAGE, exit 2, saying how to run it', async () => {
    const io = captureIo();
    const code = await runCommand(['validate'], io);
    expect(code).toBe(2);
    expect(io.err()).toBe(
      "error CONFIG_USAGE: required option '--config <file>' not specified — run it from your migration folder as `sonar-migrate <command> --config migration.json`\n(run with --help for usage)\n",
    );
  });
});

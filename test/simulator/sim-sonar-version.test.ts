import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

// `sim --sonar-version <v>`: the version is chosen at start, and --help lists each with its doc lines.

describe('sonar-migrate sim --sonar-version', () => {
  it('lists every version, oldest first, with the doc lines each one follows, in --help', async () => {
    const io = captureIo();
    expect(await runCommand(['sim', '--help'], io)).toBe(0);
    const help = io.out();
    expect(help).toContain('--sonar-version <v>');
    const table = help.split('\n').filter((line) => /^ {2}(endpoint|GET|POST|PATCH) /.test(line));
    expect(table[0]?.split(/\s+/).filter(Boolean)).toEqual([
      'endpoint',
      'oldest',
      'older',
      'newer',
      'newest',
    ]);
    const billing = table.find((line) => line.includes('GET /accounts/:id/billing_parameters'));
    expect(billing?.split(/\s+/).filter(Boolean).slice(-4)).toEqual(['984', '838', '659', '551']);
    expect(table).toHaveLength(16);
  });

  it('answers in the chosen version and says so at start', async () => {
    const abort = new AbortController();
    const io = captureIo({ signal: abort.signal, cwd: makeTempDir() });
    const running = runCommand(['sim', '--sonar-version', 'oldest'], io);
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i += 1) {
      url = /export SONAR_URL=(\S+)/.exec(io.out())?.[1];
      if (!url) await wait(10);
    }
    expect(io.out()).toContain('Answers as Sonar version: oldest');
    const authorization = `Basic ${Buffer.from('admin:sonar').toString('base64')}`;
    const statuses = await fetch(`${url}/api/v1/system/account_statuses`, { headers: { authorization } });
    const body = (await statuses.json()) as { data: Record<string, unknown>[] };
    expect(Object.keys(body.data[0] ?? {}).sort()).toEqual(['active', 'color', 'id', 'name']);
    abort.abort();
    expect(await running).toBe(0);
  });

  it('exits 2 with CONFIG_USAGE naming the versions for an unknown one', async () => {
    const io = captureIo({ signal: new AbortController().signal });
    expect(await runCommand(['sim', '--sonar-version', '1.9'], io)).toBe(2);
    expect(io.err()).toContain(
      'error CONFIG_USAGE: --sonar-version 1.9: unknown version — use one of oldest, older, newer, newest',
    );
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as wait } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

/** Waits (bounded) until the command printed its URL, and returns it. */
async function printedUrl(out: () => string): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const url = /export SONAR_URL=(\S+)/.exec(out())?.[1];
    if (url) return url;
    await wait(10);
  }
  throw new Error(`the sim command printed no URL: ${out()}`);
}

describe('sonar-migrate sim', () => {
  it('starts, answers authenticated requests, prints export hints and stops on abort', async () => {
    const abort = new AbortController();
    const io = captureIo({ signal: abort.signal, cwd: makeTempDir() });
    const running = runCommand(['sim', '--port', '0', '--seed', '7', '--fault-rate-500', '0'], io);
    const url = await printedUrl(io.out);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(io.out()).toContain('export SONAR_USERNAME=admin');
    expect(io.out()).toContain('export SONAR_PASSWORD=sonar');
    const authorization = `Basic ${Buffer.from('admin:sonar').toString('base64')}`;
    const state = await fetch(`${url}/__admin/state`, { headers: { authorization } });
    expect(state.status).toBe(200);
    const denied = await fetch(`${url}/api/v1/accounts`);
    expect(denied.status).toBe(401);
    abort.abort();
    expect(await running).toBe(0);
    expect(io.out()).toContain('Simulator stopped.');
  });

  it('takes credentials from SONAR_USERNAME / SONAR_PASSWORD without printing the password', async () => {
    const abort = new AbortController();
    const env = { SONAR_USERNAME: 'rehearsal', SONAR_PASSWORD: 'env-pass-5150' };
    const io = captureIo({ signal: abort.signal, env, cwd: makeTempDir() });
    const running = runCommand(['sim'], io);
    const url = await printedUrl(io.out);
    const authorization = `Basic ${Buffer.from('rehearsal:env-pass-5150').toString('base64')}`;
    expect((await fetch(`${url}/__admin/requests`, { headers: { authorization } })).status).toBe(200);
    expect(io.out()).not.toContain('env-pass-5150');
    abort.abort();
    expect(await running).toBe(0);
  });

  it('exits 2 with CONFIG_USAGE for a fault rate outside 0..1', async () => {
    const io = captureIo({ signal: new AbortController().signal });
    expect(await runCommand(['sim', '--fault-rate-429', '1.5'], io)).toBe(2);
    expect(io.err()).toContain('error CONFIG_USAGE: --fault-rate-429 1.5: expected a share from 0 to 1');
  });

  it('exits 2 when the --reference file is not JSON', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'reference.json'), '{ not json');
    const io = captureIo({ signal: new AbortController().signal, cwd: dir });
    expect(await runCommand(['sim', '--reference', 'reference.json'], io)).toBe(2);
    expect(io.err()).toContain('error CONFIG_INVALID: --reference');
  });

  it('exits 2 naming the key when the --reference file has the wrong shape', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'reference.json'), JSON.stringify({ no_such_catalogue: [] }));
    const io = captureIo({ signal: new AbortController().signal, cwd: dir });
    expect(await runCommand(['sim', '--reference', 'reference.json'], io)).toBe(2);
    expect(io.err()).toContain('error CONFIG_INVALID: --reference');
    expect(io.err()).toContain('no_such_catalogue');
  });

  it('serves the catalogue from a valid --reference file', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'reference.json'), JSON.stringify({ version: '9.9.9' }));
    const abort = new AbortController();
    const io = captureIo({ signal: abort.signal, cwd: dir });
    const running = runCommand(['sim', '--reference', 'reference.json'], io);
    const url = await printedUrl(io.out);
    const authorization = `Basic ${Buffer.from('admin:sonar').toString('base64')}`;
    const res = await fetch(`${url}/api/v1/_data/version`, { headers: { authorization } });
    abort.abort();
    expect(await running).toBe(0);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { version: '9.9.9' } });
  });
});

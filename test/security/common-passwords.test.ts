import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { copySmallSample } from '../cli/load-helpers.js';
import { captureIo } from '../helpers/io.js';

/** Runs `load` with only the environment set, so it stops at the target check before any request. */
async function loadWith(env: NodeJS.ProcessEnv) {
  const dir = copySmallSample(['10072']);
  const io = captureIo({ cwd: dir, env: { SONAR_USERNAME: 'admin', ...env } });
  const code = await runCommand(['load', '--config', 'migration.json', '--yes'], io);
  return { code, err: io.err() };
}

describe('a short or common-word password garbles no message (issue 17)', () => {
  it('password "http": the plain-http refusal names the URL and the scheme whole', async () => {
    const r = await loadWith({ SONAR_URL: 'http://10.0.0.5', SONAR_PASSWORD: 'http' });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'error CONFIG_INSECURE_URL: SONAR_URL http://10.0.0.5 uses plain http:// to another machine, which would send the password in clear: use https://, or pass --insecure if you really mean it.\n',
    );
  });

  it('password "sonar": the example URL of a bad SONAR_URL reads isp.sonar.software', async () => {
    const r = await loadWith({ SONAR_URL: 'not a url', SONAR_PASSWORD: 'sonar' });
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'error CONFIG_ENV_INVALID: SONAR_URL "not a url" is not a URL: set it to your instance, e.g. https://isp.sonar.software.\n',
    );
  });

  it('a password put into SONAR_URL is never echoed, however short', async () => {
    const r = await loadWith({ SONAR_URL: 'https://admin:pw@isp.example.com', SONAR_PASSWORD: 'pw' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('error CONFIG_ENV_INVALID: SONAR_URL contains a user name or password');
    expect(r.err).not.toContain('pw@');
  });
});

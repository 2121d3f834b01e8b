import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback, loadSonarTarget } from '../../src/config/env.js';
import { ConfigError } from '../../src/errors/index.js';
import { redactSecrets } from '../../src/sonar/redact.js';
import { makeTempDir } from '../helpers/io.js';

const creds = { SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'pw-from-env-1234' };

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadSonarTarget', () => {
  it('reads the target from the environment and derives the API URL', () => {
    const target = loadSonarTarget({ SONAR_URL: 'https://isp.sonar.software/', ...creds }, makeTempDir());
    expect(target).toEqual({
      url: 'https://isp.sonar.software',
      apiUrl: 'https://isp.sonar.software/api/v1',
      username: 'admin',
      password: 'pw-from-env-1234',
    });
  });

  it('accepts a SONAR_URL that already ends in /api/v1', () => {
    const target = loadSonarTarget(
      { SONAR_URL: 'https://isp.sonar.software/api/v1', ...creds },
      makeTempDir(),
    );
    expect(target.apiUrl).toBe('https://isp.sonar.software/api/v1');
  });

  it('reads a .env file in cwd, the environment winning over it', () => {
    const dir = makeTempDir();
    writeFileSync(
      join(dir, '.env'),
      '# local rehearsal\nSONAR_URL=https://from-file.example\nSONAR_USERNAME="file user"\nSONAR_PASSWORD=file-pass-9876\n',
    );
    expect(loadSonarTarget({}, dir)).toMatchObject({
      url: 'https://from-file.example',
      username: 'file user',
      password: 'file-pass-9876',
    });
    expect(loadSonarTarget({ SONAR_USERNAME: 'env user' }, dir).username).toBe('env user');
  });

  it('names the missing variable with CONFIG_ENV_MISSING', () => {
    const err = configError(() =>
      loadSonarTarget({ SONAR_URL: 'https://x.example', SONAR_USERNAME: 'a' }, makeTempDir()),
    );
    expect(err.code).toBe('CONFIG_ENV_MISSING');
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('SONAR_PASSWORD is not set');
  });

  it('names every missing variable at once', () => {
    const dir = makeTempDir();
    const err = configError(() => loadSonarTarget({ SONAR_USERNAME: 'a' }, dir));
    expect(err.code).toBe('CONFIG_ENV_MISSING');
    expect(err.message).toBe(
      `SONAR_URL, SONAR_PASSWORD are not set: set them in the environment or in ${join(dir, '.env')} (SONAR_URL=https://yourisp.sonar.software, SONAR_USERNAME, SONAR_PASSWORD).`,
    );
  });

  it('refuses plain http:// to another machine without insecure', () => {
    const env = { SONAR_URL: 'http://isp.sonar.software', ...creds };
    const err = configError(() => loadSonarTarget(env, makeTempDir()));
    expect(err.code).toBe('CONFIG_INSECURE_URL');
    expect(err.message).toContain('http://isp.sonar.software');
    expect(loadSonarTarget(env, makeTempDir(), { insecure: true }).apiUrl).toBe(
      'http://isp.sonar.software/api/v1',
    );
  });

  it('allows plain http:// to loopback addresses', () => {
    for (const url of [
      'http://127.0.0.1:4000',
      'http://127.9.8.7',
      'http://localhost:3000',
      'http://[::1]:8080',
    ]) {
      expect(loadSonarTarget({ SONAR_URL: url, ...creds }, makeTempDir()).url).toBe(url);
    }
    expect(isLoopback('[::ffff:127.0.0.1]')).toBe(true);
    expect(isLoopback('10.0.0.1')).toBe(false);
  });

  it('refuses credentials inside SONAR_URL without echoing them', () => {
    const err = configError(() =>
      loadSonarTarget({ SONAR_URL: 'https://admin:url-secret-55@isp.example', ...creds }, makeTempDir()),
    );
    expect(err.code).toBe('CONFIG_ENV_INVALID');
    expect(err.message).not.toContain('url-secret-55');
  });

  it('registers the password so later messages are redacted', () => {
    loadSonarTarget(
      { SONAR_URL: 'https://x.example', SONAR_USERNAME: 'a', SONAR_PASSWORD: 'registered-pw-42' },
      makeTempDir(),
    );
    expect(redactSecrets('login with registered-pw-42 failed', {})).toBe('login with [redacted] failed');
  });
});

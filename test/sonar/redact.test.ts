import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../src/sonar/errors.js';
import { isDistinctiveSecret, redactSecrets, registerSecret, registerToken } from '../../src/sonar/redact.js';

describe('redactSecrets', () => {
  it('leaves a URL whole when the password is a short or common word (issue 17)', () => {
    for (const password of ['sonar', 'http', 'software', 'admin']) {
      const env = { SONAR_PASSWORD: password };
      registerSecret(password);
      expect(redactSecrets('GET https://isp.sonar.software/api/v1/accounts failed', env)).toBe(
        'GET https://isp.sonar.software/api/v1/accounts failed',
      );
    }
  });

  it('still removes a short password where a credential is spelled out', () => {
    const env = { SONAR_PASSWORD: 'sonar' };
    expect(redactSecrets('SONAR_PASSWORD=sonar was refused', env)).toBe(
      'SONAR_PASSWORD=[redacted] was refused',
    );
    expect(redactSecrets('fetch https://admin:sonar@isp.example/api', env)).toBe(
      'fetch https://[redacted]@isp.example/api',
    );
    expect(redactSecrets('authorization: Basic YWRtaW46c29uYXI=', env)).toBe(
      'authorization: Basic [redacted]',
    );
  });

  it('removes a distinctive password wherever it occurs, even inside a word', () => {
    const env = { SONAR_PASSWORD: 'Tr0ub4dor&3' };
    expect(redactSecrets('login as admin/Tr0ub4dor&3x refused', env)).toBe(
      'login as admin/[redacted]x refused',
    );
  });

  it('shows a registered payment token as its last 4 characters, wherever Sonar quotes it', () => {
    registerToken('tok_Zq81LmXwPe55Aa90');
    expect(redactSecrets('The token tok_Zq81LmXwPe55Aa90 was declined; "tok_Zq81LmXwPe55Aa90".', {})).toBe(
      'The token …Aa90 was declined; "…Aa90".',
    );
  });

  it('prefers the longest of two registered values that share a beginning', () => {
    registerToken('tok_sharedprefix_1');
    registerToken('tok_sharedprefix_12345');
    expect(redactSecrets('a tok_sharedprefix_12345 b tok_sharedprefix_1 c', {})).toBe('a …2345 b …ix_1 c');
  });
});

describe('isDistinctiveSecret', () => {
  it('accepts only values that cannot be an ordinary word, number or URL part', () => {
    expect(
      ['sonar', 'http', 'https', 'software', 'password', '12345678', 'abcdefg1'].map(isDistinctiveSecret),
    ).toEqual([false, false, false, false, false, false, true]);
    expect(isDistinctiveSecret('correcthorsebatterystaple')).toBe(true);
    expect(isDistinctiveSecret('tok_5xJKBaNI5sak1oyCFPd7Q9YQ')).toBe(true);
  });
});

describe('many registered tokens', () => {
  it('sharing one long beginning are each found, without a scan over all of them', () => {
    const tokens = Array.from({ length: 50_000 }, (_, i) => `tok_live_${String(i).padStart(8, '0')}Zz`);
    for (const token of tokens) registerToken(token);
    const text = `declined: ${tokens[49_999]} and ${tokens[7]}`;
    expect(redactSecrets(text, {})).toBe('declined: …99Zz and …07Zz');
  });
});

describe('a Sonar error quoting a registered token', () => {
  it('holds it masked in its message, its Sonar message and its field messages', () => {
    registerToken('tok_QuotedBySonar42');
    const err = errorFromResponse(
      'POST',
      '/accounts/1/tokenized_payment_method',
      422,
      { error: { message: { token: ['tok_QuotedBySonar42 is invalid'] } } },
      undefined,
    );
    expect([err.message, err.sonarMessage, err.fieldMessages.token].join(' | ')).not.toContain(
      'tok_QuotedBySonar42',
    );
    expect(err.fieldMessages.token).toBe('…ar42 is invalid');
  });
});

import { describe, expect, it } from 'vitest';
import { headerValue } from '../../src/sonar/exchange.js';

describe('headerValue', () => {
  it('finds a header in undici raw headers whatever its case', () => {
    const raw = [
      Buffer.from('Content-Type'),
      Buffer.from('application/json'),
      Buffer.from('Retry-After'),
      Buffer.from('7'),
    ];
    expect(headerValue(raw, 'retry-after')).toBe('7');
  });

  it('lists a header given several times, in order', () => {
    expect(headerValue(['retry-after', '3', 'x', 'y', 'retry-after', '9'], 'retry-after')).toEqual([
      '3',
      '9',
    ]);
  });

  it('answers undefined for a missing header or no headers at all', () => {
    expect(headerValue(['x', 'y'], 'retry-after')).toBeUndefined();
    expect(headerValue(null, 'retry-after')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { parseQuietPeriod } from '../../src/cli/load-flags.js';
import { createQuietCountdown } from '../../src/cli/progress.js';
import { ConfigError } from '../../src/errors/index.js';

function stderrOf(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, io: { stderr: { isTTY, write: (c: string) => chunks.push(c) } } };
}

describe('load --quiet-period and its countdown', () => {
  it('takes a number of seconds from 0 to 3600, fractions included', () => {
    expect(parseQuietPeriod('120')).toBe(120);
    expect(parseQuietPeriod('0.5')).toBe(0.5);
    expect(parseQuietPeriod(undefined)).toBeUndefined();
  });

  it('refuses anything else with CONFIG_USAGE, saying what it must be longer than', () => {
    for (const bad of ['-1', 'abc', '', '3601']) {
      const err = (() => {
        try {
          parseQuietPeriod(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).code).toBe('CONFIG_USAGE');
    }
    expect(() => parseQuietPeriod('x')).toThrow(/longer than Sonar may take to finish a request/);
  });

  it('counts down on one line on a terminal, and ends the line when the wait is over', () => {
    const { chunks, io } = stderrOf(true);
    const tell = createQuietCountdown(io as never, 120);
    tell({ records: 3, remainingMs: 64_100 });
    tell({ records: 3, remainingMs: 900 });
    tell({ records: 3, remainingMs: 0 });
    expect(chunks).toEqual([
      '\r\x1b[KWaiting 1:05 before looking up 3 record(s) the last run left in flight: Sonar may still be writing them (quiet period 120 s; Ctrl-C leaves them in flight).',
      '\r\x1b[KWaiting 0:01 before looking up 3 record(s) the last run left in flight: Sonar may still be writing them (quiet period 120 s; Ctrl-C leaves them in flight).\n',
    ]);
  });

  it('prints a plain line (not one per second) without a terminal', () => {
    const { chunks, io } = stderrOf(false);
    const tell = createQuietCountdown(io as never, 120);
    tell({ records: 2, remainingMs: 119_000 });
    tell({ records: 2, remainingMs: 118_000 });
    expect(chunks).toEqual([
      'Waiting 1:59 before looking up 2 record(s) the last run left in flight: Sonar may still be writing them (quiet period 120 s; Ctrl-C leaves them in flight).\n',
    ]);
  });
});

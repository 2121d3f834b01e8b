import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/commands/validate.js';
import { captureIo } from '../helpers/io.js';

describe('validate progress', () => {
  it('prints rows read at most every few seconds on stderr, then a closing line', () => {
    const io = captureIo();
    let clock = 0;
    const progress = startProgress(io, () => clock);
    progress.update('accounts', 5_000);
    expect(io.err()).toBe('');
    clock = 3_000;
    progress.update('accounts', 10_000);
    clock = 4_000;
    progress.update('contacts', 5_000);
    progress.finish();
    expect(io.err().split('\n')).toEqual([
      'validate: accounts: 10,000 rows read',
      'validate: read accounts 10,000, contacts 5,000; checking across files…',
      '',
    ]);
    expect(io.out()).toBe('');
  });

  it('prints nothing for a quick run', () => {
    const io = captureIo();
    const progress = startProgress(io, () => 0);
    progress.update('accounts', 5_000);
    progress.finish();
    expect(io.err()).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { createLoadProgress } from '../../src/cli/progress.js';
import type { StepTally } from '../../src/loaders/runner.js';
import { captureIo } from '../helpers/io.js';

const tally = (total: number, created: number, failed = 0): StepTally => ({
  total,
  created,
  found: 0,
  alreadyLoaded: 0,
  changedSinceLoaded: 0,
  updated: 0,
  replaced: 0,
  failed,
  skipped: 0,
  unsettled: 0,
  duplicates: 0,
});

describe('load progress without a terminal', () => {
  it('prints plain lines with an overall count and ETA, and says a step has not started', () => {
    const io = captureIo();
    let clock = 0;
    const view = createLoadProgress(
      io,
      new Map([
        ['accounts', 10],
        ['contacts', 30],
      ]),
      { intervalMs: 60_000, now: () => clock },
    );
    clock = 10_000;
    view.update({ step: 'accounts', tally: tally(10, 10) });
    view.update({ step: 'contacts', tally: tally(30, 9, 1) });
    view.stop();
    // 20 of 40 in 10 s: 20 more take 10 s.
    expect(io.err()).toBe(
      'load 10s: accounts 10/10, contacts 10/30 (1 failed/skipped); all 20/40, ETA 10s\n',
    );
  });

  it('counts records updated, replaced or changed but not updated as done on a delta load', () => {
    const io = captureIo();
    const view = createLoadProgress(io, new Map([['accounts', 6]]), { intervalMs: 60_000, now: () => 0 });
    view.update({
      step: 'accounts',
      tally: { ...tally(6, 0), alreadyLoaded: 3, updated: 1, replaced: 1, changedSinceLoaded: 1 },
    });
    view.stop();
    expect(io.err()).toBe('load 0s: accounts 6/6; all 6/6, ETA done\n');
  });

  it('shows "not started" rather than an ETA of 0 before anything settled', () => {
    const io = captureIo();
    const view = createLoadProgress(io, new Map([['accounts', 277]]), { intervalMs: 60_000, now: () => 0 });
    view.stop();
    expect(io.err()).toBe('load 0s: accounts 0/277; all 0/277, ETA not started\n');
  });
});

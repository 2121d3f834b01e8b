import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { cloneSample, loadOnce, stagedTemplate, startTestSimulator } from './harness.js';
import { type RecordedBodies, recordingRoutes } from './recording-routes.js';

// The next bill date rides on the account's create call (next-bill-dates.ts); the billing
// parameters sent after it leave out a bill day equal to that date's (Sonar would reschedule the
// date just set), and the next bill date's own turn counts it created. Both read the fold from the
// run's memory, not from the journal.

const template = stagedTemplate();
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  vi.restoreAllMocks();
});

describe('a next bill date folded into the account create call', () => {
  it('leaves the same bill day out of the billing parameters and counts the date created, without reading its mark or the account in flight back', async () => {
    const bodies: RecordedBodies = new Map();
    sim = await startTestSimulator({ routes: recordingRoutes(bodies) });
    const sample = cloneSample(template());
    const accountKeyOf = new Map(
      [...sample.staged.valid('accounts')].map((r) => [String(r.payload.name), r.legacyKey]),
    );
    const billDays = [...sample.staged.valid('billing_parameters')].map((r) => ({
      accountKey: r.accountKey,
      day: r.payload.bill_day,
    }));
    const reads = vi.spyOn(sample.journal, 'get');
    const result = await loadOnce(sample, sim);
    expect(result.fatal).toBeUndefined();

    const created = (bodies.get('POST /accounts') ?? []) as Array<Record<string, unknown>>;
    expect(new Set(created.map((b) => String(b.name))).size).toBe(created.length);
    const foldedDay = new Map(
      created
        .filter((b) => typeof b.next_bill_date === 'string')
        .map((b) => [accountKeyOf.get(String(b.name)), Number(String(b.next_bill_date).slice(8, 10))]),
    );
    // The sample folds dates whose day its billing parameters repeat: the case under test is there.
    const repeated = billDays.filter((b) => b.day !== undefined && foldedDay.get(b.accountKey) === b.day);
    expect(repeated.length).toBeGreaterThan(0);
    // Every bill day is sent but those equal to the account's folded date's day.
    const patches = (bodies.get('PATCH /accounts/:id/billing_parameters') ?? []) as Array<
      Record<string, unknown>
    >;
    expect(patches).toHaveLength(billDays.length);
    expect(patches.filter((p) => p.bill_day !== undefined)).toHaveLength(
      billDays.filter((b) => b.day !== undefined).length - repeated.length,
    );
    // Each folded date counts created at its own turn, and none is sent again on its own.
    const dates = result.steps.find((s) => s.step === 'next_bill_dates');
    expect(dates?.created).toBe(dates?.total);
    expect(bodies.get('PATCH /accounts/:id') ?? []).toEqual([]);
    // Neither the billing parameters nor the date's own turn read the fold's loaded mark back.
    const loadedDateReads = reads.mock.calls.filter(
      ([step], i) =>
        step === 'next_bill_dates' &&
        (reads.mock.results[i]?.value as { state?: string } | undefined)?.state === 'loaded',
    );
    expect(loadedDateReads).toEqual([]);
    // The account's create call does not read the account's own entry (in flight while it is sent).
    const accountReadsInFlight = reads.mock.calls.filter(
      ([step], i) =>
        step === 'accounts' &&
        (reads.mock.results[i]?.value as { state?: string } | undefined)?.state === 'in_flight',
    );
    expect(accountReadsInFlight).toEqual([]);
  });
});

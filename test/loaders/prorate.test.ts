import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { cloneSample, loadOnce, smallAccounts, stagedTemplate, startTestSimulator } from './harness.js';
import { type RecordedBodies, recordingRoutes } from './recording-routes.js';

// doc ~10867 (add a service) and ~1078 (billing parameters, a bill-day change): without `prorate`
// Sonar uses the instance default, which can charge migrated customers a prorated amount twice.

const template = stagedTemplate();
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function loadRecording(options: { prorate?: boolean }) {
  const bodies: RecordedBodies = new Map();
  sim = await startTestSimulator({ routes: recordingRoutes(bodies) });
  // Without next bill dates nothing folds the bill day into the account create: every billing
  // parameters record changes the bill day.
  const result = await loadOnce(cloneSample(template()), sim, {
    accounts: smallAccounts,
    only: ['accounts', 'billing_parameters', 'services'],
    ...options,
  });
  const services = (bodies.get('POST /accounts/:account_id/services') ?? []) as Array<
    Record<string, unknown>
  >;
  const billDays = (
    (bodies.get('PATCH /accounts/:id/billing_parameters') ?? []) as Array<Record<string, unknown>>
  ).filter((b) => b.bill_day !== undefined);
  return { result, services, billDays };
}

function servicesInScope(): number {
  return [...template().staged.valid('services')].filter((r) => smallAccounts.has(r.accountKey ?? '')).length;
}

describe('prorate on added services and bill-day changes', () => {
  it('sends prorate false on every added service and bill-day change by default', async () => {
    const { result, services, billDays } = await loadRecording({});
    expect(result.fatal).toBeUndefined();
    // Six accounts, each with billing parameters; their services as staged.
    expect(billDays).toHaveLength(smallAccounts.size);
    expect(services).toHaveLength(servicesInScope());
    expect(services.map((b) => b.prorate)).toEqual(services.map(() => false));
    expect(billDays.map((b) => b.prorate)).toEqual(billDays.map(() => false));
  });

  it('sends prorate true everywhere when the migration sets "prorate": true', async () => {
    const { services, billDays } = await loadRecording({ prorate: true });
    expect(services.map((b) => b.prorate)).toEqual(services.map(() => true));
    expect(billDays.map((b) => b.prorate)).toEqual(billDays.map(() => true));
  });
});

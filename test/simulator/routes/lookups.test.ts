import { afterEach, describe, expect, it } from 'vitest';
import { parseReferenceData } from '../../../src/simulator/reference.js';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { call, createAccount, startTestSim } from './sim-http.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('/_data lookups', () => {
  it('answers countries, US subdivisions and counties in the documented shapes', async () => {
    sim = await startTestSim();
    const countries = await call(sim, 'GET', '/_data/countries');
    expect(countries.body.data).toMatchObject({
      US: 'United States',
      CA: 'Canada',
      GB: 'United Kingdom',
      MX: 'Mexico',
    });
    const states = await call(sim, 'GET', '/_data/subdivisions/US');
    expect(states.body.data.Wisconsin).toBe('Wisconsin');
    expect(states.body.data['Virgin Islands, U.S.']).toBe('Virgin Islands, U.S.');
    const counties = await call(sim, 'GET', '/_data/counties/Wisconsin');
    expect(counties.body.data).toContain('Brown Co.');
    for (const state of ['Texas', 'New York', 'California', 'Florida']) {
      expect(
        (await call(sim, 'GET', `/_data/counties/${encodeURIComponent(state)}`)).body.data.length,
      ).toBeGreaterThan(5);
    }
  });

  it('answers 404 for an unknown country or a state without a county list', async () => {
    sim = await startTestSim();
    expect((await call(sim, 'GET', '/_data/subdivisions/ZZ')).status).toBe(404);
    const counties = await call(sim, 'GET', '/_data/counties/Ohio');
    expect(counties.status).toBe(404);
    expect(counties.body.error.message).toMatch(/--reference/);
  });

  it('answers email categories 2–5 and the version as the doc shows', async () => {
    sim = await startTestSim();
    const categories = await call(sim, 'GET', '/_data/email_categories');
    expect(categories.body).toEqual({
      data: [
        { id: 2, name: 'Financial' },
        { id: 3, name: 'General' },
        { id: 4, name: 'Service Related' },
        { id: 5, name: 'Outage Notifications' },
      ],
    });
    expect((await call(sim, 'GET', '/_data/version')).body).toEqual({ data: { version: '1.2.38' } });
  });
});

describe('/system catalogues', () => {
  it('lists the built-in account types, statuses and address types with a paginator', async () => {
    sim = await startTestSim();
    const types = await call(sim, 'GET', '/system/account_types');
    expect(types.body.data).toEqual([
      { id: 1, name: 'Residential', type: 'residential' },
      { id: 2, name: 'Commercial', type: 'commercial' },
    ]);
    expect(types.body.paginator).toEqual({ total_count: 2, total_pages: 1, current_page: 1, limit: 100 });
    const statuses = await call(sim, 'GET', '/system/account_statuses');
    expect(statuses.body.data.map((s: { name: string }) => s.name)).toEqual(['Lead', 'Active', 'Inactive']);
    expect((await call(sim, 'GET', '/system/address_types/2')).body.data).toEqual({ id: 2, name: 'Mailing' });
    expect((await call(sim, 'GET', '/system/address_types/9')).status).toBe(404);
  });

  it('lists a service catalogue with data, voice, multi-month, one-time and adjustment services', async () => {
    sim = await startTestSim();
    const services = (await call(sim, 'GET', '/system/services?limit=100')).body.data as Record<
      string,
      unknown
    >[];
    expect(services.some((s) => s.data_service === true && s.type === 'recurring')).toBe(true);
    expect(services.some((s) => s.voice_service === true)).toBe(true);
    expect(services.some((s) => Number(s.billing_frequency_in_months) > 1)).toBe(true);
    expect(services.some((s) => s.type === 'one time')).toBe(true);
    expect(services.some((s) => s.type === 'adjustment')).toBe(true);
    expect((await call(sim, 'GET', '/system/voice/rate_centers')).body.paginator.total_count).toBe(4);
  });

  it('refuses a page or limit that is not a whole number of 1 or more', async () => {
    sim = await startTestSim();
    const answer = await call(sim, 'GET', '/system/services?limit=0');
    expect(answer.status).toBe(422);
    expect(answer.body.error.message.limit).toMatch(/whole number/);
  });
});

describe('reference data', () => {
  it('replaces the seeded lists the user gives and keeps the rest', async () => {
    sim = await startTestSim({
      account_statuses: [{ id: 7, name: 'Migrated', active: true }],
      counties: { Ohio: ['Franklin Co.'] },
    });
    const statuses = await call(sim, 'GET', '/system/account_statuses');
    expect(statuses.body.data).toEqual([
      { id: 7, name: 'Migrated', active: true, color: '#3498db', account_super_user_only: false },
    ]);
    expect((await call(sim, 'GET', '/_data/counties/Ohio')).body.data).toEqual(['Franklin Co.']);
    expect((await call(sim, 'GET', '/system/account_types')).body.paginator.total_count).toBe(2);
    const refused = await call(sim, 'POST', '/accounts', { account_status_id: 1 });
    expect(refused.status).toBe(422);
    expect(await createAccount(sim, { account_status_id: 7 })).toBe(1);
  });
});

describe('parseReferenceData', () => {
  it('names each problem of a --reference file by its path', () => {
    const result = parseReferenceData({
      account_types: [{ id: 0, name: 'X', type: 'industrial' }],
      colours: [],
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.some((p) => p.startsWith('account_types.0.id:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('account_types.0.type:'))).toBe(true);
    expect(problems.some((p) => p.includes('colours'))).toBe(true);
  });

  it('accepts a file that gives only some lists', () => {
    expect(parseReferenceData({ rate_centers: [{ id: 9, name: 'Madison, WI' }] })).toEqual({
      ok: true,
      reference: { rate_centers: [{ id: 9, name: 'Madison, WI' }] },
    });
  });
});

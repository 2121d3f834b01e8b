import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../../src/simulator/server.js';
import { call, startTestSim } from './sim-http.js';

describe('POST /_data/validate_address', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startTestSim();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('answers the address with coordinates and a US county, the same every time', async () => {
    const address = { line1: '615 N 6th St', city: 'Sheboygan', state: 'Wisconsin', country: 'US' };
    const first = await call(sim, 'POST', '/_data/validate_address', address);
    const second = await call(sim, 'POST', '/_data/validate_address', address);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ line1: '615 N 6th St', city: 'Sheboygan', country: 'US' });
    expect(typeof first.body.data.latitude).toBe('number');
    expect(typeof first.body.data.longitude).toBe('number');
    expect(first.body.data.county).toBe('Brown Co.');
    expect(second.body.data).toEqual(first.body.data);
  });

  it('refuses the fields the doc does not list as parameters: zip, county, line2 (doc line 21323)', async () => {
    const answer = await call(sim, 'POST', '/_data/validate_address', {
      line1: '615 N 6th St',
      line2: 'Apt 2',
      city: 'Sheboygan',
      state: 'Wisconsin',
      county: 'Sheboygan Co.',
      zip: '53081',
      country: 'US',
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.error.message).sort()).toEqual(['county', 'line2', 'zip']);
    expect(answer.body.error.message.zip).toBe(
      'The zip field is not a documented parameter of this endpoint.',
    );
  });

  it('refuses an address in a state Sonar does not list with the documented message', async () => {
    const answer = await call(sim, 'POST', '/_data/validate_address', {
      line1: '1 Main St',
      city: 'Nowhere',
      state: 'Atlantis',
      country: 'US',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toBe('The address could not be validated.');
  });

  it('refuses a body without line1 naming the field', async () => {
    const answer = await call(sim, 'POST', '/_data/validate_address', {
      city: 'X',
      state: 'WI',
      country: 'US',
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.message).toHaveProperty('line1');
  });
});

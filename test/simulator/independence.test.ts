import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import type { SonarClient } from '../../src/sonar/client.js';
import { SonarApiError } from '../../src/sonar/errors.js';
import { accountCreateSchema } from '../../src/sonar/schemas/accounts.js';
import { validateAddressRequestSchema } from '../../src/sonar/schemas/data.js';
import { creditCardCreateSchema } from '../../src/sonar/schemas/payment-methods.js';
import { testClient } from '../loaders/harness.js';

// Issue 12: the simulator is a witness, not a mirror. Its request checks come from the docs, so a
// mistake in the loader's own schemas (which accept these bodies) still fails against it.

const simulatorDir = resolve(import.meta.dirname, '../../src/simulator');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the simulator is independent of the loader', () => {
  it('imports nothing from src/sonar in any file under src/simulator', () => {
    const offenders = sourceFiles(simulatorDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)]
        .map((m) => m[1] as string)
        .filter((spec) => spec.startsWith('.') && resolve(join(file, '..'), spec).includes('/src/sonar/'))
        .map((spec) => `${relative(simulatorDir, file)} imports ${spec}`),
    );
    // The walk reaches the routes and the checks (a wrong path would find nothing to test).
    expect(sourceFiles(simulatorDir).map((f) => relative(simulatorDir, f))).toEqual(
      expect.arrayContaining(['routes/accounts.ts', 'checks/fields.ts', 'server.ts']),
    );
    expect(offenders).toEqual([]);
  });
});

describe('a loader mistake sent through the real client fails against the simulator', () => {
  let sim: RunningSimulator;
  let client: SonarClient;
  beforeEach(async () => {
    sim = await startSimulator();
    client = testClient(sim);
  });
  afterEach(async () => {
    await client.close();
    await sim.close();
  });

  const account = {
    name: 'Witness Test',
    account_type_id: 1,
    account_status_id: 2,
    line1: '615 N 6th St',
    city: 'Green Bay',
    state: 'Wisconsin',
    county: 'Brown Co.',
    zip: '54301',
    country: 'US',
    latitude: 44.5,
    longitude: -88,
    contact_name: 'Pat Witness',
    role: 'Owner',
    email_message_categories: [2],
  };

  const card = {
    type: 'credit card',
    token: 'tok_witness_4242',
    name_on_account: 'Pat Witness',
    identifier: '4242',
    auto: false,
    expiration_year: 2030,
    expiration_month: '07',
    card_type: 'visa',
    line1: '615 N 6th St',
    city: 'Green Bay',
    state: 'Wisconsin',
    zip: '54301',
    country: 'US',
  };

  /** The 422 field messages Sonar (the simulator) answered to a POST. */
  async function refusal(path: string, body: unknown): Promise<Record<string, string>> {
    try {
      await client.post(path, body, z.unknown());
    } catch (err) {
      if (err instanceof SonarApiError && err.status === 422) return err.fieldMessages;
      throw err;
    }
    throw new Error(`POST ${path} was accepted`);
  }

  async function accountId(): Promise<number> {
    const created = await client.post('/accounts', account, z.looseObject({ id: z.number() }));
    return created.id;
  }

  it('refuses a US account whose county is null, which the loader schema accepts (doc ~16154)', async () => {
    const body = { ...account, county: null };
    expect(accountCreateSchema.safeParse(body).success).toBe(true);
    expect(await refusal('/accounts', body)).toEqual({
      county: 'The county field is required for a US address (it drives geo taxes): see /_data/counties.',
    });
    expect(sim.state.accounts.rows.size).toBe(0);
  });

  it('refuses an expiration_month of 7, which the loader schema accepts, and takes "07" (doc ~9259)', async () => {
    const id = await accountId();
    const body = { ...card, expiration_month: 7 };
    expect(creditCardCreateSchema.safeParse(body).success).toBe(true);
    expect(await refusal(`/accounts/${id}/tokenized_payment_method`, body)).toEqual({
      expiration_month: 'The expiration month must be 2 digits, e.g. "09".',
    });
    expect(sim.state.paymentMethods.rows.size).toBe(0);
  });

  it('refuses a misspelt type ("e-check") and a missing required field (name_on_account)', async () => {
    const id = await accountId();
    expect(
      await refusal(`/accounts/${id}/tokenized_payment_method`, {
        type: 'e-check',
        token: 'tok_x_9999',
        name_on_account: 'Pat',
        identifier: '9999',
        auto: false,
      }),
    ).toEqual({ type: 'The selected type is not valid.' });
    const { name_on_account: _dropped, ...nameless } = card;
    expect(await refusal(`/accounts/${id}/tokenized_payment_method`, nameless)).toEqual({
      name_on_account: 'The name_on_account field is required.',
    });
    expect(sim.state.paymentMethods.rows.size).toBe(0);
  });

  it('refuses zip, county and line2 on validate_address, which the loader schema accepts (doc ~21323)', async () => {
    const body = {
      line1: '615 N 6th St',
      line2: 'Apt 2',
      city: 'Green Bay',
      state: 'Wisconsin',
      county: 'Brown Co.',
      zip: '54301',
      country: 'US',
    };
    expect(validateAddressRequestSchema.safeParse(body).success).toBe(true);
    const messages = await refusal('/_data/validate_address', body);
    expect(Object.keys(messages).sort()).toEqual(['county', 'line2', 'zip']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedFixture, readFixtureJson, referenceId, validateAndLoadFixture } from './profile-load.js';

// Issue 15: the Splynx API lists, saved to files unchanged, validate and load into the simulator;
// every record in Sonar is checked field by field against the export it came from.

type Row = Record<string, string | number>;
const customers = readFixtureJson<Row[]>('splynx', 'customers.json');
const billing = readFixtureJson<Row[]>('splynx', 'customer-billing.json');
const internet = readFixtureJson<Row[]>('splynx', 'internet-services.json');
const voice = readFixtureJson<Row[]>('splynx', 'voice-services.json');
const running = (s: Row) => s.status === 'active' || s.status === 'pending';
const digits = (phone: string | number) =>
  String(phone)
    .replace(/\D/g, '')
    .replace(/^1(\d{10})$/, '$1');

let loaded: LoadedFixture;
beforeAll(async () => {
  loaded = await validateAndLoadFixture('splynx');
}, 60_000);
afterAll(() => loaded?.close());

describe('the splynx profile on Splynx API exports', () => {
  it('validates every row and loads everything: nothing rejected, failed or left in flight', () => {
    expect(loaded.validate.code).toBe(0);
    expect(loaded.validate.out).toContain('Every row is valid.');
    expect(loaded.load.code).toBe(0);
    expect(loaded.load.out).toMatch(/services\s+8\s+8\s+0\s+0\s+0\s+0\s+0/);
    expect(loaded.inFlight).toEqual([]);
  });

  it('creates each customer as an account with its address and primary contact, field by field', () => {
    const { sim, crosswalks } = loaded;
    expect(sim.state.accounts.rows.size).toBe(customers.length);
    for (const c of customers) {
      const id = loaded.sonarIdOf('accounts', String(c.id));
      const account = sim.state.accounts.get(id ?? -1);
      const group = crosswalks.locations?.[String(c.location_id)];
      expect(account, `customer ${c.id}`).toMatchObject({
        name: String(c.name).replace(/\s+/g, ' '),
        account_type_id: crosswalks.account_types?.[String(c.category)],
        account_status_id: crosswalks.statuses?.[String(c.status)],
        account_groups: [referenceId(sim, 'account_groups', group)],
      });
      const [address] = sim.state.addresses.list((a) => a.account_id === id);
      expect(address, `customer ${c.id}`).toMatchObject({
        line1: c.street_1,
        city: c.city,
        state: crosswalks.subdivisions?.[String(c.subdivision_id)],
        zip: c.zip_code,
        country: 'US',
      });
      const contacts = sim.state.contacts.list((k) => k.account_id === id);
      expect(contacts, `customer ${c.id}`).toEqual([
        expect.objectContaining({
          name: String(c.name).replace(/\s+/g, ' '),
          primary: true,
          email_address: c.email === '' ? null : c.email,
          phone_numbers: { mobile: { number: digits(c.phone ?? ''), extension: null } },
        }),
      ]);
    }
  });

  it("sets each account's bill day from its Splynx billing_date", () => {
    for (const b of billing) {
      const id = loaded.sonarIdOf('accounts', String(b.customer_id)) ?? -1;
      expect(loaded.sim.state.billingParameters.get(id)?.bill_day, `customer ${b.customer_id}`).toBe(
        Number(b.billing_date),
      );
    }
  });

  it('adds one Sonar service per running Splynx service, two voice lines on one tariff included', () => {
    const { sim, crosswalks } = loaded;
    const expected = [...internet, ...voice].filter(running).map((s) => {
      const plans = s.type === 'voice' ? crosswalks.voice_plans : crosswalks.internet_plans;
      return {
        account_id: loaded.sonarIdOf('accounts', String(s.customer_id)),
        service_id: referenceId(sim, 'services', plans?.[String(s.tariff_id)]),
        quantity: Number(s.quantity),
        price_override: Number(s.unit_price),
        name_override: s.description,
      };
    });
    const held = sim.state.accountServices.list().map((s) => ({
      account_id: s.account_id,
      service_id: s.service_id,
      quantity: s.quantity,
      price_override: s.price_override,
      name_override: s.name_override,
    }));
    const byKey = (a: { account_id?: number; service_id?: number; name_override: unknown }) =>
      `${a.account_id}/${a.service_id}/${String(a.name_override)}`;
    expect(held.sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(
      expected.sort((a, b) => byKey(a).localeCompare(byKey(b))),
    );
    // Upp's two "Business line" services are two records, one per Splynx voice service id.
    expect(loaded.sonarIdOf('services', 'services:voice 29')).not.toBe(
      loaded.sonarIdOf('services', 'services:voice 33'),
    );
    expect(expected.length).toBe(8);
  });

  it('inventories each running voice number with the rate center of its area code, then assigns it', () => {
    const { sim, crosswalks } = loaded;
    const expected = voice.filter(running).map((s) => ({
      did: digits(s.phone ?? ''),
      account_id: loaded.sonarIdOf('accounts', String(s.customer_id)),
      service_id: referenceId(sim, 'services', crosswalks.voice_plans?.[String(s.tariff_id)]),
      rate_center_id: referenceId(
        sim,
        'rate_centers',
        crosswalks.rate_centers?.[digits(s.phone ?? '').slice(0, 3)],
      ),
    }));
    const held = sim.state.dids.list().map((d) => ({
      did: d.did,
      account_id: d.account_id,
      service_id: d.service_id,
      rate_center_id: d.rate_center_id,
    }));
    expect(held.sort((a, b) => a.did.localeCompare(b.did))).toEqual(
      expected.sort((a, b) => a.did.localeCompare(b.did)),
    );
  });

  it('assigns each permanent IPv4 (taking_ipv4 = 1) to its account as a /32', () => {
    const expected = internet
      .filter((s) => running(s) && String(s.taking_ipv4) === '1')
      .map((s) => ({
        account_id: loaded.sonarIdOf('accounts', String(s.customer_id)),
        subnet: `${s.ipv4}/32`,
      }));
    const held = loaded.sim.state.ipAssignments
      .list()
      .map((a) => ({ account_id: a.account_id, subnet: a.subnet }));
    const byAccount = (a: { account_id?: number }, b: { account_id?: number }) =>
      (a.account_id ?? 0) - (b.account_id ?? 0);
    expect(held.sort(byAccount)).toEqual(expected.sort(byAccount));
    expect(held).toHaveLength(2);
  });
});

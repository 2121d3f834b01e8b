import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedFixture, referenceId, validateAndLoadFixture } from './profile-load.js';

// Issue 15: WHMCS's tblclients, tblcontacts and tblhosting, exported as the tables come (every
// column, header row), validate and load into the simulator; every record in Sonar is checked
// field by field against the export it came from.

type Row = Record<string, string>;
const table = (file: string): Row[] =>
  parse(readFileSync(join('test/fixtures/profiles/whmcs/export', file)), { columns: true }) as Row[];
const clients = table('tblclients.csv');
const contacts = table('tblcontacts.csv');
const hosting = table('tblhosting.csv');
const active = hosting.filter((h) => h.domainstatus === 'Active');
const digits = (phone = '') => phone.replace(/\D/g, '').replace(/^1(\d{10})$/, '$1');
const states: Record<string, string> = { texas: 'Texas', tx: 'Texas' };
const multiMonth = new Set(['Quarterly', 'Semi-Annually', 'Annually', 'Biennially', 'Triennially']);

let loaded: LoadedFixture;
beforeAll(async () => {
  loaded = await validateAndLoadFixture('whmcs/export');
}, 60_000);
afterAll(() => loaded?.close());

const accountId = (legacy: string | undefined) => loaded.sonarIdOf('accounts', String(legacy));

describe('the whmcs profile on WHMCS table exports', () => {
  it('validates every row and loads everything: nothing rejected, failed or left in flight', () => {
    expect(loaded.validate.code).toBe(0);
    expect(loaded.validate.out).toContain('Every row is valid.');
    expect(loaded.load.code).toBe(0);
    expect(loaded.inFlight).toEqual([]);
  });

  it('creates each client as an account with its address, primary contact and tax exemption', () => {
    const { sim, crosswalks } = loaded;
    expect(sim.state.accounts.rows.size).toBe(clients.length);
    for (const c of clients) {
      const id = accountId(c.id);
      const person = `${c.firstname} ${c.lastname}`;
      expect(sim.state.accounts.get(id ?? -1), `client ${c.id}`).toMatchObject({
        name: c.companyname || person,
        account_type_id: crosswalks.account_types?.[c.groupid ?? ''],
        account_status_id: crosswalks.statuses?.[c.status ?? ''],
      });
      expect(
        sim.state.addresses.list((a) => a.account_id === id),
        `client ${c.id}`,
      ).toEqual([
        expect.objectContaining({
          line1: c.address1,
          line2: c.address2 || null,
          city: c.city,
          state: states[(c.state ?? '').toLowerCase()],
          zip: c.postcode,
          country: c.country,
        }),
      ]);
      const primary = sim.state.contacts.list((k) => k.account_id === id && k.primary);
      expect(primary, `client ${c.id}`).toEqual([
        expect.objectContaining({
          name: person,
          email_address: c.email,
          phone_numbers: { home: { number: digits(c.phonenumber), extension: null } },
        }),
      ]);
      expect(sim.state.billingParameters.get(id ?? -1)?.tax_exempt, `client ${c.id}`).toBe(
        c.taxexempt === 'on',
      );
    }
  });

  it("adds each tblcontacts row as one more contact of its client, never a copy of the client's own", () => {
    const { sim } = loaded;
    const held = sim.state.contacts
      .list((k) => !k.primary)
      .map((k) => ({
        account_id: k.account_id,
        name: k.name,
        email: k.email_address,
        phones: k.phone_numbers,
      }));
    const byAccount = (a: { account_id?: number }, b: { account_id?: number }) =>
      (a.account_id ?? 0) - (b.account_id ?? 0);
    expect(held.sort(byAccount)).toEqual(
      contacts
        .map((k) => ({
          account_id: accountId(k.userid),
          name: `${k.firstname} ${k.lastname}`,
          email: k.email,
          phones: {
            ...(k.phonenumber ? { work: { number: digits(k.phonenumber), extension: null } } : {}),
            ...(k.mobilenumber ? { mobile: { number: digits(k.mobilenumber), extension: null } } : {}),
          },
        }))
        .sort(byAccount),
    );
    expect(sim.state.contacts.rows.size).toBe(clients.length + contacts.length);
  });

  it('adds one Sonar service per active WHMCS service, with its product, quantity, amount and next due date', () => {
    const { sim, crosswalks } = loaded;
    const expected = active.map((h) => ({
      account_id: accountId(h.userid),
      service_id: referenceId(sim, 'services', crosswalks.plans?.[h.packageid ?? '']),
      quantity: Number(h.qty),
      price_override: Number(h.amount),
      // A multi-month service carries its own next due date; a monthly one bills with its account,
      // whose next bill date is that service's next due date (Sonar shows it on the service too).
      next_bill_date:
        multiMonth.has(h.billingcycle ?? '') || h.billingcycle === 'Monthly' ? h.nextduedate : null,
    }));
    const held = sim.state.accountServices.list().map((s) => ({
      account_id: s.account_id,
      service_id: s.service_id,
      quantity: s.quantity,
      price_override: s.price_override,
      next_bill_date: s.next_bill_date,
    }));
    expect(held.sort(byAccountAndService)).toEqual(expected.sort(byAccountAndService));
    expect(held).toHaveLength(4); // Terminated, Suspended and Pending services stay behind
  });

  it("sets each account's next bill date from its active monthly service's next due date", () => {
    const monthly = active.filter((h) => h.billingcycle === 'Monthly');
    for (const h of monthly) {
      const account = loaded.sim.state.accounts.get(accountId(h.userid) ?? -1);
      expect(account?.next_bill_date, `client ${h.userid}`).toBe(h.nextduedate);
    }
    // The others keep the date Sonar derives from their bill day: none is sent for them.
    expect(loaded.load.out).toMatch(/next_bill_dates\s+2\s+2\s+0\s+0\s+0\s+0\s+0/);
    expect(monthly).toHaveLength(2);
  });

  it("assigns an active service's dedicated IP to its account", () => {
    const held = loaded.sim.state.ipAssignments
      .list()
      .map((a) => ({ account_id: a.account_id, subnet: a.subnet }));
    expect(held).toEqual(
      active
        .filter((h) => h.dedicatedip)
        .map((h) => ({ account_id: accountId(h.userid), subnet: `${h.dedicatedip}/32` })),
    );
    expect(held).toHaveLength(1);
  });
});

function byAccountAndService(
  a: { account_id?: number; service_id?: number },
  b: { account_id?: number; service_id?: number },
) {
  return (a.account_id ?? 0) - (b.account_id ?? 0) || (a.service_id ?? 0) - (b.service_id ?? 0);
}

import { afterEach, describe, expect, it } from 'vitest';
import { seedCounties } from '../../src/simulator/seed-geo.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { SimState } from '../../src/simulator/state.js';
import { startTestSimulator } from '../loaders/harness.js';
import { copyProfileFixture, heldAccount, validateThenLoad } from './profile-helpers.js';

// Issue 15: UISP CRM's API listings in both forms the profile reads — the answers saved as JSON
// (test/fixtures/profiles/uisp-crm/api: GET /clients, every client's contacts, GET
// /clients/services) and the same flattened to CSV (test/fixtures/profiles/uisp-crm) — unchanged,
// through validate and load into the simulator; every field checked against the export.

/** The two forms: a CSV's row 1 is its header, a JSON record's row is its place in the array. */
const forms = [
  { form: 'the API JSON', fixture: 'uisp-crm/api', firstRow: 1 },
  { form: 'the CSV flattened from it', fixture: 'uisp-crm', firstRow: 2 },
];

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** A contact as the simulator holds it, with the defaults the loader leaves. */
const contact = (fields: Record<string, unknown>) => ({
  email_message_categories: [],
  username: null,
  has_password: false,
  ...fields,
});

describe.each(forms)('the uisp-crm profile on $form, end to end', ({ fixture, firstRow }) => {
  /** The row of the n-th record (1-based) in this form. */
  const row = (n: number) => n + firstRow - 1;

  it('loads every client, contact, billed service, price, bill day, next bill date and IP range exactly', async () => {
    // A real Sonar geocodes DC to its one county; the simulator's seed lists none for DC.
    const state = new SimState({
      counties: { ...seedCounties, 'District of Columbia': ['District of Columbia'] },
    });
    sim = await startTestSimulator({ state });
    const dir = copyProfileFixture(fixture);
    const run = await validateThenLoad(dir, sim);

    expect(run.rejections).toEqual([
      // Client 4's stateId 70 is not in the shipped ucrm_states table (Canada's ids: docs/profiles.md).
      ['accounts', 'MAP_INVALID_VALUE', row(4), 'stateId'],
      // Road Runner's phone (free text "22222222222") is reported and left out; the contact loads.
      ['contacts', 'MAP_FIELD_DROPPED', row(4), 'phone'],
      // Service 13 is only prepared (status 0): not billing yet, refused with the reason.
      ['services', 'MAP_INVALID_VALUE', row(5), 'status'],
      // The checks the refused rows missed, named in the same pass (a dropped phone refuses nothing).
      ['accounts', 'MAP_NOT_CHECKED', row(4), ''],
      ['services', 'MAP_NOT_CHECKED', row(5), ''],
    ]);
    expect(run.load.code).toBe(1); // 1: rows were rejected at validate; nothing failed
    // Every staged record loaded: none failed, skipped or left in flight.
    expect(run.status.out).toMatch(/\ntotal\s+16\s+3\s+0\s+0\s+16\s+0\s+0\s+0\n/);

    expect(sim.state.accounts.list().map((a) => a.name)).toEqual([
      'Ada Lovelace',
      'Acme Wireless LLC',
      'Dee Capitol',
      'Lee Lead',
    ]);

    const ada = heldAccount(sim, 'Ada Lovelace');
    expect(ada.account).toMatchObject({
      account_type_id: 1,
      account_status_id: 2,
      next_bill_date: '2027-03-01',
    });
    expect(ada.addresses).toEqual([
      expect.objectContaining({
        line1: '12 Main St',
        line2: null,
        city: 'Madison',
        state: 'Wisconsin', // stateId 49
        zip: '53703',
        country: 'US', // countryId 249
      }),
    ]);
    // Contact 1 (the client's first, as the API lists them) is the primary contact, once.
    expect(ada.contacts).toEqual([
      contact({
        name: 'Ada Lovelace',
        role: 'Primary Contact',
        primary: true,
        email_address: 'ada@example.com',
        phone_numbers: { work: { number: '6085550101', extension: null } },
      }),
      contact({
        name: 'billing@lovelace.example', // "name": null: named by its email
        role: 'Billing Contact', // isBilling true
        primary: false,
        email_address: 'billing@lovelace.example',
        phone_numbers: {},
      }),
    ]);
    // Service 10: price 49.99 is the plan's (hasIndividualPrice false), so no override. Ended
    // service 9 is history: no service, no bill day 20, no 10.1.0.99.
    expect(ada.services.map((s) => [s.service_id, s.quantity, s.price_override])).toEqual([[1, 1, null]]);
    expect(ada.billing).toMatchObject({ bill_day: 1 });

    const acme = heldAccount(sim, 'Acme Wireless LLC');
    expect(acme.account).toMatchObject({
      account_type_id: 2,
      account_status_id: 2,
      next_bill_date: '2027-02-15',
    });
    expect(acme.addresses).toEqual([
      expect.objectContaining({
        line1: '400 Desert Rd',
        line2: 'Suite 2',
        city: 'Austin',
        state: 'Texas',
        zip: '78701',
        country: 'US',
      }),
    ]);
    expect(acme.contacts).toEqual([
      contact({
        name: 'Wile Coyote', // the company contact's names
        role: 'Primary Contact',
        primary: true,
        email_address: 'wile@acme.example',
        phone_numbers: { work: { number: '5125550102', extension: 7 } },
      }),
      contact({
        name: 'Road Runner',
        role: 'Contact',
        primary: false,
        email_address: null,
        phone_numbers: {},
      }),
    ]);
    expect(acme.services.map((s) => [s.service_id, s.quantity, s.price_override])).toEqual([
      [4, 1, 79.99], // hasIndividualPrice true: the individual price (the plan's is 99.00)
      [10, 1, null], // suspended (status 3) is still billed; 24.99 is the plan's price
    ]);
    expect(acme.billing).toMatchObject({ bill_day: 15 });

    const dee = heldAccount(sim, 'Dee Capitol');
    expect(dee.account).toMatchObject({ account_type_id: 1, account_status_id: 2 });
    expect(dee.addresses).toEqual([
      expect.objectContaining({
        line1: '1600 K St NW',
        city: 'Washington',
        state: 'District of Columbia',
        zip: '20006',
      }),
    ]);
    expect(dee.contacts).toEqual([
      contact({
        name: 'Dee Capitol',
        role: 'Primary Contact',
        primary: true,
        email_address: 'dee@example.com',
        phone_numbers: { work: { number: '2025550103', extension: null } },
      }),
    ]);
    expect(dee.services).toEqual([]); // its only service is prepared (refused above)

    const lead = heldAccount(sim, 'Lee Lead');
    expect(lead.account).toMatchObject({ account_status_id: 1, next_bill_date: null }); // isActive false
    expect(lead.contacts.map((c) => c.name)).toEqual(['Lee Lead']); // no contacts in UCRM
    expect(lead.services).toEqual([]); // status 2: ended

    // ipRanges (a JSON list, or "a, b" in the CSV): one assignment per range, billed services only.
    expect(sim.state.ipAssignments.list().map((ip) => [ip.account_id, ip.subnet, ip.service_id])).toEqual([
      [ada.account.id, '10.1.0.5/32', 1],
      [acme.account.id, '10.1.8.0/29', 4],
      [acme.account.id, '10.1.9.1/32', 4],
    ]);
  });
});

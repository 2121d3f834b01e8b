import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedFixture, validateAndLoadFixture } from './profile-load.js';

// Issue 15: WHMCS cards come from the API's GetPayMethods answers (saved by a curl loop, one answer
// after the other in paymethods.json), joined with tblclients/tblcontacts for the card's billing
// contact. Only remote cards load; local cards and bank accounts are refused with their reason.
// Every loaded payment method is checked field by field against the fixture, read here on its own.

const dir = 'test/fixtures/profiles/whmcs/api';
type Row = Record<string, string>;
const table = (file: string): Row[] => parse(readFileSync(join(dir, file)), { columns: true }) as Row[];
const clients = new Map(table('tblclients.csv').map((c) => [c.id, c]));
const contacts = new Map(table('tblcontacts.csv').map((c) => [c.id, c]));

interface PayMethod {
  id: number;
  type: string;
  contact_type: string;
  contact_id: number;
  card_last_four?: string;
  expiry_date?: string;
  card_type?: string;
  remote_token: string;
}
interface Answer {
  result: string;
  clientid: string;
  paymethods: PayMethod[];
}
// The curl loop's file: one answer per line.
const answers = readFileSync(join(dir, 'paymethods.json'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Answer);
const payMethods = answers.flatMap((a) => a.paymethods.map((p) => ({ ...p, clientid: a.clientid })));

const brands: Record<string, string> = {
  Visa: 'visa',
  MasterCard: 'mastercard',
  'American Express': 'amex',
  'Diners Club': 'dinersclub',
};
const states: Record<string, string> = { tx: 'Texas', texas: 'Texas' };

/** What Sonar must hold for a remote card, worked out from the export alone. */
function expectedCard(p: PayMethod & { clientid: string }) {
  const client = clients.get(p.clientid) as Row;
  const contact = p.contact_type === 'Contact' ? (contacts.get(String(p.contact_id)) as Row) : client;
  const stripe = p.remote_token.startsWith('{')
    ? (JSON.parse(p.remote_token) as { customer: string; method: string })
    : undefined;
  const [month, year] = (p.expiry_date ?? '').split('/');
  return {
    type: 'credit card',
    token: stripe ? stripe.method : p.remote_token,
    payment_processor_customer_profile_id: stripe ? stripe.customer : null,
    name_on_account: `${contact.firstname} ${contact.lastname}`,
    identifier: p.card_last_four,
    expiration_month: month,
    expiration_year: 2000 + Number(year),
    card_type: brands[p.card_type ?? ''],
    // disableautocc 1 or "on": the client is never charged automatically.
    auto: !['1', 'on'].includes(client.disableautocc ?? ''),
    line1: contact.address1,
    city: contact.city,
    state: states[(contact.state ?? '').toLowerCase()],
    zip: contact.postcode,
    country: contact.country,
  };
}

let loaded: LoadedFixture;
let validation: { rejections: Array<Record<string, unknown>> };
beforeAll(async () => {
  loaded = await validateAndLoadFixture('whmcs/api');
  validation = JSON.parse(readFileSync(join(loaded.dir, 'reports', 'validation.json'), 'utf8'));
}, 60_000);
afterAll(() => loaded?.close());

describe('the whmcs profile on GetPayMethods answers (paymethods.json)', () => {
  it('reads all 8 pay methods of the 5 answers and loads the 4 remote cards validate keeps', () => {
    expect(payMethods).toHaveLength(8);
    expect(loaded.validate.code).toBe(1);
    expect(loaded.validate.out).toMatch(/credit_cards\s+paymethods\.json\s+8\s+4\s+4/);
    // Everything validate kept loads; load exits 1 because rows were left behind by validate.
    expect(loaded.load.out).toMatch(/credit_cards\s+4\s+4\s+0\s+0\s+0\s+0\s+0\s+4\n/);
    expect(loaded.load.out).toContain('Rejected by validation (never sent): 4 row(s)');
    expect(loaded.load.code).toBe(1);
    expect(loaded.inFlight).toEqual([]);
    expect(loaded.sim.state.paymentMethods.rows.size).toBe(4);
  });

  it('creates each remote card with every field from its answer, its billing contact and its client', () => {
    const loadedIds = [1, 3, 5, 8];
    for (const id of loadedIds) {
      const p = payMethods.find((m) => m.id === id);
      if (!p) throw new Error(`pay method ${id} is not in the fixture`);
      const sonarId = loaded.sonarIdOf('credit_cards', `credit_cards:${id}`);
      const {
        id: _id,
        account_id,
        ...held
      } = loaded.sim.state.paymentMethods.get(sonarId ?? -1) ?? {
        id: -1,
        account_id: -1,
      };
      expect(account_id, `pay method ${id}`).toBe(loaded.sonarIdOf('accounts', p.clientid));
      expect(held, `pay method ${id}`).toEqual(expectedCard(p));
    }
    // Spelled out once, so a wrong reading of the fixture cannot pass: the Stripe card of a contact.
    const amex = loaded.sim.state.paymentMethods.get(
      loaded.sonarIdOf('credit_cards', 'credit_cards:3') ?? -1,
    );
    expect(amex).toMatchObject({
      token: 'pm_1NcDeF4gHiJkLmNoPqRsC5kT',
      payment_processor_customer_profile_id: 'cus_Lm3No5Pq7Rs9Tu',
      name_on_account: 'Jane Lee',
      identifier: '0005',
      expiration_month: '11',
      expiration_year: 2028,
      card_type: 'amex',
      auto: false,
      line1: '200 Elm St',
      city: 'Dallas',
      state: 'Texas',
      zip: '75202',
      country: 'US',
    });
    const plain = loaded.sim.state.paymentMethods.get(
      loaded.sonarIdOf('credit_cards', 'credit_cards:5') ?? -1,
    );
    expect(plain).toMatchObject({ token: 'ANetPP7c3f9a1e54d2', payment_processor_customer_profile_id: null });
  });

  it('refuses local cards and bank accounts, and a second auto-charged card, with their reasons', () => {
    const problems = validation.rejections.map((r) => [
      r.legacyKey,
      r.code,
      r.row,
      r.column ?? '',
      r.message,
    ]);
    const bank =
      'a bank account (GetPayMethods gives it no account number digits, which Sonar needs as its identifier; a local BankAccount is stored only in WHMCS) — add it in Sonar by hand, or leave it behind';
    expect(problems).toEqual([
      [
        'credit_cards:2',
        'MAP_NOT_MIGRATABLE',
        2,
        'type',
        'paymethods.json:2 column "type" (legacy credit_cards:2): "CreditCard": a card stored only in WHMCS (CreditCard, encrypted locally, no gateway token) — card numbers are never migrated; have the client add it at your payment gateway (a RemoteCreditCard) and export again, or add it in Sonar',
      ],
      [
        'credit_cards:4',
        'MAP_NOT_MIGRATABLE',
        5,
        'type',
        `paymethods.json:5 column "type" (legacy credit_cards:4): "RemoteBankAccount": ${bank}`,
      ],
      [
        'credit_cards:6',
        'MAP_NOT_MIGRATABLE',
        7,
        'type',
        `paymethods.json:7 column "type" (legacy credit_cards:6): "BankAccount": ${bank}`,
      ],
      // The known limit: GetPayMethods says nothing of auto-charge, the client's disableautocc
      // covers all its cards, and Sonar charges one method automatically: the first is kept.
      [
        'credit_cards:7',
        'MAP_MULTIPLE_AUTO_PAY',
        3,
        '',
        'paymethods.json:3 (legacy credit_cards:7): account 1 already has an auto-pay method (paymethods.json:1) — set Auto to 0 on all but one',
      ],
    ]);
    for (const id of [2, 4, 6, 7])
      expect(loaded.sonarIdOf('credit_cards', `credit_cards:${id}`)).toBeUndefined();
  });

  it('never shows a token whole: the rejected CSV keeps at most its last 4 characters', () => {
    const rejected = parse(readFileSync(join(loaded.dir, 'reports', 'credit_cards.rejected.csv')), {
      columns: true,
      bom: true,
    }) as Row[];
    // In the order found: the refusals while reading, then the auto-pay check's.
    expect(rejected.map((r) => [r.id, r.remote_token])).toEqual([
      ['2', ''],
      ['7', '{"customer":"cus_PqR7sT9uVwX1yZ","method":"…B7wE"}'],
      ['4', '…EF23'],
      ['6', ''],
    ]);
    const tokens = payMethods.flatMap((p) => {
      if (p.remote_token === '') return [];
      return p.remote_token.startsWith('{')
        ? [(JSON.parse(p.remote_token) as { method: string }).method]
        : [p.remote_token];
    });
    expect(tokens).toHaveLength(6);
    const reports = readdirSync(join(loaded.dir, 'reports')).map((f) =>
      readFileSync(join(loaded.dir, 'reports', f), 'utf8'),
    );
    for (const text of [
      loaded.validate.out,
      loaded.validate.err,
      loaded.load.out,
      loaded.load.err,
      ...reports,
    ]) {
      for (const token of tokens) expect(text).not.toContain(token);
    }
  });
});

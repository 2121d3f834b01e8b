// samples/legacy-billing: the same kind of customers as a made-up legacy billing system exports
// them: header names of its own, words for statuses and card brands, "Last, First" names,
// "(608) 555-0142 x12" phones, MM/DD/YYYY dates, plan names instead of Sonar service ids, and the
// plan catalogue as an XLSX workbook. samples/legacy-billing/README.md describes every column.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openCsvFile } from './csv-file.mjs';
import { makeAccountFactory, makeFaker, PARENT_EVERY } from './model.mjs';
import { ACCOUNT_ID_BASE, SONAR_IDS, WORKBOOK_DATE } from './sonar-ids.mjs';
import { migrationConfig } from './sonar-importer-set.mjs';

/** The legacy plan catalogue: code, name, category, monthly rate, billing cycle, Sonar service id. */
export const LEGACY_PLANS = [
  ['RW25', 'Wireless Basic 25', 'Internet', 49.99, 'Monthly', 1],
  ['RW50', 'Wireless Plus 50', 'Internet', 64.99, 'Monthly', 2],
  ['RF100', 'Fiber Home 100', 'Internet', 79.99, 'Monthly', 3],
  ['BF500', 'Fiber Business 500', 'Internet', 199, 'Monthly', 4],
  ['HPU', 'Home Phone Unlimited', 'Voice', 24.99, 'Monthly', 10],
  ['BVL', 'Business Voice Line', 'Voice', 34.99, 'Monthly', 11],
  ['RW25-6', 'Wireless Basic 25 (6 mo prepaid)', 'Internet', 269.95, 'Semi-Annually', 20],
  ['RF100-12', 'Fiber Home 100 (annual)', 'Internet', 879.89, 'Annually', 21],
  ['RTR', 'Router Rental', 'Equipment', 8.5, 'Monthly', 25],
  ['SIP', 'Static IP', 'Add-on', 10, 'Monthly', 50],
];

const planName = new Map(LEGACY_PLANS.map((p) => [p[5], p[1]]));
const STATUS_WORDS = { 1: 'Prospect', 2: 'Active', 3: 'Suspended' };
const BRAND_WORDS = {
  visa: 'Visa',
  mastercard: 'MasterCard',
  amex: 'American Express',
  discover: 'Discover',
  jcb: 'JCB',
  dinersclub: 'Diners Club',
};

/** The customers.csv header. */
export const CUSTOMER_COLUMNS = [
  'Cust #',
  'Customer Name',
  'Company',
  'Acct Type',
  'Status',
  'Service Address',
  'Address 2',
  'City',
  'ST',
  'Zip',
  'County',
  'Lat',
  'Long',
  'Home Phone',
  'Work Phone',
  'Cell Phone',
  'Fax',
  'E-Mail',
  'Email Notices',
  'Bill Day',
  'Next Bill',
  'Net Days',
  'Grace Days',
  'Tax Exempt',
  'Paper Bill',
  'Statement Only',
  'Plan',
  'Plan Rate',
  'Rate Note',
  'Prepaid Through',
  'Voice Plan',
  'Phone Lines',
  'Phone Numbers',
  'Static IP',
  'IP Note',
  'Router Rental',
  'Pay Method',
  'Card Brand',
  'Card Last 4',
  'Card Exp',
  'Card Token',
  'Bank Last 4',
  'Bank Token',
  'Gateway Customer',
  'Auto Pay',
  'Name On Account',
  'Mail Address',
  'Mail City',
  'Mail ST',
  'Mail Zip',
  'Parent Cust #',
  'Customer Since',
];

/** The contacts.csv header. */
export const CONTACT_COLUMNS = [
  'Cust #',
  'Contact',
  'Title',
  'E-Mail',
  'Phone',
  'Cell',
  'Notices',
  'Portal Login',
  'Portal Password',
];

/** The numbers.csv header (the DID inventory). */
export const NUMBER_COLUMNS = ['Number', 'Rate Center', 'Assigned To'];

/** "(608) 555-0142" with " x12" when there is an extension. */
function phoneWords(digits, ext = '') {
  if (!digits) return '';
  const text = `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`;
  return ext ? `${text} x${ext}` : text;
}

/** YYYY-MM-DD → MM/DD/YYYY. */
function usDate(iso) {
  return iso ? `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}` : '';
}

/** Sonar email categories → the legacy's notice words. */
function noticeWords(categories) {
  const words = { 2: 'Billing', 3: 'General', 4: 'Service', 5: 'Outage' };
  return categories
    .split(',')
    .filter(Boolean)
    .map((c) => words[c])
    .join('; ');
}

/**
 * Write samples/legacy-billing into `dir`.
 * @param {string} dir
 * @param {number} accounts
 */
export async function writeLegacyBillingSet(dir, accounts) {
  const customers = openCsvFile(join(dir, 'customers.csv'), { header: CUSTOMER_COLUMNS, eol: '\r\n' });
  const contacts = openCsvFile(join(dir, 'contacts.csv'), { header: CONTACT_COLUMNS, eol: '\r\n' });
  const numbers = openCsvFile(join(dir, 'numbers.csv'), { header: NUMBER_COLUMNS, eol: '\r\n' });
  const account = makeAccountFactory(makeFaker(), ACCOUNT_ID_BASE['legacy-billing']);
  // Legacy systems record the parent on the child (Sonar wants it the other way round).
  for (let i = 1; i <= accounts; i += 1) {
    const a = account(i);
    const parent = childParent(a.id, i, accounts);
    await customers.row(customerRow(a, parent));
    for (const x of a.extraContacts) {
      await contacts.row([
        a.id,
        `${x.last}, ${x.first}`,
        x.role,
        x.email,
        phoneWords(x.work, x.workExt),
        phoneWords(x.mobile),
        noticeWords(x.categories),
        x.username,
        x.password,
      ]);
    }
    const center = (id) => SONAR_IDS.rateCenters.find((rc) => rc.id === id).name;
    if (a.voice)
      for (const d of a.voice.dids) await numbers.row([dashed(d), center(a.voice.rateCenterId), a.id]);
    if (a.spareDid) await numbers.row([dashed(a.spareDid.did), center(a.spareDid.rateCenterId), '']);
  }
  for (const file of [customers, contacts, numbers]) await file.close();
  await writePlansWorkbook(join(dir, 'plans.xlsx'));
  // One customers.csv row feeds several Sonar inputs; the mapping file says which columns each uses.
  const inputs = {
    accounts: 'customers.csv',
    contacts: 'contacts.csv',
    addresses: 'customers.csv',
    credit_cards: 'customers.csv',
    bank_accounts: 'customers.csv',
    services: 'customers.csv',
    billing_parameters: 'customers.csv',
    next_bill_dates: 'customers.csv',
    did_inventory: 'numbers.csv',
    dids: 'customers.csv',
    ip_assignments: 'customers.csv',
  };
  await writeFile(join(dir, 'migration.json'), migrationConfig('./mapping.yaml', inputs));
  return {
    customers: customers.rows,
    contacts: contacts.rows,
    numbers: numbers.rows,
    plans: LEGACY_PLANS.length,
  };
}

/** The parent of account i, given that every PARENT_EVERY-th account adopts the two before it. */
function childParent(id, i, accounts) {
  const block = PARENT_EVERY;
  const r = i % block;
  if (r !== block - 1 && r !== block - 2) return '';
  const parentIndex = i + (block - r);
  return parentIndex <= accounts ? id + (block - r) : '';
}

/** 9205550142 → 920-555-0142, how the legacy system prints DIDs. */
function dashed(d) {
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
}

/** One customers.csv row. */
function customerRow(a, parent) {
  const c = a.contact;
  const data = a.services[0];
  const extra = (id) => a.services.some((s) => s.serviceId === id);
  const pay = a.card ? 'Credit Card' : a.bank ? 'ACH' : 'Invoice';
  return [
    a.id,
    `${a.last}, ${a.first}`,
    a.company ?? '',
    a.isBusiness ? 'Business' : 'Residential',
    STATUS_WORDS[a.statusId],
    a.address.line1,
    a.address.line2,
    a.address.city,
    a.address.stateCode,
    a.address.zip,
    a.address.county.replace(/ Co\.$/, ''),
    a.address.lat,
    a.address.lon,
    phoneWords(c.home),
    phoneWords(c.work, c.workExt),
    phoneWords(c.mobile),
    phoneWords(c.fax),
    c.email,
    noticeWords(c.categories),
    a.billing.billDay,
    usDate(a.nextBillDate),
    a.billing.dueDays,
    a.billing.graceDays,
    a.billing.taxExempt ? 'Y' : '',
    a.billing.printInvoice ? 'Yes' : 'No',
    a.billing.billMode === 'statement' ? 'Yes' : 'No',
    planName.get(data.serviceId),
    data.priceOverride ? `$${data.priceOverride}` : '',
    data.reason,
    usDate(data.nextBillDate),
    a.voice ? planName.get(a.voice.serviceId) : '',
    a.voice ? a.voice.dids.length : '',
    a.voice ? a.voice.dids.map(dashed).join('; ') : '',
    a.ip?.address ?? '',
    a.ip?.description ?? '',
    extra(SONAR_IDS.services.routerRental) ? 'Yes' : 'No',
    pay,
    a.card ? BRAND_WORDS[a.card.type] : '',
    a.card?.last4 ?? '',
    a.card ? `${a.card.expMonth}/${String(a.card.expYear).slice(2)}` : '',
    a.card?.token ?? '',
    a.bank?.last4 ?? '',
    a.bank?.token ?? '',
    a.card?.profileId ?? a.bank?.profileId ?? '',
    a.card?.auto || a.bank?.auto ? 'Yes' : 'No',
    a.card?.nameOnCard ?? a.bank?.name ?? '',
    a.mailing?.line1 ?? '',
    a.mailing?.city ?? '',
    a.mailing?.stateCode ?? '',
    a.mailing?.zip ?? '',
    parent,
    a.customerSince,
  ];
}

/** plans.xlsx: the plan catalogue (fixed size), with fixed metadata dates so its bytes never change. */
async function writePlansWorkbook(path) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Legacy Billing';
  workbook.lastModifiedBy = 'Legacy Billing';
  workbook.created = WORKBOOK_DATE;
  workbook.modified = WORKBOOK_DATE;
  const sheet = workbook.addWorksheet('Plans');
  sheet.addRow(['Plan Code', 'Plan Name', 'Category', 'Monthly Rate', 'Billing Cycle']);
  for (const [code, name, category, rate, cycle] of LEGACY_PLANS)
    sheet.addRow([code, name, category, rate, cycle]);
  const zip = Buffer.from(await workbook.xlsx.writeBuffer());
  await writeFile(path, pinZipTimes(zip));
}

/**
 * Overwrite every entry's DOS modification time in a ZIP with WORKBOOK_DATE: exceljs (through
 * JSZip) stamps entries with the current time, which would make each run's bytes differ.
 * @param {Buffer} zip
 */
export function pinZipTimes(zip) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('plans.xlsx: no ZIP end-of-central-directory record');
  const count = zip.readUInt16LE(end + 10);
  const dosDate =
    ((WORKBOOK_DATE.getUTCFullYear() - 1980) << 9) |
    ((WORKBOOK_DATE.getUTCMonth() + 1) << 5) |
    WORKBOOK_DATE.getUTCDate();
  let entry = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n += 1) {
    const local = zip.readUInt32LE(entry + 42);
    for (const [at, timeOffset] of [
      [entry, 12],
      [local, 10],
    ]) {
      zip.writeUInt16LE(0, at + timeOffset);
      zip.writeUInt16LE(dosDate, at + timeOffset + 2);
    }
    entry += 46 + zip.readUInt16LE(entry + 28) + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
  }
  return zip;
}

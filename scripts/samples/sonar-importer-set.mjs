// samples/sonar-importer: the layouts of Sonar's own importer (/work/shared/sonar-importer-layouts.md),
// one CSV per input. Some files carry the template's header row and some do not, so the profile's
// header detection is exercised by the sample itself.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCsvFile } from './csv-file.mjs';
import { makeAccountFactory, makeFaker } from './model.mjs';
import { ACCOUNT_ID_BASE } from './sonar-ids.mjs';

/** The importer's header names per input, in column order, and whether this set writes the header. */
export const IMPORTER_LAYOUTS = {
  accounts: {
    header: true,
    columns: [
      'ID',
      'Name',
      'Account Type ID',
      'Account Status ID',
      'Account Groups',
      'Sub Accounts',
      'Next Bill Date',
      'Physical Address Line1',
      'Physical Address Line 2',
      'Physical City',
      'Physical State',
      'Physical County',
      'Physical ZIP',
      'Physical Country',
      'Physical Latitude',
      'Physical Longitude',
      'Primary Contact Name',
      'Primary Contact Role',
      'Primary Contact Email Address',
      'Primary Contact Email Message Categories',
      'Work Phone',
      'Work Extension',
      'Home Phone',
      'Mobile Phone',
      'Fax',
    ],
  },
  contacts: {
    header: false,
    columns: [
      'Account ID',
      'Name',
      'Role',
      'Email Address',
      'Work Phone',
      'Work Extension',
      'Home Phone',
      'Mobile Phone',
      'Fax',
      'Email Message Categories',
      'Username',
      'Password',
    ],
  },
  addresses: {
    header: true,
    columns: [
      'Account ID',
      'Address Type ID',
      'Line 1',
      'Line 2',
      'City',
      'State',
      'County',
      'ZIP',
      'Country',
      'Latitude',
      'Longitude',
    ],
  },
  credit_cards: {
    header: false,
    columns: [
      'Account ID',
      'Payment Processor Customer Profile ID',
      'Token',
      'Identifier',
      'Expiration Year',
      'Expiration Month',
      'Auto',
      'Card Type',
      'Name on card',
      'Street Address',
      'City',
      'State',
      'ZIP',
      'Country',
    ],
  },
  bank_accounts: {
    header: true,
    columns: [
      'Account ID',
      'Payment Processor Customer Profile ID',
      'Token',
      'Identifier',
      'Auto',
      'Name on Account',
    ],
  },
  services: {
    header: false,
    columns: [
      'Account ID',
      'Service ID',
      'Price Override',
      'Price Override Reason',
      'Quantity',
      'Next Bill Date',
    ],
  },
  billing_parameters: {
    header: true,
    columns: [
      'Account ID',
      'Bill Day',
      'Due Days',
      'Grace Days',
      'Grace Until',
      'Months To Bill',
      'Tax Exempt',
      'Print Invoice',
      'Separate Invoice Day',
      'Auto Pay Days',
      'Bill Mode',
    ],
  },
  next_bill_dates: { header: false, columns: ['Account ID', 'Next Bill Date'] },
  did_inventory: { header: true, columns: ['DID', 'Rate Center ID'] },
  dids: { header: false, columns: ['Account ID', 'DID', 'Service ID'] },
  ip_assignments: { header: true, columns: ['Account ID', 'IP Address', 'Description', 'Service ID'] },
};

/** Input names in load order; each is written to `<name>.csv`. */
export const IMPORTER_INPUTS = Object.keys(IMPORTER_LAYOUTS);

/**
 * The importer rows of one account, per input (values in layout column order).
 * @param {ReturnType<ReturnType<typeof makeAccountFactory>>} a
 * @returns {Record<string, Array<Array<string | number>>>}
 */
export function importerRows(a) {
  const c = a.contact;
  const flag = (b) => (b ? 1 : 0);
  return {
    accounts: [
      [
        a.id,
        a.name,
        a.typeId,
        a.statusId,
        a.groups.join(','),
        a.subAccounts.join(','),
        '',
        a.address.line1,
        a.address.line2,
        a.address.city,
        a.address.state,
        a.address.county,
        a.address.zip,
        a.address.country,
        a.address.lat,
        a.address.lon,
        c.name,
        c.role,
        c.email,
        c.categories,
        c.work,
        c.workExt,
        c.home,
        c.mobile,
        c.fax,
      ],
    ],
    contacts: a.extraContacts.map((x) => [
      a.id,
      x.name,
      x.role,
      x.email,
      x.work,
      x.workExt,
      x.home,
      x.mobile,
      x.fax,
      x.categories,
      x.username,
      x.password,
    ]),
    addresses: a.mailing
      ? [
          [
            a.id,
            2,
            a.mailing.line1,
            a.mailing.line2,
            a.mailing.city,
            a.mailing.state,
            a.mailing.county,
            a.mailing.zip,
            'US',
            '',
            '',
          ],
        ]
      : [],
    credit_cards: a.card
      ? [
          [
            a.id,
            a.card.profileId,
            a.card.token,
            a.card.last4,
            a.card.expYear,
            a.card.expMonth,
            flag(a.card.auto),
            a.card.type,
            a.card.nameOnCard,
            a.card.street,
            a.card.city,
            a.card.state,
            a.card.zip,
            a.card.country,
          ],
        ]
      : [],
    bank_accounts: a.bank
      ? [[a.id, a.bank.profileId, a.bank.token, a.bank.last4, flag(a.bank.auto), a.bank.name]]
      : [],
    services: a.services.map((s) => [
      a.id,
      s.serviceId,
      s.priceOverride,
      s.reason,
      s.quantity,
      s.nextBillDate,
    ]),
    billing_parameters: [
      [
        a.id,
        a.billing.billDay,
        a.billing.dueDays,
        a.billing.graceDays,
        a.billing.graceUntil,
        a.billing.monthsToBill,
        flag(a.billing.taxExempt),
        flag(a.billing.printInvoice),
        a.billing.separateInvoiceDay,
        a.billing.autoPayDays,
        a.billing.billMode,
      ],
    ],
    next_bill_dates: [[a.id, a.nextBillDate]],
    did_inventory: [
      ...(a.voice ? a.voice.dids.map((d) => [d, a.voice.rateCenterId]) : []),
      ...(a.spareDid ? [[a.spareDid.did, a.spareDid.rateCenterId]] : []),
    ],
    dids: a.voice ? a.voice.dids.map((d) => [a.id, d, a.voice.serviceId]) : [],
    ip_assignments: a.ip ? [[a.id, a.ip.address, a.ip.description, a.ip.serviceId]] : [],
  };
}

/** The migration.json of a set whose inputs are `<name>.csv` (or the given specs). */
export function migrationConfig(profile, inputs) {
  return `${JSON.stringify({ profile, inputs, state: 'state.db', reports: 'reports', concurrency: 8 }, null, 2)}\n`;
}

/**
 * Write samples/sonar-importer into `dir`: `accounts` accounts, all valid.
 * @param {string} dir
 * @param {number} accounts
 * @returns {Promise<Record<string, number>>} data rows written per input
 */
export async function writeSonarImporterSet(dir, accounts) {
  const files = Object.fromEntries(
    IMPORTER_INPUTS.map((name) => {
      const layout = IMPORTER_LAYOUTS[name];
      return [
        name,
        openCsvFile(join(dir, `${name}.csv`), { header: layout.header ? layout.columns : undefined }),
      ];
    }),
  );
  const account = makeAccountFactory(makeFaker(), ACCOUNT_ID_BASE['sonar-importer']);
  for (let i = 1; i <= accounts; i += 1) {
    const rows = importerRows(account(i));
    for (const name of IMPORTER_INPUTS) for (const row of rows[name]) await files[name].row(row);
  }
  for (const file of Object.values(files)) await file.close();
  const inputs = Object.fromEntries(IMPORTER_INPUTS.map((name) => [name, `${name}.csv`]));
  await writeFile(join(dir, 'migration.json'), migrationConfig('sonar-importer', inputs));
  return Object.fromEntries(IMPORTER_INPUTS.map((name) => [name, files[name].rows]));
}

import type { StagedRecord } from '../ground/types.js';
import type { JournalEntry } from '../journal/journal.js';
import { sameValue, shownValue } from './compare-values.js';
import { type Difference, wholeRecord } from './differences.js';
import type { AccountList, ReadBack } from './read-backs.js';
import { readBacks } from './read-backs.js';

/** A Sonar answer row, read tolerantly: only the compared fields are looked at. */
export type SonarRow = Record<string, unknown>;

/** A staged record the journal says is in Sonar, with its journal entry. */
export interface LoadedRecord {
  record: StagedRecord;
  entry: JournalEntry;
}

/** What verify read of one account: the account row and its lists. */
export interface AccountReads {
  account: SonarRow;
  lists: Partial<Record<AccountList, SonarRow[]>>;
  /** The account's physical address type (the one Create account makes, doc ~16101). */
  physicalAddressTypeId: number | undefined;
}

// The account's own payload carries its physical address and primary contact (doc ~16101): they
// are compared with the address of the physical type and the primary contact Sonar lists.
const accountFields = ['name', 'account_type_id', 'account_status_id', 'account_groups'];
const physicalFields = [
  'line1',
  'line2',
  'city',
  'state',
  'county',
  'zip',
  'country',
  'latitude',
  'longitude',
];
const primaryContactFields: Record<string, string> = {
  contact_name: 'name',
  role: 'role',
  email_address: 'email_address',
  phone_numbers: 'phone_numbers',
  email_message_categories: 'email_message_categories',
};

/** Every difference between an account's loaded records and what Sonar holds for them. */
export function compareAccount(records: readonly LoadedRecord[], reads: AccountReads): Difference[] {
  const out: Difference[] = [];
  const claimed = new Map<AccountList, Set<string>>();
  for (const { record, entry } of records) {
    const readBack = readBacks.find((r) => r.step === record.step);
    if (!readBack) continue;
    const rows = reads.lists[readBack.list] ?? [];
    const row =
      readBack.idField === '' ? rows[0] : rows.find((r) => String(r[readBack.idField]) === entry.sonarId);
    if (readBack.idField !== '') claimedOf(claimed, readBack.list).add(entry.sonarId ?? '');
    if (!row) {
      out.push(missing(record, entry));
      continue;
    }
    out.push(...compareFields(record, entry, row, readBack));
  }
  const account = records.find((r) => r.record.step === 'accounts');
  if (account) out.push(...compareAccountRecord(account, reads, claimed));
  const nextBillDate = records.find((r) => r.record.step === 'next_bill_dates');
  if (nextBillDate) {
    out.push(
      ...compareFields(nextBillDate.record, nextBillDate.entry, reads.account, {
        fields: { next_bill_date: 'next_bill_date' },
      }),
    );
  }
  return out;
}

function compareAccountRecord(
  { record, entry }: LoadedRecord,
  reads: AccountReads,
  claimed: Map<AccountList, Set<string>>,
): Difference[] {
  const out = compareFields(record, entry, reads.account, {
    fields: Object.fromEntries(accountFields.map((f) => [f, f])),
  });
  const taken = claimedOf(claimed, 'addresses');
  const physical = (reads.lists.addresses ?? []).find(
    (a) =>
      !taken.has(String(a.id)) &&
      (reads.physicalAddressTypeId === undefined || a.address_type_id === reads.physicalAddressTypeId),
  );
  // Geocoded coordinates were never staged: only coordinates given in the export are compared.
  const fields = physicalFields.filter(
    (f) => !(f === 'latitude' || f === 'longitude') || record.payload[f] != null,
  );
  if (physical)
    out.push(
      ...compareFields(record, entry, physical, { fields: Object.fromEntries(fields.map((f) => [f, f])) }),
    );
  else if ('line1' in record.payload)
    out.push(difference(record, entry, 'line1', record.payload.line1, undefined));
  const primary = (reads.lists.contacts ?? []).find((c) => c.primary === true);
  if (primary) out.push(...compareFields(record, entry, primary, { fields: primaryContactFields }));
  else if ('contact_name' in record.payload)
    out.push(difference(record, entry, 'contact_name', record.payload.contact_name, undefined));
  return out;
}

/** The differences of the staged fields `fields` names (those the payload has, and those whose absence means none). */
function compareFields(
  record: StagedRecord,
  entry: JournalEntry,
  row: SonarRow,
  readBack: Pick<ReadBack, 'fields' | 'absentMeansNone' | 'sameMeaning'>,
): Difference[] {
  const out: Difference[] = [];
  const absentMeansNone = readBack.absentMeansNone ?? [];
  for (const [staged, shown] of Object.entries(readBack.fields)) {
    if (!(staged in record.payload) && !absentMeansNone.includes(staged)) continue;
    // An older Sonar does not show every field (services' quantity, doc ~11908): not compared then.
    if (!(shown in row)) continue;
    const spell = readBack.sameMeaning?.[staged] ?? ((value: unknown) => value);
    const expected = record.payload[staged];
    const found = row[shown];
    if (!sameValue(spell(expected), spell(found)))
      out.push(difference(record, entry, staged, expected, found));
  }
  return out;
}

function missing(record: StagedRecord, entry: JournalEntry): Difference {
  return {
    legacyKey: record.legacyKey,
    sonarId: entry.sonarId ?? '',
    step: record.step,
    field: wholeRecord,
    expected: 'present',
    found: 'missing',
  };
}

function difference(
  record: StagedRecord,
  entry: JournalEntry,
  field: string,
  expected: unknown,
  found: unknown,
): Difference {
  return {
    legacyKey: record.legacyKey,
    sonarId: entry.sonarId ?? '',
    step: record.step,
    field,
    expected: shownValue(expected),
    found: shownValue(found),
  };
}

function claimedOf(claimed: Map<AccountList, Set<string>>, list: AccountList): Set<string> {
  let set = claimed.get(list);
  if (!set) {
    set = new Set();
    claimed.set(list, set);
  }
  return set;
}

/** The lists an account's records need read (contacts, addresses and services always: the account's own, and its revenue). */
export function listsFor(records: readonly LoadedRecord[]): AccountList[] {
  const lists = new Set<AccountList>(['contacts', 'addresses', 'services']);
  for (const { record } of records) {
    const readBack: ReadBack | undefined = readBacks.find((r) => r.step === record.step);
    if (readBack) lists.add(readBack.list);
  }
  return [...lists];
}

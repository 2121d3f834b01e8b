import type { StagedRecords } from '../store/staged-records.js';
import { columnHolding, type Finding, rejectFindings, whereRow } from './check-findings.js';

// Cross-file checks about the rows that hang off accounts: orphans, one auto-pay method and one
// primary contact per account, next bill dates on the bill day, and DID assignments. Each is SQL
// over the staging tables (run after the account checks and their cascade, so a row is rejected
// for its own problem, not for its account's).

/** The step names, as SQL literals, whose rows carry no account. */
const accountless = `('accounts', 'did_inventory', 'radius_groups')`;

/**
 * Rejects child rows whose account is nowhere in the accounts input. Each distinct account key is
 * looked up once, from the indexes alone; only the rows of the keys not found are then read.
 */
export function checkOrphans(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_ACCOUNT_NOT_IN_INPUT',
    `SELECT s.seq, NULL FROM staged s
     WHERE s.account_key IN (
         SELECT k.key FROM (SELECT DISTINCT account_key AS key FROM staged WHERE account_key IS NOT NULL) k
         WHERE NOT EXISTS (SELECT 1 FROM staged a WHERE a.step = 'accounts' AND a.legacy_key = k.key)
           AND NOT EXISTS (SELECT 1 FROM rejections r WHERE r.input = 'accounts' AND r.legacy_key = k.key))
       AND s.rejected = 0 AND s.step NOT IN ${accountless}
     ORDER BY s.seq`,
    (f) => ({
      text: `account ${f.accountKey} is not in the accounts input — add the account, fix the account number, or remove this row`,
      column: columnHolding(f.source, f.accountKey),
    }),
  );
}

/**
 * Rejects every auto-pay method of an account after its first (credit cards, then bank accounts,
 * in input order): Sonar charges one method automatically.
 */
export function checkAutoPay(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_MULTIPLE_AUTO_PAY',
    `WITH auto AS (
       SELECT seq, account_key FROM staged
       WHERE step IN ('credit_cards', 'bank_accounts') AND rejected = 0 AND account_key IS NOT NULL
         AND json_extract(payload, '$.auto') = 1),
     firsts AS (SELECT account_key, MIN(seq) AS first FROM auto GROUP BY account_key HAVING COUNT(*) > 1)
     SELECT a.seq, json_object('where', json(json_extract(f.source, '$.provenance')))
     FROM auto a JOIN firsts ON firsts.account_key = a.account_key AND a.seq <> firsts.first
     JOIN staged f ON f.seq = firsts.first ORDER BY a.seq`,
    (f) => ({
      text: `account ${f.accountKey} already has an auto-pay method (${whereRow(f.detail.where as object)}) — set Auto to 0 on all but one`,
      column: columnNamed(f, /^auto$/i),
    }),
  );
}

/**
 * Rejects every primary contact of an account after its first. The account row itself names the
 * primary contact (Sonar creates it with the account), so when the account is in the accounts
 * input, a contacts row marked primary is already a second one.
 */
export function checkPrimaryContacts(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_MULTIPLE_PRIMARY_CONTACTS',
    `WITH prim AS (
       SELECT seq, account_key FROM staged
       WHERE step = 'contacts' AND rejected = 0 AND account_key IS NOT NULL
         AND json_extract(payload, '$.primary') = 1),
     firsts AS (
       SELECT p.account_key,
         COALESCE((SELECT MIN(a.seq) FROM staged a
                   WHERE a.step = 'accounts' AND a.rejected = 0 AND a.legacy_key = p.account_key),
                  MIN(p.seq)) AS first
       FROM prim p GROUP BY p.account_key)
     SELECT p.seq, json_object('where', json(json_extract(f.source, '$.provenance')), 'step', f.step)
     FROM prim p JOIN firsts ON firsts.account_key = p.account_key AND p.seq <> firsts.first
     JOIN staged f ON f.seq = firsts.first ORDER BY p.seq`,
    (f) => ({
      text:
        f.detail.step === 'accounts'
          ? `account ${f.accountKey} already has its primary contact from its accounts row (${whereRow(f.detail.where as object)}) — mark this contact not primary`
          : `account ${f.accountKey} already has a primary contact (${whereRow(f.detail.where as object)}) — mark only one contact as primary`,
      column: columnNamed(f, /^primary$/i),
    }),
  );
}

/**
 * Rejects a contact whose customer-portal username an earlier contact of the input already has:
 * Sonar keeps portal usernames unique across the instance and refuses the second at load ("The
 * username has already been taken"), so the rehearsal says it instead of the cutover night.
 */
export function checkDuplicateUsernames(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_DUPLICATE_USERNAME',
    `WITH named AS (
       SELECT seq, json_extract(payload, '$.username') AS username FROM staged
       WHERE step = 'contacts' AND rejected = 0 AND json_extract(payload, '$.username') IS NOT NULL),
     firsts AS (SELECT username, MIN(seq) AS first FROM named GROUP BY username HAVING COUNT(*) > 1)
     SELECT n.seq, json_object('username', n.username, 'where', json(json_extract(f.source, '$.provenance')))
     FROM named n JOIN firsts ON firsts.username = n.username AND n.seq <> firsts.first
     JOIN staged f ON f.seq = firsts.first ORDER BY n.seq`,
    (f) => ({
      text: `portal username "${String(f.detail.username)}" is already another contact's (${whereRow(f.detail.where as object)}), and Sonar keeps portal usernames unique — give this contact another username, or leave its username and password blank`,
      column: columnHolding(f.source, f.detail.username),
    }),
  );
}

/**
 * Rejects next bill dates (of the next_bill_dates input, and those given on accounts and
 * multi-month services rows) whose day is not the account's bill day in the billing parameters
 * input. Without a bill day for the account there is nothing to compare with offline: Sonar's own
 * default applies and is only known online.
 */
export function checkBillDays(staged: StagedRecords): number {
  // An indexed table, not a CTE: SQLite joined the CTE by scanning it once per dated row, which
  // made this check quadratic (14.5 s of a 6,000-account validate).
  staged.db.exec(`
    DROP TABLE IF EXISTS temp.bill_days;
    CREATE TEMP TABLE bill_days AS
      SELECT b.account_key, json_extract(b.payload, '$.bill_day') AS bill_day,
             json(json_extract(b.source, '$.provenance')) AS provenance
      FROM staged b
      WHERE b.seq IN (SELECT MIN(seq) FROM staged
                      WHERE step = 'billing_parameters' AND rejected = 0 AND account_key IS NOT NULL
                        AND json_extract(payload, '$.bill_day') IS NOT NULL GROUP BY account_key);
    CREATE INDEX temp.bill_days_account ON bill_days (account_key);
  `);
  return rejectFindings(
    staged,
    'MAP_BILL_DAY_MISMATCH',
    `SELECT s.seq, json_object('date', json_extract(s.payload, '$.next_bill_date'), 'billDay', bd.bill_day,
                               'where', json(bd.provenance))
     FROM staged s JOIN temp.bill_days bd ON bd.account_key = COALESCE(s.account_key, s.legacy_key)
     WHERE s.step IN ('accounts', 'services', 'next_bill_dates') AND s.rejected = 0
       AND json_extract(s.payload, '$.next_bill_date') IS NOT NULL
       AND CAST(substr(json_extract(s.payload, '$.next_bill_date'), 9, 2) AS INTEGER) <> bd.bill_day
     ORDER BY s.seq`,
    (f) => ({
      text: `next bill date ${String(f.detail.date)} falls on day ${Number(String(f.detail.date).slice(8, 10))}, but account ${f.accountKey ?? f.legacyKey} bills on day ${String(f.detail.billDay)} (${whereRow(f.detail.where as object)}) — use a date on day ${String(f.detail.billDay)}, or change the bill day`,
      column: columnHolding(f.source, f.detail.date),
    }),
  );
}

/** Rejects DID assignments whose DID is not in the did_inventory input (run only when it is configured). */
export function checkDidInventory(staged: StagedRecords): number {
  staged.db.exec(`
    DROP TABLE IF EXISTS temp.inventory_dids;
    CREATE TEMP TABLE inventory_dids AS
      SELECT DISTINCT j.value AS did FROM staged i, json_each(i.payload, '$.dids') j
      WHERE i.step = 'did_inventory' AND i.rejected = 0;
    CREATE INDEX temp.inventory_dids_did ON inventory_dids (did);
  `);
  return rejectFindings(
    staged,
    'MAP_DID_NOT_IN_INVENTORY',
    `SELECT s.seq, json_object('did', json_extract(s.payload, '$.did')) FROM staged s
     WHERE s.step = 'dids' AND s.rejected = 0
       AND NOT EXISTS (SELECT 1 FROM temp.inventory_dids i WHERE i.did = json_extract(s.payload, '$.did'))
     ORDER BY s.seq`,
    (f) => ({
      text: `DID ${String(f.detail.did)} is not in the did_inventory input (or its row there was rejected) — add it to the inventory, or fix the DID`,
      column: columnHolding(f.source, f.detail.did),
    }),
  );
}

/** How a row names its service: a Sonar name awaiting resolution, or a Sonar id (SQL over alias `x`). */
const serviceOf = (x: string) => `COALESCE(
  (SELECT 'name:' || json_extract(r.value, '$.name') FROM json_each(${x}.refs) r
   WHERE json_extract(r.value, '$.path') = 'service_id' LIMIT 1),
  'id:' || json_extract(${x}.payload, '$.service_id'))`;

/** Which services count as voice services, from reference data (`validate --reference`). */
export interface VoiceServices {
  ids: number[];
  names: string[];
}

/**
 * Rejects DID assignments whose service is not a voice service on that account. Offline we know
 * services only by id (sonar-importer) or name: with reference data (`voice`) the service must be a
 * voice service in it AND be on the account in the services input; without it we can only check
 * that the account has that service in the services input (`onAccount`), and do so.
 */
export function checkDidServices(
  staged: StagedRecords,
  opts: { onAccount: boolean; voice?: VoiceServices },
): number {
  const db = staged.db;
  db.exec(`
    DROP TABLE IF EXISTS temp.account_services;
    CREATE TEMP TABLE account_services AS
      SELECT DISTINCT s.account_key, ${serviceOf('s')} AS service FROM staged s
      WHERE s.step = 'services' AND s.rejected = 0 AND s.account_key IS NOT NULL;
    CREATE INDEX temp.account_services_key ON account_services (account_key, service);
    DROP TABLE IF EXISTS temp.voice_services;
    CREATE TEMP TABLE voice_services (service TEXT PRIMARY KEY);
  `);
  const addVoice = db.prepare('INSERT OR IGNORE INTO temp.voice_services (service) VALUES (?)');
  for (const id of opts.voice?.ids ?? []) addVoice.run(`id:${id}`);
  for (const name of opts.voice?.names ?? []) addVoice.run(`name:${name}`);
  const onAccount = `EXISTS (SELECT 1 FROM temp.account_services a WHERE a.account_key = d.account_key AND a.service = d.service)`;
  const isVoice = `EXISTS (SELECT 1 FROM temp.voice_services v WHERE v.service = d.service)`;
  return rejectFindings(
    staged,
    'MAP_DID_SERVICE_INVALID',
    `SELECT d.seq, json_object('service', d.service, 'onAccount', ${onAccount}, 'voice', ${isVoice})
     FROM (SELECT s.seq, s.account_key, ${serviceOf('s')} AS service FROM staged s
           WHERE s.step = 'dids' AND s.rejected = 0) d
     WHERE (@checkAccount = 1 AND NOT ${onAccount}) OR (@checkVoice = 1 AND NOT ${isVoice})
     ORDER BY d.seq`,
    (f) => {
      const service = describeService(String(f.detail.service));
      const problems: string[] = [];
      if (opts.voice && f.detail.voice !== 1)
        problems.push(`${service} is not a voice service in the reference data`);
      if (opts.onAccount && f.detail.onAccount !== 1) {
        problems.push(
          `${service} is not on account ${f.accountKey} in the services input (or its row was rejected)`,
        );
      }
      return {
        text: `${problems.join(', and ')} — assign the DID to a voice service the account has, or add that service to the account`,
        column: columnHolding(f.source, String(f.detail.service).replace(/^(id|name):/, '')),
      };
    },
    { checkAccount: opts.onAccount ? 1 : 0, checkVoice: opts.voice ? 1 : 0 },
  );
}

/** `service 12` for an id, `service "Voice 1"` for a name. */
function describeService(service: string): string {
  if (service.startsWith('id:')) return `service ${service.slice(3)}`;
  return `service "${service.slice(5)}"`;
}

/** The first column whose header matches `pattern` (e.g. the "Auto" column), for the rejected CSV. */
function columnNamed(f: Finding, pattern: RegExp): string | undefined {
  return f.source.columns.find((column) => pattern.test(column.trim()));
}

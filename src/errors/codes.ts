/**
 * Every error code sonar-migrate can report, with what it means and what to do about it.
 * This table is the single source of the README's error-code section: add a code here, with its
 * advice, before using it anywhere. Codes are SCREAMING_SNAKE with an area prefix.
 */
export const errorCodes = {
  CONFIG_INVALID:
    'The configuration file does not match the expected shape. Fix the key named in the message.',
  CONFIG_UNKNOWN_KEY:
    'The configuration file has a key sonar-migrate does not know. Remove it or fix its spelling.',
  CONFIG_FILE_MISSING:
    'A file named in the configuration does not exist. Fix the path (paths are relative to the configuration file).',
  CONFIG_TARGET_IN_FILE:
    'The configuration file names the Sonar target or its credentials. Remove that key: set SONAR_URL, SONAR_USERNAME and SONAR_PASSWORD in the environment or a .env file.',
  CONFIG_ENV_MISSING:
    'SONAR_URL, SONAR_USERNAME or SONAR_PASSWORD is not set. Set it in the environment or in a .env file.',
  CONFIG_INSECURE_URL:
    'SONAR_URL uses plain http:// to a host other than this machine. Use https://, or pass --insecure if you really mean it.',
  CONFIG_ENV_INVALID:
    'SONAR_URL is not an http(s) URL, or carries credentials. Set it to the Sonar instance, e.g. https://isp.sonar.software, and put the user in SONAR_USERNAME / SONAR_PASSWORD.',
  CONFIG_USAGE: 'The command line is not valid. Run the command with --help.',
  SOURCE_UNREADABLE: 'An input file cannot be opened or parsed. Check the path, the format and the encoding.',
  SOURCE_BAD_ENCODING:
    'An input file is not valid UTF-8. Set "encoding" for that input (for example "windows-1252").',
  SOURCE_SHEET_MISSING: 'The workbook has no sheet of that name. Fix "sheet" for that input.',
  SOURCE_CSV_MALFORMED:
    'A CSV line cannot be parsed (unclosed quote, wrong column count). Fix the line in the file.',
  SOURCE_UNKNOWN_ENCODING:
    'The "encoding" set for an input is not one sonar-migrate knows. Use for example "utf-8", "windows-1252" or "utf-16le".',
  SOURCE_UNSUPPORTED_FORMAT:
    'An input file is neither CSV (.csv, .txt, .tsv) nor XLSX. Save it in one of those formats.',
  SOURCE_HEADER_DUPLICATE:
    'Two header cells have the same name, so a column named in the mapping is ambiguous. Rename one of them in the file.',
  MAP_INVALID_VALUE:
    'A cell holds a value Sonar would refuse (wrong format, out of range, unknown code). Fix the cell named in the message, or fix its mapping.',
  MAP_MISSING_REQUIRED:
    'A value Sonar requires is blank or not mapped. Fill in the cell named in the message, or map a column (or a value) to the field.',
  MAP_RAW_CARD_NUMBER:
    'A cell holds what looks like a raw card number (13–19 digits passing the Luhn check). sonar-migrate never migrates card numbers: export processor tokens instead and remove the number from the file.',
  MAP_DUPLICATE_KEY:
    'Two rows of one input have the same legacy key (e.g. the same account ID). Keep one row, or give the other its own key.',
  MAP_ACCOUNT_NOT_IN_INPUT:
    'The row belongs to an account that is not in the accounts input. Add the account, fix the account ID, or remove the row.',
  MAP_PARENT_REJECTED:
    'The account this row belongs to (or a sub-account it lists) was rejected. Fix that row first, then re-feed both.',
  MAP_NOT_CHECKED:
    'Not a problem of its own: the row was refused (by the line above it, or while being read), so the cross-file checks named were not run on it. They run when the fixed row is fed back.',
  MAP_MULTIPLE_AUTO_PAY:
    'An account has more than one auto-pay method (cards and bank accounts together). Set Auto to 0 on all but one.',
  MAP_MULTIPLE_PRIMARY_CONTACTS:
    'An account has more than one primary contact (the account row names one). Mark only one contact as primary.',
  MAP_DUPLICATE_USERNAME:
    "Two contacts have the same customer-portal username, which Sonar refuses (usernames are unique across the instance). Give one of them another username, or leave that contact's username and password blank.",
  MAP_BILL_DAY_MISMATCH:
    "A next bill date falls on another day of the month than the account's bill day in the billing parameters input. Make the day match the bill day.",
  MAP_NEXT_BILL_DATE_PAST:
    'A next bill date is before today: Sonar would bill it at its next run, for a period the old system already billed. Give a date after today, or set "allowPastNextBillDates": true.',
  MAP_NEXT_BILL_DATE_NOT_MULTI_MONTH:
    'A service that is not multi-month has a next bill date, which Sonar refuses. Leave it blank (the account bills on its own next bill date) or map a multi-month service.',
  MAP_SUB_ACCOUNT_MISSING:
    'A sub-account listed by an account is not in the accounts input. Add the sub-account or remove it from the list.',
  MAP_SUB_ACCOUNT_CYCLE:
    'Accounts list each other as sub-accounts in a loop. Remove one link so the hierarchy is a tree.',
  MAP_DID_NOT_IN_INVENTORY:
    'A DID assigned to an account is not in the did_inventory input. Add it to the inventory input, or fix the DID.',
  MAP_DID_SERVICE_INVALID:
    'A DID is assigned to a service that is not a voice service on that account in the services input. Fix the service ID or add the service to the account.',
  SONAR_TERMINAL:
    'Sonar refused the request (4xx). Fix what the message names; retrying unchanged will fail again.',
  SONAR_TRANSIENT:
    'Sonar or the network failed temporarily and retries ran out. Re-run: the journal resumes where it stopped.',
  SONAR_UNCERTAIN:
    'A write was sent but no answer came back. Re-run: sonar-migrate looks in Sonar before sending it again.',
  SONAR_AUTH:
    'Sonar refused the credentials (401/403). Check SONAR_USERNAME and SONAR_PASSWORD and the user’s permissions.',
  SONAR_BAD_RESPONSE:
    'Sonar answered with a body sonar-migrate cannot read. Check SONAR_URL points at a Sonar v1 API.',
  SONAR_DUPLICATE:
    'Sonar holds a record twice: a write that got no answer landed after its quiet period, and the record was sent again. Delete the id the message names in Sonar, and raise quietPeriodSeconds.',
  SONAR_DELETE_UNCONFIRMED:
    'rollback asked Sonar to delete (or restore) a record, but a lookup still shows it as before (a 404 from a missing route, or a delete Sonar ignored). Remove it in Sonar by hand, or check the Sonar version.',
  JOURNAL_LOCKED:
    'Another run holds this journal (its lock file names the pid, host and start). Wait for it to finish; delete the .lock file only if that process is gone for good.',
  JOURNAL_SKIPPED:
    'The record was not sent because a record it depends on (usually its account) failed. Fix that record and re-run with --retry-failed.',
  JOURNAL_MISSING:
    'There is no state file at the configured "state" path: nothing has been planned or loaded with this configuration. Check --config and its "state" key, or run `plan` / `load` first.',
  PLAN_CONFLICT:
    'Sonar already holds a record that clashes with one to load (an account id used by an account of another name, a DID assigned to another account). Resolve it in Sonar or in the input, then run `plan` again.',
  JOURNAL_UNRESOLVED_REF:
    'A name in the record (a crosswalk to a Sonar name, a sub-account) has no match in the target Sonar. Fix the crosswalk or create the record in Sonar, then re-run with --retry-failed.',
  JOURNAL_UNSETTLED:
    'A write was sent but sonar-migrate could not look up whether it landed. Re-run: it looks again before sending anything.',
  CONFIG_CONFIRMATION_REQUIRED:
    'The command changes Sonar and was not confirmed. Answer the prompt on a terminal, or pass --yes (or set SONAR_MIGRATE_YES=1) when running from a script.',
  CONFIG_KAZOO_TOKEN_MISSING:
    'kazoo.url is set (live reading) but KAZOO_AUTH_TOKEN is not. Set it in the environment; the token never goes in the configuration file.',
  SOURCE_KAZOO_INVALID:
    'A Kazoo export or API answer is not in the documented shape (a phone_numbers listing with data.numbers keyed by E.164 number, or a services summary). Save the whole JSON answer of the API call, unchanged.',
  SOURCE_KAZOO_HTTP:
    'The Kazoo API could not be reached or answered with an error, and retries ran out. Check kazoo.url and the network, then re-run.',
  SOURCE_KAZOO_AUTH:
    'Kazoo refused the X-Auth-Token (401/403). Set KAZOO_AUTH_TOKEN to a current token of a user that can read the account.',
  MAP_DID_UNSUPPORTED:
    'A Kazoo phone number that Sonar cannot hold as a DID (not a US number, toll-free, premium-rate, a short code, not a NANP number). Leave it out of the migration, or port it to a US number first.',
  MAP_DID_STATE_EXCLUDED:
    'A Kazoo phone number is in a state that is not migrated (only in_service and reserved are). Nothing to do, unless the number should be in service: fix it in Kazoo and export again.',
  MAP_SERVICE_UNMAPPED:
    'A quantity of the Kazoo services summary has no entry in kazoo.services_crosswalk. Map its "category.item" (or its category) to a Sonar service, or to false if it is not billed in Sonar.',
  MAP_RADIUS_OPERATOR:
    'A radgroupreply row uses an operator Sonar does not accept for a reply attribute. Use =, := or +=, or leave the row out.',
  MAP_RADIUS_DUPLICATE_ATTRIBUTE:
    'A RADIUS group names the same reply attribute twice; Sonar allows each once per group. Keep one row; the group is not migrated until then.',
  MAP_RADIUS_UNMATCHED:
    'A RADIUS group has reply rows but no settings row, or a settings row but no reply rows (or a second settings row). Add the missing rows, or remove the extra ones.',
  MAP_IP_OVERLAP:
    'Two rows of the ip_assignments input assign overlapping addresses (Sonar assigns an address once). Fix one of the subnets or remove one row.',
  MAP_IP_SERVICE_REQUIRED:
    'The account has several data services in the services input, so Sonar needs to know which one an IP assignment belongs to. Fill its Service ID.',
  MAP_NOT_MIGRATABLE:
    'The row is something the profile knows Sonar must not or cannot take: a card stored only in the legacy system (no gateway token), a bank account the export gives no last digits for. Nothing to fix in the cell: do what the message says (tokenize it at the payment gateway, add it in Sonar by hand), or leave it behind.',
  MAP_FIELD_DROPPED:
    'A cell of an optional field (e.g. a contact phone in free text) holds a value Sonar would refuse. The record is migrated without that field; fix the cell and add the value in Sonar, or fix it and re-run before loading.',
  ENV_READ_ONLY_FS:
    'The filesystem holding the state file, its lock or the reports is mounted read-only. Remount it read-write, or point "state" and "reports" at a writable folder, then re-run.',
  ENV_STATE_READ_ONLY:
    'The state file, its -wal/-shm files or its folder cannot be written by this user. Run as the user who owns them, or give that user write permission on the file and its folder, then re-run.',
  ENV_DISK_FULL:
    'The disk holding the state file or the reports is full (ENOSPC, SQLITE_FULL). Free space on it, then re-run: the journal resumes where it stopped, and reports are rewritten whole (the previous ones are left intact).',
  ENV_REPORTS_UNWRITABLE:
    'The reports folder cannot be created or written (its parent is missing, it is a file, or this user may not write there). Fix the "reports" path or its permissions; load checks this before sending anything.',
  LOAD_STOPPED:
    'The load stopped: Sonar refused something every record needs (its credentials). Records in flight stay in flight; fix what the message names, then re-run — the next run looks them up before sending anything.',
  LOAD_RECORD_INCOMPLETE:
    'A record was found in Sonar, but Sonar refused a part sonar-migrate added to finish it (a RADIUS group reply attribute). Fix what the message names, then re-run with --retry-failed.',
  LOAD_NOT_UPDATED:
    'A record loaded earlier changed in the source, and this change was not sent: the message says why (an update cannot clear a field, a name does not resolve, Sonar refused it). The record stays loaded; fix what the message names and re-run, or change it in Sonar. A pending update is sent again by the next run.',
  INTERNAL: 'A bug in sonar-migrate. Please report it with the command you ran and the message.',
} as const;

/** A code from the table above. */
export type ErrorCode = keyof typeof errorCodes;

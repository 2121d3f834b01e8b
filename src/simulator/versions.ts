import type { SimResponse } from './router.js';

// The docs show several versions of most answers; the first copy of a heading is the newest, and
// ISPs run all of them. The simulator answers in one version, chosen at start. A version is a
// coherent set of answer shapes, one per endpoint whose answer changed across the docs: each entry
// below names the fields that version answers and the doc line it follows. Request rules do not
// change with the version: they take the strictest reading of every copy (see checks/).

/** The Sonar versions the simulator can answer in, oldest first. */
export const sonarVersions = ['oldest', 'older', 'newer', 'newest'] as const;

/** A documented Sonar version the simulator can answer in. */
export type SonarVersion = (typeof sonarVersions)[number];

/** The version the simulator answers in unless told otherwise. */
export const defaultSonarVersion: SonarVersion = 'newest';

/** True when `value` names a version. */
export function isSonarVersion(value: string): value is SonarVersion {
  return (sonarVersions as readonly string[]).includes(value);
}

/** How one version answers one endpoint: the fields kept from the full record, per the doc line. */
interface AnswerShape {
  doc: number;
  /** The fields of each record the answer shows; absent means every field. */
  fields?: readonly string[];
  /** Rewrites a record after picking (e.g. "ach" for an echeck). */
  rewrite?: (record: Record<string, unknown>) => Record<string, unknown>;
  /** Replaces the whole answer's data (the oldest add-service answer is only `success`). */
  data?: unknown;
}

const billing7 = [
  'bill_day',
  'due_days',
  'grace_days',
  'grace_until',
  'months_to_bill',
  'tax_exempt',
  'print_invoice',
];
const billing11 = [...billing7, 'separate_invoice_day_enabled', 'invoice_day', 'auto_pay_days', 'bill_mode'];
const billing13 = [...billing11, 'auto_pay_day', 'due_days_day'];

const service6 = [
  'id',
  'number_of_times_billed',
  'price_override',
  'price_override_reason',
  'package_id',
  'unique_service_relationship_id',
];
const service8 = [...service6, 'unique_package_id', 'name_override'];
const service9 = [...service8, 'quantity'];

const payment6 = ['id', 'type', 'identifier', 'expiration_month', 'expiration_year', 'auto'];
const ip10 = [
  'id',
  'subnet_id',
  'subnet',
  'assigned_entity',
  'assigned_id',
  'ip_pool_id',
  'account_id',
  'service_id',
  'non_inventoried_mac_address',
  'description',
];
const contact8 = [
  'id',
  'name',
  'role',
  'email_address',
  'phone_numbers',
  'email_message_categories',
  'primary',
];
const status4 = ['id', 'name', 'active', 'color'];

/** The doc allows "ach" for a bank account (line 10103); the oldest version answers it for an echeck. */
const echeckAsAch = (record: Record<string, unknown>) =>
  record.type === 'echeck' ? { ...record, type: 'ach' } : record;

type VersionTable = Record<string, Record<SonarVersion, AnswerShape>>;

/**
 * `METHOD pattern` → the answer shape of each version. The newest follows the first copy of each
 * heading (every field the simulator keeps); older ones keep only their copy's fields.
 */
export const answerShapes: VersionTable = {
  'GET /accounts/:id/billing_parameters': {
    oldest: { doc: 984, fields: billing7 },
    older: { doc: 838, fields: billing11 },
    newer: { doc: 659, fields: billing13 },
    newest: { doc: 551 },
  },
  'PATCH /accounts/:id/billing_parameters': {
    oldest: { doc: 1859, fields: billing7 },
    older: { doc: 1583, fields: billing11 },
    newer: { doc: 1244, fields: billing13 },
    newest: { doc: 1041 },
  },
  'POST /accounts/:account_id/services': {
    oldest: { doc: 11270, data: { success: true } },
    older: { doc: 11196 },
    newer: { doc: 10934 },
    newest: { doc: 10840 },
  },
  'GET /accounts/:account_id/services': {
    oldest: { doc: 11996, fields: service6 },
    older: { doc: 11908, fields: service8 },
    newer: { doc: 11814, fields: service9 },
    newest: { doc: 11498 },
  },
  'GET /accounts/:account_id/services/:unique_service_relationship_id': {
    oldest: { doc: 12431, fields: service6 },
    older: { doc: 12369, fields: service8 },
    newer: { doc: 12302, fields: service9 },
    newest: { doc: 12072 },
  },
  'PATCH /accounts/:account_id/services/:unique_service_relationship_id': {
    oldest: { doc: 13132, fields: service6 },
    older: { doc: 13033, fields: service8 },
    newer: { doc: 12926, fields: service8 },
    newest: { doc: 12560 },
  },
  'PATCH /accounts/:account_id/payment_methods/:payment_method_id': {
    oldest: { doc: 10643, fields: payment6, rewrite: echeckAsAch },
    older: { doc: 10643, fields: payment6 },
    newer: { doc: 10643, fields: payment6 },
    newest: { doc: 10643, fields: payment6 },
  },
  'PATCH /accounts/:id/ip_assignments/:ip_assignment_id': {
    oldest: { doc: 6707, fields: ip10 },
    older: { doc: 6572 },
    newer: { doc: 6437 },
    newest: { doc: 6437 },
  },
  'POST /accounts/:account_id/tokenized_payment_method': {
    oldest: { doc: 9383, fields: payment6, rewrite: echeckAsAch },
    older: { doc: 9383, fields: payment6 },
    newer: { doc: 9218 },
    newest: { doc: 9218 },
  },
  'GET /accounts/:account_id/payment_methods': {
    oldest: { doc: 10167, fields: payment6, rewrite: echeckAsAch },
    older: { doc: 10167, fields: payment6 },
    newer: { doc: 10082 },
    newest: { doc: 10082 },
  },
  'POST /accounts/:id/ip_assignments': {
    oldest: { doc: 5890, fields: ip10 },
    older: { doc: 5890, fields: ip10 },
    newer: { doc: 5759 },
    newest: { doc: 5628 },
  },
  'GET /accounts/:id/ip_assignments': {
    oldest: { doc: 6175, fields: ip10 },
    older: { doc: 6175, fields: ip10 },
    newer: { doc: 6063 },
    newest: { doc: 6063 },
  },
  'POST /accounts/:account_id/contacts': {
    oldest: { doc: 2609, fields: contact8 },
    older: { doc: 2609, fields: contact8 },
    newer: { doc: 2483 },
    newest: { doc: 2483 },
  },
  'GET /accounts/:account_id/contacts': {
    oldest: { doc: 2860, fields: contact8 },
    older: { doc: 2860, fields: contact8 },
    newer: { doc: 2772 },
    newest: { doc: 2772 },
  },
  'GET /system/account_statuses': {
    oldest: { doc: 56283, fields: status4 },
    older: { doc: 56283, fields: status4 },
    newer: { doc: 56203 },
    newest: { doc: 56203 },
  },
};

/** Reshapes a 2xx answer of `METHOD pattern` as `version` answers it; other answers pass as they are. */
export function shapeAnswer(version: SonarVersion, key: string, response: SimResponse): SimResponse {
  const shape = answerShapes[key]?.[version];
  if (!shape || response.status < 200 || response.status >= 300) return response;
  const body = response.body as { data?: unknown } | undefined;
  if (!body || typeof body !== 'object' || !('data' in body)) return response;
  if (shape.data !== undefined) return { ...response, body: { ...body, data: shape.data } };
  const one = (record: unknown) => reshape(record, shape);
  const data = Array.isArray(body.data) ? body.data.map(one) : one(body.data);
  return { ...response, body: { ...body, data } };
}

function reshape(record: unknown, shape: AnswerShape): unknown {
  if (!record || typeof record !== 'object') return record;
  let out = record as Record<string, unknown>;
  if (shape.fields) out = Object.fromEntries(shape.fields.filter((f) => f in out).map((f) => [f, out[f]]));
  return shape.rewrite ? shape.rewrite(out) : out;
}

/**
 * The `sim --help` table: one row per endpoint whose answer changes, one column per version
 * (oldest first), each cell the doc line that version's answer follows.
 */
export function describeSonarVersions(): string[] {
  const rows = Object.entries(answerShapes);
  const width = Math.max(...rows.map(([key]) => key.length)) + 2;
  const header = ['endpoint'.padEnd(width), ...sonarVersions.map((v) => v.padEnd(8))].join('').trimEnd();
  return [
    header,
    ...rows.map(([key, shapes]) =>
      [key.padEnd(width), ...sonarVersions.map((v) => String(shapes[v].doc).padEnd(8))].join('').trimEnd(),
    ),
  ];
}

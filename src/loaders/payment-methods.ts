import type { z } from 'zod';
import type { StepName } from '../ground/types.js';
import { paymentMethodSchema, paymentMethodUpdateSchema } from '../sonar/schemas/index.js';
import {
  accountIdOf,
  firstUnclaimed,
  listAll,
  refNumber,
  sameNumber,
  sameText,
  stillListed,
} from './lookups.js';
import type { Step } from './types.js';

// Doc: "Account_Payment_Methods - Create account payment method from an existing token" (line 9218,
// the newer of two), "Get all" (line 10082), "Delete" (line 10032). Tokens never leave the payload:
// lookups match on what Sonar shows (type, identifier, expiry, name), never on the token.

/**
 * The body as Sonar wants it on the wire: a credit card's `expiration_month` as two digits, "07"
 * (doc ~9257: "a 2 digit expiration month"; the doc's examples show "09"). Staged as a number 1–12.
 */
export function wireBodyOf(payload: Record<string, unknown>): Record<string, unknown> {
  const month = payload.expiration_month;
  if (typeof month !== 'number') return payload;
  return { ...payload, expiration_month: String(month).padStart(2, '0') };
}

/** Sonar may answer "ach" for a bank account sent as "echeck" (doc ~10103): one type for lookups. */
export function sameMethodType(answered: unknown, sent: unknown): boolean {
  const kind = (t: unknown) => (t === 'ach' ? 'echeck' : t);
  return kind(answered) === kind(sent);
}

/** Whether a payment method Sonar lists is the one staged (its token is never listed). */
function sameMethod(m: z.infer<typeof paymentMethodSchema>, p: Record<string, unknown>): boolean {
  return (
    sameMethodType(m.type, p.type) &&
    sameText(m.identifier, p.identifier) &&
    // The older answers carry no name (doc lines 9383, 10167): nothing to compare then.
    (!('name_on_account' in m) || sameText(m.name_on_account, p.name_on_account)) &&
    (p.type !== 'credit card' ||
      (sameNumber(m.expiration_month, p.expiration_month) &&
        sameNumber(m.expiration_year, p.expiration_year)))
  );
}

/** A tokenized payment method step (credit cards or bank accounts share the endpoint). */
export function paymentMethodStep(
  name: StepName & ('credit_cards' | 'bank_accounts'),
  schema: z.ZodType,
): Step {
  return {
    name,
    dependsOn: ['accounts'],
    scope: 'account',
    schema,
    async create(client, record, ctx) {
      const accountId = accountIdOf(record);
      const method = await client.post(
        `/accounts/${accountId}/tokenized_payment_method`,
        wireBodyOf(record.payload),
        paymentMethodSchema,
        { signal: ctx.signal },
      );
      return { sonarId: String(method.id), sonarRef: { accountId, paymentMethodId: method.id } };
    },
    async find(client, record, ctx) {
      const accountId = accountIdOf(record);
      const methods = await listAll(
        client,
        `/accounts/${accountId}/payment_methods`,
        paymentMethodSchema,
        ctx.signal,
      );
      const found = firstUnclaimed(methods, ctx.claimed(name, record.accountKey), (m) =>
        sameMethod(m, record.payload),
      );
      return found ? { sonarId: String(found.id), sonarRef: { accountId, paymentMethodId: found.id } } : null;
    },
    // Line 10645: "If you need to modify a payment method, delete the existing one and create a
    // new one": a new token (no field named) or expiry is a replace.
    replaceWhen: (changed) => changed.length === 0 || changed.some((f) => f !== 'auto'),
    // Doc: "Update account payment method" (line 10643): only `auto` changes in place.
    updateSchema: paymentMethodUpdateSchema,
    async update(client, entry, body, ctx) {
      await client.patch(
        `/accounts/${entry.accountId}/payment_methods/${entry.sonarId}`,
        body,
        paymentMethodSchema,
        { signal: ctx.signal },
      );
    },
    async remove(client, entry) {
      const accountId = refNumber(entry.sonarRef, 'accountId', entry.legacyKey);
      await client.delete(`/accounts/${accountId}/payment_methods/${entry.sonarId}`);
    },
    present(client, entry) {
      // The delete's own path, read back (see stillListed).
      return stillListed(
        client,
        `/accounts/${refNumber(entry.sonarRef, 'accountId', entry.legacyKey)}/payment_methods/${entry.sonarId}`,
      );
    },
  };
}

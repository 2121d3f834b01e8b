import { accountServiceCreateCheck, accountServiceUpdateCheck } from '../checks/account-services.js';
import type { Route } from '../router.js';
import type { SimAccountService } from '../state.js';
import { accountRowReads, accountRows, requestedAccountRow } from './account-rows.js';
import { invalidField, mustGetAccount, ok, parseBody, route, SimRefusal, sonarSentence } from './respond.js';

// Doc: "Account_Services - Add a service to an account" (line 10840, the newest of six: it adds
// next_bill_date for multi-month services), "Get all" (line 11498: `id` is the service id),
// "Get individual" (line 12072), "Update" (line 12560), "Delete" (line 11442). Adding a recurring or expiring service adds
// it for future billing; a one-time or adjustment service creates a transaction instead.

/** A service on an account as Sonar answers it. */
export function presentAccountService(row: SimAccountService): Record<string, unknown> {
  return {
    id: row.service_id,
    number_of_times_billed: row.number_of_times_billed,
    price_override: row.price_override,
    price_override_reason: row.price_override_reason,
    package_id: null,
    unique_package_id: null,
    unique_service_relationship_id: row.id,
    name_override: row.name_override,
    quantity: row.quantity,
    next_bill_date: row.next_bill_date,
    metadata: row.metadata,
  };
}

const relationships = accountRows<SimAccountService>(
  '/accounts/:account_id/services/:unique_service_relationship_id',
  (state) => state.accountServices,
  { present: presentAccountService, what: 'service relationship' },
);

/** /accounts/:account_id/services endpoints. */
export const accountServiceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:account_id/services',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      const input = parseBody(accountServiceCreateCheck, req.body);
      const service = state.reference.services.find((s) => s.id === input.service_id);
      if (!service) {
        invalidField(
          'service_id',
          `${sonarSentence('service_id')} ${input.service_id} is not in /system/services.`,
        );
      }
      if (!service.active) {
        invalidField(
          'service_id',
          `Service ${service.id} (${service.name}) is inactive and cannot be added to accounts.`,
        );
      }
      const quantity = input.quantity ?? 1;
      if (service.type === 'one time' || service.type === 'adjustment') {
        if (service.type === 'adjustment' && input.amount === undefined) {
          invalidField('amount', 'The amount field is required when adding an adjustment service.');
        }
        const amount = service.type === 'adjustment' ? (input.amount ?? 0) : service.amount * quantity;
        state.transactions.insert({
          id: state.transactions.nextId(),
          account_id: account.id,
          service_id: service.id,
          description: input.description ?? service.name,
          amount,
          application: service.application,
        });
        return ok({ success: true }, 201);
      }
      if (input.amount !== undefined) {
        invalidField(
          'amount',
          `The amount is only valid for adjustment services; ${service.name} is ${service.type}.`,
        );
      }
      const months = service.billing_frequency_in_months ?? 1;
      if (input.next_bill_date !== undefined && months <= 1) {
        invalidField(
          'next_bill_date',
          `The next bill date is only valid for multi-month services; ${service.name} bills every month.`,
        );
      }
      const row = state.accountServices.insert({
        id: state.accountServices.nextId(),
        account_id: account.id,
        service_id: service.id,
        quantity,
        price_override: input.price_override ?? null,
        price_override_reason: input.price_override_reason ?? null,
        name_override: input.name_override ?? null,
        next_bill_date: input.next_bill_date ?? account.next_bill_date,
        number_of_times_billed: service.type === 'expiring' ? 0 : null,
        metadata: Object.fromEntries((input.service_metadata ?? []).map((m) => [String(m.id), m.value])),
      });
      return ok({ unique_service_relationship_id: row.id }, 201);
    }),
  },
  ...accountRowReads(relationships),
  {
    method: 'PATCH',
    pattern: '/accounts/:account_id/services/:unique_service_relationship_id',
    handler: route((req, state) => {
      const row = requestedAccountRow(relationships, req, state);
      const {
        prorate,
        service_metadata: metadata,
        ...input
      } = parseBody(accountServiceUpdateCheck, req.body);
      // Line 12595: prorate is "only valid if you are changing the quantity".
      if (prorate !== undefined && input.quantity === undefined) {
        invalidField('prorate', 'The prorate field is only valid when changing the quantity.');
      }
      const service = state.reference.services.find((s) => s.id === row.service_id);
      const months = service?.billing_frequency_in_months ?? 1;
      if (input.next_bill_date !== undefined && months <= 1) {
        // Line 12599: "Only valid for multi-month services".
        invalidField('next_bill_date', 'The next bill date is only valid for multi-month services.');
      }
      Object.assign(row, input);
      // Line 12562: setting price_override to null removes the override (and so its reason).
      if (input.price_override === null) row.price_override_reason = null;
      for (const m of metadata ?? []) row.metadata[String(m.id)] = m.value;
      return ok(presentAccountService(row));
    }),
  },
  {
    method: 'DELETE',
    pattern: '/accounts/:account_id/services/:unique_service_relationship_id',
    handler: route((req, state) => {
      const row = requestedAccountRow(relationships, req, state);
      const attached = state.dids.where('account', row.account_id, (d) => d.service_id === row.service_id);
      const others = state.accountServices.where(
        'account',
        row.account_id,
        (r) => r.service_id === row.service_id && r.id !== row.id,
      );
      if (attached.length > 0 && others.length === 0) {
        // Not in the doc: we refuse rather than orphan DIDs, so a rollback must unassign DIDs first.
        throw new SimRefusal(
          422,
          `This voice service has DIDs assigned (${attached.map((d) => d.did).join(', ')}): unassign them first.`,
        );
      }
      state.accountServices.delete(row.id);
      return ok({ success: true });
    }),
  },
];

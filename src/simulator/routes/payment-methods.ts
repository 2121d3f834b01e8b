import { paymentMethodCreateCheck, paymentMethodUpdateCheck } from '../checks/payment-methods.js';
import type { Route } from '../router.js';
import type { SimPaymentMethod, SimState } from '../state.js';
import { accountRowDelete, accountRowReads, accountRows, requestedAccountRow } from './account-rows.js';
import { mustGetAccount, ok, parseBody, route } from './respond.js';

// Doc: "Account_Payment_Methods - Create account payment method from an existing token" (line 9218,
// the newer of two), "Update" (line 10643), "Delete" (line 10032), "Get all" (line 10082), "Get individual" (line 10237).
// "Only one method can be set to auto-pay on an account": a new auto method demotes the old one.

/** A payment method as Sonar answers it: never the token, the card type or the processor profile. */
export function presentPaymentMethod(method: SimPaymentMethod): Record<string, unknown> {
  const {
    account_id: _a,
    token: _t,
    payment_processor_customer_profile_id: _p,
    card_type: _c,
    ...shown
  } = method;
  return shown;
}

const paymentMethods = accountRows<SimPaymentMethod>(
  '/accounts/:account_id/payment_methods/:payment_method_id',
  (state) => state.paymentMethods,
  { present: presentPaymentMethod, what: 'payment method' },
);

/** "Setting auto on a payment method will unset auto on any other payment methods" (line 10662). */
function keepOneAuto(state: SimState, method: SimPaymentMethod): void {
  if (!method.auto) return;
  for (const other of state.paymentMethods.where('account', method.account_id, (m) => m.id !== method.id)) {
    other.auto = false;
  }
}

/** /accounts/:account_id/tokenized_payment_method and /payment_methods endpoints. */
export const paymentMethodRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:account_id/tokenized_payment_method',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      const input = parseBody(paymentMethodCreateCheck, req.body);
      const card = input.type === 'credit card' ? input : undefined;
      const method = state.paymentMethods.insert({
        id: state.paymentMethods.nextId(),
        account_id: account.id,
        type: input.type,
        token: input.token,
        payment_processor_customer_profile_id: input.payment_processor_customer_profile_id ?? null,
        name_on_account: input.name_on_account,
        identifier: input.identifier,
        expiration_month: card?.expiration_month ?? null,
        expiration_year: card?.expiration_year ?? null,
        card_type: card?.card_type ?? null,
        auto: input.auto,
        line1: card?.line1 ?? null,
        city: card?.city ?? null,
        state: card?.state ?? null,
        zip: card?.zip ?? null,
        country: card?.country ?? null,
      });
      keepOneAuto(state, method);
      return ok(presentPaymentMethod(method), 201);
    }),
  },
  ...accountRowReads(paymentMethods),
  {
    method: 'PATCH',
    pattern: '/accounts/:account_id/payment_methods/:payment_method_id',
    handler: route((req, state) => {
      const method = requestedAccountRow(paymentMethods, req, state);
      method.auto = parseBody(paymentMethodUpdateCheck, req.body).auto;
      keepOneAuto(state, method);
      return ok(presentPaymentMethod(method));
    }),
  },
  accountRowDelete(paymentMethods, { success: true }),
];

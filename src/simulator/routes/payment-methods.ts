import { paymentMethodCreateCheck } from '../checks/payment-methods.js';
import type { Route } from '../router.js';
import type { SimPaymentMethod, SimState } from '../state.js';
import { mustGetAccount, notFound, ok, paginate, parseBody, route } from './respond.js';

// Doc: "Account_Payment_Methods - Create account payment method from an existing token" (line 9218,
// the newer of two), "Delete" (line 10032), "Get all" (line 10082), "Get individual" (line 10237).
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

function methodOf(state: SimState, accountId: number, raw: string | undefined): SimPaymentMethod {
  const method = state.paymentMethods.get(Number(raw));
  if (!method || method.account_id !== accountId) notFound(`payment method ${raw} on account ${accountId}`);
  return method;
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
      if (method.auto) {
        for (const other of state.paymentMethods.list(
          (m) => m.account_id === account.id && m.id !== method.id,
        )) {
          other.auto = false;
        }
      }
      return ok(presentPaymentMethod(method), 201);
    }),
  },
  {
    method: 'GET',
    pattern: '/accounts/:account_id/payment_methods',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      return paginate(
        req,
        state.paymentMethods.list((m) => m.account_id === account.id),
        presentPaymentMethod,
      );
    }),
  },
  {
    method: 'GET',
    pattern: '/accounts/:account_id/payment_methods/:payment_method_id',
    handler: route((req, state) =>
      ok(presentPaymentMethod(methodOf(state, mustGetAccount(state, req).id, req.params.payment_method_id))),
    ),
  },
  {
    method: 'DELETE',
    pattern: '/accounts/:account_id/payment_methods/:payment_method_id',
    handler: route((req, state) => {
      const method = methodOf(state, mustGetAccount(state, req).id, req.params.payment_method_id);
      state.paymentMethods.delete(method.id);
      return ok({ success: true });
    }),
  },
];

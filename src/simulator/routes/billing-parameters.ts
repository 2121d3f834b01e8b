import { billingParametersUpdateCheck } from '../checks/billing-parameters.js';
import type { Route } from '../router.js';
import type { SimBillingParameters, SimState } from '../state.js';
import { invalidField, mustGetAccount, ok, parseBody, route, sonarSentence } from './respond.js';

// Doc: "Account_Billing - Get/Update account billing parameters" (lines 551 and 1041, the newest).

/** The next date falling on `billDay` (1–28) after `today` (YYYY-MM-DD), as Sonar schedules billing. */
export function nextBillDate(today: string, billDay: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const month = d < billDay ? m - 1 : m;
  const date = new Date(Date.UTC(y, month, billDay));
  return date.toISOString().slice(0, 10);
}

/** Sonar's defaults for a new account (values of the doc's example, line 551). */
export function defaultBillingParameters(billDay: number): SimBillingParameters {
  return {
    bill_day: billDay,
    due_days: 10,
    grace_days: 3,
    grace_until: null,
    months_to_bill: 1,
    tax_exempt: false,
    print_invoice: false,
    separate_invoice_day_enabled: false,
    invoice_day: 1,
    auto_pay_days: 3,
    bill_mode: 'invoice',
    auto_pay_day: 'invoice',
    due_days_day: 'billing',
    switch_status_after_delinquency: false,
    days_of_delinquency_for_status_switch: null,
    delinquency_account_status_id: null,
  };
}

function parametersOf(state: SimState, accountId: number): SimBillingParameters {
  let params = state.billingParameters.get(accountId);
  if (!params) {
    params = defaultBillingParameters(Math.min(Number(state.today().slice(8, 10)), 28));
    state.billingParameters.set(accountId, params);
  }
  return params;
}

/** GET/PATCH /accounts/:id/billing_parameters. */
export const billingParameterRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/accounts/:id/billing_parameters',
    handler: route((req, state) => ok(parametersOf(state, mustGetAccount(state, req, 'id').id))),
  },
  {
    method: 'PATCH',
    pattern: '/accounts/:id/billing_parameters',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req, 'id');
      const body = parseBody(billingParametersUpdateCheck, req.body);
      if (body.delinquency_account_status_id !== undefined) {
        // Doc line 1041: "Must be an inactive status."
        const status = state.reference.account_statuses.find(
          (s) => s.id === body.delinquency_account_status_id,
        );
        if (!status) {
          invalidField(
            'delinquency_account_status_id',
            `${sonarSentence('delinquency_account_status_id')} ${body.delinquency_account_status_id} is not in /system/account_statuses.`,
          );
        }
        if (status.active) {
          invalidField(
            'delinquency_account_status_id',
            `The delinquency account status must be an inactive status: ${status.name} (${status.id}) is active.`,
          );
        }
      }
      const params = { ...parametersOf(state, account.id), ...body };
      state.billingParameters.set(account.id, params);
      // A new bill day moves the account's next bill date onto that day.
      if (body.bill_day !== undefined && account.next_bill_date !== null) {
        account.next_bill_date = nextBillDate(state.today(), body.bill_day);
      }
      return ok(params);
    }),
  },
];

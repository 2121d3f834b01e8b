import type { z } from 'zod';
import { bool, documentedBody, oneOf, recordId, wholeNumber, ymdDate } from './fields.js';

// Doc: "Account_Billing - Update account billing parameters" appears six times (lines 1041–1859).
// The newest (1041) lists every field without "optional"; every older copy marks them optional,
// which is what a partial update means: each field is optional, and typed as the doc types it.

const days = (field: string) => wholeNumber(field, 0);

/** PATCH /accounts/:id/billing_parameters (doc line 1041). */
export const billingParametersUpdateCheck = documentedBody({
  // "Sonar only allows 28 day billing" (doc line 16699).
  bill_day: wholeNumber('bill_day', 1, 28).optional(),
  due_days: days('due_days').optional(),
  grace_days: days('grace_days').optional(),
  grace_until: ymdDate('grace_until').nullable().optional(),
  months_to_bill: wholeNumber('months_to_bill', 1).optional(),
  tax_exempt: bool('tax_exempt').optional(),
  // Doc line 1078: a boolean; left out, "the system prorate default will be used".
  prorate: bool('prorate').optional(),
  print_invoice: bool('print_invoice').optional(),
  separate_invoice_day_enabled: bool('separate_invoice_day_enabled').optional(),
  // The doc gives no range: a day of the following month.
  invoice_day: wholeNumber('invoice_day', 1, 31).optional(),
  auto_pay_days: days('auto_pay_days').optional(),
  bill_mode: oneOf('bill_mode', ['invoice', 'statement']).optional(),
  auto_pay_day: oneOf('auto_pay_day', ['billing', 'invoice']).optional(),
  due_days_day: oneOf('due_days_day', ['billing', 'invoice']).optional(),
  switch_status_after_delinquency: bool('switch_status_after_delinquency').optional(),
  days_of_delinquency_for_status_switch: days('days_of_delinquency_for_status_switch').optional(),
  delinquency_account_status_id: recordId('delinquency_account_status_id').optional(),
});

/** A checked billing parameters body. */
export type BillingParametersInput = z.infer<typeof billingParametersUpdateCheck>;

import { z } from 'zod';
import { isoDate, requestObjectOptions, sonarIdOf } from './common.js';

// Doc: "Account_Billing - Update account billing parameters" appears three times (sonar-v1-api.txt
// lines 1041, 1244, 1420). The first is the newest and most complete (it adds the delinquency
// status switch) but lost the "optional" marks; the two older versions mark every field optional,
// which is what a partial update means, so every field is optional here.
// Zero and false are real values throughout: never drop them as "empty".

/** A whole number of days, zero allowed. */
function days(field: string) {
  const message = `${field} must be a whole number of days, 0 or more`;
  return z.number({ message }).int({ message }).nonnegative({ message });
}

/** Which date a count of days runs from, when separate_invoice_day_enabled is true. */
const countedFrom = (field: string) =>
  z.enum(['billing', 'invoice'], { message: `${field} must be "billing" or "invoice"` });

/** Body of PATCH /accounts/:id/billing_parameters (needs account superuser permission). */
export const billingParametersUpdateSchema = z.strictObject(
  {
    bill_day: z
      .number({ message: 'bill_day must be a whole number 1–28' })
      .int({ message: 'bill_day must be a whole number 1–28' })
      .min(1, { message: 'bill_day must be 1 or more' })
      .max(28, { message: 'bill_day must be 28 or less: Sonar bills on days 1–28' })
      .optional()
      .describe('The day of the month the account bills, 1–28.'),
    due_days: days('due_days').optional().describe('Days before an invoice becomes past due.'),
    grace_days: days('grace_days').optional().describe('Days after past due before penalties apply.'),
    grace_until: isoDate
      .nullable()
      .optional()
      .describe('Grace the account until this date, YYYY-MM-DD (overrides grace_days); null clears it.'),
    months_to_bill: z
      .number({ message: 'months_to_bill must be a whole number of months, 1 or more' })
      .int({ message: 'months_to_bill must be a whole number of months, 1 or more' })
      .min(1, { message: 'months_to_bill must be a whole number of months, 1 or more' })
      .optional()
      .describe('Months invoiced at a time, e.g. 6 for an invoice every 6 months.'),
    tax_exempt: z
      .boolean({ message: 'tax_exempt must be true or false' })
      .optional()
      .describe('Whether the account is tax exempt.'),
    prorate: z
      .boolean({ message: 'prorate must be true or false' })
      .optional()
      .describe('Prorate a bill_day change; default the system setting.'),
    print_invoice: z
      .boolean({ message: 'print_invoice must be true or false' })
      .optional()
      .describe('Whether the account receives a printed invoice.'),
    separate_invoice_day_enabled: z
      .boolean({ message: 'separate_invoice_day_enabled must be true or false' })
      .optional()
      .describe('Whether automatic invoices carry a different date than the billing day.'),
    // The doc gives no range; a day of the following month is 1–31.
    invoice_day: z
      .number({ message: 'invoice_day must be a day of the month, 1–31' })
      .int({ message: 'invoice_day must be a day of the month, 1–31' })
      .min(1, { message: 'invoice_day must be a day of the month, 1–31' })
      .max(31, { message: 'invoice_day must be a day of the month, 1–31' })
      .optional()
      .describe('With separate invoice days: the day of the following month automatic invoices show.'),
    auto_pay_days: days('auto_pay_days').optional().describe('Days after invoicing before auto pay charges.'),
    bill_mode: z
      .enum(['invoice', 'statement'], { message: 'bill_mode must be "invoice" or "statement"' })
      .optional()
      .describe('Whether the customer receives an invoice or a statement.'),
    auto_pay_day: countedFrom('auto_pay_day')
      .optional()
      .describe('Whether auto_pay_days counts from the billing date or the invoice date.'),
    due_days_day: countedFrom('due_days_day')
      .optional()
      .describe('Whether due_days counts from the billing date or the invoice date.'),
    switch_status_after_delinquency: z
      .boolean({ message: 'switch_status_after_delinquency must be true or false' })
      .optional()
      .describe('Whether to switch the account to an inactive status after days of delinquency.'),
    days_of_delinquency_for_status_switch: days('days_of_delinquency_for_status_switch')
      .optional()
      .describe('Days of delinquency before the status switch.'),
    delinquency_account_status_id: sonarIdOf('delinquency_account_status_id')
      .optional()
      .describe('The inactive account status to switch to, from /system/account_statuses.'),
  },
  requestObjectOptions,
);

/** Body of PATCH /accounts/:id/billing_parameters. */
export type BillingParametersUpdate = z.infer<typeof billingParametersUpdateSchema>;

/**
 * An account's billing parameters as Sonar returns them. The docs show six answers (lines 551,
 * 659, 752, 838, 917, 984), each older one with fewer fields; the tool reads them only to compare
 * the fields it sent, so every field may be missing (answers are read tolerantly, issue 12).
 */
export const billingParametersSchema = z.looseObject({
  bill_day: z.number().int().optional().describe('The day of the month the account bills.'),
});

/** An account's billing parameters: the fields this Sonar version shows, by name. */
export type BillingParameters = z.infer<typeof billingParametersSchema>;

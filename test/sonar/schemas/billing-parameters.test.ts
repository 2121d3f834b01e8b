import { describe, expect, test } from 'vitest';
import { billingParametersUpdateSchema } from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

describe('billingParametersUpdateSchema', () => {
  test('keeps zero and false as real values', () => {
    const parameters = {
      due_days: 0,
      grace_days: 0,
      auto_pay_days: 0,
      tax_exempt: false,
      print_invoice: false,
    };
    expect(billingParametersUpdateSchema.parse(parameters)).toEqual(parameters);
  });

  test('accepts every documented field', () => {
    const parameters = {
      bill_day: 28,
      due_days: 10,
      grace_days: 3,
      grace_until: null,
      months_to_bill: 6,
      tax_exempt: true,
      prorate: false,
      print_invoice: true,
      separate_invoice_day_enabled: true,
      invoice_day: 1,
      auto_pay_days: 3,
      bill_mode: 'statement',
      auto_pay_day: 'invoice',
      due_days_day: 'billing',
      switch_status_after_delinquency: true,
      days_of_delinquency_for_status_switch: 100,
      delinquency_account_status_id: 3,
    };
    expect(issuesOf(billingParametersUpdateSchema, parameters)).toEqual([]);
  });

  test('rejects bill_day 29 and 0', () => {
    expect(issuesOf(billingParametersUpdateSchema, { bill_day: 29 })).toEqual([
      { path: 'bill_day', message: 'bill_day must be 28 or less: Sonar bills on days 1–28' },
    ]);
    expect(issuesOf(billingParametersUpdateSchema, { bill_day: 0 })).toEqual([
      { path: 'bill_day', message: 'bill_day must be 1 or more' },
    ]);
  });

  test('rejects a bill_mode other than invoice or statement', () => {
    expect(issuesOf(billingParametersUpdateSchema, { bill_mode: 'email' })).toEqual([
      { path: 'bill_mode', message: 'bill_mode must be "invoice" or "statement"' },
    ]);
  });

  test('rejects negative or fractional day counts', () => {
    expect(issuesOf(billingParametersUpdateSchema, { due_days: -1, grace_days: 2.5 })).toEqual([
      { path: 'due_days', message: 'due_days must be a whole number of days, 0 or more' },
      { path: 'grace_days', message: 'grace_days must be a whole number of days, 0 or more' },
    ]);
  });

  test('rejects months_to_bill of 0', () => {
    expect(issuesOf(billingParametersUpdateSchema, { months_to_bill: 0 })).toEqual([
      { path: 'months_to_bill', message: 'months_to_bill must be a whole number of months, 1 or more' },
    ]);
  });

  test('rejects a tax_exempt written as text', () => {
    expect(issuesOf(billingParametersUpdateSchema, { tax_exempt: 'N' })).toEqual([
      { path: 'tax_exempt', message: 'tax_exempt must be true or false' },
    ]);
  });

  test('rejects auto_pay_day and due_days_day other than billing or invoice', () => {
    expect(issuesOf(billingParametersUpdateSchema, { auto_pay_day: 'due', due_days_day: 'x' })).toEqual([
      { path: 'auto_pay_day', message: 'auto_pay_day must be "billing" or "invoice"' },
      { path: 'due_days_day', message: 'due_days_day must be "billing" or "invoice"' },
    ]);
  });

  test('rejects a grace_until not written YYYY-MM-DD', () => {
    expect(issuesOf(billingParametersUpdateSchema, { grace_until: '1/2/2025' })).toEqual([
      { path: 'grace_until', message: 'date must be written YYYY-MM-DD, e.g. 2024-03-01' },
    ]);
  });

  test('rejects an invoice_day above 31', () => {
    expect(issuesOf(billingParametersUpdateSchema, { invoice_day: 32 })).toEqual([
      { path: 'invoice_day', message: 'invoice_day must be a day of the month, 1–31' },
    ]);
  });
});

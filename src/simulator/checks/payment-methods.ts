import { z } from 'zod';
import { bool, countryCode, documentedBody, oneOf, optionalText, text, wholeNumber } from './fields.js';

// Doc: "Account_Payment_Methods - Create account payment method from an existing token" appears
// twice (lines 9218 and 9383); the newer (9218) adds name_on_account and the card billing address.
// The stricter reading of the two is checked: name_on_account required for both types.

/** Card types (doc line 9267). */
const cardTypes = [
  'visaelectron',
  'maestro',
  'forbrugsforeningen',
  'dankort',
  'visa',
  'mastercard',
  'amex',
  'dinersclub',
  'discover',
  'unionpay',
  'jcb',
] as const;

const common = {
  payment_processor_customer_profile_id: optionalText('payment_processor_customer_profile_id'),
  token: text('token'),
  name_on_account: text('name_on_account'),
  // Doc line 9251: "This should be a maximum of 4 characters".
  identifier: text('identifier').refine((v) => v.length <= 4, {
    message: 'The identifier may not be greater than 4 characters.',
  }),
  auto: bool('auto'),
};

/**
 * "a 2 digit expiration month" (doc line 9259), shown as "09" in the doc's answer (line 9351). The
 * field is typed Number, but no number is written with two digits: the strict reading is the
 * two-digit text "01"–"12".
 */
const twoDigitMonth = z
  .string({ error: () => 'The expiration month must be 2 digits, e.g. "09".' })
  .regex(/^(0[1-9]|1[0-2])$/, { message: 'The expiration month must be 2 digits, e.g. "09".' });

const creditCard = documentedBody({
  type: z.literal('credit card'),
  ...common,
  // Doc line 9255: "a 4 digit expiration year".
  expiration_year: wholeNumber('expiration_year', 1000, 9999),
  expiration_month: twoDigitMonth,
  card_type: oneOf('card_type', cardTypes),
  // Doc lines 9271–9285: the billing address is "Only required if type is credit card".
  line1: text('line1'),
  city: text('city'),
  state: text('state'),
  zip: text('zip'),
  country: countryCode(),
});

// For an echeck the card fields are not accepted: the doc ties each to credit cards only.
const echeck = documentedBody({ type: z.literal('echeck'), ...common });

/** POST /accounts/:account_id/tokenized_payment_method ("Allowed values: credit card, echeck", doc line 9247). */
export const paymentMethodCreateCheck = z.discriminatedUnion('type', [creditCard, echeck], {
  error: (issue) => (issue.code === 'invalid_union' ? 'The selected type is not valid.' : undefined),
});

/** A checked payment method body. */
export type PaymentMethodInput = z.infer<typeof paymentMethodCreateCheck>;

/**
 * PATCH /accounts/:account_id/payment_methods/:payment_method_id ("Update account payment method",
 * line 10643, one copy): `auto` alone, not marked optional. "If you need to modify a payment
 * method, delete the existing one and create a new one": anything else is refused.
 */
export const paymentMethodUpdateCheck = documentedBody({ auto: bool('auto') });

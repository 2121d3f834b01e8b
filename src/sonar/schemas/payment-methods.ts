import { z } from 'zod';
import { countryCode, missingOr, requestObjectOptions, requiredText } from './common.js';

// Doc: "Account_Payment_Methods - Create account payment method from an existing token" appears
// twice (sonar-v1-api.txt lines 9218 and 9383). We follow the first, the newest and most complete:
// it adds name_on_account and the card billing address (line1, city, state, zip, country).
// Only tokenized methods are modelled: sonar-migrate never handles raw card or bank numbers.

/** Card types Sonar accepts (doc line 9245). */
export const cardTypes = [
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

/** A card type Sonar accepts. */
export type CardType = (typeof cardTypes)[number];

// The token is a secret: no message here ever echoes its value.
const token = requiredText('token').describe(
  'The payment processor token of the card or bank account (secret).',
);

const commonFields = {
  payment_processor_customer_profile_id: z
    .string({ message: 'payment_processor_customer_profile_id must be text' })
    .optional()
    .describe('The customer id at the payment processor, when the processor needs one.'),
  token,
  name_on_account: requiredText('name_on_account').describe('The name on the card or bank account.'),
  identifier: requiredText('identifier')
    .max(4, { message: 'identifier must be at most 4 characters: give only the last digits, e.g. 1111' })
    .describe('The last few digits of the card or account number, at most 4 characters.'),
  auto: z
    .boolean({ error: missingOr('auto', 'true or false') })
    .describe('Whether this method is charged automatically (auto pay).'),
};

/** Body of POST /accounts/:account_id/tokenized_payment_method for a credit card. */
export const creditCardCreateSchema = z.strictObject(
  {
    type: z.literal('credit card').describe('The type of payment method: "credit card".'),
    ...commonFields,
    expiration_year: z
      .number({ error: missingOr('expiration_year', 'a 4-digit year, e.g. 2027') })
      .int({ message: 'expiration_year must be a 4-digit year, e.g. 2027' })
      .min(1000, { message: 'expiration_year must be a 4-digit year, e.g. 2027' })
      .max(9999, { message: 'expiration_year must be a 4-digit year, e.g. 2027' })
      .describe('The card expiration year, 4 digits, e.g. 2027.'),
    // Staged as a number; the loader sends it as two digits, "07" (doc ~9257), so the two-digit
    // text reads back as the same month.
    expiration_month: z
      .preprocess(
        (v) => (typeof v === 'string' && /^(0[1-9]|1[0-2])$/.test(v) ? Number(v) : v),
        z
          .number({ error: missingOr('expiration_month', 'a month number 1–12') })
          .int({ message: 'expiration_month must be a month number 1–12' })
          .min(1, { message: 'expiration_month must be a month number 1–12' })
          .max(12, { message: 'expiration_month must be a month number 1–12' }),
      )
      .describe('The card expiration month, 1 (January) to 12 (December).'),
    card_type: z
      .enum(cardTypes, { message: `card_type must be one of ${cardTypes.join(', ')}` })
      .describe(`The card type: one of ${cardTypes.join(', ')}.`),
    line1: requiredText('line1').describe('The first line of the card billing address.'),
    city: requiredText('city').describe('The city of the card billing address.'),
    state: requiredText('state').describe('The state or province of the card billing address.'),
    zip: requiredText('zip').describe('The ZIP or postal code of the card billing address.'),
    country: countryCode,
  },
  requestObjectOptions,
);

/** A tokenized credit card to create. */
export type CreditCardCreate = z.infer<typeof creditCardCreateSchema>;

/** Body of POST /accounts/:account_id/tokenized_payment_method for a bank account (echeck). */
export const bankAccountCreateSchema = z.strictObject(
  {
    type: z.literal('echeck').describe('The type of payment method: "echeck".'),
    ...commonFields,
  },
  requestObjectOptions,
);

/** A tokenized bank account to create. */
export type BankAccountCreate = z.infer<typeof bankAccountCreateSchema>;

/** Body of POST /accounts/:account_id/tokenized_payment_method: a credit card or an echeck. */
export const paymentMethodCreateSchema = z.discriminatedUnion(
  'type',
  [creditCardCreateSchema, bankAccountCreateSchema],
  {
    error: (issue) => (issue.code === 'invalid_union' ? 'type must be "credit card" or "echeck"' : undefined),
  },
);

/** A tokenized payment method to create. */
export type PaymentMethodCreate = z.infer<typeof paymentMethodCreateSchema>;

/**
 * Body of PATCH /accounts/:account_id/payment_methods/:payment_method_id ("Update account payment
 * method", line 10643, the only copy): "the only thing that can be changed is whether or not the
 * payment method is an auto-pay method" — a new token or expiry is a delete and a create.
 */
export const paymentMethodUpdateSchema = z.strictObject({ auto: commonFields.auto }, requestObjectOptions);

/** Body of PATCH /accounts/:account_id/payment_methods/:payment_method_id. */
export type PaymentMethodUpdate = z.infer<typeof paymentMethodUpdateSchema>;

/** A payment method as Sonar returns it (doc line 9283; "ach" appears only in answers). */
export const paymentMethodSchema = z.looseObject({
  id: z.number().int().describe('The id of the payment method.'),
  name_on_account: z.string().optional().describe('The name on the card or bank account.'),
  type: z.enum(['credit card', 'echeck', 'ach']).describe('The type of payment method.'),
  identifier: z.string().describe('The last digits of the card or account number.'),
  // The doc's example answers "09" (a string) although the field is documented as a number.
  expiration_month: z
    .union([z.number(), z.string()])
    .nullable()
    .optional()
    .describe('Expiration month, 1–12.'),
  expiration_year: z
    .union([z.number(), z.string()])
    .nullable()
    .optional()
    .describe('Expiration year, 4 digits.'),
  auto: z.boolean().optional().describe('Whether this is the auto-pay method.'),
  line1: z.string().nullable().optional().describe('Line 1 of the card billing address.'),
  city: z.string().nullable().optional().describe('City of the card billing address.'),
  state: z.string().nullable().optional().describe('State or province of the card billing address.'),
  zip: z.string().nullable().optional().describe('ZIP or postal code of the card billing address.'),
  country: z.string().nullable().optional().describe('Country of the card billing address.'),
});

/** A payment method record. */
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

import { z } from 'zod';
import {
  emailAddress,
  emailMessageCategories,
  missingOr,
  phoneNumbersSchema,
  requestObjectOptions,
  requiredText,
} from './common.js';

// Doc: "Account_Contacts - Create account contact" appears twice (sonar-v1-api.txt lines 2483 and
// 2609); the first is newest (it adds the portal username/password) and we follow it. Same for
// update (lines 3092 and 3222).

/** Portal credentials come in pairs: a username needs a password and vice versa (doc line 2513). */
function checkCredentialsPair(value: { username?: string; password?: string }, ctx: z.RefinementCtx) {
  if (value.username !== undefined && value.password === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['password'],
      message: 'password is required when username is set (customer portal login)',
    });
  }
  if (value.password !== undefined && value.username === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['username'],
      message: 'username is required when password is set (customer portal login)',
    });
  }
}

const username = requiredText('username').describe('A username for the customer portal.');
// The password is a secret: its messages never echo the value.
const password = z
  .string({ message: 'password must be text' })
  .min(1, { message: 'password must not be empty' })
  .describe('A password for the customer portal (never logged).');

/** Body of POST /accounts/:account_id/contacts. */
export const contactCreateSchema = z
  .strictObject(
    {
      name: requiredText('name').describe('The name of the contact.'),
      role: z.string().optional().describe('The role of the contact, e.g. Accountant.'),
      email_address: emailAddress.optional(),
      phone_numbers: phoneNumbersSchema.optional(),
      email_message_categories: emailMessageCategories,
      primary: z
        .boolean({ error: missingOr('primary', 'true or false') })
        .describe('Whether this is the primary contact (only one per account).'),
      username: username.optional(),
      password: password.optional(),
    },
    requestObjectOptions,
  )
  .superRefine(checkCredentialsPair);

/** Body of POST /accounts/:account_id/contacts. */
export type ContactCreate = z.infer<typeof contactCreateSchema>;

/** Body of PATCH /accounts/:account_id/contacts/:contact_id. */
export const contactUpdateSchema = z.strictObject(
  {
    name: requiredText('name').optional().describe('The name of the contact.'),
    role: z.string().optional().describe('The role of the contact.'),
    email_address: emailAddress.optional(),
    phone_numbers: phoneNumbersSchema.optional(),
    email_message_categories: emailMessageCategories.optional(),
    primary: z
      .boolean({ message: 'primary must be true or false' })
      .optional()
      .describe('Whether this is the primary contact.'),
    username: username.optional(),
    // Doc line 3121: required only if the contact has no username yet, which a payload cannot know.
    password: password.optional(),
  },
  requestObjectOptions,
);

/** Body of PATCH /accounts/:account_id/contacts/:contact_id. */
export type ContactUpdate = z.infer<typeof contactUpdateSchema>;

const phoneRecordSchema = z.looseObject({
  number: z.string(),
  extension: z.union([z.number(), z.string()]).nullable().optional(),
});

/** A contact as Sonar returns it (never with the password). */
export const contactSchema = z.looseObject({
  id: z.number().int().describe('The id of the contact.'),
  name: z.string().describe('The name of the contact.'),
  role: z.string().nullable().optional().describe('The role of the contact.'),
  email_address: z.string().nullable().optional().describe('The email address of the contact.'),
  phone_numbers: z
    .union([z.record(z.string(), phoneRecordSchema), z.array(z.never())])
    .optional()
    .describe('Phone numbers keyed by work, home, mobile or fax.'),
  email_message_categories: z
    .array(z.number().int())
    .optional()
    .describe('Email category ids the contact receives.'),
  primary: z.boolean().optional().describe('Whether this is the primary contact.'),
  username: z.string().nullable().optional().describe('The customer portal username.'),
});

/** A contact record. */
export type Contact = z.infer<typeof contactSchema>;

import { z } from 'zod';
import { bool, documentedBody, email, idList, optionalText, phoneNumbers, text } from './fields.js';

// Doc: "Account_Contacts - Create account contact" appears twice (lines 2483, 2609; the newer adds
// the portal username and password), "Update account contact" twice (lines 3092, 3222).

/** The customer portal's login fields, which come together or not at all. */
const portalLogin = ['username', 'password'] as const;

/** A portal username needs a password with it (doc line 2520–2524: both for the customer portal). */
function credentialsTogether(value: { username?: string; password?: string }, ctx: z.RefinementCtx) {
  if ((value.username === undefined) !== (value.password === undefined)) {
    // Exactly one of the two is there: the other is the one missing.
    const [user, secret] = portalLogin;
    const [missing, given] = value.username === undefined ? [user, secret] : [secret, user];
    ctx.addIssue({
      code: 'custom',
      path: [missing],
      message: `The ${missing} field is required when ${given} is present.`,
    });
  }
}

const password = z.string({ error: () => 'The password must be a string.' }).min(1, {
  message: 'The password field is required.',
});

/** POST /accounts/:account_id/contacts (doc line 2483). */
export const contactCreateCheck = documentedBody({
  name: text('name'),
  role: optionalText('role'),
  email_address: email('email_address').optional(),
  phone_numbers: phoneNumbers.optional(),
  email_message_categories: idList('email_message_categories'),
  primary: bool('primary'),
  username: text('username').optional(),
  password: password.optional(),
}).superRefine(credentialsTogether);

/** PATCH /accounts/:account_id/contacts/:contact_id (doc line 3092: every field optional). */
export const contactUpdateCheck = documentedBody({
  name: text('name').optional(),
  role: optionalText('role'),
  email_address: email('email_address').optional(),
  phone_numbers: phoneNumbers.optional(),
  email_message_categories: idList('email_message_categories').optional(),
  primary: bool('primary').optional(),
  username: text('username').optional(),
  password: password.optional(),
});

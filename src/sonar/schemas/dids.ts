import { z } from 'zod';
import { missingOr, requestObjectOptions, sonarIdOf } from './common.js';

// Doc: "DIDs - Mass add DIDs" (sonar-v1-api.txt line 20934) and "Account_DIDs - Assign a DID to an
// account" (line 3340); each appears once.

/** Most DIDs one mass-add request may carry: the doc says import 5,000 at a time (line 20936). */
export const maxDidsPerRequest = 5000;

/** A DID: exactly 10 digits, the only length Sonar supports (doc line 20936). */
export const did = z
  .string({ error: missingOr('did', 'text of exactly 10 digits, e.g. "7155551234"') })
  .regex(/^\d{10}$/, {
    message:
      'DID must be exactly 10 digits (no spaces, dashes or leading 1/+1): Sonar only supports 10-digit DIDs',
  })
  .describe('A 10-digit DID, e.g. 7155551234.');

/** Body of POST /system/voice/dids: add unassigned DIDs to the inventory of a rate center. */
export const didInventoryCreateSchema = z.strictObject(
  {
    dids: z
      .array(did, { error: missingOr('dids', 'a list of 10-digit DIDs') })
      .min(1, { message: 'dids must list at least one DID' })
      .max(maxDidsPerRequest, {
        message: `dids lists more than ${maxDidsPerRequest} DIDs: Sonar takes at most ${maxDidsPerRequest} per request, split the batch`,
      })
      .superRefine((list, ctx) => {
        // Doc line 20966: "Your submission contains duplicate DIDs. All DIDs must be unique."
        const seen = new Set<string>();
        list.forEach((value, index) => {
          if (seen.has(value)) {
            ctx.addIssue({
              code: 'custom',
              path: [index],
              message: `DID ${value} appears twice in the batch: Sonar rejects a batch with duplicate DIDs`,
            });
          }
          seen.add(value);
        });
      })
      .describe('The 10-digit DIDs to add, at most 5,000, no duplicates.'),
    rate_center_id: sonarIdOf('rate_center_id').describe(
      'The rate center to add the DIDs to, from /system/voice/rate_centers.',
    ),
  },
  requestObjectOptions,
);

/** Body of POST /system/voice/dids. */
export type DidInventoryCreate = z.infer<typeof didInventoryCreateSchema>;

/** What a DID mass-add answers. */
export const didInventoryCreatedSchema = z.looseObject({
  // Never read: a 2xx is the answer; tolerated when missing.
  success: z.boolean().optional().describe('True when the DIDs were added.'),
});

/** Body of POST /accounts/:account_id/dids: assign an inventoried DID to a voice service on the account. */
export const didCreateSchema = z.strictObject(
  {
    did: did.describe('The 10-digit DID to assign; it must already be in the inventory.'),
    service_id: sonarIdOf('service_id').describe('The voice service on the account to attach the DID to.'),
  },
  requestObjectOptions,
);

/** Body of POST /accounts/:account_id/dids. */
export type DidCreate = z.infer<typeof didCreateSchema>;

/** A DID as Sonar returns it, assigned or not (doc lines 3340, 20795). */
export const didSchema = z.looseObject({
  id: z.number().int().describe('The id of the DID.'),
  did: z.string().describe('The DID.'),
  account_id: z.number().int().nullable().optional().describe('The account it is assigned to, or null.'),
  service_id: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('The voice service it is attached to, or null.'),
  rate_center_id: z.number().int().nullable().describe('The rate center of the DID.'),
});

/** A DID record. */
export type Did = z.infer<typeof didSchema>;

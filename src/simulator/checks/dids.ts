import { z } from 'zod';
import { documentedBody, recordId } from './fields.js';

// Doc: "DIDs - Mass add DIDs" (line 20934) and "Account_DIDs - Assign a DID to an account"
// (line 3340), one copy each.

/** "Sonar currently only supports 10 digit DIDs" (doc line 20936). */
const tenDigits = z
  .string({ error: () => 'The did must be a string of 10 digits.' })
  .regex(/^\d{10}$/, { message: 'Sonar currently only supports 10 digit DIDs.' });

/** "import 5000 at a time" (doc line 20936). */
const perRequest = 5000;

/** POST /system/voice/dids (doc line 20934). */
export const didInventoryCreateCheck = documentedBody({
  dids: z
    .array(tenDigits, { error: () => 'The dids field is required.' })
    .min(1, { message: 'The dids field is required.' })
    .max(perRequest, { message: `Import at most ${perRequest} DIDs at a time.` })
    .superRefine((list, ctx) => {
      // Doc line 20987: "Your submission contains duplicate DIDs. All DIDs must be unique."
      if (new Set(list).size !== list.length) {
        ctx.addIssue({
          code: 'custom',
          message: 'Your submission contains duplicate DIDs. All DIDs must be unique.',
        });
      }
    }),
  rate_center_id: recordId('rate_center_id'),
});

/** POST /accounts/:account_id/dids (doc line 3340). */
export const didAssignCheck = documentedBody({
  did: tenDigits,
  service_id: recordId('service_id'),
});

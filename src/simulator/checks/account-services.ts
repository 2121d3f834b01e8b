import { z } from 'zod';
import { bool, documentedBody, optionalText, recordId, wholeNumber, ymdDate } from './fields.js';

// Doc: "Account_Services - Add a service to an account" appears six times (lines 10840–11270). The
// newest (10840) is followed: it alone documents next_bill_date and service_metadata. The two
// oldest list prorate and amount without "optional" (11196, 11270) while every newer copy marks
// both optional; the newer reading is taken because an older Sonar documents nothing stricter it
// enforces for a recurring service, and `amount` is refused for anything but an adjustment (route).

/** POST /accounts/:account_id/services (doc line 10840). */
export const accountServiceCreateCheck = documentedBody({
  service_id: recordId('service_id'),
  description: optionalText('description'),
  quantity: wholeNumber('quantity', 1).optional(),
  // Doc line 10867: a boolean; left out, the instance's default applies (super users only).
  prorate: bool('prorate').optional(),
  amount: z.number({ error: () => 'The amount must be a number.' }).optional(),
  price_override: z.number({ error: () => 'The price override must be a number.' }).optional(),
  price_override_reason: optionalText('price_override_reason'),
  name_override: optionalText('name_override'),
  next_bill_date: ymdDate('next_bill_date').optional(),
  service_metadata: z
    .array(
      documentedBody({
        id: recordId('service_metadata.id'),
        value: z.union([z.string(), z.number()], {
          error: () => 'The service metadata value must be a string or a number.',
        }),
      }),
      { error: () => 'The service_metadata must be an array.' },
    )
    .optional(),
});

/**
 * PATCH /accounts/:account_id/services/:unique_service_relationship_id ("Update account service",
 * six copies, lines 12560–13132). The newest (12560) is followed: every field optional, quantity
 * "1 or greater" (12591), next_bill_date and service_metadata. The oldest copy (13132) lists
 * price_override and its reason without "optional"; every newer one marks them optional, and a
 * quantity-only change is documented since 12926, so the newer reading is taken. "To remove a
 * price override ... set the price_override property to null": null is accepted there only.
 */
export const accountServiceUpdateCheck = documentedBody({
  price_override: z
    .number({ error: () => 'The price override must be a number.' })
    .nullable()
    .optional(),
  price_override_reason: optionalText('price_override_reason'),
  name_override: optionalText('name_override'),
  quantity: wholeNumber('quantity', 1).optional(),
  prorate: bool('prorate').optional(),
  next_bill_date: ymdDate('next_bill_date').optional(),
  service_metadata: accountServiceCreateCheck.shape.service_metadata,
});

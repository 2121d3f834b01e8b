import { z } from 'zod';
import { missingOr, requestObjectOptions, requiredText, sonarId } from './common.js';

// Doc: /work/shared/sonar-api/sonar-v1-radius-groups.txt (version 0.4.3), endpoints under
// /network/provisioning/radius_groups.

/** The tri-state filters of a RADIUS group: 1 only if true, 2 only if false, 3 not checked. */
function triState(field: string, whenOne: string, whenTwo: string) {
  const message = `${field} must be 1 (only ${whenOne}), 2 (only ${whenTwo}) or 3 (not checked)`;
  return z.union([z.literal(1), z.literal(2), z.literal(3)], { message });
}

/** RADIUS reply attribute operators Sonar accepts. */
export const radiusOperators = ['=', ':=', '+='] as const;

const groupFields = {
  name: requiredText('name').describe('The name of the RADIUS group (unique in Sonar).'),
  priority: z
    .number({ error: missingOr('priority', 'a whole number') })
    .int({ message: 'priority must be a whole number' })
    .describe('The priority of the RADIUS group.'),
  delinquent: triState('delinquent', 'delinquent accounts', 'accounts not delinquent')
    .optional()
    .describe('1: only delinquent accounts, 2: only non-delinquent, 3: not checked (default).'),
  active: triState('active', 'accounts with an active status', 'accounts with an inactive status')
    .optional()
    .describe('1: only active statuses, 2: only inactive statuses, 3: not checked (default).'),
  fall_through: z
    .boolean({ message: 'fall_through must be true or false' })
    .optional()
    .describe('Whether fall-through is enabled; default false.'),
  account_groups: z.array(sonarId).optional().describe('Account group ids related to the group.'),
  account_types: z.array(sonarId).optional().describe('Account type ids related to the group.'),
  services: z.array(sonarId).optional().describe('Data service ids related to the group.'),
  account_statuses: z.array(sonarId).optional().describe('Account status ids related to the group.'),
};

/** Body of POST /network/provisioning/radius_groups. */
export const radiusGroupCreateSchema = z.strictObject(groupFields, requestObjectOptions);

/** Body of POST /network/provisioning/radius_groups. */
export type RadiusGroupCreate = z.infer<typeof radiusGroupCreateSchema>;

/** Body of PATCH /network/provisioning/radius_groups/:id (every field optional). */
export const radiusGroupUpdateSchema = z.strictObject(
  { ...groupFields, name: groupFields.name.optional(), priority: groupFields.priority.optional() },
  requestObjectOptions,
);

/** Body of PATCH /network/provisioning/radius_groups/:id. */
export type RadiusGroupUpdate = z.infer<typeof radiusGroupUpdateSchema>;

/** A RADIUS group as Sonar returns it. */
export const radiusGroupSchema = z.looseObject({
  id: z.number().int().describe('The id of the RADIUS group.'),
  name: z.string().describe('The name of the RADIUS group.'),
  priority: z.number().int().describe('The priority of the group.'),
  delinquent: z.number().int().describe('Delinquency filter: 1, 2 or 3.'),
  active: z.number().int().describe('Active-status filter: 1, 2 or 3.'),
  fall_through: z.boolean().describe('Whether fall-through is enabled.'),
  account_groups: z.array(z.number().int()).describe('Related account group ids.'),
  account_types: z.array(z.number().int()).describe('Related account type ids.'),
  services: z.array(z.number().int()).describe('Related data service ids.'),
  account_statuses: z.array(z.number().int()).describe('Related account status ids.'),
});

/** A RADIUS group record. */
export type RadiusGroup = z.infer<typeof radiusGroupSchema>;

const attributeFields = {
  attribute: requiredText('attribute').describe('The RADIUS attribute name, e.g. Mikrotik-Rate-Limit.'),
  operator: z
    .enum(radiusOperators, { message: 'operator must be one of =, := or +=' })
    .describe('The attribute operator: =, := or +=.'),
  reply: requiredText('reply').describe('The reply value of the attribute.'),
};

/** Body of POST /network/provisioning/radius_groups/:id/attributes. */
export const radiusAttributeCreateSchema = z.strictObject(attributeFields, requestObjectOptions);

/** Body of POST /network/provisioning/radius_groups/:id/attributes. */
export type RadiusAttributeCreate = z.infer<typeof radiusAttributeCreateSchema>;

/** Body of PATCH /network/provisioning/radius_groups/:id/attributes/:attribute_id. */
export const radiusAttributeUpdateSchema = z.strictObject(
  {
    attribute: attributeFields.attribute.optional(),
    operator: attributeFields.operator.optional(),
    reply: attributeFields.reply.optional(),
  },
  requestObjectOptions,
);

/** Body of PATCH /network/provisioning/radius_groups/:id/attributes/:attribute_id. */
export type RadiusAttributeUpdate = z.infer<typeof radiusAttributeUpdateSchema>;

/** A RADIUS reply attribute as Sonar returns it. */
export const radiusAttributeSchema = z.looseObject({
  id: z.number().int().describe('The id of the attribute.'),
  attribute: z.string().describe('The attribute name.'),
  operator: z.string().describe('The operator.'),
  reply: z.string().describe('The reply value.'),
});

/** A RADIUS reply attribute record. */
export type RadiusAttribute = z.infer<typeof radiusAttributeSchema>;

/**
 * A staged RADIUS group: the group create body plus its reply attributes carried alongside (the
 * radius_groups step strips `attributes` before the group POST and sends each one after it). An
 * attribute appears once per group, as Sonar requires.
 */
export const radiusGroupStagedSchema = z
  .strictObject(
    {
      ...groupFields,
      attributes: z
        .array(radiusAttributeCreateSchema)
        .min(1, { message: 'a RADIUS group needs at least one reply attribute' })
        .describe('The reply attributes of the group (radgroupreply rows).'),
    },
    requestObjectOptions,
  )
  .superRefine((value, ctx) => {
    const seen = new Set<string>();
    value.attributes.forEach((a, index) => {
      const name = a.attribute.toLowerCase();
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['attributes', index, 'attribute'],
          message: `attribute ${a.attribute} is duplicated: Sonar allows each attribute once per group`,
        });
      }
      seen.add(name);
    });
  });

/** A staged RADIUS group: the create body and its reply attributes. */
export type RadiusGroupStaged = z.infer<typeof radiusGroupStagedSchema>;

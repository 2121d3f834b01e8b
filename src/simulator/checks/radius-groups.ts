import { z } from 'zod';
import { bool, documentedBody, idList, oneOf, text } from './fields.js';

// Doc: sonar-v1-radius-groups.txt (version 0.4.3): "Create a new RADIUS group" (line 3), "Update
// RADIUS group" (line 602), "Create a new reply attribute" (line 133), "Update reply attribute".

/** 1, 2 or 3 (lines 33–41): only when true, only when false, not checked. */
function triState(field: string) {
  return z.union([z.literal(1), z.literal(2), z.literal(3)], {
    error: () => `The ${field} must be 1, 2 or 3.`,
  });
}

const priority = z
  .number({
    error: (issue) =>
      issue.input === undefined ? 'The priority field is required.' : 'The priority must be an integer.',
  })
  .int({ message: 'The priority must be an integer.' });

const groupFields = {
  name: text('name'),
  priority,
  delinquent: triState('delinquent').optional(),
  active: triState('active').optional(),
  fall_through: bool('fall_through').optional(),
  account_groups: idList('account_groups').optional(),
  account_types: idList('account_types').optional(),
  services: idList('services').optional(),
  account_statuses: idList('account_statuses').optional(),
};

/** POST /network/provisioning/radius_groups (line 3: name and priority required). */
export const radiusGroupCreateCheck = documentedBody(groupFields);

/** PATCH /network/provisioning/radius_groups/:id (line 602: every field optional). */
export const radiusGroupUpdateCheck = documentedBody({
  ...groupFields,
  name: groupFields.name.optional(),
  priority: priority.optional(),
});

/** "Allowed values: "=", ":=", "+="" (line 157). */
const operator = oneOf('operator', ['=', ':=', '+=']);

/** POST /network/provisioning/radius_groups/:id/attributes (line 133). */
export const radiusAttributeCreateCheck = documentedBody({
  attribute: text('attribute'),
  operator,
  reply: text('reply'),
});

/** PATCH /network/provisioning/radius_groups/:id/attributes/:attribute_id: every field optional. */
export const radiusAttributeUpdateCheck = documentedBody({
  attribute: text('attribute').optional(),
  operator: operator.optional(),
  reply: text('reply').optional(),
});

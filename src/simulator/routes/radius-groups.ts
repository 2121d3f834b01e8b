import {
  radiusAttributeCreateCheck,
  radiusAttributeUpdateCheck,
  radiusGroupCreateCheck,
  radiusGroupUpdateCheck,
} from '../checks/radius-groups.js';
import type { Route } from '../router.js';
import type { SimRadiusAttribute, SimRadiusGroup, SimState } from '../state.js';
import { invalidField, ok, paginate, parseBody, route, SimRefusal, sonarSentence } from './respond.js';

// Doc: /work/shared/sonar-api/sonar-v1-radius-groups.txt (version 0.4.3). Group names are unique
// ("The RADIUS group name has already been taken."); an attribute may appear once per group.

const BASE = '/network/provisioning/radius_groups';

function groupOf(state: SimState, raw: string | undefined): SimRadiusGroup {
  const group = state.radiusGroups.get(Number(raw));
  // The doc nests this 404's message one level deeper than elsewhere; we follow it.
  if (!group) throw new SimRefusal(404, { message: `RADIUS group does not exist. (id ${raw})` });
  return group;
}

function attributeOf(state: SimState, groupId: number, raw: string | undefined): SimRadiusAttribute {
  const attribute = state.radiusAttributes.get(Number(raw));
  if (!attribute || attribute.radius_group_id !== groupId) {
    throw new SimRefusal(404, {
      message: `RADIUS reply attribute does not exist. (id ${raw} in group ${groupId})`,
    });
  }
  return attribute;
}

interface GroupRefs {
  name?: string;
  account_groups?: number[];
  account_types?: number[];
  services?: number[];
  account_statuses?: number[];
}

function checkGroup(state: SimState, input: GroupRefs, selfId: number): void {
  if (
    input.name !== undefined &&
    state.radiusGroups.list((g) => g.name === input.name && g.id !== selfId).length
  ) {
    invalidField('name', `The RADIUS group name has already been taken. ("${input.name}")`);
  }
  const { account_groups, account_types, services, account_statuses } = state.reference;
  const lists = [
    ['account_groups', input.account_groups, account_groups],
    ['account_types', input.account_types, account_types],
    ['services', input.services, services.filter((s) => s.data_service)],
    ['account_statuses', input.account_statuses, account_statuses],
  ] as const;
  for (const [field, ids, known] of lists) {
    const bad = ids?.find((id) => !known.some((k) => k.id === id));
    if (bad !== undefined) invalidField(field, `${sonarSentence(field)} ${bad} is not known to this Sonar.`);
  }
}

function checkAttribute(state: SimState, groupId: number, name: string | undefined, selfId: number): void {
  const taken = state.radiusAttributes.list(
    (a) => a.radius_group_id === groupId && a.attribute === name && a.id !== selfId,
  );
  if (name !== undefined && taken.length > 0) {
    invalidField('attribute', `Attribute ${name} is duplicated. You may only include each attribute once.`);
  }
}

function presentAttribute(attribute: SimRadiusAttribute): Record<string, unknown> {
  const { radius_group_id: _g, ...shown } = attribute;
  return shown;
}

/** /network/provisioning/radius_groups endpoints, with reply attributes. */
export const radiusGroupRoutes: Route[] = [
  {
    method: 'POST',
    pattern: BASE,
    handler: route((req, state) => {
      const input = parseBody(radiusGroupCreateCheck, req.body);
      checkGroup(state, input, 0);
      const group = state.radiusGroups.insert({
        id: state.radiusGroups.nextId(),
        name: input.name,
        priority: input.priority,
        delinquent: input.delinquent ?? 3,
        active: input.active ?? 3,
        fall_through: input.fall_through ?? false,
        account_groups: input.account_groups ?? [],
        account_types: input.account_types ?? [],
        services: input.services ?? [],
        account_statuses: input.account_statuses ?? [],
      });
      return ok(group, 201);
    }),
  },
  { method: 'GET', pattern: BASE, handler: route((req, state) => paginate(req, state.radiusGroups.list())) },
  {
    method: 'GET',
    pattern: `${BASE}/:id`,
    handler: route((req, state) => ok(groupOf(state, req.params.id))),
  },
  {
    method: 'PATCH',
    pattern: `${BASE}/:id`,
    handler: route((req, state) => {
      const group = groupOf(state, req.params.id);
      const input = parseBody(radiusGroupUpdateCheck, req.body);
      checkGroup(state, input, group.id);
      Object.assign(group, input);
      return ok(group);
    }),
  },
  {
    method: 'DELETE',
    pattern: `${BASE}/:id`,
    handler: route((req, state) => {
      const group = groupOf(state, req.params.id);
      state.radiusGroups.delete(group.id);
      for (const a of state.radiusAttributes.list((r) => r.radius_group_id === group.id))
        state.radiusAttributes.delete(a.id);
      return ok({ success: true });
    }),
  },
  {
    method: 'POST',
    pattern: `${BASE}/:id/attributes`,
    handler: route((req, state) => {
      const group = groupOf(state, req.params.id);
      const input = parseBody(radiusAttributeCreateCheck, req.body);
      checkAttribute(state, group.id, input.attribute, 0);
      const attribute = state.radiusAttributes.insert({
        id: state.radiusAttributes.nextId(),
        radius_group_id: group.id,
        ...input,
      });
      return ok(presentAttribute(attribute), 201);
    }),
  },
  {
    method: 'GET',
    pattern: `${BASE}/:id/attributes`,
    handler: route((req, state) => {
      const group = groupOf(state, req.params.id);
      return paginate(
        req,
        state.radiusAttributes.list((a) => a.radius_group_id === group.id),
        presentAttribute,
      );
    }),
  },
  {
    method: 'GET',
    pattern: `${BASE}/:id/attributes/:attribute_id`,
    handler: route((req, state) =>
      ok(presentAttribute(attributeOf(state, groupOf(state, req.params.id).id, req.params.attribute_id))),
    ),
  },
  {
    method: 'PATCH',
    pattern: `${BASE}/:id/attributes/:attribute_id`,
    handler: route((req, state) => {
      const attribute = attributeOf(state, groupOf(state, req.params.id).id, req.params.attribute_id);
      const input = parseBody(radiusAttributeUpdateCheck, req.body);
      checkAttribute(state, attribute.radius_group_id, input.attribute, attribute.id);
      Object.assign(attribute, input);
      return ok(presentAttribute(attribute));
    }),
  },
  {
    method: 'DELETE',
    pattern: `${BASE}/:id/attributes/:attribute_id`,
    handler: route((req, state) => {
      const attribute = attributeOf(state, groupOf(state, req.params.id).id, req.params.attribute_id);
      state.radiusAttributes.delete(attribute.id);
      return ok({ success: true });
    }),
  },
];

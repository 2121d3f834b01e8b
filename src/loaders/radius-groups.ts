import { SonarApiError } from '../sonar/errors.js';
import {
  type RadiusAttributeCreate,
  type RadiusGroupStaged,
  radiusAttributeSchema,
  radiusGroupSchema,
  radiusGroupStagedSchema,
} from '../sonar/schemas/index.js';
import { listAll, refNumber, sameText, stillListed } from './lookups.js';
import type { ResolvedRecord, Step, StepResult } from './types.js';

// Doc: /work/shared/sonar-api/sonar-v1-radius-groups.txt (version 0.4.3; sonar-v1-api.txt has no
// newer copy). Group names are unique in Sonar; an attribute appears once per group.
//
// One journal entry per group: the staged payload carries the group's reply attributes, the group
// POST goes without them, and each attribute follows in its own POST. The entry stays in flight
// until every attribute is there; a lost answer or a crash is settled by `find` (the group by name)
// and `complete`, which LISTS the group's attributes and sends only the missing ones — so each
// attribute is sent once across crashes without a journal row of its own.

const BASE = '/network/provisioning/radius_groups';

function splitPayload(record: ResolvedRecord): {
  body: Omit<RadiusGroupStaged, 'attributes'>;
  attributes: RadiusAttributeCreate[];
} {
  const { attributes, ...body } = record.payload as RadiusGroupStaged;
  return { body, attributes };
}

function resultOf(groupId: number): StepResult {
  return { sonarId: String(groupId), sonarRef: { radiusGroupId: groupId } };
}

/** An attribute Sonar holds with another operator or value: refused rather than overwritten. */
function conflictError(groupName: string, groupId: number, conflicts: string[]): SonarApiError {
  return new SonarApiError({
    code: 'SONAR_TERMINAL',
    kind: 'terminal',
    method: 'GET',
    endpoint: `${BASE}/${groupId}/attributes`,
    message: `RADIUS group "${groupName}" is already in Sonar with ${conflicts.join('; ')} — change the attribute in Sonar or in the radgroupreply export, then re-run with --retry-failed.`,
  });
}

/** RADIUS groups: instance-wide, before anything that refers to them; matched by name. */
export const radiusGroupsStep: Step = {
  name: 'radius_groups',
  dependsOn: [],
  scope: 'global',
  schema: radiusGroupStagedSchema,
  async create(client, record, ctx) {
    const { body, attributes } = splitPayload(record);
    const group = await client.post(BASE, body, radiusGroupSchema, { signal: ctx.signal });
    // A group just created has no attributes: no listing needed. Should an answer be lost, the
    // runner settles the whole record through find + complete.
    for (const attribute of attributes) {
      await client.post(`${BASE}/${group.id}/attributes`, attribute, radiusAttributeSchema, {
        signal: ctx.signal,
      });
    }
    return resultOf(group.id);
  },
  async find(client, record, ctx) {
    const groups = await listAll(client, BASE, radiusGroupSchema, ctx.signal);
    const found = groups.find((g) => sameText(g.name, record.payload.name));
    return found ? resultOf(found.id) : null;
  },
  async complete(client, record, found, ctx) {
    const { body, attributes } = splitPayload(record);
    const groupId = refNumber(found.sonarRef, 'radiusGroupId', record.legacyKey);
    const path = `${BASE}/${groupId}/attributes`;
    const present = await listAll(client, path, radiusAttributeSchema, ctx.signal);
    const conflicts: string[] = [];
    for (const wanted of attributes) {
      // RADIUS dictionaries match attribute names case-insensitively.
      const there = present.find((p) => p.attribute.toLowerCase() === wanted.attribute.toLowerCase());
      if (!there) {
        await client.post(path, wanted, radiusAttributeSchema, { signal: ctx.signal });
      } else if (there.operator !== wanted.operator || there.reply !== wanted.reply) {
        conflicts.push(
          `${there.attribute} ${there.operator} "${there.reply}" where the export has ${wanted.operator} "${wanted.reply}"`,
        );
      }
    }
    if (conflicts.length > 0) throw conflictError(body.name, groupId, conflicts);
  },
  async remove(client, entry) {
    // Deleting the group deletes its attributes; adopted groups never reach here (rollback keeps them).
    await client.delete(`${BASE}/${entry.sonarId}`);
  },
  present(client, entry) {
    // The delete's own path, read back (see stillListed).
    return stillListed(client, `${BASE}/${entry.sonarId}`);
  },
};

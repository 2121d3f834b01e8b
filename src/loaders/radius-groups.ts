import { payloadSchemas, radiusGroupSchema } from '../sonar/schemas/index.js';
import { listAll, sameText } from './lookups.js';
import type { Step } from './types.js';

// Doc: /work/shared/sonar-api/sonar-v1-radius-groups.txt (version 0.4.3). Names are unique in Sonar.

const BASE = '/network/provisioning/radius_groups';

/** RADIUS groups: instance-wide, before anything that refers to them; matched by name. */
export const radiusGroupsStep: Step = {
  name: 'radius_groups',
  dependsOn: [],
  scope: 'global',
  schema: payloadSchemas.radius_groups,
  async create(client, record, ctx) {
    const group = await client.post(BASE, record.payload, radiusGroupSchema, { signal: ctx.signal });
    return { sonarId: String(group.id), sonarRef: { radiusGroupId: group.id } };
  },
  async find(client, record, ctx) {
    const groups = await listAll(client, BASE, radiusGroupSchema, ctx.signal);
    const found = groups.find((g) => sameText(g.name, record.payload.name));
    return found ? { sonarId: String(found.id), sonarRef: { radiusGroupId: found.id } } : null;
  },
  async remove(client, entry) {
    await client.delete(`${BASE}/${entry.sonarId}`);
  },
};

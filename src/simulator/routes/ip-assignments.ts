import ipaddr from 'ipaddr.js';
import { ipAssignmentCreateCheck, ipAssignmentUpdateCheck } from '../checks/ip-assignments.js';
import type { Route } from '../router.js';
import type { SimIpAssignment, SimState } from '../state.js';
import { overlapCandidates } from '../subnets.js';
import { accountRowDelete, accountRowOf, accountRowReads, accountRows } from './account-rows.js';
import { mustFitIpam } from './ipam.js';
import { invalidField, mustGetAccount, ok, parseBody, route, SimRefusal } from './respond.js';

// Doc: /work/shared/sonar-api/sonar-v1-account-ip-addresses.txt (version 1.2.16, newer than the
// copies in sonar-v1-api.txt). An assignment must fit a customer/mixed subnet or an IP pool of the
// instance's IPAM (line 30; ipam.ts), and two assignments may not overlap.

/** An IP assignment as Sonar answers it. */
export function presentIpAssignment(row: SimIpAssignment): SimIpAssignment {
  return row;
}

// Every create checks its subnet against every assignment: each stored subnet is parsed once.
const parsedSubnets = new Map<string, ReturnType<typeof ipaddr.parseCIDR>>();

function parseSubnet(subnet: string): ReturnType<typeof ipaddr.parseCIDR> {
  let parsed = parsedSubnets.get(subnet);
  if (!parsed) {
    parsed = ipaddr.parseCIDR(subnet);
    // Shared by every simulator in the process: kept bounded.
    if (parsedSubnets.size >= 100_000) parsedSubnets.clear();
    parsedSubnets.set(subnet, parsed);
  }
  return parsed;
}

function overlaps(a: string, b: string): boolean {
  const [addrA, lenA] = parseSubnet(a);
  const [addrB, lenB] = parseSubnet(b);
  if (addrA.kind() !== addrB.kind()) return false;
  return addrA.match(addrB, lenB) || addrB.match(addrA, lenA);
}

const assignments = accountRows<SimIpAssignment>(
  '/accounts/:id/ip_assignments/:ip_assignment_id',
  (state) => state.ipAssignments,
  { present: presentIpAssignment, what: 'IP assignment' },
);

/** The data service an assignment belongs to: the one given, or the account's only one. */
function dataServiceOf(state: SimState, accountId: number, serviceId: number | undefined): number | null {
  const dataIds = state.accountServices
    .where('account', accountId)
    .map((r) => r.service_id)
    .filter((id) => state.reference.services.find((s) => s.id === id)?.data_service);
  if (serviceId === undefined) return dataIds.length === 1 ? (dataIds[0] ?? null) : null;
  if (!dataIds.includes(serviceId)) {
    invalidField('service_id', `Service ${serviceId} is not a data service on account ${accountId}.`);
  }
  return serviceId;
}

/** The lowest-id assignment other than `selfId` that `subnet` overlaps. */
function overlapping(state: SimState, subnet: string, selfId: number): SimIpAssignment | undefined {
  const table = state.ipAssignments;
  const where = overlapCandidates(subnet);
  // A subnet wider than a block may hold assignments anywhere below it: the rare case is a scan.
  const candidates =
    where?.block == null
      ? table.list()
      : [
          ...where.networks.flatMap((key) => table.where('network', key)),
          ...table.where('block', where.block),
        ];
  let clash: SimIpAssignment | undefined;
  for (const row of candidates) {
    if (row.id !== selfId && overlaps(row.subnet, subnet) && (!clash || row.id < clash.id)) clash = row;
  }
  return clash;
}

function checkOverlap(state: SimState, subnet: string, selfId: number): void {
  const clash = overlapping(state, subnet, selfId);
  if (clash) {
    throw new SimRefusal(
      422,
      `The requested subnet overlaps the existing assignment of ${clash.subnet.replace(/\/32$/, '')}`,
    );
  }
}

/** /accounts/:id/ip_assignments endpoints. */
export const ipAssignmentRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:id/ip_assignments',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req, 'id');
      const input = parseBody(ipAssignmentCreateCheck, req.body);
      const holder = mustFitIpam(state, input.subnet);
      checkOverlap(state, input.subnet, 0);
      const row = state.ipAssignments.insert({
        id: state.ipAssignments.nextId(),
        account_id: account.id,
        subnet_id: holder.subnetId,
        subnet: input.subnet,
        assigned_entity: input.assigned_entity,
        // Doc: assigned_id may be omitted for accounts (it is the account) and non-inventoried MACs.
        assigned_id: input.assigned_id ?? (input.assigned_entity === 'accounts' ? account.id : null),
        inventory_item_field_id: input.inventory_item_field_id ?? null,
        ip_pool_id: holder.poolId,
        service_id: dataServiceOf(state, account.id, input.service_id),
        non_inventoried_mac_address: input.non_inventoried_mac_address ?? null,
        description: input.description ?? null,
        soft: false,
      });
      // The doc answers this create with 200 (its Success-Response).
      return ok(presentIpAssignment(row));
    }),
  },
  ...accountRowReads(assignments),
  {
    method: 'PATCH',
    pattern: '/accounts/:id/ip_assignments/:ip_assignment_id',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req, 'id');
      const row = accountRowOf(assignments, state, account.id, req.params.ip_assignment_id);
      const { make_permanent: permanent, ...input } = parseBody(ipAssignmentUpdateCheck, req.body);
      // Doc (account-ip-addresses line 417): turns a learned (soft) assignment permanent.
      if (permanent === true) row.soft = false;
      if (input.subnet !== undefined) {
        const holder = mustFitIpam(state, input.subnet);
        checkOverlap(state, input.subnet, row.id);
        state.ipAssignments.update(row, { subnet_id: holder.subnetId, ip_pool_id: holder.poolId });
      }
      const serviceId =
        input.service_id === undefined ? row.service_id : dataServiceOf(state, account.id, input.service_id);
      state.ipAssignments.update(row, { ...input, service_id: serviceId });
      return ok(row);
    }),
  },
  accountRowDelete(assignments, { success: true }),
];

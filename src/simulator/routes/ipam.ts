import ipaddr from 'ipaddr.js';
import type { Route } from '../router.js';
import type { SimState } from '../state.js';
import { idParam, notFound, ok, paginate, route, SimRefusal } from './respond.js';

// Doc: "IPAM - Get all supernets" (sonar-v1-api.txt line 24263), "Get all subnets" (line 24104),
// "Get all IP pools" (line 23959), and their "Get individual" twins (lines 24569, 24438, 24317).
// Written from the docs alone. The rule IP assignments follow is in
// sonar-v1-account-ip-addresses.txt line 30: a subnet "must fit within a customer/mixed subnet,
// or an IP pool. IP pool assignments can only be an IPv4 /32."

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

function cidrOf(text: string): Cidr | null {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** Whether `inner` lies wholly within `outer` (same family, longer or equal prefix, same network). */
function within(inner: Cidr, outer: Cidr): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && inner[0].match(outer[0], outer[1]);
}

function toNumber(address: ipaddr.IPv4): number {
  return address.toByteArray().reduce((n, byte) => n * 256 + byte, 0);
}

/**
 * Where Sonar would put an assignment: the customer/mixed subnet containing it, or the IP pool
 * holding it (an IPv4 /32 only), or null when it fits none — Sonar then refuses it.
 */
export function ipamHolderOf(
  state: SimState,
  subnet: string,
): { subnetId: number; poolId: number | null } | null {
  const wanted = cidrOf(subnet);
  if (!wanted) return null;
  const { subnets, ip_pools: pools } = state.reference;
  for (const pool of pools) {
    if (wanted[0].kind() !== 'ipv4' || wanted[1] !== 32) break;
    const start = cidrOf(pool.start);
    const end = cidrOf(pool.end);
    if (!start || !end || start[0].kind() !== 'ipv4' || end[0].kind() !== 'ipv4') continue;
    const n = toNumber(wanted[0] as ipaddr.IPv4);
    if (n >= toNumber(start[0] as ipaddr.IPv4) && n <= toNumber(end[0] as ipaddr.IPv4)) {
      return { subnetId: pool.subnet_id, poolId: pool.id };
    }
  }
  for (const net of subnets) {
    if (net.type !== 'customer' && net.type !== 'mixed') continue;
    const outer = cidrOf(net.subnet);
    if (outer && within(wanted, outer)) return { subnetId: net.id, poolId: null };
  }
  return null;
}

/** Refuses an assignment that fits no customer/mixed subnet nor IP pool, in Sonar's 422 shape. */
export function mustFitIpam(state: SimState, subnet: string): { subnetId: number; poolId: number | null } {
  const holder = ipamHolderOf(state, subnet);
  if (holder) return holder;
  // The error shape of the doc (sonar-v1-account-ip-addresses.txt line 117); the text is ours.
  throw new SimRefusal(
    422,
    `The requested subnet ${subnet} does not fit within a customer or mixed subnet, or an IP pool.`,
  );
}

function presentSubnet(net: SimState['reference']['subnets'][number]) {
  const { id, name, subnet, type, network_site_id, supernet_id, inline_devices, poller_id } = net;
  return { id, name, subnet, type, network_site_id, supernet_id, inline_devices, poller_id };
}

function presentPool(pool: SimState['reference']['ip_pools'][number]) {
  const { id, name, start, end, dhcp_servers, dhcp_server_identifier_id } = pool;
  return { id, name, start, end, dhcp_servers, dhcp_server_identifier_id };
}

function supernetOf(state: SimState, raw: number) {
  const found = state.reference.supernets.find((s) => s.id === raw);
  if (!found) notFound(`supernet ${raw}`);
  return found;
}

function subnetOf(state: SimState, supernetId: number, raw: number) {
  const found = state.reference.subnets.find((s) => s.id === raw && s.supernet_id === supernetId);
  if (!found) notFound(`subnet ${raw} in supernet ${supernetId}`);
  return found;
}

/** GET /network/ipam/… : supernets, their subnets, and the subnets' IP pools (read-only). */
export const ipamRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/network/ipam/supernets',
    handler: route((req, state) =>
      paginate(req, state.reference.supernets, ({ id, name, subnet }) => ({ id, name, subnet })),
    ),
  },
  {
    method: 'GET',
    pattern: '/network/ipam/supernets/:id',
    handler: route((req, state) => {
      const { id, name, subnet } = supernetOf(state, idParam(req, 'id'));
      return ok({ id, name, subnet });
    }),
  },
  {
    method: 'GET',
    pattern: '/network/ipam/supernets/:id/subnets',
    handler: route((req, state) => {
      const supernet = supernetOf(state, idParam(req, 'id'));
      return paginate(
        req,
        state.reference.subnets.filter((s) => s.supernet_id === supernet.id),
        presentSubnet,
      );
    }),
  },
  {
    method: 'GET',
    pattern: '/network/ipam/supernets/:supernet_id/subnets/:subnet_id',
    handler: route((req, state) =>
      ok(presentSubnet(subnetOf(state, idParam(req, 'supernet_id'), idParam(req, 'subnet_id')))),
    ),
  },
  {
    method: 'GET',
    pattern: '/network/ipam/supernets/:supernet_id/subnets/:subnet_id/ip_pools',
    handler: route((req, state) => {
      const subnet = subnetOf(state, idParam(req, 'supernet_id'), idParam(req, 'subnet_id'));
      return paginate(
        req,
        state.reference.ip_pools.filter((p) => p.subnet_id === subnet.id),
        presentPool,
      );
    }),
  },
  {
    method: 'GET',
    pattern: '/network/ipam/supernets/:supernet_id/subnets/:subnet_id/ip_pools/:ip_pool_id',
    handler: route((req, state) => {
      const subnet = subnetOf(state, idParam(req, 'supernet_id'), idParam(req, 'subnet_id'));
      const id = idParam(req, 'ip_pool_id');
      const pool = state.reference.ip_pools.find((p) => p.id === id && p.subnet_id === subnet.id);
      if (!pool) notFound(`IP pool ${id} in subnet ${subnet.id}`);
      return ok(presentPool(pool));
    }),
  },
];

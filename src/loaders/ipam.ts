import ipaddr from 'ipaddr.js';
import type { SonarClient } from '../sonar/client.js';
import { listAll } from '../sonar/list-all.js';
import { ipPoolSchema, subnetSchema, supernetSchema } from '../sonar/schemas/index.js';

// The rule (sonar-v1-account-ip-addresses.txt line 30): an assigned subnet "must fit within a
// customer/mixed subnet, or an IP pool. IP pool assignments can only be an IPv4 /32." IPAM
// endpoints: sonar-v1-api.txt lines 24263 (supernets), 24104 (subnets), 23959 (IP pools).

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A network of the target's IPAM, parsed. */
interface IpamNet {
  name: string;
  subnet: string;
  cidr: Cidr;
}

/** The target's IPAM, as plan checks IP assignments against it. */
export interface Ipam {
  supernets: IpamNet[];
  /** Customer and mixed subnets: the ones an assignment may fit. */
  customerSubnets: IpamNet[];
  /** IP pools as IPv4 ranges (first and last address as numbers). */
  pools: Array<{ name: string; first: number; last: number }>;
}

function cidrOf(text: string): Cidr | null {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

function v4Number(text: string): number | null {
  const address = cidrOf(text)?.[0];
  if (address?.kind() !== 'ipv4') return null;
  return address.toByteArray().reduce((n, byte) => n * 256 + byte, 0);
}

function within(inner: Cidr, outer: Cidr): boolean {
  return inner[0].kind() === outer[0].kind() && inner[1] >= outer[1] && inner[0].match(outer[0], outer[1]);
}

function netOf(r: { name?: string | null | undefined; subnet: string }): IpamNet | null {
  const cidr = cidrOf(r.subnet);
  return cidr ? { name: r.name ?? r.subnet, subnet: r.subnet, cidr } : null;
}

/** Reads every supernet, its subnets and their IP pools (read-only, paginated). */
export async function fetchIpam(client: SonarClient, signal?: AbortSignal): Promise<Ipam> {
  const ipam: Ipam = { supernets: [], customerSubnets: [], pools: [] };
  const base = '/network/ipam/supernets';
  for (const supernet of await listAll(client, base, supernetSchema, signal)) {
    const net = netOf(supernet);
    if (net) ipam.supernets.push(net);
    for (const subnet of await listAll(client, `${base}/${supernet.id}/subnets`, subnetSchema, signal)) {
      const sub = netOf(subnet);
      if (sub && (subnet.type === 'customer' || subnet.type === 'mixed')) ipam.customerSubnets.push(sub);
      const pools = await listAll(
        client,
        `${base}/${supernet.id}/subnets/${subnet.id}/ip_pools`,
        ipPoolSchema,
        signal,
      );
      for (const pool of pools) {
        const first = v4Number(pool.start);
        const last = v4Number(pool.end);
        if (first !== null && last !== null) ipam.pools.push({ name: pool.name ?? pool.start, first, last });
      }
    }
  }
  return ipam;
}

/**
 * Why Sonar would refuse to assign `subnet`, with what to create in Sonar; undefined when it fits a
 * customer/mixed subnet or (an IPv4 /32) an IP pool.
 */
export function ipamProblem(ipam: Ipam, subnet: string): string | undefined {
  const wanted = cidrOf(subnet);
  if (!wanted) return undefined; // the schema rejects an unreadable subnet at validation
  if (ipam.customerSubnets.some((net) => within(wanted, net.cidr))) return undefined;
  const n = wanted[0].kind() === 'ipv4' && wanted[1] === 32 ? v4Number(subnet) : null;
  if (n !== null && ipam.pools.some((p) => n >= p.first && n <= p.last)) return undefined;
  const prefix = wanted[0].kind() === 'ipv4' ? Math.min(wanted[1], 24) : Math.min(wanted[1], 64);
  const suggestion = `${networkOf(wanted[0], prefix)}/${prefix}`;
  const supernet = ipam.supernets.find((s) => within(wanted, s.cidr));
  const where = supernet
    ? `a customer (or mixed) subnet holding it, e.g. ${suggestion}, in supernet "${supernet.name}" (${supernet.subnet})`
    : `a supernet holding it, then a customer (or mixed) subnet in it, e.g. ${suggestion}`;
  return `IP ${subnet} fits in no customer or mixed subnet nor IP pool of this Sonar, which refuses it — create in Sonar's IPAM ${where}, or an IP pool holding it`;
}

/** The network address of `address` under `prefix`, as text. */
function networkOf(address: ipaddr.IPv4 | ipaddr.IPv6, prefix: number): string {
  const bytes = address.toByteArray();
  const masked = bytes.map((byte, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - bits)) & 0xff);
  });
  return ipaddr.fromByteArray(masked).toString();
}

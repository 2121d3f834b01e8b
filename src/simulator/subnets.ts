import ipaddr from 'ipaddr.js';

// How the simulator finds the IP assignments a new subnet may overlap without walking them all.
// Two subnets overlap exactly when one contains the other, so the candidates for `a/p` are
//   - the assignments whose network contains a/p: one lookup per prefix length 0..p of a's
//     network (index `network`), and
//   - the assignments inside a/p: when a/p is at least as narrow as a block (/24, or /64 in IPv6),
//     they all sit in a/p's block (index `block`); a wider a/p is rare and checked by a scan.

/** IPv4 assignments narrower than /24 (IPv6: /64) are filed under their block. */
const BLOCK_LENGTH = { ipv4: 24, ipv6: 64 } as const;

interface Network {
  family: 'ipv4' | 'ipv6';
  bytes: number[];
  length: number;
}

function networkOf(subnet: string): Network | null {
  try {
    const [address, length] = ipaddr.parseCIDR(subnet);
    return { family: address.kind(), bytes: address.toByteArray(), length };
  } catch {
    return null;
  }
}

/** `network` cut to its first `length` bits, as an index key. */
function keyAt(network: Network, length: number): string {
  const bytes = network.bytes.map((byte, i) => {
    const bitsLeft = length - 8 * i;
    if (bitsLeft >= 8) return byte;
    return bitsLeft <= 0 ? 0 : byte & ((0xff << (8 - bitsLeft)) & 0xff);
  });
  return `${network.family}:${bytes.join('.')}/${length}`;
}

/** The key of a subnet's own network (host bits cleared), or null when it does not parse. */
export function networkKey(subnet: string): string | null {
  const network = networkOf(subnet);
  return network ? keyAt(network, network.length) : null;
}

/** The block a narrow subnet sits in; null for a subnet wider than a block (or unparseable). */
export function blockKey(subnet: string): string | null {
  const network = networkOf(subnet);
  if (!network) return null;
  const block = BLOCK_LENGTH[network.family];
  return network.length >= block ? keyAt(network, block) : null;
}

/** Where to look for the assignments `subnet` may overlap (see the top of this file). */
export function overlapCandidates(subnet: string): { networks: string[]; block: string | null } | null {
  const network = networkOf(subnet);
  if (!network) return null;
  const networks: string[] = [];
  for (let length = 0; length <= network.length; length++) networks.push(keyAt(network, length));
  return { networks, block: blockKey(subnet) };
}

import { type ReferenceData, type ResolvedReference, referenceDataSchema } from './reference.js';
import { seedCounties, seedCountries, seedSubdivisions } from './seed-geo.js';

// Sonar's built-in reference data plus a small, realistic catalogue of an ISP's own records, so a
// fresh simulator accepts a typical migration out of the box.

/** The version /_data/version reports (the doc's example, line 21033). */
export const seedVersion = '1.2.38';

// Built-ins: doc lines 56355 (account types), 56203 (statuses), 56143 (groups). Address type 1
// "Physical" is implied by account creation (it creates the physical address); the doc example
// (line 56416) shows 2 as a billing type, which the brief names "Mailing".
const accountTypes = [
  { id: 1, name: 'Residential', type: 'residential' as const },
  { id: 2, name: 'Commercial', type: 'commercial' as const },
];

const accountStatuses = [
  { id: 1, name: 'Lead', active: false, color: '#9b59b6', account_super_user_only: false },
  { id: 2, name: 'Active', active: true, color: '#2ecc71', account_super_user_only: false },
  { id: 3, name: 'Inactive', active: false, color: '#e74c3c', account_super_user_only: false },
];

const accountGroups = [
  { id: 1, name: 'Habitual Late Payers' },
  { id: 2, name: 'Employees' },
  { id: 3, name: 'Friends & Family' },
  { id: 4, name: 'Tower Hosts' },
];

const addressTypes = [
  { id: 1, name: 'Physical' },
  { id: 2, name: 'Mailing' },
];

// Doc line 20994.
const emailCategories = [
  { id: 2, name: 'Financial' },
  { id: 3, name: 'General' },
  { id: 4, name: 'Service Related' },
  { id: 5, name: 'Outage Notifications' },
];

const rateCenters = [
  { id: 1, name: 'Green Bay, WI' },
  { id: 2, name: 'Appleton, WI' },
  { id: 3, name: 'Austin, TX' },
  { id: 4, name: 'Buffalo, NY' },
];

const data = (id: number, name: string, amount: number, down: number, up: number) => ({
  id,
  name,
  type: 'recurring' as const,
  amount,
  billing_frequency_in_months: 1,
  data_service: true,
  download_in_kilobits: down,
  upload_in_kilobits: up,
  technology_code: 70,
});

const services = [
  data(1, 'Residential Wireless 25/5', 49.99, 25_000, 5_000),
  data(2, 'Residential Wireless 50/10', 64.99, 50_000, 10_000),
  data(3, 'Residential Fiber 100/100', 79.99, 100_000, 100_000),
  data(4, 'Business Fiber 500/500', 199, 500_000, 500_000),
  { id: 10, name: 'Home Phone Unlimited', type: 'recurring' as const, amount: 24.99, voice_service: true },
  { id: 11, name: 'Business Voice Line', type: 'recurring' as const, amount: 34.99, voice_service: true },
  {
    id: 20,
    name: 'Wireless 25/5 - 6 Months Prepaid',
    type: 'recurring' as const,
    amount: 269.95,
    billing_frequency_in_months: 6,
    data_service: true,
    download_in_kilobits: 25_000,
    upload_in_kilobits: 5_000,
    technology_code: 70,
  },
  {
    id: 21,
    name: 'Fiber 100/100 - Annual',
    type: 'recurring' as const,
    amount: 879.89,
    billing_frequency_in_months: 12,
    data_service: true,
    download_in_kilobits: 100_000,
    upload_in_kilobits: 100_000,
    technology_code: 50,
  },
  { id: 25, name: 'Router Rental (12 payments)', type: 'expiring' as const, amount: 8.5, times_to_run: 12 },
  {
    id: 30,
    name: 'Installation Fee',
    type: 'one time' as const,
    amount: 99,
    billing_frequency_in_months: null,
  },
  { id: 31, name: 'Truck Roll', type: 'one time' as const, amount: 75, billing_frequency_in_months: null },
  { id: 32, name: 'Late Fee', type: 'one time' as const, amount: 10, billing_frequency_in_months: null },
  {
    id: 40,
    name: 'Legacy Balance Forward',
    type: 'adjustment' as const,
    application: 'debit' as const,
    amount: 0,
    billing_frequency_in_months: null,
  },
  {
    id: 41,
    name: 'Migration Credit',
    type: 'adjustment' as const,
    application: 'credit' as const,
    amount: 0,
    billing_frequency_in_months: null,
  },
  {
    id: 42,
    name: 'Outage Credit',
    type: 'adjustment' as const,
    application: 'credit' as const,
    amount: 0,
    billing_frequency_in_months: null,
  },
  { id: 50, name: 'Static IP Address', type: 'recurring' as const, amount: 10 },
  { id: 60, name: 'Dial-up (retired)', type: 'recurring' as const, amount: 9.95, active: false },
];

// IPAM (doc line 23228): supernets and customer subnets covering the sample IPs (100.64.1.x) and
// the address ranges tests use (RFC 1918, RFC 5737 documentation nets, 2001:db8::/32), one
// infrastructure subnet no customer IP may use, and one IP pool. Tests and `sim --reference`
// replace the lists to model a stricter instance.
const networks = [
  { id: 1, name: 'CGNAT', subnet: '100.64.0.0/10' },
  { id: 2, name: 'Private 10/8', subnet: '10.0.0.0/8' },
  { id: 3, name: 'Private 172.16/12', subnet: '172.16.0.0/12' },
  { id: 4, name: 'Private 192.168/16', subnet: '192.168.0.0/16' },
  { id: 5, name: 'TEST-NET-1', subnet: '192.0.2.0/24' },
  { id: 6, name: 'TEST-NET-2', subnet: '198.51.100.0/24' },
  { id: 7, name: 'TEST-NET-3', subnet: '203.0.113.0/24' },
  { id: 8, name: 'Documentation IPv6', subnet: '2001:db8::/32' },
];
const supernets = networks;
const subnets = networks.map((net) => ({
  id: net.id,
  name: net.id === 3 ? 'Backbone (infrastructure)' : `${net.name} customers`,
  subnet: net.subnet,
  type: net.id === 3 ? ('infrastructure' as const) : ('customer' as const),
  supernet_id: net.id,
}));
const ipPools = [
  { id: 1, name: 'Backbone DHCP pool', subnet_id: 3, start: '172.16.10.10', end: '172.16.10.200' },
];

/** The seed as a user would write it in a --reference file. */
export const seedReference: ReferenceData = {
  version: seedVersion,
  account_types: accountTypes,
  account_statuses: accountStatuses,
  account_groups: accountGroups,
  address_types: addressTypes,
  email_categories: emailCategories,
  rate_centers: rateCenters,
  services,
  countries: seedCountries,
  subdivisions: Object.fromEntries(Object.entries(seedSubdivisions).map(([c, s]) => [c, Object.keys(s)])),
  counties: seedCounties,
  supernets,
  subnets,
  ip_pools: ipPools,
};

/**
 * The reference data a simulator runs with: each key the user gave replaces the seed's whole
 * list (a user mirroring their instance wants exactly their statuses, not ours as well).
 * Throws on invalid reference data: the CLI checks the file first with parseReferenceData.
 */
export function resolveReference(reference?: ReferenceData): ResolvedReference {
  const seed = referenceDataSchema.parse(seedReference);
  const given = referenceDataSchema.parse(reference ?? {});
  const merged = { ...seed };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged as ResolvedReference;
}

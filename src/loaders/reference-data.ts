import { z } from 'zod';
import { setPath } from '../ground/payload-paths.js';
import type { LookupName, PendingRef, StagedRecord } from '../ground/types.js';
import type { SonarClient } from '../sonar/client.js';
import { SonarApiError } from '../sonar/errors.js';
import { listAll } from '../sonar/list-all.js';
import {
  accountGroupSchema,
  accountStatusSchema,
  accountTypeSchema,
  addressTypeSchema,
  didSchema,
  radiusGroupSchema,
  rateCenterSchema,
  serviceSchema,
  validatedAddressSchema,
} from '../sonar/schemas/index.js';
import type { StateDb } from '../store/database.js';
import { type AccountIds, existingAccountsAmong } from './existing-accounts.js';
import { type InventoryDid, type InventoryLookup, StoredInventory } from './inventory-dids.js';
import { fetchIpam, type Ipam } from './ipam.js';

/** A Sonar record known by id and name. */
export interface NamedRecord {
  id: number;
  name: string;
}

/** A service of the target's catalogue, with what the loaders need to know of its kind. */
export interface ReferenceService extends NamedRecord {
  type: 'one time' | 'adjustment' | 'expiring' | 'overage' | 'recurring';
  active: boolean;
  dataService: boolean;
  voiceService: boolean;
  billingFrequencyInMonths: number | null;
}

export type { InventoryDid } from './inventory-dids.js';

/**
 * The target's reference data: what names resolve against, which accounts and DIDs already exist.
 * `plan` and `load` fetch it once at start; `load` adds what it creates to `didInventory`.
 */
export interface ReferenceData {
  accountTypes: NamedRecord[];
  accountStatuses: Array<NamedRecord & { active: boolean }>;
  accountGroups: NamedRecord[];
  addressTypes: NamedRecord[];
  services: ReferenceService[];
  rateCenters: NamedRecord[];
  /** Accounts already in Sonar, by id. */
  accounts: Map<number, NamedRecord>;
  /** The DID inventory, by 10-digit DID (a temporary table when read with `didStore`). */
  didInventory: InventoryLookup;
  /**
   * The RADIUS groups already in Sonar, by exact name (Sonar refuses a second group of the same name,
   * and load then adopts the one there): read only when the migration has
   * RADIUS inputs (an instance without the RADIUS endpoints must not stop a plan that needs none).
   */
  radiusGroups?: Map<string, NamedRecord>;
  /** The target's IPAM, read only when the migration has IP assignments (plan checks them against it). */
  ipam?: Ipam;
}

/** What fetchReferenceData reads; all true by default. */
export interface FetchReferenceOptions {
  /**
   * The accounts already in Sonar to read: all (true, the default), none, or only those of these
   * ids (see existing-accounts.ts: what plan and load need).
   */
  accounts?: boolean | AccountIds;
  didInventory?: boolean;
  /**
   * Where to keep the DID inventory read: a temporary table of this state file (plan, load: it may
   * hold every DID of a million accounts), or a Map when not given.
   */
  didStore?: StateDb;
  /** Also read the RADIUS groups (default false: only a migration with RADIUS inputs needs them). */
  radiusGroups?: boolean;
  /** Also read the IPAM supernets, subnets and IP pools (default false: only for IP assignments). */
  ipam?: boolean;
  signal?: AbortSignal;
}

const accountListSchema = z.looseObject({ id: z.number().int(), name: z.string() });

/**
 * Fetches the reference data of the target, read-only: account types, statuses, groups, address
 * types, services (doc "Services - Get all services": /system/services, line 50988), rate centers,
 * the accounts already present and the DID inventory (paginated lists).
 */
export async function fetchReferenceData(
  client: SonarClient,
  options: FetchReferenceOptions = {},
): Promise<ReferenceData> {
  return referenceDataOf(await fetchReferenceLists(client, options));
}

/** The target's lists as Sonar answers them (parsed tolerantly: only the fields used). */
type ReferenceLists = Awaited<ReturnType<typeof fetchReferenceLists>>;

/** Every account (the default), none, or only some ids (a map already). */
function accountsToRead(
  client: SonarClient,
  options: FetchReferenceOptions,
): Promise<Array<z.infer<typeof accountListSchema>> | Map<number, NamedRecord>> {
  const { accounts = true } = options;
  if (accounts === false) return Promise.resolve([]);
  if (accounts === true) return listAll(client, '/accounts', accountListSchema, options.signal);
  return existingAccountsAmong(client, accounts, options.signal);
}

function fetchReferenceLists(client: SonarClient, options: FetchReferenceOptions) {
  const opts = { signal: options.signal };
  const all = async <T>(path: string, schema: z.ZodType<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of client.paginate(path, schema, opts)) out.push(item);
    return out;
  };
  // Every list at once: none depends on another, and each is a round trip before the load starts.
  return Promise.all([
    all('/system/account_types', accountTypeSchema),
    all('/system/account_statuses', accountStatusSchema),
    all('/system/account_groups', accountGroupSchema),
    all('/system/address_types', addressTypeSchema),
    all('/system/services', serviceSchema),
    all('/system/voice/rate_centers', rateCenterSchema),
    accountsToRead(client, options),
    options.didInventory !== false ? readInventory(client, options) : new Map<string, InventoryDid>(),
    // Doc: sonar-v1-radius-groups.txt, "Get all RADIUS groups" (the loader's radius-groups.ts BASE).
    options.radiusGroups === true ? all('/network/provisioning/radius_groups', radiusGroupSchema) : undefined,
    options.ipam === true ? fetchIpam(client, options.signal) : undefined,
  ]);
}

/** The reference data the loaders read, from the target's lists. */
function referenceDataOf(lists: ReferenceLists): ReferenceData {
  const [
    types,
    statuses,
    groups,
    addressTypes,
    services,
    rateCenters,
    accountList,
    didInventory,
    radiusList,
    ipam,
  ] = lists;
  const accounts = accountList instanceof Map ? accountList : new Map<number, NamedRecord>();
  if (Array.isArray(accountList)) for (const a of accountList) accounts.set(a.id, { id: a.id, name: a.name });
  return {
    accountTypes: types.map(named),
    accountStatuses: statuses.map((s) => ({ ...named(s), active: s.active })),
    accountGroups: groups.map(named),
    addressTypes: addressTypes.map(named),
    services: services.map((s) => ({
      ...named(s),
      type: s.type,
      active: s.active,
      dataService: s.data_service === true,
      voiceService: s.voice_service === true,
      billingFrequencyInMonths: s.billing_frequency_in_months ?? null,
    })),
    rateCenters: rateCenters.map(named),
    accounts,
    didInventory,
    ...(radiusList ? { radiusGroups: new Map(radiusList.map((g) => [g.name, named(g)])) } : {}),
    ...(ipam ? { ipam } : {}),
  };
}

/** DIDs written to the store per transaction while the listing is read. */
const INVENTORY_BATCH = 1_000;

/** Sonar's DID inventory, streamed from its listing into the store (or a Map), a page at a time. */
async function readInventory(client: SonarClient, options: FetchReferenceOptions): Promise<InventoryLookup> {
  const store = options.didStore ? new StoredInventory(options.didStore) : undefined;
  const map = new Map<string, InventoryDid>();
  let batch: InventoryDid[] = [];
  for await (const d of client.paginate('/system/voice/dids', didSchema, { signal: options.signal })) {
    const did = inventoryDid(d);
    if (!store) map.set(did.did, did);
    else batch.push(did);
    if (batch.length >= INVENTORY_BATCH) {
      store?.add(batch);
      batch = [];
    }
  }
  store?.add(batch);
  return store ?? map;
}

/** A DID answer as the inventory map holds it. */
export function inventoryDid(d: z.infer<typeof didSchema>): InventoryDid {
  return {
    id: d.id,
    did: d.did,
    accountId: d.account_id ?? null,
    serviceId: d.service_id ?? null,
    rateCenterId: d.rate_center_id,
  };
}

function named(r: { id: number; name: string }): NamedRecord {
  return { id: r.id, name: r.name };
}

/** Why a pending reference cannot be resolved: a MigrateError-like code and a message saying what to do. */
export interface UnresolvedRef {
  code: 'JOURNAL_UNRESOLVED_REF';
  message: string;
}

/** How resolveRecord finds what is not reference data. */
export interface ResolveHelpers {
  /** The Sonar id of a loaded account, by legacy key. */
  accountId(legacyKey: string): number | undefined;
  /** Geocodes an address (POST /_data/validate_address); omitted in offline planning. */
  geocode?(
    address: Record<string, unknown>,
  ): Promise<{ latitude: number; longitude: number; county?: string | null }>;
}

/** Normalizes a name for matching: trimmed, spaces collapsed, case folded. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The catalogue a lookup resolves against (accounts and geocode are not catalogues). */
export function catalogueOf(reference: ReferenceData, lookup: LookupName): NamedRecord[] | undefined {
  switch (lookup) {
    case 'account_types':
      return reference.accountTypes;
    case 'account_statuses':
      return reference.accountStatuses;
    case 'account_groups':
      return reference.accountGroups;
    case 'address_types':
      return reference.addressTypes;
    case 'services':
      return reference.services;
    case 'rate_centers':
      return reference.rateCenters;
    default:
      return undefined;
  }
}

const singular: Partial<Record<LookupName, string>> = {
  account_types: 'account type',
  account_statuses: 'account status',
  account_groups: 'account group',
  address_types: 'address type',
  services: 'service',
  rate_centers: 'rate center',
};

/** Resolves one name against a catalogue: the id, or why not (unknown or ambiguous). */
export function resolveName(
  reference: ReferenceData,
  lookup: LookupName,
  name: string,
): { id: number } | { problem: string } {
  const catalogue = catalogueOf(reference, lookup) ?? [];
  const matches = catalogue.filter((r) => nameKey(r.name) === nameKey(name));
  const what = singular[lookup] ?? lookup;
  if (matches.length === 1) return { id: (matches[0] as NamedRecord).id };
  if (matches.length > 1) {
    return {
      problem: `${what} "${name}" matches ${matches.length} records in Sonar (ids ${matches.map((m) => m.id).join(', ')}): map it to an id instead`,
    };
  }
  const known = catalogue
    .slice(0, 8)
    .map((r) => `"${r.name}"`)
    .join(', ');
  return {
    problem: `${what} "${name}" is not in this Sonar's ${lookup.replace(/_/g, ' ')}${known ? ` (it has ${known}${catalogue.length > 8 ? ', …' : ''})` : ''}: fix the crosswalk or add it in Sonar`,
  };
}

/**
 * Returns a copy of `record` with every PendingRef filled: names → ids from the reference data,
 * sub-accounts → the Sonar ids of loaded accounts, blank coordinates → Sonar's geocode. Without
 * refs the copy shares the staged payload object: read it, never change it.
 */
export async function resolveRecord(
  record: StagedRecord,
  reference: ReferenceData,
  helpers: ResolveHelpers,
): Promise<{ record: StagedRecord } | { unresolved: UnresolvedRef }> {
  // A copy only when something is set into it: most records have no ref, and their payload is
  // handed on unchanged (steps copy before they change a body).
  const payload = record.refs.length > 0 ? structuredClone(record.payload) : record.payload;
  const problems: string[] = [];
  for (const ref of record.refs) {
    if (ref.lookup === 'geocode') continue;
    const id = resolveOne(ref, reference, helpers, problems);
    if (id !== undefined) setPath(payload, ref.path, id);
  }
  if (problems.length > 0)
    return { unresolved: { code: 'JOURNAL_UNRESOLVED_REF', message: problems.join('; ') } };
  if (record.refs.some((r) => r.lookup === 'geocode')) {
    const unresolved = await geocodeInto(payload, helpers);
    if (unresolved) return { unresolved };
  }
  return { record: { ...record, payload } };
}

/**
 * Fills the address's coordinates (unless given) and a US county from Sonar's geocode; the
 * reason when it cannot, or undefined once done.
 */
async function geocodeInto(
  payload: Record<string, unknown>,
  helpers: ResolveHelpers,
): Promise<UnresolvedRef | undefined> {
  if (!helpers.geocode) {
    return { code: 'JOURNAL_UNRESOLVED_REF', message: 'the address needs geocoding, which needs Sonar' };
  }
  try {
    const point = await helpers.geocode(payload);
    // Coordinates given in the export are kept: a US address may be geocoded only for its county.
    if (payload.latitude === undefined || payload.latitude === null) {
      payload.latitude = point.latitude;
      payload.longitude = point.longitude;
    }
    if (payload.country === 'US' && !payload.county && point.county) payload.county = point.county;
    // doc ~16154: Sonar requires a county for US addresses (geo taxes); never send null.
    if (payload.country === 'US' && !payload.county) {
      const message =
        "the county is blank and Sonar's /_data/validate_address found none for this US address: Sonar requires a county for US addresses (it drives geo taxes) — fill the county column with a county from /_data/counties";
      return { code: 'JOURNAL_UNRESOLVED_REF', message };
    }
  } catch (err) {
    // Lost credentials are not the address's fault: thrown on, they stop the run.
    if (err instanceof SonarApiError && err.kind === 'terminal' && err.code !== 'SONAR_AUTH') {
      const message = `Sonar could not geocode the address (${err.sonarMessage ?? `status ${err.status}`}): check line1, city, state, zip and country, or give latitude and longitude`;
      return { code: 'JOURNAL_UNRESOLVED_REF', message };
    }
    throw err;
  }
  return undefined;
}

function resolveOne(
  ref: PendingRef,
  reference: ReferenceData,
  helpers: ResolveHelpers,
  problems: string[],
): number | undefined {
  if (ref.lookup === 'accounts') {
    const id = helpers.accountId(ref.name);
    if (id === undefined) problems.push(`sub-account ${ref.name} is not loaded in Sonar: load it first`);
    return id;
  }
  const found = resolveName(reference, ref.lookup, ref.name);
  if ('id' in found) return found.id;
  problems.push(`${ref.path}: ${found.problem}`);
  return undefined;
}

/** Geocodes through POST /_data/validate_address (doc line 21314); a read, so safe to resend. */
export async function geocodeAddress(
  client: SonarClient,
  address: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<{ latitude: number; longitude: number; county?: string | null }> {
  // doc ~21323: only line1, city, state and country are documented; Sonar's importer strips the
  // county before validating, and a county sent could only echo back instead of Sonar's own.
  const body = {
    line1: address.line1,
    city: address.city,
    state: address.state,
    country: address.country,
  };
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await client.post('/_data/validate_address', body, validatedAddressSchema, { signal });
      if (answer.latitude === null || answer.longitude === null) {
        throw new SonarApiError({
          code: 'SONAR_TERMINAL',
          kind: 'terminal',
          method: 'POST',
          endpoint: '/_data/validate_address',
          sonarMessage: 'no coordinates for this address',
          message:
            'POST /_data/validate_address: Sonar found no coordinates for the address — give latitude and longitude.',
        });
      }
      return { latitude: answer.latitude, longitude: answer.longitude, county: answer.county ?? null };
    } catch (err) {
      // The client calls every POST a write; this one writes nothing, so an uncertain answer is retried.
      if (err instanceof SonarApiError && err.kind === 'uncertain' && attempt < 3) continue;
      throw err;
    }
  }
}

import { validateAddressCheck } from '../checks/validate-address.js';
import type { Route } from '../router.js';
import type { SimState } from '../state.js';
import { ok, paginate, parseBody, route, SimRefusal } from './respond.js';

// Lookups under /_data (doc lines 20994–21200). Countries and subdivisions answer objects, counties
// an array, email categories an array without paginator: each exactly as the doc shows.

/** GET /_data/* lookups. */
export const dataRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/_data/version',
    handler: route((_req, state) => ok({ version: state.reference.version })),
  },
  {
    method: 'GET',
    pattern: '/_data/email_categories',
    handler: route((_req, state) =>
      ok(state.reference.email_categories.map(({ id, name }) => ({ id, name }))),
    ),
  },
  {
    method: 'GET',
    pattern: '/_data/countries',
    handler: route((_req, state) => ok(state.reference.countries)),
  },
  {
    method: 'GET',
    pattern: '/_data/subdivisions/:country',
    handler: route((req, state) => {
      const country = (req.params.country ?? '').toUpperCase();
      if (!Object.hasOwn(state.reference.countries, country)) {
        throw new SimRefusal(
          404,
          `Country ${req.params.country} is not supported: use a code from /_data/countries.`,
        );
      }
      const names = state.reference.subdivisions[country] ?? [];
      return ok(Object.fromEntries(names.map((name) => [name, name])));
    }),
  },
  {
    method: 'GET',
    pattern: '/_data/counties/:subdivision',
    handler: route((req, state) => {
      const subdivision = req.params.subdivision ?? '';
      const counties = state.reference.counties[subdivision];
      if (!counties) {
        const known = (state.reference.subdivisions.US ?? []).includes(subdivision);
        throw new SimRefusal(
          404,
          known
            ? `No counties are loaded for ${subdivision} in this simulator: add them to the --reference file.`
            : `${subdivision} is not a US subdivision: use a name from /_data/subdivisions/US.`,
        );
      }
      return ok(counties);
    }),
  },
];

/** Lists one paginated system catalogue. */
function catalogue(pattern: string, pick: (state: SimState) => { id: number }[]): Route[] {
  return [
    { method: 'GET', pattern, handler: route((req, state) => paginate(req, pick(state))) },
    {
      method: 'GET',
      pattern: `${pattern}/:id`,
      handler: route((req, state) => {
        const id = Number(req.params.id);
        const found = pick(state).find((entry) => entry.id === id);
        if (!found) throw new SimRefusal(404, `No item with that ID found. (${pattern}/${req.params.id})`);
        return ok(found);
      }),
    },
  ];
}

/** GET /system/* catalogues (doc lines 56143–56416, 50988, 45353). */
export const systemRoutes: Route[] = [
  ...catalogue('/system/account_types', (s) => s.reference.account_types),
  ...catalogue('/system/account_statuses', (s) => s.reference.account_statuses),
  ...catalogue('/system/account_groups', (s) => s.reference.account_groups),
  ...catalogue('/system/address_types', (s) => s.reference.address_types),
  ...catalogue('/system/services', (s) => s.reference.services),
  ...catalogue('/system/voice/rate_centers', (s) => s.reference.rate_centers),
];

/**
 * POST /_data/validate_address (doc line 21314). A real Sonar geocodes; the simulator answers a
 * deterministic point inside the contiguous US derived from the address text, and for a US state
 * with a county list answers its first county, so loaders can be tested end to end.
 */
export const validateAddressRoute: Route = {
  method: 'POST',
  pattern: '/_data/validate_address',
  handler: route((req, state) => {
    const address = parseBody(validateAddressCheck, req.body);
    if (!Object.hasOwn(state.reference.countries, address.country)) {
      throw new SimRefusal(422, 'The address could not be validated.');
    }
    const known = state.reference.subdivisions[address.country];
    if (known && known.length > 0 && !known.includes(address.state)) {
      throw new SimRefusal(422, 'The address could not be validated.');
    }
    const counties = address.country === 'US' ? state.reference.counties[address.state] : undefined;
    const county = counties ? (counties[0] ?? null) : null;
    const hash = textHash(`${address.line1}|${address.city}|${address.state}`);
    // The doc's answer (line 21345) also has zip: a geocoder's, which the simulator has none of.
    return ok({
      ...address,
      county,
      zip: null,
      latitude: Math.round((30 + (hash % 17_000) / 1_000) * 1e6) / 1e6,
      longitude: Math.round((-120 + ((hash >>> 8) % 40_000) / 1_000) * 1e6) / 1e6,
    });
  }),
};

/** A small stable hash (FNV-1a) of a text. */
function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

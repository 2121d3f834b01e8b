import { addressCreateCheck, addressUpdateCheck } from '../checks/addresses.js';
import type { Route } from '../router.js';
import type { SimAddress, SimState } from '../state.js';
import { accountRowDelete, accountRowReads, accountRows, requestedAccountRow } from './account-rows.js';
import { checkPlace } from './geo.js';
import { invalidField, mustGetAccount, ok, parseBody, route, sonarSentence } from './respond.js';

// Doc: "Account_Addresses - Create/Update/Delete/Get all/Get individual" (lines 3–364, once each).

/** An address as Sonar answers it (no account id). */
export function presentAddress(address: SimAddress): Record<string, unknown> {
  const { account_id: _a, ...shown } = address;
  return shown;
}

const addresses = accountRows<SimAddress>(
  '/accounts/:account_id/addresses/:address_id',
  (state) => state.addresses,
  { present: presentAddress, what: 'address' },
);

function checkAddressType(state: SimState, id: number | undefined): void {
  if (id !== undefined && !state.reference.address_types.some((t) => t.id === id)) {
    invalidField(
      'address_type_id',
      `${sonarSentence('address_type_id')} ${id} is not in /system/address_types.`,
    );
  }
}

/** /accounts/:account_id/addresses endpoints. */
export const addressRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:account_id/addresses',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      const input = parseBody(addressCreateCheck, req.body);
      checkAddressType(state, input.address_type_id);
      checkPlace(state, input);
      const address = state.addresses.insert({
        id: state.addresses.nextId(),
        account_id: account.id,
        ...input,
        line2: input.line2 ?? null,
        county: input.county || null,
      });
      return ok(presentAddress(address), 201);
    }),
  },
  ...accountRowReads(addresses),
  {
    method: 'PATCH',
    pattern: '/accounts/:account_id/addresses/:address_id',
    handler: route((req, state) => {
      const address = requestedAccountRow(addresses, req, state);
      const input = parseBody(addressUpdateCheck, req.body);
      checkAddressType(state, input.address_type_id);
      const merged = { ...address, ...input };
      checkPlace(state, merged);
      Object.assign(address, merged);
      return ok(presentAddress(address));
    }),
  },
  accountRowDelete(addresses, { success: true }),
];

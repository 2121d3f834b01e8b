import { addressCreateCheck, addressUpdateCheck } from '../checks/addresses.js';
import type { Route } from '../router.js';
import type { SimAddress, SimState } from '../state.js';
import { checkPlace } from './geo.js';
import {
  invalidField,
  mustGetAccount,
  notFound,
  ok,
  paginate,
  parseBody,
  route,
  sonarSentence,
} from './respond.js';

// Doc: "Account_Addresses - Create/Update/Delete/Get all/Get individual" (lines 3–364, once each).

/** An address as Sonar answers it (no account id). */
export function presentAddress(address: SimAddress): Record<string, unknown> {
  const { account_id: _a, ...shown } = address;
  return shown;
}

function addressOf(state: SimState, accountId: number, raw: string | undefined): SimAddress {
  const address = state.addresses.get(Number(raw));
  if (!address || address.account_id !== accountId) notFound(`address ${raw} on account ${accountId}`);
  return address;
}

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
  {
    method: 'GET',
    pattern: '/accounts/:account_id/addresses',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      return paginate(
        req,
        state.addresses.list((a) => a.account_id === account.id),
        presentAddress,
      );
    }),
  },
  {
    method: 'GET',
    pattern: '/accounts/:account_id/addresses/:address_id',
    handler: route((req, state) =>
      ok(presentAddress(addressOf(state, mustGetAccount(state, req).id, req.params.address_id))),
    ),
  },
  {
    method: 'PATCH',
    pattern: '/accounts/:account_id/addresses/:address_id',
    handler: route((req, state) => {
      const address = addressOf(state, mustGetAccount(state, req).id, req.params.address_id);
      const input = parseBody(addressUpdateCheck, req.body);
      checkAddressType(state, input.address_type_id);
      const merged = { ...address, ...input };
      checkPlace(state, merged);
      Object.assign(address, merged);
      return ok(presentAddress(address));
    }),
  },
  {
    method: 'DELETE',
    pattern: '/accounts/:account_id/addresses/:address_id',
    handler: route((req, state) => {
      const address = addressOf(state, mustGetAccount(state, req).id, req.params.address_id);
      state.addresses.delete(address.id);
      return ok({ success: true });
    }),
  },
];

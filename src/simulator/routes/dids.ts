import { didAssignCheck, didInventoryCreateCheck } from '../checks/dids.js';
import type { Route } from '../router.js';
import type { SimDid, SimState } from '../state.js';
import { accountRowReads, accountRows, requestedAccountRow } from './account-rows.js';
import {
  idParam,
  invalidField,
  mustGetAccount,
  ok,
  paginate,
  parseBody,
  route,
  SimRefusal,
  sonarSentence,
} from './respond.js';

// Doc: "DIDs - Mass add / Get all / Get individual / Delete" (lines 20934, 20795, 20868, 20749) and
// "Account_DIDs - Assign / Get all / Get individual / Unassign" (lines 3340, 3410, 3465, 3601).

function didOf(state: SimState, raw: string | undefined): SimDid {
  const did = state.dids.get(Number(raw));
  if (!did) throw new SimRefusal(404, `DID does not exist. (DID id ${raw})`);
  return did;
}

const assignedDids = accountRows<SimDid>('/accounts/:account_id/dids/:did_id', (state) => state.dids, {
  what: 'DID',
  missing: (raw, accountId) => {
    throw new SimRefusal(
      404,
      `No item with that ID found. (DID id ${raw} is not assigned to account ${accountId})`,
    );
  },
});

/** /system/voice/dids (inventory) endpoints. */
export const didInventoryRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/system/voice/dids',
    handler: route((req, state) => {
      const input = parseBody(didInventoryCreateCheck, req.body);
      if (!state.reference.rate_centers.some((rc) => rc.id === input.rate_center_id)) {
        invalidField(
          'rate_center_id',
          `${sonarSentence('rate_center_id')} ${input.rate_center_id} is not in /system/voice/rate_centers.`,
        );
      }
      // The doc names duplicates within a submission; a DID already inventoried is a duplicate of
      // Sonar's own and is refused the same way. The batch is all or nothing.
      const already = input.dids.filter((d) => state.dids.where('did', d).length > 0);
      if (already.length > 0) {
        throw new SimRefusal(
          422,
          `Your submission contains duplicate DIDs. All DIDs must be unique. (already in the inventory: ${already.slice(0, 10).join(', ')}${already.length > 10 ? ', …' : ''})`,
        );
      }
      for (const did of input.dids) {
        state.dids.insert({
          id: state.dids.nextId(),
          did,
          account_id: null,
          service_id: null,
          rate_center_id: input.rate_center_id,
        });
      }
      return ok({ success: true }, 201);
    }),
  },
  {
    method: 'GET',
    pattern: '/system/voice/dids',
    handler: route((req, state) => paginate(req, state.dids.list())),
  },
  {
    method: 'GET',
    pattern: '/system/voice/dids/:id',
    handler: route((req, state) => ok(didOf(state, req.params.id))),
  },
  {
    method: 'DELETE',
    pattern: '/system/voice/dids/:id',
    handler: route((req, state) => {
      const did = didOf(state, req.params.id);
      if (did.account_id !== null) {
        // Not in the doc: refusing keeps an account's voice service from losing its number silently.
        throw new SimRefusal(
          422,
          `DID ${did.did} is assigned to account ${did.account_id}: unassign it first.`,
        );
      }
      state.dids.delete(did.id);
      return ok({ success: true });
    }),
  },
];

/** /accounts/:account_id/dids endpoints. */
export const accountDidRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/accounts/:account_id/dids',
    handler: route((req, state) => {
      const account = mustGetAccount(state, req);
      const input = parseBody(didAssignCheck, req.body);
      const did = state.dids.where('did', input.did)[0];
      if (!did) {
        invalidField(
          'did',
          `DID ${input.did} has not been inventoried: add it with POST /system/voice/dids first.`,
        );
      }
      if (did.account_id !== null)
        throw new SimRefusal(422, `DID is already assigned to account ${did.account_id}.`);
      const service = state.reference.services.find((s) => s.id === input.service_id);
      if (!service?.voice_service) {
        invalidField(
          'service_id',
          `${sonarSentence('service_id')} ${input.service_id} is not a voice service.`,
        );
      }
      const onAccount = state.accountServices.where(
        'account',
        account.id,
        (r) => r.service_id === service.id,
      );
      if (onAccount.length === 0) {
        invalidField(
          'service_id',
          `Voice service ${service.id} (${service.name}) is not on account ${account.id}: add it with POST /accounts/${account.id}/services first.`,
        );
      }
      state.dids.update(did, { account_id: account.id, service_id: service.id });
      // The doc answers this create with 200, not 201 (line 3340).
      return ok(did);
    }),
  },
  ...accountRowReads(assignedDids),
  {
    method: 'DELETE',
    pattern: '/accounts/:account_id/dids/:did_id',
    handler: route((req, state) => {
      idParam(req, 'did_id');
      const did = requestedAccountRow(assignedDids, req, state);
      state.dids.update(did, { account_id: null, service_id: null });
      return ok(did);
    }),
  },
];

import type { LookupName } from '../../ground/types.js';

// Sonar's payloads take ids where the legacy export has names: these fields, whatever the entity.
/** The payload (top-level) fields that hold Sonar ids, and the reference data a name resolves against. */
export const lookupByField: Readonly<Record<string, LookupName>> = {
  account_type_id: 'account_types',
  account_status_id: 'account_statuses',
  delinquency_account_status_id: 'account_statuses',
  account_groups: 'account_groups',
  sub_accounts: 'accounts',
  address_type_id: 'address_types',
  service_id: 'services',
  rate_center_id: 'rate_centers',
};

import type { SimAccount } from '../../src/simulator/state.js';

/** An account as the simulator stores it, for seeding its state: only the id and name vary. */
export function simAccount(id: number, name: string, overrides: Partial<SimAccount> = {}): SimAccount {
  return {
    id,
    name,
    account_type_id: 1,
    account_status_id: 1,
    account_groups: [],
    balance_due: 0,
    balance_total: 0,
    sub_accounts: [],
    next_bill_date: null,
    delinquent: false,
    ...overrides,
  };
}

import type { StepName } from '../ground/types.js';
import { accountsStep } from './accounts.js';
import { addressesStep } from './addresses.js';
import { bankAccountsStep } from './bank-accounts.js';
import { billingParametersStep } from './billing-parameters.js';
import { contactsStep } from './contacts.js';
import { creditCardsStep } from './credit-cards.js';
import { didInventoryStep } from './did-inventory.js';
import { didsStep } from './dids.js';
import { ipAssignmentsStep } from './ip-assignments.js';
import { nextBillDatesStep } from './next-bill-dates.js';
import { radiusGroupsStep } from './radius-groups.js';
import { servicesStep } from './services.js';
import type { Step } from './types.js';

/**
 * The load order (issue 5): RADIUS groups → DID inventory → accounts (children before parents) →
 * billing parameters → contacts → secondary addresses → services → next bill dates → credit cards
 * → bank accounts → DID assignments (after the voice service) → IP assignments. Rollback walks it
 * backwards.
 */
export const steps: readonly Step[] = [
  radiusGroupsStep,
  didInventoryStep,
  accountsStep,
  billingParametersStep,
  contactsStep,
  addressesStep,
  servicesStep,
  nextBillDatesStep,
  creditCardsStep,
  bankAccountsStep,
  didsStep,
  ipAssignmentsStep,
];

/** The step of a name. */
export function stepOf(name: StepName): Step {
  const step = steps.find((s) => s.name === name);
  if (!step) throw new Error(`no load step named ${name}`);
  return step;
}

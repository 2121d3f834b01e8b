import { mapAccount } from './accounts.js';
import { mapAddress } from './addresses.js';
import { mapBankAccount } from './bank-accounts.js';
import { mapBillingParameters } from './billing-parameters.js';
import type { MappedStep } from './build-record.js';
import { mapContact } from './contacts.js';
import { mapCreditCard } from './credit-cards.js';
import { mapDidInventory } from './did-inventory.js';
import { mapDid } from './dids.js';
import type { EntityRow } from './fields.js';
import { mapIpAssignment } from './ip-assignments.js';
import { mapNextBillDate } from './next-bill-dates.js';
import { mapService } from './services.js';
import type { MapResult } from './types.js';

/** The entity mapper of each mapped step: from a field record to a staged record or rejections. */
export const entityMappers: Record<MappedStep, (row: EntityRow) => MapResult> = {
  did_inventory: mapDidInventory,
  accounts: mapAccount,
  billing_parameters: mapBillingParameters,
  contacts: mapContact,
  addresses: mapAddress,
  services: mapService,
  next_bill_dates: mapNextBillDate,
  credit_cards: mapCreditCard,
  bank_accounts: mapBankAccount,
  dids: mapDid,
  ip_assignments: mapIpAssignment,
};

/** The mapped steps, in load order. */
export const mappedSteps = Object.keys(entityMappers) as MappedStep[];

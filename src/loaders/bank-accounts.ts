import { payloadSchemas } from '../sonar/schemas/index.js';
import { paymentMethodStep } from './payment-methods.js';
import type { Step } from './types.js';

/** Tokenized bank accounts (echeck); matched by identifier + name on account. */
export const bankAccountsStep: Step = paymentMethodStep('bank_accounts', payloadSchemas.bank_accounts);

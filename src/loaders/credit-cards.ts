import { payloadSchemas } from '../sonar/schemas/index.js';
import { paymentMethodStep } from './payment-methods.js';
import type { Step } from './types.js';

/** Tokenized credit cards; matched by identifier + expiry + name on card. */
export const creditCardsStep: Step = paymentMethodStep('credit_cards', payloadSchemas.credit_cards);

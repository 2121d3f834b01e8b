import { type CardType, cardTypes } from '../../sonar/schemas/payment-methods.js';
import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/** The card types Sonar accepts: the payment-method schema's list is the single source. */
export const sonarCardTypes = cardTypes;

/** One of sonarCardTypes. */
export type SonarCardType = CardType;

// Keys are spellings with case, punctuation, spaces and a trailing "card" removed: Freeside writes
// "VISA card", "Discover card", "American Express card", "Diner's Club/Carte Blanche", "MasterCard";
// WHMCS writes "Visa", "MasterCard", "American Express", "Diners Club", "EnRoute".
const SPELLINGS: Readonly<Record<string, SonarCardType>> = {
  visa: 'visa',
  visadebit: 'visa',
  visacredit: 'visa',
  vi: 'visa',
  visaelectron: 'visaelectron',
  electron: 'visaelectron',
  mastercard: 'mastercard',
  master: 'mastercard',
  mc: 'mastercard',
  mastercarddebit: 'mastercard',
  americanexpress: 'amex',
  amex: 'amex',
  ax: 'amex',
  amexpress: 'amex',
  dinersclub: 'dinersclub',
  diners: 'dinersclub',
  dinersclubcarteblanche: 'dinersclub',
  dinersclubinternational: 'dinersclub',
  carteblanche: 'dinersclub',
  dc: 'dinersclub',
  discover: 'discover',
  disc: 'discover',
  discovernetwork: 'discover',
  ds: 'discover',
  unionpay: 'unionpay',
  chinaunionpay: 'unionpay',
  cup: 'unionpay',
  up: 'unionpay',
  jcb: 'jcb',
  japancreditbureau: 'jcb',
  // Switch was merged into Maestro in 2002; Freeside still lists it.
  maestro: 'maestro',
  switch: 'maestro',
  switchmaestro: 'maestro',
  dankort: 'dankort',
  visadankort: 'dankort',
  forbrugsforeningen: 'forbrugsforeningen',
};

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/(?:credit)?card$/, '');
}

/** Reads a card brand as legacy systems spell it → Sonar's card type; blank is null. */
export function parseCardBrand(value: string): TransformResult<SonarCardType | null> {
  if (isBlank(value)) return accept(null);
  const type = SPELLINGS[normalize(value)];
  if (type === undefined) {
    return reject(
      `${quote(value)} is not a card brand Sonar accepts (${sonarCardTypes.join(', ')}) — map it with a crosswalk or fix the cell`,
    );
  }
  return accept(type);
}

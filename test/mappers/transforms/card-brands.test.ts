import { describe, expect, it } from 'vitest';
import { parseCardBrand } from '../../../src/mappers/transforms/card-brands.js';

describe('parseCardBrand', () => {
  it.each([
    ['VISA card', 'visa'],
    ['Visa', 'visa'],
    ['Visa Electron', 'visaelectron'],
    ['Master Card', 'mastercard'],
    ['MasterCard', 'mastercard'],
    ['MC', 'mastercard'],
    ['American Express', 'amex'],
    ['American Express card', 'amex'],
    ['AMEX', 'amex'],
    ['Diners Club', 'dinersclub'],
    ["Diner's Club/Carte Blanche", 'dinersclub'],
    ['Discover Card', 'discover'],
    ['Discover card', 'discover'],
    ['JCB', 'jcb'],
    ['China UnionPay', 'unionpay'],
    ['UnionPay', 'unionpay'],
    ['Maestro', 'maestro'],
    ['Switch', 'maestro'],
    ['Dankort', 'dankort'],
    ['Forbrugsforeningen', 'forbrugsforeningen'],
  ])('reads %j as %s', (value, type) => {
    expect(parseCardBrand(value)).toEqual({ ok: true, value: type });
  });

  it('rejects brands Sonar has no type for and lists the accepted types', () => {
    for (const bad of ['enRoute', 'BankCard', 'Solo', 'PayPal']) {
      const result = parseCardBrand(bad);
      expect(result.ok === false && result.message, bad).toMatch(
        /not a card brand Sonar accepts \(visaelectron/,
      );
    }
  });

  it('returns null for a blank cell', () => {
    expect(parseCardBrand('')).toEqual({ ok: true, value: null });
  });
});

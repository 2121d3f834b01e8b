import { describe, expect, it } from 'vitest';
import { mapAddress } from '../../src/mappers/addresses.js';
import { mapContact } from '../../src/mappers/contacts.js';
import { mapCreditCard } from '../../src/mappers/credit-cards.js';
import { mapService } from '../../src/mappers/services.js';
import { entityRow } from './entity-row.js';

describe('legacy keys of child rows', () => {
  it('come from the identity, not the row number, so re-ordering a file keeps them', () => {
    const a = mapContact(
      entityRow(
        'contacts',
        { name: 'Bob  Smith', email_address: 'bob@example.com' },
        { accountKey: '7', row: 2 },
      ),
    );
    const b = mapContact(
      entityRow(
        'contacts',
        { name: 'bob smith', email_address: 'bob@example.com' },
        { accountKey: '7', row: 90 },
      ),
    );
    expect(a.records[0]?.legacyKey).toBe('contacts:7:bob smith');
    expect(a.records[0]?.numberedKey).toBe(true);
    expect(b.records[0]?.legacyKey).toBe(a.records[0]?.legacyKey);
  });

  it('stay the same when an edit changes the other fields, so an edit is never a new record', () => {
    const contact = (email: string) =>
      mapContact(entityRow('contacts', { name: 'Bob', email_address: email }, { accountKey: '7' })).records[0]
        ?.legacyKey;
    expect(contact('new@example.com')).toBe(contact('bob@example.com'));
    const service = (price: number) =>
      mapService(entityRow('services', { service_id: 10, price_override: price }, { accountKey: '7' }))
        .records[0]?.legacyKey;
    expect(service(19.99)).toBe('services:7:10');
    expect(service(24.99)).toBe('services:7:10');
    const address = (line1: string) =>
      mapAddress(
        entityRow(
          'addresses',
          { address_type_id: 3, line1, city: 'Green Bay', state: 'Wisconsin', zip: '54301', country: 'US' },
          { accountKey: '7' },
        ),
      ).records[0]?.legacyKey;
    expect(address('1 Main St')).toBe('addresses:7:3');
    expect(address('9 Elm St')).toBe('addresses:7:3');
  });

  it('key a payment method by its account alone, never by the token', () => {
    const card = mapCreditCard(
      entityRow(
        'credit_cards',
        {
          token: 'tok_secret_4242',
          name_on_account: 'Bob',
          identifier: '4242',
          auto: true,
          expiration_year: 2030,
          expiration_month: 12,
          card_type: 'visa',
          line1: '1 Main St',
          city: 'Green Bay',
          state: 'Wisconsin',
          zip: '54301',
          country: 'US',
        },
        { accountKey: '7' },
      ),
    );
    expect(card.rejections).toEqual([]);
    expect(card.records[0]?.legacyKey).toBe('credit_cards:7');
  });

  it('use an explicit key when the mapping names key columns, without numbering it', () => {
    const row = entityRow('contacts', { name: 'Bob' }, { accountKey: '7' });
    row.legacyKey = { value: 'C-55', column: 'Contact ID' };
    const mapped = mapContact(row).records[0];
    expect(mapped?.legacyKey).toBe('contacts:C-55');
    expect(mapped?.numberedKey).toBeUndefined();
  });
});

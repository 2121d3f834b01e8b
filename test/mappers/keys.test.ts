import { describe, expect, it } from 'vitest';
import { mapContact } from '../../src/mappers/contacts.js';
import { mapService } from '../../src/mappers/services.js';
import { entityRow } from './entity-row.js';

describe('legacy keys of child rows', () => {
  it('come from the content, not the row number, so re-ordering a file keeps them', () => {
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
    expect(a.records[0]?.legacyKey).toBe('contacts:7:bob smith:bob@example.com');
    expect(b.records[0]?.legacyKey).toBe(a.records[0]?.legacyKey);
  });

  it('tell apart two services of one account by service and price', () => {
    const keys = [{ service_id: 10 }, { service_id: 10, price_override: 19.99 }, { service_id: 50 }].map(
      (fields) => mapService(entityRow('services', fields, { accountKey: '7' })).records[0]?.legacyKey,
    );
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toBe('services:7:10:::');
  });

  it('use an explicit key when the mapping names key columns', () => {
    const row = entityRow('contacts', { name: 'Bob' }, { accountKey: '7' });
    row.legacyKey = { value: 'C-55', column: 'Contact ID' };
    expect(mapContact(row).records[0]?.legacyKey).toBe('contacts:C-55');
  });
});

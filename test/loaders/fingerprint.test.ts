import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/loaders/fingerprint.js';

describe('fingerprintOf', () => {
  it('gives a record the same fingerprint every time, and an equal copy the same one', () => {
    const record = { payload: { name: 'Ann', id: 4 }, refs: [] };
    const first = fingerprintOf(record);
    expect(fingerprintOf(record)).toBe(first);
    expect(fingerprintOf({ payload: { id: 4, name: 'Ann' }, refs: [] })).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tells apart records whose payload or refs differ, even when they share the other object', () => {
    const payload = { name: 'Ann' };
    const refs = [{ path: 'account_type_id', lookup: 'account_types' as const, name: 'Residential' }];
    const plain = fingerprintOf({ payload, refs: [] });
    expect(fingerprintOf({ payload, refs })).not.toBe(plain);
    expect(fingerprintOf({ payload: { name: 'Bob' }, refs: [] })).not.toBe(plain);
  });

  it('leaves secrets out of the fingerprint', () => {
    const withToken = fingerprintOf({ payload: { name: 'Ann', token: 'tok_1' }, refs: [] });
    expect(withToken).toBe(fingerprintOf({ payload: { name: 'Ann', token: 'tok_2' }, refs: [] }));
  });
});

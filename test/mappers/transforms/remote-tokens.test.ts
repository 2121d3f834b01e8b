import { describe, expect, it } from 'vitest';
import { readRemoteToken, transforms } from '../../../src/mappers/transforms/index.js';

// WHMCS's Stripe module stores {"customer":"cus_…","method":"pm_…"} (GetPayMethods example answer).

describe('the remote_token transform', () => {
  const stripe = '{"customer":"cus_PqR7sT9uVwX1yZ","method":"pm_1OaBcD2eFgHiJkLmNoPqA9zQ"}';

  it("splits WHMCS's Stripe JSON into the method (the token) and the customer", () => {
    expect(readRemoteToken(stripe, 'token')).toEqual({ ok: true, value: 'pm_1OaBcD2eFgHiJkLmNoPqA9zQ' });
    expect(readRemoteToken(stripe, 'customer')).toEqual({ ok: true, value: 'cus_PqR7sT9uVwX1yZ' });
    expect(transforms.remote_token?.apply(stripe, { part: 'customer' })).toEqual({
      ok: true,
      value: 'cus_PqR7sT9uVwX1yZ',
    });
  });

  it('passes a plain token as the token, with no customer; a blank cell gives nothing', () => {
    expect(readRemoteToken(' MD0001ABCDEF23 ', 'token')).toEqual({ ok: true, value: 'MD0001ABCDEF23' });
    expect(readRemoteToken('MD0001ABCDEF23', 'customer')).toEqual({ ok: true, value: '' });
    expect(readRemoteToken('', 'token')).toEqual({ ok: true, value: '' });
  });

  it('refuses JSON cut short or without a method, never quoting the cell', () => {
    const cut = readRemoteToken('{"customer":"cus_1","method":"pm_secret12', 'token');
    expect(cut.ok).toBe(false);
    expect(JSON.stringify(cut)).not.toContain('pm_secret12');
    const other = readRemoteToken('{"customer":"cus_1","source":"card_secret12"}', 'token');
    expect(other).toEqual({
      ok: false,
      message:
        'the remote token is JSON without a "method" (WHMCS stores Stripe cards as {"customer":…,"method":…}) — export the pay methods again, unchanged, or map the token in a copy of the profile',
    });
  });
});

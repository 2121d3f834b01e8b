import { accept, reject, type TransformResult } from './result.js';

/** The part of a stored remote token a field takes. */
export type RemoteTokenPart = 'token' | 'customer';

/**
 * Reads a gateway token as WHMCS stores it (GetPayMethods `remote_token`, tblclients `gatewayid`).
 * WHMCS's Stripe module keeps two ids as JSON, `{"customer":"cus_…","method":"pm_…"}` (the
 * GetPayMethods example answer, developers.whmcs.com/api-reference/getpaymethods): the payment
 * method is Sonar's `token`, the customer its `payment_processor_customer_profile_id` (Sonar doc
 * ~9231, "must be included if the processor requires it"). Any other text is the token itself,
 * with no customer. The cell is a secret: no message quotes it.
 */
export function readRemoteToken(value: string, part: RemoteTokenPart): TransformResult<string> {
  const text = value.trim();
  if (text === '') return accept('');
  if (!text.startsWith('{')) return accept(part === 'token' ? text : '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return reject(
      'the remote token starts with "{" but is not JSON (cut short by the export?) — export the pay methods again, unchanged',
    );
  }
  const ids = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const method = ids.method;
  const customer = ids.customer;
  if (typeof method !== 'string' || method.trim() === '') {
    return reject(
      'the remote token is JSON without a "method" (WHMCS stores Stripe cards as {"customer":…,"method":…}) — export the pay methods again, unchanged, or map the token in a copy of the profile',
    );
  }
  if (part === 'token') return accept(method.trim());
  return accept(typeof customer === 'string' ? customer.trim() : '');
}

import type { z } from 'zod';

/** The address fields the county rule reads. */
interface CountyFields {
  country?: string;
  county?: string | null;
}

/**
 * The county of an address (doc line 16154, and line 32 for account addresses): "only used for US
 * states and should be blank for any other country. It is important to set this correctly as it
 * will be used for calculating geo taxes". The strict reading: required for a US address, blank
 * elsewhere.
 */
export function checkCountyRule(value: CountyFields, ctx: z.RefinementCtx): void {
  if (value.country === undefined) return;
  const blank = value.county === undefined || value.county === null || value.county.trim() === '';
  if (value.country === 'US' && blank) {
    ctx.addIssue({
      code: 'custom',
      path: ['county'],
      message: 'The county field is required for a US address (it drives geo taxes): see /_data/counties.',
    });
  }
  if (value.country !== 'US' && !blank) {
    ctx.addIssue({
      code: 'custom',
      path: ['county'],
      message: `The county must be blank outside the US (country ${value.country}).`,
    });
  }
}

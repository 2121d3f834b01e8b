import { it } from 'vitest';
import { mapFixture } from '../mappers/profiles/builtin-helpers.js';

it('dump', async () => {
  const { out } = await mapFixture(process.env.FX ?? 'freeside');
  for (const [step, r] of out) {
    console.log(step, JSON.stringify(r.records.map((x) => [x.accountKey, x.legacyKey, x.payload])));
    for (const j of r.rejections)
      console.log('  REJ', j.code, j.source.provenance.row, j.source.provenance.column, j.message);
  }
});

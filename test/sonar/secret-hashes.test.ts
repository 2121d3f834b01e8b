import { describe, expect, it } from 'vitest';
import { HashFilter } from '../../src/sonar/hash-filter.js';
import { maskToken, redactSecrets, registerToken } from '../../src/sonar/redact.js';
import { SecretHashes } from '../../src/sonar/secret-hashes.js';

describe('SecretHashes', () => {
  it('knows exactly what was added, across many growths of its table', () => {
    const set = new SecretHashes();
    const added = Array.from(
      { length: 20_000 },
      (_, i) => `tok_live_${i.toString(36)}_${(i * 7919) % 10_007}`,
    );
    for (const value of added) set.add(value);
    for (const value of added) set.add(value);
    expect(set.size).toBe(20_000);
    expect(added.every((value) => set.hasSlice(value, 0, value.length))).toBe(true);
    const others = Array.from(
      { length: 20_000 },
      (_, i) => `tok_live_${i.toString(36)}_${(i * 7919 + 1) % 10_007}`,
    );
    expect(others.filter((value) => set.hasSlice(value, 0, value.length))).toEqual([]);
  });

  it('looks a slice of a longer text up in place', () => {
    const set = new SecretHashes();
    set.add('pm_1Q2w3E4r');
    const text = 'card pm_1Q2w3E4r was declined';
    expect(set.hasSlice(text, 5, 16)).toBe(true);
    expect(set.hasSlice(text, 5, 15)).toBe(false);
    expect(set.hasSlice(text, 4, 16)).toBe(false);
  });
});

describe('the scrubber with many registered tokens', () => {
  it('masks each of 5,000 tokens sharing one beginning, and nothing else', () => {
    const tokens = Array.from({ length: 5_000 }, (_, i) => `zzhashtest_${String(i).padStart(6, '0')}`);
    for (const token of tokens) registerToken(token);
    const picked = tokens[4_321] ?? '';
    expect(redactSecrets(`Sonar said: token ${picked} declined; zzhashtest_999999 unknown`)).toBe(
      `Sonar said: token ${maskToken(picked)} declined; zzhashtest_999999 unknown`,
    );
    expect(maskToken(picked)).toBe('…4321');
  });
});

describe('HashFilter', () => {
  it('never says no to what was added, and says maybe to few of 100,000 others beside 1,000,000 added', () => {
    const filter = new HashFilter();
    expect(filter.mayHaveSlice('anything', 0, 8)).toBe(false);
    const added = (i: number) => `tok_${i.toString(36).padStart(4, '0')}`;
    for (let i = 0; i < 1_000_000; i += 1) filter.add(added(i));
    expect(filter.size).toBe(1_000_000);
    let missed = 0;
    for (let i = 0; i < 1_000_000; i += 1) {
      const value = added(i);
      if (!filter.mayHaveSlice(`x${value}y`, 1, value.length + 1)) missed += 1;
    }
    expect(missed).toBe(0);
    let maybes = 0;
    for (let i = 0; i < 100_000; i += 1)
      if (filter.mayHaveSlice(`other_${i}`, 0, `other_${i}`.length)) maybes += 1;
    // Two bits a value in 2^24: (1 - e^(-2/16.8))^2 ≈ 1.3% expected; 3% would mean a broken hash.
    expect(maybes).toBeLessThan(3_000);
  });

  it('takes its size: a power of two of bits, a smaller one filling faster', () => {
    for (const bad of [0, 16, 1000, 2 ** 32]) expect(() => new HashFilter(bad)).toThrow(RangeError);
    const small = new HashFilter(2 ** 10);
    const large = new HashFilter(2 ** 20);
    for (let i = 0; i < 300; i += 1) {
      small.add(`key${i}`);
      large.add(`key${i}`);
    }
    for (let i = 0; i < 300; i += 1) expect(small.mayHave(`key${i}`) && large.mayHave(`key${i}`)).toBe(true);
    const maybes = (filter: HashFilter) =>
      Array.from({ length: 10_000 }, (_, i) => `other${i}`).filter((v) => filter.mayHave(v)).length;
    // 300 values, two bits each: in 2^10 bits about (1 - e^(-600/1024))^2 ≈ 19% are false "maybe";
    // in 2^20 bits, (600/2^20)^2, i.e. none of 10,000.
    expect(maybes(small)).toBeGreaterThan(1_000);
    expect(maybes(small)).toBeLessThan(3_000);
    expect(maybes(large)).toBe(0);
  });
});

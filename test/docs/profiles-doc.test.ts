import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawConfigSchema } from '../../src/config/config-schema.js';
import { listBuiltinProfiles } from '../../src/mappers/profiles/index.js';
import { repoRoot } from '../loaders/harness.js';

const text = readFileSync(join(repoRoot, 'docs', 'profiles.md'), 'utf8');
/** Every ```json block of the page that is a whole migration file (it names a profile). */
const configs = [...text.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => m[1] ?? '')
  .filter((block) => block.includes('"profile"'));

describe('docs/profiles.md', () => {
  it('has a section for every built-in profile and for Kazoo', () => {
    const sections = [...text.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    for (const name of [...listBuiltinProfiles().map((p) => p.name), 'kazoo']) {
      expect(sections, name).toContain(name);
    }
  });

  it('gives example migration files the configuration schema accepts', () => {
    expect(configs.length).toBe(7);
    for (const block of configs) {
      const parsed = rawConfigSchema.safeParse(JSON.parse(block));
      expect(parsed.success ? 'ok' : parsed.error.message, block.slice(0, 60)).toBe('ok');
    }
  });
});

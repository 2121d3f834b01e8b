import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { rawConfigSchema } from '../../src/config/config-schema.js';
import {
  builtinMappingProfiles,
  listBuiltinProfiles,
  resolveProfile,
} from '../../src/mappers/profiles/index.js';
import { makeTempDir } from '../helpers/io.js';
import { repoRoot } from '../loaders/harness.js';

const text = readFileSync(join(repoRoot, 'docs', 'profiles.md'), 'utf8');

/** A ```json block of the page that is a whole migration file (it names a profile), and where it is. */
interface Example {
  config: Record<string, unknown>;
  /** The `## name` section it is in. */
  section: string;
  /** The last fixture directory the page names before it (`test/fixtures/profiles/<dir>/`). */
  fixture: string | undefined;
}

const examples: Example[] = [...text.matchAll(/```json\n([\s\S]*?)```/g)]
  .filter((m) => (m[1] ?? '').includes('"profile"'))
  .map((m) => {
    const before = text.slice(0, m.index);
    const sections = [...before.matchAll(/^## (.+)$/gm)];
    const fixtures = [...before.matchAll(/`(test\/fixtures\/profiles\/[\w/-]+?)\/?`/g)];
    return {
      config: JSON.parse(m[1] ?? '') as Record<string, unknown>,
      section: sections.at(-1)?.[1] ?? '',
      fixture: fixtures.at(-1)?.[1],
    };
  });

const shippedNames = builtinMappingProfiles.map((p) => p.name);

describe('docs/profiles.md', () => {
  it('has a section for every built-in profile and for Kazoo', () => {
    const sections = [...text.matchAll(/^## (\S+)$/gm)].map((m) => m[1]);
    for (const name of [...listBuiltinProfiles().map((p) => p.name), 'kazoo']) {
      expect(sections, name).toContain(name);
    }
  });

  it('gives example migration files the configuration schema accepts', () => {
    expect(examples.length).toBe(7);
    for (const { config } of examples) {
      const parsed = rawConfigSchema.safeParse(config);
      expect(parsed.success ? 'ok' : parsed.error.message, JSON.stringify(config).slice(0, 60)).toBe('ok');
    }
  });

  it("gives each shipped profile's section an example of that profile", () => {
    for (const name of shippedNames) {
      const own = examples.filter((e) => e.section === name);
      expect(
        own.map((e) => e.config.profile),
        name,
      ).toEqual([name]);
    }
  });

  // The real loader on the fixture the page names: every input file and lookup exists, the profile
  // gets every crosswalk and lookup it needs, and every column it reads is in the file's header.
  it.each(
    examples
      .filter((e) => shippedNames.includes(String(e.config.profile)))
      .map((e) => [e.section, e] as const),
  )(
    '%s: its example loads with the real config loader and profile on the fixture it names',
    async (_s, e) => {
      expect(e.fixture, 'the page names the fixture before the example').toBeDefined();
      const dir = makeTempDir('sonar-migrate-doc-example-');
      cpSync(join(repoRoot, e.fixture ?? ''), dir, { recursive: true });
      const path = join(dir, 'doc-example.json');
      writeFileSync(path, JSON.stringify(e.config));
      const config = await loadConfig(path);
      const profile = await resolveProfile(config);
      expect(profile.name).toBe(e.config.profile);
      expect(Object.keys(config.inputs).sort()).toEqual(Object.keys(e.config.inputs as object).sort());
    },
  );
});

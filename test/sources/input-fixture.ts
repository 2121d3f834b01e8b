import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputSpec } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes `content` as file `name` in a fresh temporary folder and returns the input spec reading it. */
export function inputFixture(name: string, content: Buffer, extra: Partial<InputSpec> = {}): InputSpec {
  const path = join(makeTempDir(), name);
  writeFileSync(path, content);
  return { path, displayName: name, ...extra };
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The folders of src/ in the order data flows, lowest first: a file may import its own folder and
// the folders listed before it, never one listed after it (docs/architecture.md says why).
const layers = [
  'errors',
  'ground',
  'sonar',
  'sources',
  'config',
  'mappers',
  'store',
  'kazoo',
  'validate',
  'journal',
  'loaders',
  'verify',
  'reports',
  'pipeline',
  'simulator',
  'cli',
] as const;

const srcDir = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The src files a file imports (static, re-exported and dynamic imports of relative paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'));
}

function folderOf(file: string): string {
  return relative(srcDir, file).split('/')[0] as string;
}

const files = sourceFiles(srcDir);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

describe('the layering of src/', () => {
  it('puts every top-level folder of src/ in the layer list', () => {
    const folders = [...new Set(files.map(folderOf))].filter((f) => !f.endsWith('.ts')).sort();
    expect(folders).toEqual([...layers].sort());
  });

  it('has no import that runs upward', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = layers.indexOf(folderOf(file) as (typeof layers)[number]);
      for (const target of targets) {
        const to = layers.indexOf(folderOf(target) as (typeof layers)[number]);
        if (to > from) upward.push(`${relative(srcDir, file)} -> ${relative(srcDir, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of graph.get(file) ?? []) {
        if (state.get(target) === 'open') {
          cycles.push(
            stack
              .slice(stack.indexOf(target))
              .map((f) => relative(srcDir, f))
              .join(' -> '),
          );
        } else if (!state.has(target) && graph.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});

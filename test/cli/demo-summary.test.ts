import { describe, expect, it } from 'vitest';
import { formatDemoSummary, readDemoSummary } from '../../src/cli/commands/demo-summary.js';

const step = (name: string, counts: Partial<Record<string, number>> = {}) => ({
  step: name,
  staged: 0,
  pending: 0,
  in_flight: 0,
  loaded: 0,
  adopted: 0,
  rejected: 0,
  skipped: 0,
  failed: 0,
  rolled_back: 0,
  ...counts,
});

describe('the demo summary', () => {
  it('reads the per-step counts of status --json and ignores the keys it does not print', () => {
    const json = JSON.stringify({
      state: '/x/state.db',
      exists: true,
      steps: [step('accounts', { staged: 3, loaded: 2, failed: 1 })],
      runs: [],
    });

    expect(readDemoSummary(json)).toEqual([
      { step: 'accounts', staged: 3, loaded: 2, rejected: 0, skipped: 0, failed: 1 },
    ]);
  });

  it('answers undefined for text that is not the status JSON', () => {
    expect(readDemoSummary('No journal yet')).toBeUndefined();
    expect(readDemoSummary(JSON.stringify({ steps: [{ step: 'accounts' }] }))).toBeUndefined();
  });

  it('prints the steps that had rows and a total line', () => {
    const table = formatDemoSummary([
      { step: 'accounts', staged: 1200, loaded: 1199, rejected: 2, skipped: 0, failed: 1 },
      { step: 'dids', staged: 0, loaded: 0, rejected: 0, skipped: 0, failed: 0 },
      { step: 'contacts', staged: 5, loaded: 4, rejected: 0, skipped: 1, failed: 0 },
    ]);

    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^step\s+staged\s+loaded\s+rejected\s+skipped\s+failed$/);
    expect(lines[1]).toMatch(/^accounts\s+1,200\s+1,199\s+2\s+0\s+1$/);
    expect(lines[2]).toMatch(/^contacts\s+5\s+4\s+0\s+1\s+0$/);
    expect(table).not.toContain('dids');
    expect(lines.at(-1)).toMatch(/^total\s+1,205\s+1,203\s+2\s+1\s+1$/);
  });
});

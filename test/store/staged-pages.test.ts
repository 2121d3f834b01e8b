import { describe, expect, it } from 'vitest';
import { StagedPages } from '../../src/store/staged-pages.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

describe('StagedPages.globalPages', () => {
  it("reads a step's valid records in input order, a page at a time, whatever surrounds or interleaves them", () => {
    const { staged, db } = makeState();
    staged.transaction(() => {
      for (let i = 0; i < 30; i += 1)
        staged.addRecord(stagedRecord('did_inventory', `before${i}`, { n: `${i}` }));
      for (let i = 0; i < 25; i += 1) {
        staged.addRecord(stagedRecord('contacts', `c${i}`, { n: `${i}` }, { accountKey: 'A', line: i + 2 }));
        // Another step's rows between this step's own.
        if (i % 5 === 0)
          staged.addRecord(stagedRecord('addresses', `a${i}`, { n: `${i}` }, { accountKey: 'A' }));
      }
      for (let i = 0; i < 30; i += 1)
        staged.addRecord(stagedRecord('dids', `after${i}`, { n: `${i}` }, { accountKey: 'A' }));
    });
    // A rejected row of the step is not read.
    db.prepare("UPDATE staged SET rejected = 1 WHERE step = 'contacts' AND legacy_key = 'c7'").run();
    const pages = [...new StagedPages(staged).globalPages('contacts', 4)];
    expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 4]);
    const keys = pages.flat().map((r) => r.legacyKey);
    expect(keys).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`).filter((k) => k !== 'c7'));
    expect(pages.flat()[0]?.source.provenance).toMatchObject({ file: 'contacts.csv', row: 2 });
    expect([...new StagedPages(staged).globalPages('ip_assignments', 4)]).toEqual([]);
  });
});

import type { PendingRef, StagedRecord } from '../ground/types.js';

// What the journal keeps of a loaded record (issue 16), so `plan` can name the fields an edit
// changed: the staged payload flattened to dotted paths, each value as JSON. A field Sonar resolves
// by name (a pending reference) is kept as the name, so the record reads the same before and after
// resolution; a geocoded position as a mark. Secrets are never kept, not even hashed: a new token
// does not show here.

const secretKeys = new Set(['token', 'password']);

/** The fields of a record as the journal keeps them once it is loaded: dotted path → JSON value. */
export function loadedFieldsOf(record: Pick<StagedRecord, 'payload' | 'refs'>): Record<string, string> {
  const fields: Record<string, string> = {};
  flatten(record.payload, '', fields);
  for (const ref of record.refs) applyRef(ref, fields);
  return fields;
}

/** The journal's text of `loadedFieldsOf`. */
export function loadedFieldsText(record: Pick<StagedRecord, 'payload' | 'refs'>): string {
  return JSON.stringify(loadedFieldsOf(record));
}

/**
 * The fields whose values differ between what was loaded (the journal's text) and a staged record,
 * in path order; a field blank on one side counts as changed.
 */
export function changedFields(loadedText: string, record: Pick<StagedRecord, 'payload' | 'refs'>): string[] {
  const loaded = JSON.parse(loadedText) as Record<string, string>;
  const staged = loadedFieldsOf(record);
  const paths = new Set([...Object.keys(loaded), ...Object.keys(staged)]);
  return [...paths].filter((path) => loaded[path] !== staged[path]).sort();
}

function flatten(value: Record<string, unknown>, prefix: string, into: Record<string, string>): void {
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    const path = `${prefix}${key}`;
    if (secretKeys.has(key)) into[path] = '"<secret>"';
    else if (v !== null && typeof v === 'object' && !Array.isArray(v))
      flatten(v as Record<string, unknown>, `${path}.`, into);
    else into[path] = JSON.stringify(v);
  }
}

function applyRef(ref: PendingRef, fields: Record<string, string>): void {
  if (ref.lookup === 'geocode') {
    fields.latitude = '"<geocoded>"';
    fields.longitude = '"<geocoded>"';
    return;
  }
  // A flattened object under the path (none expected) would hide the name: the name wins.
  fields[ref.path] = JSON.stringify({ [ref.lookup]: ref.name });
}

import type { z } from 'zod';
import { type ErrorCode, formatProvenance, type Provenance } from '../errors/index.js';
import { getPath, setPath } from '../ground/payload-paths.js';
import type { PendingRef, RowRejection, StepName } from '../ground/types.js';
import { issuePath } from '../ground/zod-issues.js';
import { payloadSchemas } from '../sonar/schemas/index.js';
import { lookupByField } from '../sonar/schemas/lookups.js';
import { type EntityRow, type FieldValue, isBlank, isSonarName, secretPaths } from './fields.js';
import type { MapResult } from './types.js';

/** The steps that have an entity mapper (RADIUS groups are configured, not mapped from rows). */
export type MappedStep = Exclude<StepName, 'radius_groups'>;

/** A payload under construction: the body, its pending references and the cells that could not convert. */
export interface Draft {
  payload: Record<string, unknown>;
  refs: PendingRef[];
  rejections: RowRejection[];
  /** Field paths already rejected: the schema's complaints about them are not repeated. */
  reported: Set<string>;
}

/** Adds a rejection of one field to a draft. */
export function rejectDraftField(draft: Draft, path: string, rejection: RowRejection): void {
  draft.rejections.push(rejection);
  draft.reported.add(path);
}

/**
 * Builds the nested payload from a row's fields: blank fields are left out, Sonar names become
 * PendingRefs (placeholder null, resolved at plan/load), failed conversions become rejections.
 */
export function draftPayload(row: EntityRow, legacyKey?: string): Draft {
  const draft: Draft = { payload: {}, refs: [], rejections: [], reported: new Set() };
  const fields = row.fields;
  // for-in visits the keys in the order Object.entries gives, without an array per field.
  for (const path in fields) {
    const field = fields[path];
    if (!field) continue;
    if (field.problem !== undefined) {
      // A transform's message already quotes the cell, so the cell is not repeated.
      const { cell: _quoted, ...located } = field;
      rejectDraftField(
        draft,
        path,
        rejectField(row, field.problemCode ?? 'MAP_INVALID_VALUE', path, located, field.problem, legacyKey),
      );
      continue;
    }
    if (isBlank(field.value)) continue;
    // The common case (a plain value, no Sonar name): stored as is, without the name scan below.
    if (!Array.isArray(field.value) && !isSonarName(field.value)) {
      setPath(draft.payload, path, field.value);
      continue;
    }
    const value = Array.isArray(field.value) ? [...field.value] : field.value;
    const named = Array.isArray(value)
      ? value.flatMap((item, index) => (isSonarName(item) ? [{ path: `${path}.${index}`, item }] : []))
      : isSonarName(value)
        ? [{ path, item: value }]
        : [];
    for (const { path: refPath, item } of named) {
      const lookup = lookupByField[path];
      if (!lookup) {
        const message = `${path} takes a value, not a Sonar name: map it to a value (a crosswalk to an id or text)`;
        rejectDraftField(draft, path, rejectField(row, 'MAP_INVALID_VALUE', path, field, message, legacyKey));
        break;
      }
      draft.refs.push({ path: refPath, lookup, name: item.sonarName });
      if (Array.isArray(value)) value[Number(refPath.slice(path.length + 1))] = null;
    }
    setPath(draft.payload, path, named.length > 0 && !Array.isArray(value) ? null : value);
  }
  return draft;
}

/** Coordinates pending: a geocode ref at `latitude` (one at `county` asks only for a US county). */
function pendingCoordinates(ref: PendingRef): boolean {
  return ref.lookup === 'geocode' && ref.path === 'latitude';
}

/** Adds a PendingRef (for `geocode`: latitude and longitude, both filled by the loader). */
export function addRef(draft: Draft, ref: PendingRef): void {
  draft.refs.push(ref);
  setPath(draft.payload, ref.path, null);
  if (pendingCoordinates(ref)) setPath(draft.payload, 'longitude', null);
}

/**
 * Validates a draft with the step's schema and returns the staged record, or the rejections.
 * Pending references are validated as placeholders (ids → 1, coordinates → 0) so the rest of the
 * payload is still checked; the stored payload keeps null there until plan/load resolves them.
 */
export function finishRecord(
  step: MappedStep,
  row: EntityRow,
  draft: Draft,
  keys: { legacyKey: string; accountKey?: string; numberedKey?: true },
): MapResult {
  const schema = payloadSchemas[step] as z.ZodType;
  // The draft is not used after this call, so placeholders go straight into it (no copy per row):
  // the schema's parse returns a fresh object, which is what gets staged.
  const candidate = draft.payload;
  for (const ref of draft.refs) {
    if (pendingCoordinates(ref)) {
      setPath(candidate, 'latitude', 0);
      setPath(candidate, 'longitude', 0);
    } else if (ref.lookup !== 'geocode') setPath(candidate, ref.path, 1);
  }
  // A row refused as a whole (a card never tokenized) is not checked further: its refusal says it all.
  const refused = draft.rejections.filter((r) => r.code === 'MAP_NOT_MIGRATABLE');
  if (refused.length > 0) return { records: [], rejections: refused };
  const parsed = schema.safeParse(candidate);
  // The draft's own list: the draft is not used after this call.
  const rejections = draft.rejections;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issuePath(issue);
      const fieldPath = owningField(row, path);
      const field = fieldPath === undefined ? undefined : row.fields[fieldPath];
      if (field?.problem !== undefined || draft.reported.has(fieldPath ?? path)) continue;
      const missing = path !== '' && getPath(candidate, path) === undefined;
      rejections.push(
        rejectField(
          row,
          missing ? 'MAP_MISSING_REQUIRED' : 'MAP_INVALID_VALUE',
          fieldPath ?? path,
          field,
          issue.message,
          keys.legacyKey,
        ),
      );
    }
  }
  if (rejections.length > 0 || !parsed.success) return { records: [], rejections };
  const payload = parsed.data as Record<string, unknown>;
  for (const ref of draft.refs) {
    setPath(payload, ref.path, null);
    if (pendingCoordinates(ref)) setPath(payload, 'longitude', null);
  }
  return {
    records: [
      {
        step,
        legacyKey: keys.legacyKey,
        ...(keys.accountKey === undefined ? {} : { accountKey: keys.accountKey }),
        ...(keys.numberedKey ? { numberedKey: true as const } : {}),
        payload,
        refs: draft.refs,
        source: { ...row.source, provenance: { ...row.source.provenance, legacyKey: keys.legacyKey } },
      },
    ],
    rejections: [],
  };
}

/** A rejection of one field of a row, with the column in its provenance and a message that says what to do. */
export function rejectField(
  row: EntityRow,
  code: ErrorCode,
  path: string,
  field: FieldValue | undefined,
  message: string,
  legacyKey?: string,
): RowRejection {
  const provenance: Provenance = {
    ...row.source.provenance,
    ...(field?.column === undefined ? {} : { column: field.column }),
    // A letter-named column keeps the profile's name for it: every later message about the row names both.
    ...(field?.column !== undefined && field.label !== undefined && field.label !== field.column
      ? { columnName: field.label }
      : {}),
    ...(legacyKey === undefined ? {} : { legacyKey }),
  };
  const where = formatProvenance(provenance);
  const showCell = field?.cell !== undefined && field.cell.trim() !== '' && !secretPaths.has(path);
  let detail: string;
  if (code === 'MAP_MISSING_REQUIRED') {
    detail =
      field?.column === undefined
        ? `${message} — map a column to ${path} (or give it a value in the mapping)`
        : `${message} — fill in the cell`;
  } else detail = showCell ? `"${field?.cell}" — ${message}` : message;
  return { code, message: `${where}: ${detail}`, source: { ...row.source, provenance } };
}

/** The row field a payload path belongs to: the longest field path that is a prefix of it. */
function owningField(row: EntityRow, path: string): string | undefined {
  let best: string | undefined;
  for (const key of Object.keys(row.fields)) {
    if ((path === key || path.startsWith(`${key}.`)) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best;
}

import { type ErrorCode, formatProvenance } from '../errors/index.js';
import type { LookupName, PendingRef, RowRejection, SourceRef } from '../ground/types.js';
import { radiusOperators } from '../sonar/schemas/radius-groups.js';
import type { SourceRow } from '../sources/types.js';
import { splitList } from './cells.js';
import { parseBoolean } from './transforms/booleans.js';
import { applyCrosswalk, type CrosswalkTable } from './transforms/crosswalk.js';

// The two RADIUS inputs (issue 7): a FreeRADIUS `radgroupreply` export (header-named columns
// groupname, attribute, op, value; an `id` column is ignored) and a small group-settings input
// (groupname, priority, delinquent, active, fall_through, services, account_types, account_groups,
// account_statuses). Each row is read here on its own; stage-radius.ts groups them through SQLite.

/** One valid radgroupreply row. */
export interface RadiusReplyRow {
  groupName: string;
  attribute: string;
  operator: (typeof radiusOperators)[number];
  reply: string;
}

/** One valid settings row: the group create body (names still pending) and its refs. */
export interface RadiusSettingsRow {
  groupName: string;
  body: Record<string, unknown>;
  refs: PendingRef[];
}

/** The column names of each input, as their header must name them. */
export const radiusReplyColumns = ['groupname', 'attribute', 'op', 'value'] as const;
/** The column names of the settings input; only groupname and priority are required. */
export const radiusSettingsColumns = [
  'groupname',
  'priority',
  'delinquent',
  'active',
  'fall_through',
  'services',
  'account_types',
  'account_groups',
  'account_statuses',
] as const;

const listLookups: Record<string, LookupName> = {
  services: 'services',
  account_types: 'account_types',
  account_groups: 'account_groups',
  account_statuses: 'account_statuses',
};

/** The SourceRef of a row of either RADIUS input (both report under `radius_groups`). */
export function radiusSource(row: SourceRow): SourceRef {
  return {
    input: 'radius_groups',
    provenance: { file: row.file, ...(row.sheet ? { sheet: row.sheet } : {}), row: row.row },
    values: row.values,
    columns: row.columns,
  };
}

/** A rejection of one cell of a RADIUS row: what, where (file:row:column) and what to do. */
export function rejectRadiusCell(
  source: SourceRef,
  code: ErrorCode,
  column: string | undefined,
  text: string,
  legacyKey?: string,
): RowRejection {
  const provenance = {
    ...source.provenance,
    ...(column === undefined ? {} : { column }),
    ...(legacyKey ? { legacyKey } : {}),
  };
  return { code, message: `${formatProvenance(provenance)}: ${text}`, source: { ...source, provenance } };
}

function cellOf(row: SourceRow, name: string): { text: string; column?: string } {
  const index = row.columns.findIndex((c) => c.replace(/\s+/g, '').toLowerCase() === name);
  return index < 0 ? { text: '' } : { text: (row.values[index] ?? '').trim(), column: row.columns[index] };
}

/** Reads one radgroupreply row: every cell required, the operator one of =, := or +=. */
export function readRadiusReply(row: SourceRow): { reply: RadiusReplyRow } | { rejections: RowRejection[] } {
  const source = radiusSource(row);
  const group = cellOf(row, 'groupname');
  const rejections: RowRejection[] = [];
  const key = group.text || undefined;
  for (const name of radiusReplyColumns) {
    const cell = cellOf(row, name);
    if (cell.text === '') {
      rejections.push(
        rejectRadiusCell(
          source,
          'MAP_MISSING_REQUIRED',
          cell.column ?? name,
          `${name} is blank — every radgroupreply row needs groupname, attribute, op and value`,
          key,
        ),
      );
    }
  }
  const op = cellOf(row, 'op');
  if (op.text !== '' && !(radiusOperators as readonly string[]).includes(op.text)) {
    rejections.push(
      rejectRadiusCell(
        source,
        'MAP_RADIUS_OPERATOR',
        op.column,
        `operator "${op.text}" is not one Sonar accepts for a reply attribute (=, := or +=) — use one of them or leave the attribute out`,
        key,
      ),
    );
  }
  if (rejections.length > 0) return { rejections };
  return {
    reply: {
      groupName: group.text,
      attribute: cellOf(row, 'attribute').text,
      operator: op.text as RadiusReplyRow['operator'],
      reply: cellOf(row, 'value').text,
    },
  };
}

/** A tri-state filter: 1/2/3, or yes (only when true), no (only when false), any (not checked). */
function readTriState(text: string): number | undefined | 'bad' {
  const word = text.toLowerCase();
  if (word === '') return undefined;
  if (['1', '2', '3'].includes(word)) return Number(word);
  if (['yes', 'y', 'only'].includes(word)) return 1;
  if (['no', 'n', 'not'].includes(word)) return 2;
  if (['any', 'all', 'either'].includes(word)) return 3;
  return 'bad';
}

/**
 * Reads one settings row. List cells take Sonar ids or names (resolved at plan/load, as other
 * inputs' names are); a crosswalk named like the column (`services`, `account_types`, …) maps
 * legacy values first.
 */
export function readRadiusSettings(
  row: SourceRow,
  crosswalks: Readonly<Record<string, CrosswalkTable>> = {},
): { settings: RadiusSettingsRow } | { rejections: RowRejection[] } {
  const source = radiusSource(row);
  const group = cellOf(row, 'groupname');
  const key = group.text || undefined;
  const rejections: RowRejection[] = [];
  const bad = (code: ErrorCode, column: string | undefined, text: string) =>
    rejections.push(rejectRadiusCell(source, code, column, text, key));
  if (group.text === '')
    bad('MAP_MISSING_REQUIRED', group.column ?? 'groupname', 'groupname is blank — name the RADIUS group');
  const body: Record<string, unknown> = { name: group.text };
  const refs: PendingRef[] = [];
  const priority = cellOf(row, 'priority');
  if (priority.text === '')
    bad(
      'MAP_MISSING_REQUIRED',
      priority.column ?? 'priority',
      'priority is blank — give the group a whole-number priority',
    );
  else if (!/^-?\d+$/.test(priority.text))
    bad('MAP_INVALID_VALUE', priority.column, `priority "${priority.text}" is not a whole number`);
  else body.priority = Number(priority.text);
  for (const name of ['delinquent', 'active'] as const) {
    const cell = cellOf(row, name);
    const value = readTriState(cell.text);
    if (value === 'bad') {
      bad(
        'MAP_INVALID_VALUE',
        cell.column,
        `${name} "${cell.text}" is not 1 (only when true), 2 (only when false) or 3 (not checked); yes/no/any work too`,
      );
    } else if (value !== undefined) body[name] = value;
  }
  const fall = cellOf(row, 'fall_through');
  const fallValue = parseBoolean(fall.text);
  if (!fallValue.ok) bad('MAP_INVALID_VALUE', fall.column, `fall_through ${fallValue.message}`);
  else if (fallValue.value !== null) body.fall_through = fallValue.value;
  for (const [name, lookup] of Object.entries(listLookups)) {
    const cell = cellOf(row, name);
    const ids: Array<number | null> = [];
    for (const item of splitList(cell.text)) {
      const table = crosswalks[name];
      let target: string | number = item;
      if (table) {
        const walked = applyCrosswalk(item, table, `crosswalks.${name}`);
        if (!walked.ok) {
          bad('MAP_INVALID_VALUE', cell.column, walked.message);
          continue;
        }
        target = walked.value;
      }
      if (typeof target === 'number' || /^\d+$/.test(String(target))) ids.push(Number(target));
      else {
        refs.push({ path: `${name}.${ids.length}`, lookup, name: String(target) });
        ids.push(null);
      }
    }
    if (ids.length > 0) body[name] = ids;
  }
  if (rejections.length > 0) return { rejections };
  return { settings: { groupName: group.text, body, refs } };
}

import { existsSync } from 'node:fs';
import type { MigrationConfig, ResolvedInput } from '../config/config.js';
import { ConfigError, formatProvenance, SourceError } from '../errors/index.js';
import { setPath } from '../ground/payload-paths.js';
import type { RowRejection, SourceRef } from '../ground/types.js';
import { formatZodIssues } from '../ground/zod-issues.js';
import {
  radiusSource,
  readRadiusReply,
  readRadiusSettings,
  rejectRadiusCell,
} from '../mappers/radius-groups.js';
import { radiusGroupStagedSchema } from '../sonar/schemas/radius-groups.js';
import { applyHeader, readRawRows, type SourceRow } from '../sources/index.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { InputStageResult, StagedRecordSource } from '../store/staged-source.js';

// RADIUS groups are staged from two inputs whose rows of one group may lie far apart: each row is
// parked in a temporary SQLite table first and the groups are assembled by SQL, so memory stays
// bounded by one group (not the file) whatever the size of the export.

const BATCH = 5_000;

interface ParkedReply {
  seq: number;
  group_key: string;
  attribute: string;
  op: string;
  reply: string;
  source: string;
}

/** RADIUS groups: two inputs (reply rows and settings) grouped by name, whatever the profile. */
export const radiusGroupsSource: StagedRecordSource = {
  listOrder: 0,
  prepare(config) {
    if (!config.inputs.radius_groups && !config.inputs.radius_group_settings) return undefined;
    return (staged) => stageRadiusGroups(config, staged);
  },
};

/**
 * Stages the `radius_groups` (radgroupreply) and `radius_group_settings` inputs into ONE staged
 * record per group: legacy key = the group name, payload = the group create body plus its reply
 * `attributes`. Rows with a bad operator, duplicated attributes, and groups missing their settings
 * (or settings without reply rows) are rejected with each row's own provenance.
 */
export async function stageRadiusGroups(
  config: MigrationConfig,
  staged: StagedRecords,
): Promise<{ inputs: InputStageResult[]; sourceErrors: SourceError[] }> {
  const replyInput = config.inputs.radius_groups;
  const settingsInput = config.inputs.radius_group_settings;
  if (!replyInput && !settingsInput) return { inputs: [], sourceErrors: [] };
  for (const [name, input] of Object.entries({
    radius_groups: replyInput,
    radius_group_settings: settingsInput,
  })) {
    if (input && !existsSync(input.path)) {
      throw new ConfigError(
        'CONFIG_FILE_MISSING',
        `${config.configPath}: inputs.${name}: the file "${input.displayName}" (${input.path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
      );
    }
  }
  const db = staged.db;
  db.exec(`
    DROP TABLE IF EXISTS temp.radius_reply;
    CREATE TEMP TABLE radius_reply (seq INTEGER PRIMARY KEY, group_key TEXT NOT NULL, attribute TEXT NOT NULL,
      op TEXT NOT NULL, reply TEXT NOT NULL, source TEXT NOT NULL, bad INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX temp.radius_reply_group ON radius_reply (group_key, seq);
    DROP TABLE IF EXISTS temp.radius_rejected;
    CREATE TEMP TABLE radius_rejected (group_key TEXT PRIMARY KEY);
    DROP TABLE IF EXISTS temp.radius_settings;
    CREATE TEMP TABLE radius_settings (seq INTEGER PRIMARY KEY, group_key TEXT NOT NULL, name TEXT NOT NULL,
      body TEXT NOT NULL, refs TEXT NOT NULL, source TEXT NOT NULL);
    CREATE INDEX temp.radius_settings_group ON radius_settings (group_key, seq);
  `);
  // A group's key folds case: Sonar refuses a second group whose name differs only in case.
  const groupKey = (name: string) => name.trim().toLowerCase();
  const parkReply = db.prepare(
    'INSERT INTO temp.radius_reply (group_key, attribute, op, reply, source) VALUES (?, ?, ?, ?, ?)',
  );
  // A group with a rejected reply row is not staged: half a speed profile is worse than none.
  const markRejected = db.prepare('INSERT OR IGNORE INTO temp.radius_rejected (group_key) VALUES (?)');
  const parkSettings = db.prepare(
    'INSERT INTO temp.radius_settings (group_key, name, body, refs, source) VALUES (?, ?, ?, ?, ?)',
  );
  const result = { inputs: [] as InputStageResult[], sourceErrors: [] as SourceError[] };
  const read = async (input: ResolvedInput, onRow: (row: SourceRow) => RowRejection[]) => {
    const done: InputStageResult = { input: 'radius_groups', file: input.displayName, read: 0 };
    result.inputs.push(done);
    let pending: Array<() => void> = [];
    const flush = () => {
      const work = pending;
      pending = [];
      staged.transaction(() => {
        for (const w of work) w();
      });
    };
    try {
      for await (const row of applyHeader(readRawRows(specOf(input)), 'required')) {
        done.read += 1;
        const rejections = onRow(row);
        pending.push(() => {
          for (const r of rejections) staged.addRejection(r);
        });
        if (pending.length >= BATCH) flush();
      }
      flush();
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      flush();
      done.error = { code: error.code, message: error.message };
      result.sourceErrors.push(error);
    }
  };
  if (replyInput) {
    await read(replyInput, (row) => {
      const parsed = readRadiusReply(row);
      if ('rejections' in parsed) {
        const name = parsed.rejections[0]?.source.provenance.legacyKey;
        if (name) markRejected.run(groupKey(name));
        return parsed.rejections;
      }
      const { groupName, attribute, operator, reply } = parsed.reply;
      const source = JSON.stringify(sourceWithKey(radiusSource(row), groupName));
      parkReply.run(groupKey(groupName), attribute, operator, reply, source);
      return [];
    });
  }
  if (settingsInput) {
    await read(settingsInput, (row) => {
      const parsed = readRadiusSettings(row, config.crosswalks);
      if ('rejections' in parsed) return parsed.rejections;
      const { groupName, body, refs } = parsed.settings;
      const source = JSON.stringify(sourceWithKey(radiusSource(row), groupName));
      parkSettings.run(groupKey(groupName), groupName, JSON.stringify(body), JSON.stringify(refs), source);
      return [];
    });
  }
  staged.transaction(() => assembleGroups(staged, Boolean(settingsInput)));
  return result;
}

function specOf(input: ResolvedInput) {
  return {
    path: input.path,
    displayName: input.displayName,
    ...(input.sheet === undefined ? {} : { sheet: input.sheet }),
    ...(input.encoding === undefined ? {} : { encoding: input.encoding }),
    ...(input.delimiter === undefined ? {} : { delimiter: input.delimiter }),
  };
}

function sourceWithKey(source: SourceRef, legacyKey: string): SourceRef {
  return { ...source, provenance: { ...source.provenance, legacyKey } };
}

/** Rejects what cannot make a group, then writes one staged record per remaining group. */
function assembleGroups(staged: StagedRecords, haveSettings: boolean): void {
  const db = staged.db;
  const reject = (
    sourceText: string,
    code: RowRejection['code'],
    column: string | undefined,
    text: string,
  ) => {
    const source = JSON.parse(sourceText) as SourceRef;
    staged.addRejection(rejectRadiusCell(source, code, column, text, source.provenance.legacyKey));
  };
  const where = (sourceText: string) => formatProvenance((JSON.parse(sourceText) as SourceRef).provenance);
  // A duplicated attribute: every later row is rejected, naming the first; the group is not staged.
  const duplicates = db
    .prepare(
      `SELECT d.seq, d.attribute, d.source, f.source AS first FROM temp.radius_reply d
       JOIN temp.radius_reply f ON f.group_key = d.group_key AND lower(f.attribute) = lower(d.attribute)
         AND f.seq = (SELECT MIN(seq) FROM temp.radius_reply x
                      WHERE x.group_key = d.group_key AND lower(x.attribute) = lower(d.attribute))
       WHERE d.seq <> f.seq ORDER BY d.seq`,
    )
    .all() as Array<{ seq: number; attribute: string; source: string; first: string }>;
  for (const d of duplicates) {
    reject(
      d.source,
      'MAP_RADIUS_DUPLICATE_ATTRIBUTE',
      'attribute',
      `attribute ${d.attribute} is already given for this group (${where(d.first)}) — Sonar allows each attribute once per group: keep one row; the group is not migrated until then`,
    );
  }
  db.exec(`UPDATE temp.radius_reply SET bad = 1 WHERE group_key IN (
    SELECT group_key FROM temp.radius_reply GROUP BY group_key, lower(attribute) HAVING COUNT(*) > 1)`);
  // Settings rows: a second row for one group, or a group with no reply rows.
  const extraSettings = db
    .prepare(
      `SELECT s.seq, s.name, s.source, f.source AS first FROM temp.radius_settings s
       JOIN temp.radius_settings f ON f.group_key = s.group_key
         AND f.seq = (SELECT MIN(seq) FROM temp.radius_settings x WHERE x.group_key = s.group_key)
       WHERE s.seq <> f.seq ORDER BY s.seq`,
    )
    .all() as Array<{ seq: number; name: string; source: string; first: string }>;
  for (const s of extraSettings) {
    reject(
      s.source,
      'MAP_RADIUS_UNMATCHED',
      'groupname',
      `RADIUS group ${s.name} already has a settings row (${where(s.first)}) — keep one`,
    );
  }
  const lonelySettings = db
    .prepare(
      `SELECT s.name, s.source FROM temp.radius_settings s
       WHERE NOT EXISTS (SELECT 1 FROM temp.radius_reply r WHERE r.group_key = s.group_key)
         AND NOT EXISTS (SELECT 1 FROM temp.radius_rejected x WHERE x.group_key = s.group_key) ORDER BY s.seq`,
    )
    .all() as Array<{ name: string; source: string }>;
  for (const s of lonelySettings) {
    reject(
      s.source,
      'MAP_RADIUS_UNMATCHED',
      'groupname',
      `RADIUS group ${s.name} has no reply rows in the radgroupreply input (or all were rejected) — add its attributes or remove this settings row`,
    );
  }
  const groups = db
    .prepare(
      `SELECT r.group_key, MIN(r.seq) AS first,
         MAX(r.bad) OR EXISTS (SELECT 1 FROM temp.radius_rejected x WHERE x.group_key = r.group_key) AS bad
       FROM temp.radius_reply r GROUP BY r.group_key ORDER BY first`,
    )
    .all() as Array<{ group_key: string; first: number; bad: number }>;
  const rowsOf = db.prepare('SELECT * FROM temp.radius_reply WHERE group_key = ? ORDER BY seq');
  const settingsOf = db.prepare(
    'SELECT name, body, refs, source FROM temp.radius_settings WHERE group_key = ? ORDER BY seq LIMIT 1',
  );
  for (const group of groups) {
    if (group.bad) continue;
    const rows = rowsOf.all(group.group_key) as ParkedReply[];
    const firstRow = rows[0] as ParkedReply;
    const settings = settingsOf.get(group.group_key) as
      | { name: string; body: string; refs: string; source: string }
      | undefined;
    if (!settings) {
      const advice = haveSettings
        ? 'add a row for it to the radius_group_settings input (groupname, priority, …)'
        : 'configure the radius_group_settings input with a row for it (priority is required)';
      reject(
        firstRow.source,
        'MAP_RADIUS_UNMATCHED',
        'groupname',
        `RADIUS group ${(JSON.parse(firstRow.source) as SourceRef).provenance.legacyKey} has no settings row — ${advice}`,
      );
      continue;
    }
    const body = JSON.parse(settings.body) as Record<string, unknown>;
    const refs = JSON.parse(settings.refs) as Array<{ path: string }>;
    const payload = {
      ...body,
      attributes: rows.map((r) => ({ attribute: r.attribute, operator: r.op, reply: r.reply })),
    };
    // Names pending resolution are checked as placeholder ids, as finishRecord does.
    const candidate = structuredClone(payload) as Record<string, unknown>;
    for (const ref of refs) setPath(candidate, ref.path, 1);
    const checked = radiusGroupStagedSchema.safeParse(candidate);
    if (!checked.success) {
      const issues = formatZodIssues(checked.error);
      reject(
        settings.source,
        'MAP_INVALID_VALUE',
        undefined,
        `RADIUS group ${settings.name} is not valid (${issues}) — fix its rows`,
      );
      continue;
    }
    staged.addRecord({
      step: 'radius_groups',
      legacyKey: settings.name,
      payload,
      refs: JSON.parse(settings.refs),
      source: JSON.parse(settings.source),
    });
  }
  db.exec(
    'DROP TABLE IF EXISTS temp.radius_reply; DROP TABLE IF EXISTS temp.radius_settings; DROP TABLE IF EXISTS temp.radius_rejected;',
  );
}

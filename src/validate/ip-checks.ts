import ipaddr from 'ipaddr.js';
import { importerLayouts } from '../mappers/profiles/sonar-importer-layouts.js';
import type { StagedRecords } from '../store/staged-records.js';
import { columnHolding, rejectFindings, whereRow } from './check-findings.js';

// Cross-file checks of the ip_assignments input (issue 7): subnets that overlap another row's, and
// a missing service_id on an account with several data services. SQL over the staging tables; the
// address arithmetic is an SQLite function backed by ipaddr.js.

/** Data services from reference data (`validate --reference`): the ids and names Sonar marks data. */
export interface DataServices {
  ids: number[];
  names: string[];
}

/** The first and last address of a subnet as fixed-width hex (text order = address order), or null. */
export function subnetRange(subnet: unknown): { family: string; lo: string; hi: string } | null {
  if (typeof subnet !== 'string') return null;
  try {
    const [address, prefix] = ipaddr.parseCIDR(subnet);
    const bytes = address.toByteArray();
    const lo: number[] = [];
    const hi: number[] = [];
    bytes.forEach((byte, i) => {
      const bits = Math.max(0, Math.min(8, prefix - i * 8));
      const mask = (0xff << (8 - bits)) & 0xff;
      lo.push(byte & mask);
      hi.push((byte & mask) | (~mask & 0xff));
    });
    const hex = (list: number[]) => list.map((b) => b.toString(16).padStart(2, '0')).join('');
    return { family: address.kind(), lo: hex(lo), hi: hex(hi) };
  } catch {
    return null;
  }
}

/**
 * Rejects an ip_assignments row whose subnet overlaps an earlier row's (Sonar assigns an address
 * once: a /29 and a /32 inside it cannot both be assigned), naming both rows. Sorted by first
 * address, a row overlaps some earlier one exactly when its first address is at or below the
 * highest last address before it — one window pass, no pairwise comparison.
 */
export function checkIpOverlaps(staged: StagedRecords): number {
  const db = staged.db;
  db.function('ip_range_part', { deterministic: true }, (subnet: unknown, part: unknown) => {
    const range = subnetRange(subnet);
    return range ? range[part as 'family' | 'lo' | 'hi'] : null;
  });
  db.exec(`
    DROP TABLE IF EXISTS temp.ip_ranges;
    CREATE TEMP TABLE ip_ranges AS
      SELECT seq, ip_range_part(json_extract(payload, '$.subnet'), 'family') AS family,
        ip_range_part(json_extract(payload, '$.subnet'), 'lo') AS lo,
        ip_range_part(json_extract(payload, '$.subnet'), 'hi') AS hi
      FROM staged WHERE step = 'ip_assignments' AND rejected = 0;
    DELETE FROM temp.ip_ranges WHERE family IS NULL;
    CREATE INDEX temp.ip_ranges_lo ON ip_ranges (family, lo, seq);
  `);
  // For each overlapping row: the earlier-sorted row it overlaps; the later one in the file is rejected.
  return rejectFindings(
    staged,
    'MAP_IP_OVERLAP',
    `WITH ordered AS (
       SELECT seq, family, lo, hi, MAX(hi) OVER (PARTITION BY family ORDER BY lo, seq
         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_hi FROM temp.ip_ranges),
     pairs AS (
       SELECT o.seq AS a, (SELECT p.seq FROM temp.ip_ranges p
                           WHERE p.family = o.family AND (p.lo < o.lo OR (p.lo = o.lo AND p.seq < o.seq))
                             AND p.hi >= o.lo ORDER BY p.lo DESC LIMIT 1) AS b
       FROM ordered o WHERE o.before_hi >= o.lo),
     rejected AS (SELECT MAX(a, b) AS seq, MIN(a, b) AS other FROM pairs WHERE b IS NOT NULL)
     SELECT r.seq, json_object('where', json(json_extract(s.source, '$.provenance')),
                               'subnet', json_extract(s.payload, '$.subnet'),
                               'mine', json_extract(m.payload, '$.subnet'))
     FROM (SELECT seq, MIN(other) AS other FROM rejected GROUP BY seq) r
     JOIN staged s ON s.seq = r.other JOIN staged m ON m.seq = r.seq ORDER BY r.seq`,
    (f) => ({
      text: `subnet ${String(f.detail.mine)} overlaps ${String(f.detail.subnet)} of ${whereRow(f.detail.where as object)} (legacy ${String((f.detail.where as { legacyKey?: string }).legacyKey ?? '?')}) — Sonar assigns an address once: fix one of the subnets or remove one row`,
      column:
        columnHolding(f.source, String(f.detail.mine).replace(/\/(32|128)$/, '')) ??
        columnHolding(f.source, f.detail.mine),
    }),
  );
}

/** How a row names its service: a Sonar name awaiting resolution, or a Sonar id (SQL over alias `x`). */
const serviceOf = (x: string) => `COALESCE(
  (SELECT 'name:' || json_extract(r.value, '$.name') FROM json_each(${x}.refs) r
   WHERE json_extract(r.value, '$.path') = 'service_id' LIMIT 1),
  'id:' || json_extract(${x}.payload, '$.service_id'))`;

/**
 * Rejects an IP assignment without a service_id whose account has several data services in the
 * services input: Sonar then cannot tell which one the address belongs to. Which services are data
 * services is known from reference data only.
 */
export function checkIpServices(staged: StagedRecords, data: DataServices): number {
  const db = staged.db;
  db.exec(`
    DROP TABLE IF EXISTS temp.data_services;
    CREATE TEMP TABLE data_services (service TEXT PRIMARY KEY);
  `);
  const add = db.prepare('INSERT OR IGNORE INTO temp.data_services (service) VALUES (?)');
  for (const id of data.ids) add.run(`id:${id}`);
  for (const name of data.names) add.run(`name:${name}`);
  return rejectFindings(
    staged,
    'MAP_IP_SERVICE_REQUIRED',
    `WITH account_data AS (
       SELECT s.account_key, COUNT(*) AS n FROM staged s
       WHERE s.step = 'services' AND s.rejected = 0 AND s.account_key IS NOT NULL
         AND ${serviceOf('s')} IN (SELECT service FROM temp.data_services)
       GROUP BY s.account_key HAVING COUNT(*) > 1)
     SELECT i.seq, json_object('count', d.n) FROM staged i JOIN account_data d ON d.account_key = i.account_key
     WHERE i.step = 'ip_assignments' AND i.rejected = 0
       AND json_extract(i.payload, '$.service_id') IS NULL
       AND NOT EXISTS (SELECT 1 FROM json_each(i.refs) r WHERE json_extract(r.value, '$.path') = 'service_id')
       AND COALESCE(json_extract(i.payload, '$.assigned_entity'), 'accounts') <> 'radius_accounts'
     ORDER BY i.seq`,
    (f) => ({
      text: `account ${f.accountKey} has ${String(f.detail.count)} data services in the services input, so Sonar needs to know which one this IP belongs to — fill its Service ID`,
      column: serviceColumn(f.source.columns),
    }),
  );
}

/** The Service ID column: by header name, or (columns named by letter) its sonar-importer position. */
function serviceColumn(columns: string[]): string | undefined {
  const named = columns.find((c) => /^service[ _]?id$/i.test(c.trim()));
  if (named || !columns.every((c) => /^[A-Z]{1,3}$/.test(c))) return named;
  return columns[importerLayouts.ip_assignments.findIndex((c) => c.path === 'service_id')];
}

import { existsSync, statSync } from 'node:fs';
import type { ErrorCode } from '../errors/index.js';
import { isLoopback } from './env.js';
import type { RawKazooConfig, SonarRef } from './kazoo-settings-schema.js';

export { kazooConfigSchema, kazooKeys, type RawKazooConfig, type SonarRef } from './kazoo-settings-schema.js';

/** A saved Kazoo export: where it is and how the configuration names it. */
export interface KazooFile {
  kind: 'file';
  /** Absolute path. */
  path: string;
  /** The path as written in the configuration, for messages. */
  displayName: string;
}

/** A live Kazoo API: the base URL (ending in /v2) and the account to read. */
export interface KazooLive {
  kind: 'live';
  url: string;
  accountId: string;
}

/** A live Kazoo API read for several accounts' phone numbers, one listing after another. */
export interface KazooLiveAccounts {
  kind: 'live_accounts';
  url: string;
  accountIds: string[];
}

/** The `kazoo` section, validated and resolved: absolute paths, crosswalks looked up. */
export interface KazooSettings {
  numbers: KazooFile | KazooLive | KazooLiveAccounts;
  /** Where the services summary comes from; absent when no services_crosswalk is set. */
  services?: KazooFile | KazooLive;
  /** The Kazoo account the listing (and services summary) is of, when given. */
  accountId?: string;
  /** Kazoo account id → Sonar legacy account number. */
  accounts: Record<string, string>;
  rateCenter: { default?: SonarRef; byNpa: Record<string, SonarRef> };
  voiceService?: SonarRef;
  /** "category.item" or "category" → Sonar service, or false to ignore. */
  servicesCrosswalk: Record<string, SonarRef | false>;
  /** Numbers per page when reading live. */
  pageSize: number;
}

/** A problem with the `kazoo` section, in the shape config.ts reports. */
export interface KazooProblem {
  code: ErrorCode;
  path: readonly PropertyKey[];
  text: string;
}

/** Numbers per page by default: Kazoo's own default page size is 50; fewer round trips matter more. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * Resolves the parsed `kazoo` section: file paths made absolute (relative to the configuration
 * file) and checked, a named account crosswalk looked up in `crosswalks`, and a plain http:// URL to
 * another machine refused unless `insecure` (the X-Auth-Token would travel in clear).
 */
export function resolveKazooSettings(
  raw: RawKazooConfig,
  at: (path: string) => string,
  crosswalks: Record<string, Record<string, string | number>>,
): { settings?: KazooSettings; problems: KazooProblem[] } {
  const problems: KazooProblem[] = [];
  const fileOf = (key: 'file' | 'services_file', value: string): KazooFile => {
    const path = at(value);
    if (!existsSync(path) || !statSync(path).isFile()) {
      problems.push({
        code: 'CONFIG_FILE_MISSING',
        path: ['kazoo', key],
        text: `kazoo.${key}: the file "${value}" (${path}) does not exist — fix the path (it is relative to the configuration file's folder).`,
      });
    }
    return { kind: 'file', path, displayName: value };
  };
  let live: KazooLive | undefined;
  if (raw.url !== undefined && raw.account_id !== undefined) {
    live = { kind: 'live', url: raw.url.replace(/\/+$/, ''), accountId: raw.account_id };
    problems.push(...checkUrl(raw.url, raw.insecure === true));
  }
  const numbers =
    raw.file !== undefined
      ? fileOf('file', raw.file)
      : raw.url !== undefined && raw.account_ids !== undefined
        ? { kind: 'live_accounts' as const, url: raw.url.replace(/\/+$/, ''), accountIds: raw.account_ids }
        : live;
  if (raw.url !== undefined && raw.account_id === undefined && raw.account_ids !== undefined) {
    problems.push(...checkUrl(raw.url, raw.insecure === true));
  }
  let services: KazooFile | KazooLive | undefined;
  if (raw.services_crosswalk !== undefined) {
    services = raw.services_file !== undefined ? fileOf('services_file', raw.services_file) : live;
  }
  const accounts = accountsOf(raw.account_crosswalk, crosswalks, problems);
  if (services !== undefined && raw.account_id !== undefined && accounts[raw.account_id] === undefined) {
    problems.push({
      code: 'CONFIG_INVALID',
      path: ['kazoo', 'account_crosswalk'],
      text: `kazoo.account_crosswalk has no Sonar account for the Kazoo account "${raw.account_id}", so its services summary has nowhere to go — add it to the crosswalk.`,
    });
  }
  if (numbers === undefined || problems.length > 0) return { problems };
  const rc = raw.rate_center;
  const rateCenter =
    typeof rc === 'object'
      ? { ...(rc.default === undefined ? {} : { default: rc.default }), byNpa: rc.by_npa ?? {} }
      : { ...(rc === undefined ? {} : { default: rc }), byNpa: {} };
  return {
    problems,
    settings: {
      numbers,
      ...(services === undefined ? {} : { services }),
      ...(raw.account_id === undefined ? {} : { accountId: raw.account_id }),
      accounts,
      rateCenter,
      ...(raw.voice_service === undefined ? {} : { voiceService: raw.voice_service }),
      servicesCrosswalk: raw.services_crosswalk ?? {},
      pageSize: raw.page_size ?? DEFAULT_PAGE_SIZE,
    },
  };
}

function checkUrl(raw: string, insecure: boolean): KazooProblem[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [
      {
        code: 'CONFIG_INVALID',
        path: ['kazoo', 'url'],
        text: `kazoo.url "${raw}" is not a URL — write the API base, e.g. https://kazoo.example:8443/v2.`,
      },
    ];
  }
  const text = (t: string): KazooProblem[] => [{ code: 'CONFIG_INVALID', path: ['kazoo', 'url'], text: t }];
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return text(`kazoo.url must be an http(s) URL, e.g. https://kazoo.example:8443/v2.`);
  }
  if (url.username !== '' || url.password !== '') {
    return text('kazoo.url must not carry credentials: the token comes from KAZOO_AUTH_TOKEN.');
  }
  if (url.protocol === 'http:' && !insecure && !isLoopback(url.hostname)) {
    return text(
      'kazoo.url uses plain http:// to another machine, which would send the X-Auth-Token in clear — use https://, or set "insecure": true if you really mean it.',
    );
  }
  return [];
}

function accountsOf(
  ref: RawKazooConfig['account_crosswalk'],
  crosswalks: Record<string, Record<string, string | number>>,
  problems: KazooProblem[],
): Record<string, string> {
  if (ref === undefined) return {};
  if (typeof ref === 'object') return ref;
  const named = crosswalks[ref];
  if (named === undefined) {
    const known = Object.keys(crosswalks).join(', ') || 'none';
    problems.push({
      code: 'CONFIG_INVALID',
      path: ['kazoo', 'account_crosswalk'],
      text: `kazoo.account_crosswalk names the crosswalk "${ref}", which is not under "crosswalks" (known: ${known}) — add it or fix the name.`,
    });
    return {};
  }
  return Object.fromEntries(Object.entries(named).map(([k, v]) => [k, String(v)]));
}

import type { KazooSettings } from '../config/kazoo-settings.js';
import { ConfigError, SourceError } from '../errors/index.js';
import type { RowRejection, StagedRecord } from '../ground/types.js';
import type { MapResult } from '../mappers/types.js';
import { redactSecrets, registerSecret } from '../sonar/redact.js';
import type { StagedRecords } from '../store/staged-records.js';
import type { InputStageResult, StagedRecordSource } from '../store/staged-source.js';
import { type KazooHttpOptions, phoneNumbersUrl, servicesUrl } from './client.js';
import { mapKazooNumber } from './map-numbers.js';
import { mapKazooServices } from './map-services.js';
import { readKazooNumbers, readKazooServicesAll } from './read-export.js';

/** Kazoo numbers into did_inventory/dids (and its services summary into services), like file rows. */
export const kazooSource: StagedRecordSource = {
  listOrder: 2,
  prepare(config, _profile, opts) {
    if (!config.kazoo) return undefined;
    const reader = prepareKazoo(config.kazoo, opts.env ?? process.env);
    return (staged, stageOpts) => stageKazoo(reader, staged, stageOpts);
  },
};

/** The Kazoo source, checked and ready to read. */
export interface KazooReader {
  settings: KazooSettings;
  /** Present when anything is read live. */
  http?: KazooHttpOptions;
}

/**
 * Checks the Kazoo source before anything is staged: live reading needs KAZOO_AUTH_TOKEN in the
 * environment (never in the file), which is registered as a secret at once.
 */
export function prepareKazoo(
  settings: KazooSettings,
  env: NodeJS.ProcessEnv,
  http: Omit<KazooHttpOptions, 'token'> = {},
): KazooReader {
  const live = settings.numbers.kind !== 'file' || settings.services?.kind === 'live';
  if (!live) return { settings };
  const token = env.KAZOO_AUTH_TOKEN?.trim();
  if (!token) {
    throw new ConfigError(
      'CONFIG_KAZOO_TOKEN_MISSING',
      'kazoo.url is set but KAZOO_AUTH_TOKEN is not: set it in the environment to an X-Auth-Token of a user that can read the account (it never goes in the configuration file).',
    );
  }
  registerSecret(token);
  return { settings, http: { ...http, token } };
}

/** Reads the whole Kazoo source into records and rejections (for tests and small listings). */
export async function readKazooRows(reader: KazooReader): Promise<MapResult> {
  const out: MapResult = { records: [], rejections: [] };
  const { settings, http } = reader;
  for await (const entry of readKazooNumbers(settings.numbers, settings.pageSize, http)) {
    const mapped = mapKazooNumber(entry, settings);
    out.records.push(...mapped.records);
    out.rejections.push(...mapped.rejections);
  }
  for (const read of settings.services ? await readKazooServicesAll(settings.services, http) : []) {
    const mapped = mapKazooServices(read, settings);
    out.records.push(...mapped.records);
    out.rejections.push(...mapped.rejections);
  }
  return out;
}

/** Options of the Kazoo part of a staging pass (a subset of StageOptions). */
export interface KazooStageOptions {
  batchRows?: number;
  signal?: AbortSignal;
  onProgress?(input: 'did_inventory', rows: number): void;
}

/**
 * Stages the Kazoo source like any other input's rows: numbers into did_inventory (and dids),
 * the services summary into services, written in batched transactions. A source that cannot be
 * read to its end is reported (what was read before stays staged), not thrown.
 */
export async function stageKazoo(
  reader: KazooReader,
  staged: StagedRecords,
  opts: KazooStageOptions = {},
): Promise<{ inputs: InputStageResult[]; sourceErrors: SourceError[] }> {
  const { settings, http } = reader;
  const batchRows = opts.batchRows ?? 5_000;
  const numbersFile = kazooFileName(settings.numbers, 'numbers');
  const numbers: InputStageResult = { input: 'did_inventory', file: numbersFile, read: 0 };
  const inputs: InputStageResult[] = [numbers];
  const sourceErrors: SourceError[] = [];
  // The assignment rows made (a number yields at most one): what `read` means for dids.
  let assignments = 0;
  let records: StagedRecord[] = [];
  let rejections: RowRejection[] = [];
  const flush = () => {
    const [r, j] = [records, rejections];
    staged.transaction(() => {
      for (const record of r) staged.addRecord(record);
      for (const rejection of j) staged.addRejection(rejection);
    });
    records = [];
    rejections = [];
    opts.onProgress?.('did_inventory', numbers.read);
  };
  const fail = (result: InputStageResult, error: unknown) => {
    if (!(error instanceof SourceError)) throw error;
    result.error = { code: error.code, message: error.message };
    sourceErrors.push(error);
  };
  try {
    for await (const entry of readKazooNumbers(settings.numbers, settings.pageSize, http)) {
      numbers.read += 1;
      const mapped = mapKazooNumber(entry, settings);
      if (mapped.records.some((r) => r.step === 'dids')) assignments += 1;
      records.push(...mapped.records);
      rejections.push(...mapped.rejections);
      if (records.length + rejections.length >= batchRows) {
        flush();
        if (opts.signal?.aborted) break;
      }
    }
  } catch (error) {
    fail(numbers, error);
  }
  flush();
  if (Object.keys(settings.accounts).length > 0) {
    inputs.push({ input: 'dids', file: numbersFile, read: assignments });
  }
  if (settings.services && !opts.signal?.aborted) {
    const services: InputStageResult = {
      input: 'services',
      file: kazooFileName(settings.services, 'services'),
      read: 0,
    };
    inputs.push(services);
    try {
      for (const read of await readKazooServicesAll(settings.services, http)) {
        const mapped = mapKazooServices(read, settings);
        services.read += mapped.records.length + mapped.rejections.length;
        records.push(...mapped.records);
        rejections.push(...mapped.rejections);
      }
    } catch (error) {
      fail(services, error);
    }
    flush();
  }
  return { inputs, sourceErrors };
}

/** How a report names a Kazoo source: `kazoo:` and the export file or the URL read. */
function kazooFileName(source: KazooSettings['numbers'], what: 'numbers' | 'services'): string {
  if (source.kind === 'file') return `kazoo:${source.displayName}`;
  if (source.kind === 'live_accounts') {
    // Each row's provenance names its own account's listing URL; the report names them all.
    return `kazoo:${redactSecrets(source.url)}/accounts/{${source.accountIds.length} accounts}/phone_numbers`;
  }
  return `kazoo:${what === 'numbers' ? phoneNumbersUrl(source) : servicesUrl(source)}`;
}

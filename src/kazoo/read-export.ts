import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { KazooFile, KazooLive } from '../config/kazoo-settings.js';
import { SourceError } from '../errors/index.js';
import { issuePath } from '../ground/zod-issues.js';
import {
  fetchPhoneNumberPages,
  fetchServices,
  type KazooHttpOptions,
  phoneNumbersUrl,
  servicesUrl,
} from './client.js';
import {
  type KazooNumber,
  phoneNumbersDataSchema,
  type ServicesEnvelope,
  servicesDataSchema,
} from './schemas.js';

/** One number of a listing, with where it was found. */
export interface KazooEntry {
  /** The key as Kazoo wrote it (normally E.164). */
  key: string;
  doc: KazooNumber;
  /** 1-based position in the listing (across pages): the "row" of its provenance. */
  index: number;
  /** The export file as configured, or the listing's URL. */
  file: string;
  /** JSON path of the number's document, e.g. `data.numbers["+14155555555"]`: the "column". */
  path: string;
}

/**
 * Reads the numbers of a `phone_numbers` listing: from a saved export (the whole answer
 * `{data: {numbers}}`, its bare `data`, or an array of saved pages) or live, page by page.
 */
export async function* readKazooNumbers(
  source: KazooFile | KazooLive,
  pageSize: number,
  http?: KazooHttpOptions,
): AsyncGenerator<KazooEntry> {
  let index = 0;
  if (source.kind === 'live') {
    if (!http) throw new Error('readKazooNumbers: live reading needs the HTTP options');
    const file = phoneNumbersUrl(source);
    for await (const page of fetchPhoneNumberPages(source, pageSize, http)) {
      for (const [key, doc] of sortedEntries(page.data.numbers)) {
        index += 1;
        yield { key, doc, index, file, path: `data.numbers[${JSON.stringify(key)}]` };
      }
    }
    return;
  }
  const json = await readJson(source);
  const pages = Array.isArray(json) ? json : [json];
  for (const [p, page] of pages.entries()) {
    const prefix = Array.isArray(json) ? `[${p}].` : '';
    const enveloped = isObject(page) && 'data' in page;
    const data = parseShape(
      enveloped ? page.data : page,
      phoneNumbersDataSchema,
      source,
      `${prefix}${enveloped ? 'data' : ''}`,
      'a phone_numbers listing ({"data": {"numbers": {"+1…": {…}}}})',
    );
    for (const [key, doc] of sortedEntries(data.numbers)) {
      index += 1;
      const path = `${prefix}${enveloped ? 'data.' : ''}numbers[${JSON.stringify(key)}]`;
      yield { key, doc, index, file: source.displayName, path };
    }
  }
}

/** A services summary and where it came from. */
export interface KazooServicesRead {
  data: ServicesEnvelope['data'];
  file: string;
  /** JSON path of `data` in the answer ('' when the export is the bare `data`). */
  prefix: string;
}

/** Reads the services summary: a saved export of GET …/services (or its bare `data`), or live. */
export async function readKazooServices(
  source: KazooFile | KazooLive,
  http?: KazooHttpOptions,
): Promise<KazooServicesRead> {
  if (source.kind === 'live') {
    if (!http) throw new Error('readKazooServices: live reading needs the HTTP options');
    const body = await fetchServices(source, http);
    return { data: body.data, file: servicesUrl(source), prefix: 'data.' };
  }
  const json = await readJson(source);
  const enveloped = isObject(json) && 'data' in json;
  const data = parseShape(
    enveloped ? json.data : json,
    servicesDataSchema,
    source,
    enveloped ? 'data' : '',
    'a services summary ({"data": {"quantities": {…}}})',
  );
  return { data, file: source.displayName, prefix: enveloped ? 'data.' : '' };
}

async function readJson(source: KazooFile): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (cause) {
    throw new SourceError(
      'SOURCE_UNREADABLE',
      `${source.displayName}: the Kazoo export cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'}) — check the path.`,
      { file: source.displayName },
      { cause },
    );
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new SourceError(
      'SOURCE_KAZOO_INVALID',
      `${source.displayName}: not valid JSON (${(cause as Error).message}) — save the API's answer unchanged.`,
      { file: source.displayName },
    );
  }
}

function parseShape<S extends z.ZodType>(
  value: unknown,
  schema: S,
  source: KazooFile,
  base: string,
  expected: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = [base, issue ? issuePath(issue) : ''].filter((p) => p !== '').join('.');
  throw new SourceError(
    'SOURCE_KAZOO_INVALID',
    `${source.displayName}: not ${expected}: at ${path || 'the top'}, ${issue?.message ?? 'invalid'} — save the API's answer unchanged.`,
    { file: source.displayName, ...(path ? { column: path } : {}) },
  );
}

/**
 * A listing's numbers in key order, as Kazoo's view sorts them: JavaScript would put integer-like
 * keys ("33669") first, so rows would not follow the export, nor match a live read page by page.
 */
function sortedEntries<T>(numbers: Record<string, T>): Array<[string, T]> {
  return Object.keys(numbers)
    .sort()
    .map((key) => [key, numbers[key] as T]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

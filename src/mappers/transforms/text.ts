import { accept, isBlank, reject, type TransformResult } from './result.js';

/** Removes leading and trailing whitespace. */
export function trimText(value: string): TransformResult<string> {
  return accept(value.trim());
}

/** Upper-cases the trimmed value. */
export function upperText(value: string): TransformResult<string> {
  return accept(value.trim().toUpperCase());
}

/** Lower-cases the trimmed value. */
export function lowerText(value: string): TransformResult<string> {
  return accept(value.trim().toLowerCase());
}

/** Collapses every run of whitespace (tabs, newlines, NBSP) to one space and trims. */
export function collapseWhitespace(value: string): TransformResult<string> {
  return accept(value.replace(/\s+/gu, ' ').trim());
}

/**
 * Title-cases words ("JOHN o'brien-smith" → "John O'Brien-Smith"). Letters after an apostrophe or
 * hyphen start a new word, since legacy systems often store names in all caps.
 */
export function titleCase(value: string): TransformResult<string> {
  const collapsed = value.replace(/\s+/gu, ' ').trim().toLowerCase();
  return accept(
    collapsed.replace(/(^|[\s'’\-(])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase()),
  );
}

/** Joins the non-blank parts (e.g. first and last name) with a separator, trimming each part. */
export function joinValues(values: readonly string[], separator = ' '): TransformResult<string> {
  return accept(
    values
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .join(separator),
  );
}

/** A person's name split into first and last. */
export interface SplitName {
  first: string;
  last: string;
}

/**
 * Splits one full-name field: "Last, First" (a comma means last-first, as Freeside writes it) or
 * "First Middle Last" (the last word is the last name). A single word becomes the last name, since
 * Sonar contacts need a name and a business name is one field.
 */
export function splitName(value: string): TransformResult<SplitName> {
  const text = value.replace(/\s+/gu, ' ').trim();
  if (text === '') return reject('the name is blank — fill it in or map another column');
  const comma = text.indexOf(',');
  if (comma >= 0) {
    const last = text.slice(0, comma).trim();
    const first = text.slice(comma + 1).trim();
    if (first.includes(',')) {
      return reject(`the name ${JSON.stringify(text)} has more than one comma — write it as "Last, First"`);
    }
    if (last === '') return reject(`the name ${JSON.stringify(text)} has no last name before the comma`);
    return accept({ first, last });
  }
  const space = text.lastIndexOf(' ');
  if (space < 0) return accept({ first: '', last: text });
  return accept({ first: text.slice(0, space), last: text.slice(space + 1) });
}

/** Returns `fallback` when the value is blank, the value otherwise. */
export function defaultValue(value: string, fallback: string): TransformResult<string> {
  return accept(isBlank(value) ? fallback : value);
}

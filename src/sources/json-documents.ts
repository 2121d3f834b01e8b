import { SourceError } from '../errors/index.js';

/**
 * The JSON documents of a file, in order: one document, or several written one after the other
 * (a shell loop appending each API answer to one file: `curl … >> answers.json`). Whitespace may
 * separate them; anything else between two documents is a SOURCE_UNREADABLE naming the line.
 */
export function parseJsonDocuments(text: string, displayName: string): unknown[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return [JSON.parse(body)];
  } catch (whole) {
    const documents: unknown[] = [];
    let start = skipSpace(body, 0);
    while (start < body.length) {
      const end = documentEnd(body, start);
      if (end === undefined) throw unreadable(displayName, body, start, whole);
      try {
        documents.push(JSON.parse(body.slice(start, end)));
      } catch (error) {
        throw unreadable(displayName, body, start, error);
      }
      start = skipSpace(body, end);
    }
    if (documents.length < 2) throw unreadable(displayName, body, 0, whole);
    return documents;
  }
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

/** Where the object or array opening at `start` closes (just after it), by brackets outside strings. */
function documentEnd(text: string, start: number): number | undefined {
  const open = text[start];
  if (open !== '{' && open !== '[') return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

function unreadable(displayName: string, text: string, at: number, cause: unknown): SourceError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // Not several documents either: JSON.parse's own message on the whole file says where.
  const where = at === 0 ? '' : `; the document starting on line ${text.slice(0, at).split('\n').length}`;
  return new SourceError(
    'SOURCE_UNREADABLE',
    `${displayName}: cannot read it as JSON (${reason}${where}) — save the API's answer unchanged, as UTF-8 (several answers may follow one another).`,
    { file: displayName },
    { cause },
  );
}

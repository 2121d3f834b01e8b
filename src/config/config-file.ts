import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import { ConfigError } from '../errors/index.js';

/** A configuration file's data, plus a way to find the line of a key path for messages. */
export interface ParsedConfigFile {
  displayName: string;
  data: unknown;
  /** 1-based line of the value (or, for an unknown key, the key) at `path`, when known. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

/**
 * Parses JSON (strictly, when `json`) or YAML. A syntax error becomes a ConfigError with the line.
 * JSON files are parsed a second time as YAML (JSON is YAML) only to locate keys for messages.
 */
export function parseConfigText(text: string, displayName: string, json: boolean): ParsedConfigFile {
  if (json) {
    try {
      JSON.parse(text);
    } catch (cause) {
      const line = jsonErrorLine(text, (cause as Error).message);
      throw new ConfigError(
        'CONFIG_INVALID',
        `${displayName}${line ? `:${line}` : ''}: not valid JSON (${(cause as Error).message}) — fix the syntax.`,
        { cause },
      );
    }
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
    const what = json ? 'JSON' : 'YAML';
    throw new ConfigError(
      'CONFIG_INVALID',
      `${displayName}:${line}: not valid ${what} (${error.message.split('\n')[0]}) — fix the syntax.`,
    );
  }
  const data: unknown = doc.toJS() ?? {};
  return {
    displayName,
    data,
    lineOf(path) {
      const keys = path.map(String);
      for (let n = keys.length; n > 0; n--) {
        const parent = n === 1 ? doc.contents : doc.getIn(keys.slice(0, n - 1), true);
        if (!isMap(parent)) continue;
        const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === keys[n - 1]);
        const node = (pair?.key ?? undefined) as Node | undefined;
        if (node?.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

function jsonErrorLine(text: string, message: string): number | undefined {
  const explicit = message.match(/line (\d+)/);
  if (explicit?.[1]) return Number(explicit[1]);
  const position = message.match(/position (\d+)/);
  if (position?.[1]) return text.slice(0, Number(position[1])).split('\n').length;
  return undefined;
}

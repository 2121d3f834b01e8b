import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

/** A sheet as listed in xl/workbook.xml, in the shape exceljs's reader keeps in its model. */
export interface WorkbookSheet {
  name: string;
  id: number;
  rId: string;
}

/** What the workbook part says: its sheets in order and its date system. */
export interface WorkbookIndex {
  sheets: WorkbookSheet[];
  date1904: boolean;
}

/**
 * Reads xl/workbook.xml straight from the zip's central directory, without reading the sheets.
 * Why: exceljs's streaming reader learns sheet names and the date system only when it reaches
 * that part, and crashes or loses names when a workbook stores it after the sheets (exceljs's own
 * writer sometimes does). Knowing it up front also lets a missing sheet fail before any reading.
 * Returns undefined when the file is not a zip we understand (exceljs then reports it).
 */
export async function readWorkbookIndex(path: string): Promise<WorkbookIndex | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557); // the end record plus the longest zip comment
    const tail = await readAt(handle, size - tailLength, tailLength);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0) return undefined;
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    const directory = await readAt(handle, directoryOffset, directorySize);
    for (let at = 0; at + 46 <= directory.length && directory.readUInt32LE(at) === 0x02014b50; ) {
      const nameLength = directory.readUInt16LE(at + 28);
      const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      if (directory.toString('utf8', at + 46, at + 46 + nameLength) === 'xl/workbook.xml') {
        const method = directory.readUInt16LE(at + 10);
        const compressedSize = directory.readUInt32LE(at + 20);
        const local = await readAt(handle, directory.readUInt32LE(at + 42), 30);
        const dataStart =
          directory.readUInt32LE(at + 42) + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        const data = await readAt(handle, dataStart, compressedSize);
        const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
        return parseWorkbookXml(xml);
      }
      at = next;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

async function readAt(
  handle: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Pulls the sheet list and the date system out of xl/workbook.xml. */
export function parseWorkbookXml(xml: string): WorkbookIndex {
  const sheets: WorkbookSheet[] = [];
  for (const [tag] of xml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const name = attribute(tag, 'name');
    const rId = attribute(tag, '(?:\\w+:)?id');
    if (name !== undefined && rId !== undefined) {
      sheets.push({ name: decodeXml(name), id: Number(attribute(tag, 'sheetId') ?? sheets.length + 1), rId });
    }
  }
  const properties = /<(?:\w+:)?workbookPr\s[^>]*>/.exec(xml)?.[0] ?? '';
  const date1904 = ['1', 'true'].includes(attribute(properties, 'date1904') ?? '');
  return { sheets, date1904 };
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (entity.startsWith('#x') || entity.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? _;
  });
}

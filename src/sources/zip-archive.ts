import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** A zip file opened through its central directory, so any part can be read in any order. */
export interface ZipArchive {
  /** The names of the parts the archive holds. */
  has(name: string): boolean;
  /** A stream of one part's uncompressed bytes; the caller destroys it when it stops early. */
  open(name: string): Promise<Readable>;
  close(): void;
}

/**
 * Opens a zip file by its central directory (yauzl). Why not one streaming pass: an XLSX part
 * (shared strings, workbook.xml) may be stored after the sheets that need it, and exceljs's
 * streaming pass then loses or misreads it now and then (exceljs issues #683, #3064).
 */
export async function openZipArchive(path: string): Promise<ZipArchive> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  );
  const entries = new Map<string, yauzl.Entry>();
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw error;
  }
  return {
    has: (name) => entries.has(name),
    open: (name) => {
      const entry = entries.get(name);
      if (!entry) return Promise.reject(new Error(`the archive has no part ${name}`));
      return new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
      );
    },
    close: () => zip.close(),
  };
}

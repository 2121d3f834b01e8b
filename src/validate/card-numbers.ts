import { formatProvenance, type Provenance } from '../errors/index.js';
import type { RowRejection, StepName } from '../ground/types.js';
import { looksLikeCardNumber } from '../mappers/transforms/luhn.js';
import type { SourceRow } from '../sources/index.js';

/** A cell holding a raw card number, and the cell as it may be shown and stored: the number masked. */
export interface CardCell {
  index: number;
  /** The last 4 digits: the most of a card number any message or file may show. */
  last4: string;
  masked: string;
}

/**
 * Runs of digits with spaces or dashes between them, long enough to be a card number — but not
 * the decimals of a number (a latitude written 44.47371234567890 is not a card), nor digits glued
 * to letters or `_`: they are part of a longer token (`tok_74613281830084`, `cus7461…`), which a
 * gateway made and which is not a card number even when its digits pass Luhn.
 */
const digitRun = /(?<![\w.,])\d[\d -]{11,}\d(?![.,]\d|\w)/g;

/** Freeside's import takes payinfo prefixed A (automatic) or D (on demand): still a card number. */
const billingPrefixed = /^\s*[AD](\d{13,19})\s*$/i;

/**
 * The cells of a row holding a raw card number (13–19 digits passing the Luhn check, alone or
 * inside longer text such as a note), each with the number masked to its last 4 digits. Cheap on
 * ordinary cells: only a cell with a long digit run is tested. `tokenCells` are cells the profile
 * knows hold a processor token: they are not scanned.
 */
export function findCardNumbers(values: readonly string[], tokenCells?: ReadonlySet<number>): CardCell[] {
  // Runs on every row: a plain loop, without a closure per row.
  const cells: CardCell[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index] as string;
    // A card number has 13+ digits: most cells have fewer, and skip the regex.
    if (value.length < 13 || !hasDigits(value, 13)) continue;
    // The profile says this cell holds a processor's token (a source flag, or allowNumericTokens).
    if (tokenCells?.has(index)) continue;
    const prefixed = billingPrefixed.exec(value)?.[1];
    if (prefixed !== undefined && looksLikeCardNumber(prefixed)) {
      const last4 = prefixed.slice(-4);
      cells.push({ index, last4, masked: maskedCard(last4) });
      continue;
    }
    let last4 = '';
    const masked = value.replace(digitRun, (run) => {
      if (!looksLikeCardNumber(run)) return run;
      last4 = run.replace(/[ -]/g, '').slice(-4);
      return maskedCard(last4);
    });
    if (last4 !== '') cells.push({ index, last4, masked });
  }
  return cells;
}

/** True when `text` holds at least `count` digits (anywhere). */
function hasDigits(text: string, count: number): boolean {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57 && ++found >= count) return true;
  }
  return false;
}

/** How a masked card number reads in a cell, a report or a message. */
export function maskedCard(last4: string): string {
  return `[card number ending ${last4}]`;
}

/** One MAP_RAW_CARD_NUMBER rejection per cell; `row` must already be masked. */
export function rejectCardNumbers(
  step: StepName,
  row: SourceRow,
  cards: readonly CardCell[],
  legacyKey: string | undefined,
  /** The profile's names of a headerless input's columns, so a message says more than "C". */
  names?: readonly string[],
): RowRejection[] {
  return cards.map((card) => {
    const column = row.columns[card.index];
    const name = names?.[card.index];
    const provenance: Provenance = {
      file: row.file,
      ...(row.sheet === undefined ? {} : { sheet: row.sheet }),
      row: row.row,
      ...(column === undefined ? {} : { column }),
      ...(column !== undefined && name && name !== column ? { columnName: name } : {}),
      ...(legacyKey === undefined ? {} : { legacyKey }),
    };
    return {
      code: 'MAP_RAW_CARD_NUMBER',
      message: `${formatProvenance(provenance)}: the cell holds what looks like a raw card number (ending ${card.last4}) — card numbers are never migrated: delete it, and give the payment processor's token and the last 4 digits instead (this row is not migrated)`,
      source: { input: step, provenance, values: row.values, columns: row.columns },
    };
  });
}

/**
 * Counts rows (line breaks outside double quotes) and physical lines in CSV text as it streams,
 * so a decoding error can name the row and line it happened on without keeping the text.
 */
export class RowTracker {
  private rows = 0;
  private lines = 0;
  private inQuotes = false;
  private afterCr = false;

  /** Feeds the next piece of decoded text. */
  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 0x22) this.inQuotes = !this.inQuotes;
      else if (ch === 0x0a && this.afterCr) {
        // The \n of a \r\n pair: the \r already counted the break.
      } else if (ch === 0x0a || ch === 0x0d) {
        this.lines++;
        if (!this.inQuotes) this.rows++;
      }
      this.afterCr = ch === 0x0d;
    }
  }

  /** The 1-based row and line the next character belongs to. */
  position(): { row: number; line: number } {
    return { row: this.rows + 1, line: this.lines + 1 };
  }
}

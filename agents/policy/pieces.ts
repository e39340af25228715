/**
 * An async iterable fed by `push`: one loop reads the reasoning once, keeps
 * the whole text and feeds a streaming request through this at its pace.
 * `fail` makes the reader throw, so a broken stream is never marked done.
 */
export class PieceQueue implements AsyncIterable<string> {
  private readonly pieces: string[] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  private wake: (() => void) | null = null;

  push(piece: string): void {
    if (!this.ended) {
      this.pieces.push(piece);
      this.wake?.();
    }
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  fail(error: unknown): void {
    this.failure = { error };
    this.end();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.failure) {
        throw this.failure.error;
      }
      const piece = this.pieces.shift();
      if (piece !== undefined) {
        yield piece;
        continue;
      }
      if (this.ended) {
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }
}

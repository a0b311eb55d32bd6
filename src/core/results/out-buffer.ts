// The bytes of a large file being made (a SARIF log, a JUnit report), written straight into reused buffers and handed
// out a chunk at a time: its pieces never exist as strings or buffers of their own, so writing a 30 MB file costs a few
// allocations instead of hundreds of thousands (and a young generation that never has to grow for them).

/** Bytes gathered before a chunk is handed out. */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Buffer's own UTF-8 encoder, which `write` calls once it has checked its arguments. Those checks cost as much as the
 * encoding of a small text while V8 has not optimised them, and a SARIF log is tens of thousands of small texts. Not
 * in Node's documentation (though on every Buffer since Node 0.x): used where it exists, else `write`.
 */
interface Utf8Writer {
  utf8Write(text: string, offset: number, length: number): number;
}
const HAS_UTF8_WRITE = typeof (Buffer.prototype as Partial<Utf8Writer>).utf8Write === 'function';

export class OutBuffer {
  private buffer: Buffer;
  private used = 0;

  constructor(capacity = 2 * CHUNK_BYTES) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Whether anything is waiting to be taken. */
  get empty(): boolean {
    return this.used === 0;
  }

  /** Whether a chunk's worth is waiting to be taken. */
  get full(): boolean {
    return this.used >= CHUNK_BYTES;
  }

  /** Text, encoded as UTF-8. */
  text(text: string): void {
    // n UTF-16 units take at most 3n bytes in UTF-8: with that much room the text fits without being measured.
    this.reserve(text.length * 3);
    this.used += HAS_UTF8_WRITE
      ? (this.buffer as Buffer & Utf8Writer).utf8Write(text, this.used, this.buffer.length - this.used)
      : this.buffer.write(text, this.used);
  }

  /** Bytes as they are. */
  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Bytes `start` to `end` of `source`, copied without a view of them being made. */
  copy(source: Buffer, start: number, end: number): void {
    this.reserve(end - start);
    this.used += source.copy(this.buffer, this.used, start, end);
  }

  /** Text or bytes. */
  piece(piece: string | Uint8Array): void {
    if (typeof piece === 'string') this.text(piece);
    else this.bytes(piece);
  }

  /** What was written since the last take: a view of the buffer, valid until the next write. */
  take(): Buffer {
    const chunk = this.buffer.subarray(0, this.used);
    this.used = 0;
    return chunk;
  }

  private reserve(length: number): void {
    if (this.used + length <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.used + length));
    this.buffer.copy(grown, 0, 0, this.used);
    this.buffer = grown;
  }
}

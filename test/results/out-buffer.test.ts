import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, OutBuffer } from '../../src/core/results/out-buffer.js';

describe('OutBuffer', () => {
  it('encodes text as UTF-8, multi-byte characters included', () => {
    const out = new OutBuffer(16);
    const text = 'plain, ünïcödé, 漢字 and 🙂 "quoted"';
    out.text(text);
    expect(out.take().toString('utf8')).toBe(text);
  });

  it('copies a range of bytes, between texts, in order', () => {
    const source = Buffer.from('0123456789abcdef');
    const out = new OutBuffer(4);
    out.text('[');
    out.copy(source, 10, 16);
    out.text('|');
    out.bytes(Uint8Array.from([0x41, 0x42]));
    out.piece('é]');
    expect(out.take().toString('utf8')).toBe('[abcdef|ABé]');
  });

  it('grows past its first capacity without losing what it holds', () => {
    const out = new OutBuffer(8);
    const parts = Array.from({ length: 200 }, (_, i) => `part ${i} — `);
    for (const part of parts) out.text(part);
    expect(out.take().toString('utf8')).toBe(parts.join(''));
  });

  it('says when a chunk is ready, and starts empty again after take', () => {
    const out = new OutBuffer();
    expect(out.empty).toBe(true);
    out.text('x'.repeat(CHUNK_BYTES - 1));
    expect(out.full).toBe(false);
    out.text('y');
    expect(out.full).toBe(true);
    expect(out.take().length).toBe(CHUNK_BYTES);
    expect(out.empty).toBe(true);
    expect(out.take().length).toBe(0);
  });
});

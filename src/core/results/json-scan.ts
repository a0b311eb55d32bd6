// Parses a report without building the whole object graph at once. Most of a report's bytes are control texts
// (descriptions, check and fix text, code) that the evaluation never reads; JSON.parse of a 60 MB report builds
// about 180 MB of objects for them, next to the 60 MB string (and, while a file is decoded, its bytes). Here a small
// scanner walks the structure down to each control's members, checks those long texts without building them, parses
// every other member with JSON.parse and hands the control to a callback that checks it and keeps what is needed.
// It works on the file's bytes as well as on a string, so a large file never becomes one large string. The accepted
// syntax is JSON.parse's; any shape other than the expected one is parsed whole and left to the schema check.

export class JsonScanError extends SyntaxError {}

// JSON forbids raw control characters in strings: this regex exists to find them.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f]/;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** Whether the content of a JSON string (between its quotes) is valid: no raw control character, valid escapes. */
function validStringContent(content: string): boolean {
  if (CONTROL_CHARACTER.test(content)) return false;
  for (let i = content.indexOf('\\'); i >= 0; i = content.indexOf('\\', i)) {
    const next = content[i + 1];
    if (next === 'u') {
      if (!HEX4.test(content.slice(i + 2, i + 6))) return false;
      i += 6;
    } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

// A string whose bytes between the quotes are its text and are safe to copy into other JSON: printable ASCII, no
// escape, and no space at either end (so it is already trimmed). Inert, besides: words, digits, spaces and the few
// marks no character of which Markdown, HTML or GitHub would interpret (markdown.ts escapes every other).
const PRINTABLE_ASCII = /^[ -~]*$/;
export const INERT_ASCII = /^[ 0-9A-Za-z,;/?]*$/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * The text as code units: a string, or UTF-8 bytes. Every structural character of JSON is ASCII and no byte of a
 * multi-byte UTF-8 sequence is below 0x80, so both can be scanned the same way.
 */
interface Source {
  readonly length: number;
  code(i: number): number;
  indexOfQuote(from: number): number;
  slice(start: number, end: number): string;
}

function stringSource(text: string): Source {
  return {
    length: text.length,
    code: (i) => text.charCodeAt(i),
    indexOfQuote: (from) => text.indexOf('"', from),
    slice: (start, end) => text.slice(start, end),
  };
}

function bytesSource(bytes: Uint8Array): Source {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    length: buffer.length,
    code: (i) => buffer[i] ?? Number.NaN,
    indexOfQuote: (from) => buffer.indexOf(QUOTE, from),
    slice: (start, end) => buffer.toString('utf8', start, end),
  };
}

class Scanner {
  pos = 0;
  constructor(readonly src: Source) {}

  peek(): number {
    return this.src.code(this.pos);
  }

  ws(): void {
    while (this.pos < this.src.length && isWhitespace(this.src.code(this.pos))) this.pos += 1;
  }

  fail(what: string): never {
    if (this.pos >= this.src.length) throw new JsonScanError(`Unexpected end of JSON input (at offset ${this.pos})`);
    throw new JsonScanError(`${what}, found ${JSON.stringify(String.fromCharCode(this.peek()))} at offset ${this.pos}`);
  }

  expect(code: number): void {
    if (this.peek() !== code) this.fail(`Expected ${JSON.stringify(String.fromCharCode(code))}`);
    this.pos += 1;
  }

  /** At a `"`: moves past the closing quote (an escaped quote has an odd number of backslashes before it). */
  skipString(): void {
    let from = this.pos + 1;
    for (;;) {
      const q = this.src.indexOfQuote(from);
      if (q < 0) {
        this.pos = this.src.length;
        this.fail('Unterminated string');
      }
      let backslashes = 0;
      for (let b = q - 1; b >= 0 && this.src.code(b) === BACKSLASH; b -= 1) backslashes += 1;
      if (backslashes % 2 === 0) {
        this.pos = q + 1;
        return;
      }
      from = q + 1;
    }
  }

  /** Moves past one value without building it; JSON.parse of the slice checks its syntax later. */
  skipValue(): void {
    const c = this.peek();
    if (c === QUOTE) return this.skipString();
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      while (this.pos < this.src.length) {
        const code = this.src.code(this.pos);
        if (code === QUOTE) {
          this.skipString();
          continue;
        }
        if (code === OPEN_BRACE || code === OPEN_BRACKET) depth += 1;
        else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          depth -= 1;
          if (depth === 0) {
            this.pos += 1;
            return;
          }
        }
        this.pos += 1;
      }
      this.fail('Unterminated object or array');
    }
    const start = this.pos;
    for (; this.pos < this.src.length; this.pos += 1) {
      const code = this.src.code(this.pos);
      if (isWhitespace(code) || code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET) break;
    }
    if (this.pos === start) this.fail('Expected a value');
  }

  /**
   * A string whose content is not needed: checked as JSON.parse would check it (no raw control character, only valid
   * escapes), then replaced by '' so that its type still shows.
   */
  checkedStringPlaceholder(): string {
    this.checkedSpan(false);
    return '';
  }

  /** Checks a string as checkedStringPlaceholder does and says where it lies and, with `classify`, what it holds. */
  checkedSpan(classify: boolean): TextSpan {
    const start = this.pos;
    this.skipString();
    const content = this.src.slice(start + 1, this.pos - 1);
    // Printable ASCII without a backslash is valid as it is (the common case: one scan instead of two). Words alone
    // are also inert Markdown; a text with punctuation fails that test at its first mark, so it costs little.
    const inert = classify && INERT_ASCII.test(content);
    const plain = inert || (classify && PRINTABLE_ASCII.test(content) && !content.includes('\\'));
    if (!plain && !validStringContent(content)) {
      throw new JsonScanError(`Bad control character or escape in the string at offset ${start}`);
    }
    const trimmed = content.charCodeAt(0) !== 0x20 && content.charCodeAt(content.length - 1) !== 0x20;
    return { start, end: this.pos, plain: plain && trimmed, inert: inert && trimmed };
  }

  /** A string value, built: its content as it is when it has no escape, else as JSON.parse reads it. */
  shortString(): string {
    const start = this.pos;
    this.skipString();
    const content = this.src.slice(start + 1, this.pos - 1);
    if (!content.includes('\\') && !CONTROL_CHARACTER.test(content)) return content;
    return this.parseSlice(start) as string;
  }

  parseSlice(start: number): unknown {
    try {
      return JSON.parse(this.src.slice(start, this.pos));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new JsonScanError(`${detail} (in the value at offset ${start})`);
    }
  }

  /** Any value, parsed whole. */
  value(): unknown {
    const start = this.pos;
    this.skipValue();
    return this.parseSlice(start);
  }

  key(): string {
    if (this.peek() !== QUOTE) this.fail('Expected a property name');
    const start = this.pos;
    this.skipString();
    return this.parseSlice(start) as string;
  }

  /** Walks an object, handing each member to `member`, which must consume the value. */
  object(member: (key: string) => unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.expect(OPEN_BRACE);
    this.ws();
    if (this.peek() === CLOSE_BRACE) {
      this.pos += 1;
      return out;
    }
    for (;;) {
      this.ws();
      const key = this.key();
      this.ws();
      this.expect(COLON);
      this.ws();
      const value = member(key);
      // Same as JSON.parse: a repeated key keeps its last value; __proto__ is an own property, not the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      else out[key] = value;
      this.ws();
      if (this.peek() === COMMA) {
        this.pos += 1;
        continue;
      }
      this.expect(CLOSE_BRACE);
      return out;
    }
  }

  array(element: (index: number) => unknown): unknown[] {
    const out: unknown[] = [];
    this.expect(OPEN_BRACKET);
    this.ws();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos += 1;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(element(out.length));
      this.ws();
      if (this.peek() === COMMA) {
        this.pos += 1;
        continue;
      }
      this.expect(CLOSE_BRACKET);
      return out;
    }
  }
}

// Control members that hold only text the evaluation never reads: their strings are checked, not built.
const TEXT_MEMBERS = new Set(['desc', 'code']);
const DESCRIPTION_TEXT = new Set(['data', 'label']);

/** Where a string value lies in the source: from its opening quote to just after its closing quote. */
export interface TextSpan {
  start: number;
  end: number;
  /** The bytes between the quotes are the text: printable ASCII, no escape, nothing to trim. */
  plain: boolean;
  /** Plain, and made of words alone (INERT_ASCII): valid Markdown that means nothing but itself. */
  inert: boolean;
}

/** Where a member's value lies (any JSON value), to be parsed again when it is wanted. */
export interface ValueSpan {
  start: number;
  end: number;
}

/** The spans of a control's texts that were checked but not built, for a reader that wants them later. */
export interface ControlTextSpans {
  desc?: TextSpan;
  /** One per `descriptions` entry with a string label, in order. */
  descriptions: { label: string; data: TextSpan }[];
  /** The tags mapping (parsed for the schema check and the severity, then dropped). */
  tags?: ValueSpan;
}

function leanControlValue(s: Scanner, spans: ControlTextSpans | undefined): unknown {
  if (s.peek() !== OPEN_BRACE) return s.value();
  return s.object((key) => {
    if (TEXT_MEMBERS.has(key) && s.peek() === QUOTE) {
      if (key !== 'desc' || !spans) return s.checkedStringPlaceholder();
      spans.desc = s.checkedSpan(true);
      return '';
    }
    if (spans && key === 'tags') {
      const start = s.pos;
      const value = s.value();
      spans.tags = { start, end: s.pos };
      return value;
    }
    if (key === 'descriptions' && s.peek() === OPEN_BRACKET) {
      return s.array(() => {
        if (s.peek() !== OPEN_BRACE) return s.value();
        // With spans wanted, a label is parsed (it is short and says which text is which); data is never built.
        let label: unknown;
        let data: TextSpan | undefined;
        const entry = s.object((k) => {
          if (spans && k === 'label') return (label = s.peek() === QUOTE ? s.shortString() : s.value());
          if (spans && k === 'data' && s.peek() === QUOTE) {
            data = s.checkedSpan(true);
            return '';
          }
          return DESCRIPTION_TEXT.has(k) && s.peek() === QUOTE ? s.checkedStringPlaceholder() : s.value();
        });
        if (spans && typeof label === 'string' && data) spans.descriptions.push({ label, data });
        return entry;
      });
    }
    return s.value();
  });
}

/**
 * Parses report text (a string or its UTF-8 bytes) like JSON.parse, except that each element of
 * `profiles[i].controls` goes through `onControl` (which checks it and returns what to keep), with the strings of its
 * `desc`, `code` and `descriptions` checked but replaced by '' (an evaluation never reads them). With `textSpans`,
 * `onControl` also gets where `desc` and each description's `data` lie in the source, so that a writer can read them
 * later (`readSpan`) without the parse ever building them.
 * Throws JsonScanError (a SyntaxError) on invalid JSON.
 */
export function parseReportText(
  text: string | Uint8Array,
  onControl: (control: unknown, profile: number, index: number, spans: ControlTextSpans | undefined) => unknown,
  options: { textSpans?: boolean } = {},
): unknown {
  const src = typeof text === 'string' ? stringSource(text) : bytesSource(text);
  const s = new Scanner(src);
  s.ws();
  if (s.peek() !== OPEN_BRACE) return JSON.parse(src.slice(0, src.length));
  const control = (profile: number, index: number) => {
    const spans: ControlTextSpans | undefined = options.textSpans ? { descriptions: [] } : undefined;
    return onControl(leanControlValue(s, spans), profile, index, spans);
  };
  const controls = (profile: number) =>
    s.peek() === OPEN_BRACKET ? s.array((index) => control(profile, index)) : s.value();
  const profile = (index: number) =>
    s.peek() === OPEN_BRACE ? s.object((key) => (key === 'controls' ? controls(index) : s.value())) : s.value();
  const result = s.object((key) => (key === 'profiles' && s.peek() === OPEN_BRACKET ? s.array(profile) : s.value()));
  s.ws();
  if (s.pos < src.length) s.fail('Unexpected non-whitespace character after JSON');
  return result;
}

/** Reads what spans of a report's text hold, long after it was scanned. */
export interface SpanReader {
  /** The string a span of a JSON string literal holds. */
  text(span: TextSpan): string;
  /** Writes the source from `start` to `end` (offsets into it) to `sink`: bytes are copied, never decoded. */
  copy(start: number, end: number, sink: ByteSink): void;
  /** Any JSON value, parsed. */
  value(span: ValueSpan): unknown;
}

/** Where a writer takes text and bytes copied from a report (an OutBuffer). */
export interface ByteSink {
  text(text: string): void;
  copy(source: Buffer, start: number, end: number): void;
}

export function spanReader(text: string | Uint8Array): SpanReader {
  if (typeof text === 'string') {
    return {
      text: (span) =>
        span.plain
          ? text.slice(span.start + 1, span.end - 1)
          : (JSON.parse(text.slice(span.start, span.end)) as string),
      copy: (start, end, sink) => sink.text(text.slice(start, end)),
      value: (span) => JSON.parse(text.slice(span.start, span.end)) as unknown,
    };
  }
  const buffer = Buffer.isBuffer(text) ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  return {
    text: (span) =>
      span.plain
        ? buffer.toString('latin1', span.start + 1, span.end - 1)
        : (JSON.parse(buffer.toString('utf8', span.start, span.end)) as string),
    copy: (start, end, sink) => sink.copy(buffer, start, end),
    value: (span) => JSON.parse(buffer.toString('utf8', span.start, span.end)) as unknown,
  };
}

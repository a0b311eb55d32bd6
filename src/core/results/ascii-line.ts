// One pass over an ASCII text that makes it one line: control characters removed, each run of whitespace as one
// space, trimmed. cleanLine (details.ts) and inline (markdown.ts) take it for ASCII text before their regular
// expressions: a report's test messages are mostly ASCII over several lines, and a regular expression's replacement
// makes about a kilobyte of garbage per message, on pages the young generation has just grown into.

/** Where the bytes are gathered: one buffer for every call, grown when a text needs more. */
let lineBytes = Buffer.allocUnsafe(1024);

/**
 * The text as one line, or undefined when it has a character beyond ASCII (left to the regular expressions).
 * `formFeedsAreSpace`: vertical tab and form feed are whitespace (as `\s` has them) rather than removed controls.
 */
export function asciiLine(text: string, formFeedsAreSpace: boolean): string | undefined {
  if (text.length > lineBytes.length) lineBytes = Buffer.allocUnsafe(Math.max(text.length, 2 * lineBytes.length));
  const bytes = lineBytes;
  let length = 0;
  let space = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) {
      if (code === 0x7f) continue;
      return undefined;
    }
    if (
      code === 0x20 ||
      code === 0x09 ||
      code === 0x0a ||
      code === 0x0d ||
      (formFeedsAreSpace && (code === 0x0b || code === 0x0c))
    ) {
      space = length > 0;
      continue;
    }
    if (code < 0x20) continue;
    if (space) {
      bytes[length] = 0x20;
      length += 1;
      space = false;
    }
    bytes[length] = code;
    length += 1;
  }
  return bytes.toString('latin1', 0, length);
}

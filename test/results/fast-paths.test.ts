import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from '../../src/core/results/details.js';
import { xmlText } from '../../src/core/results/junit.js';
import { inline } from '../../src/core/results/markdown.js';

// cleanLine, cleanText, xmlText and inline skip their regular expressions when the text gives them nothing to do (and
// cleanLine and inline collapse ASCII text in one pass of their own): those paths must give what the expressions give.

// eslint-disable-next-line no-control-regex -- the characters cleanLine and cleanText remove
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function lineByExpressions(text: string, max: number): string {
  const head = text.length > 4 * max + 64 ? text.slice(0, 4 * max + 64) : text;
  return bounded(head.replace(CONTROL, '').replace(/\s+/g, ' ').trim(), max);
}

function textByExpressions(text: string, max: number): string {
  const head = text.length > 2 * max ? text.slice(0, 2 * max) : text;
  return bounded(head.replace(/\r\n?/g, '\n').replace(CONTROL, '').trim(), max);
}

function xmlByExpressions(text: string): string {
  // eslint-disable-next-line no-control-regex -- the characters XML 1.0 cannot hold
  const notXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g;
  return text.replace(notXml, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A deterministic generator of awkward texts: words, every kind of whitespace, control characters, markup. */
function* awkwardTexts(count: number, alphabet: string[]): Generator<string> {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; i < count; i += 1) {
    let text = '';
    const length = next() % 40;
    for (let j = 0; j < length; j += 1) text += alphabet[next() % alphabet.length];
    yield text;
  }
}

const ASCII_ALPHABET = [
  'word',
  'x',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\r',
  '\u000b',
  '\u000c',
  '\u0001',
  '\u001f',
  '\u007f',
  '<',
  '&',
  '"',
  '>',
];
const UNICODE_ALPHABET = [
  ...ASCII_ALPHABET,
  '\u00a0',
  '\u0085',
  '\u2028',
  '\u3000',
  'é',
  '漢',
  '\u202e',
  '\ufeff',
  '\u0090',
];

describe('cleanLine', () => {
  it('gives what its regular expressions give, on ASCII and other text', () => {
    for (const alphabet of [ASCII_ALPHABET, UNICODE_ALPHABET])
      for (const text of awkwardTexts(3000, alphabet))
        for (const max of [5, 1000])
          expect(cleanLine(text, max), JSON.stringify(text)).toBe(lineByExpressions(text, max));
  });

  it('collapses a multi-line test message into one line', () => {
    expect(cleanLine('File /etc/x is expected to be mode 0600: expected 0600\n     got 0644\n', 1000)).toBe(
      'File /etc/x is expected to be mode 0600: expected 0600 got 0644',
    );
    expect(cleanLine(' \t\u0001a\u000b\u000cb \u007f c\r\n', 100)).toBe('ab c');
  });

  it('cuts a long line with an ellipsis, also on the ASCII path', () => {
    expect(cleanLine(`${'a'.repeat(20)}\n${'b'.repeat(20)}`, 10)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('cleanText', () => {
  it('gives what its regular expressions give', () => {
    for (const text of awkwardTexts(3000, UNICODE_ALPHABET))
      for (const max of [5, 1000])
        expect(cleanText(text, max), JSON.stringify(text)).toBe(textByExpressions(text, max));
  });
});

describe('xmlText', () => {
  it('gives what its regular expressions give, line ends and tabs kept', () => {
    for (const text of awkwardTexts(3000, UNICODE_ALPHABET))
      expect(xmlText(text), JSON.stringify(text)).toBe(xmlByExpressions(text));
    expect(xmlText('line one\n\tline two\r\n')).toBe('line one\n\tline two\r\n');
  });
});

function inlineByExpressions(text: string, maxChars: number): string {
  // eslint-disable-next-line no-control-regex -- the characters inline removes
  const invisible = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u202a-\u202e\u2066-\u2069]/g;
  const special = /[&<>"'`|*_~[\]()\\#!{}@:=+\-.^$%]/g;
  const collapsed = text
    .replace(invisible, '')
    .replace(/[\s\u0085]+/g, ' ')
    .trim();
  let end = maxChars - 1;
  if (/[\uD800-\uDBFF]/.test(collapsed[end - 1] ?? '')) end -= 1;
  const cut = collapsed.length > maxChars ? `${collapsed.slice(0, end)}…` : collapsed;
  return cut.replace(special, (c) =>
    c === '@' || c === '#' ? `&#${c.charCodeAt(0)};&#8203;` : `&#${c.charCodeAt(0)};`,
  );
}

describe('inline', () => {
  it('gives what its regular expressions give, on ASCII and other text', () => {
    for (const alphabet of [ASCII_ALPHABET, [...UNICODE_ALPHABET, '@', '#', '|', '-', '`']])
      for (const text of awkwardTexts(3000, alphabet))
        for (const max of [5, 400])
          expect(inline(text, max), JSON.stringify(text)).toBe(inlineByExpressions(text, max));
  });

  it('keeps vertical tabs and form feeds as spaces, where cleanLine removes them', () => {
    expect(inline('a\u000bb\u000cc', 100)).toBe('a b c');
    expect(cleanLine('a\u000bb\u000cc', 100)).toBe('abc');
  });
});

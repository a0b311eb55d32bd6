import { describe, expect, it } from 'vitest';
import { parseReportText } from '../../src/core/results/json-scan.js';
import { readSample, SAMPLE_NAMES } from './report-builder.js';

const identity = (control: unknown) => control;

/** JSON.parse, with the control texts the scanner checks but does not build replaced by ''. */
function expected(text: string): unknown {
  const value = JSON.parse(text) as { profiles?: unknown };
  if (!Array.isArray(value?.profiles)) return value;
  for (const p of value.profiles as { controls?: unknown }[]) {
    if (!p || typeof p !== 'object' || !Array.isArray(p.controls)) continue;
    for (const c of p.controls as Record<string, unknown>[]) {
      if (!c || typeof c !== 'object' || Array.isArray(c)) continue;
      for (const k of ['desc', 'code']) if (typeof c[k] === 'string') c[k] = '';
      if (Array.isArray(c['descriptions'])) {
        for (const d of c['descriptions'] as Record<string, unknown>[]) {
          if (!d || typeof d !== 'object' || Array.isArray(d)) continue;
          for (const k of ['data', 'label']) if (typeof d[k] === 'string') d[k] = '';
        }
      }
    }
  }
  return value;
}

function outcome(fn: () => unknown): unknown {
  try {
    return { value: fn() };
  } catch (error) {
    return { error: error instanceof SyntaxError ? 'SyntaxError' : String(error) };
  }
}

describe('parseReportText gives what JSON.parse gives', () => {
  it.each(SAMPLE_NAMES)('%s', (file) => {
    const text = readSample(file);
    expect(parseReportText(text, identity)).toEqual(expected(text));
    expect(parseReportText(Buffer.from(text), identity)).toEqual(expected(text));
  });

  it.each([
    [
      'escaped quotes and backslashes',
      String.raw`{"profiles":[{"controls":[{"id":"a\"b\\","t":"\\\"}]"}],"n":"x\\"}],"v":"\\\\"}`,
    ],
    ['unicode and escapes', '{"profiles":[{"controls":[{"id":"\\u00e9\\n\\t✓ 𝄞"}]}]}'],
    [
      'whitespace everywhere',
      ' \n{ "profiles" : [ { "controls" : [ { "id" : 1 } , { } ] } ] , "x" : [ 1 , { "a" : [ ] } ] } \r\n',
    ],
    [
      'duplicate keys keep the last',
      '{"profiles":[{"controls":[{"id":1}],"controls":[{"id":2}]}],"profiles":[{"controls":[{"id":3}]}]}',
    ],
    ['__proto__ is an own key', '{"__proto__":{"polluted":true},"profiles":[]}'],
    ['profiles not a list', '{"profiles":{"controls":[1]}}'],
    ['controls not a list', '{"profiles":[{"controls":"none"}, 5, null]}'],
    ['empty containers', '{"profiles":[{"controls":[]}],"a":{},"b":[]}'],
    ['numbers and literals', '{"profiles":[{"controls":[1.5e3,-0,true,false,null]}],"n":-12.5E-2}'],
    ['a top-level list', '[{"profiles":[]}]'],
    ['a top-level string', '"x"'],
    [
      'control texts with escapes',
      String.raw`{"profiles":[{"controls":[{"id":"a","desc":"x\\y \"q\" \u00e9 \/ \b\f\n\r\t","code":"\\\\x","descriptions":[{"label":"check","data":"\\"},{"other":1}]}]}]}`,
    ],
    [
      'control texts of other types',
      '{"profiles":[{"controls":[{"id":"a","desc":null,"code":5,"descriptions":null},{"descriptions":[1,{"data":[]}]}]}]}',
    ],
  ])('%s', (_name, text) => {
    expect(outcome(() => parseReportText(text, identity))).toEqual(outcome(() => expected(text)));
    expect(outcome(() => parseReportText(Buffer.from(text), identity))).toEqual(outcome(() => expected(text)));
    expect(Object.getPrototypeOf(parseReportText(text, identity))).toBe(Object.getPrototypeOf(JSON.parse(text)));
  });

  it.each([
    ['trailing garbage', '{"profiles":[]} x'],
    ['trailing comma in object', '{"profiles":[],}'],
    ['trailing comma in controls', '{"profiles":[{"controls":[{"id":1},]}]}'],
    ['missing colon', '{"profiles" []}'],
    ['missing comma', '{"a":1 "profiles":[]}'],
    ['single quotes', "{'profiles':[]}"],
    ['unquoted key', '{profiles:[]}'],
    ['bad literal', '{"profiles":[{"controls":[tru]}]}'],
    ['control with a bad string', '{"profiles":[{"controls":[{"id":"a\\x"}]}]}'],
    ['byte order mark', '\uFEFF{"profiles":[]}'],
    ['unterminated string', '{"profiles":[{"controls":[{"id":"abc'],
    ['bad escape in a desc', String.raw`{"profiles":[{"controls":[{"desc":"a\x"}]}]}`],
    ['escaped backslash then a bad escape in code', String.raw`{"profiles":[{"controls":[{"code":"\\\q"}]}]}`],
    [
      'short unicode escape in a description',
      String.raw`{"profiles":[{"controls":[{"descriptions":[{"data":"\u12"}]}]}]}`,
    ],
    ['raw tab in a desc', '{"profiles":[{"controls":[{"desc":"a\tb"}]}]}'],
    ['raw newline in a description label', '{"profiles":[{"controls":[{"descriptions":[{"label":"a\nb"}]}]}]}'],
    ['empty', ''],
  ])('rejects %s like JSON.parse', (_name, text) => {
    expect(outcome(() => JSON.parse(text))).toEqual({ error: 'SyntaxError' });
    expect(outcome(() => parseReportText(text, identity))).toEqual({ error: 'SyntaxError' });
    expect(outcome(() => parseReportText(Buffer.from(text), identity))).toEqual({ error: 'SyntaxError' });
  });

  it('rejects every truncation of a real report', () => {
    const text = readSample('triple_overlay_profile_sample.json').trimEnd();
    for (let cut = 1; cut < text.length; cut += 97) {
      expect(outcome(() => parseReportText(text.slice(0, cut), identity))).toEqual({ error: 'SyntaxError' });
    }
  });

  it('hands every control to the callback with its profile and index', () => {
    const seen: string[] = [];
    parseReportText('{"profiles":[{"controls":[{"id":"a"},{"id":"b"}]},{"controls":[{"id":"c"}]}]}', (c, p, i) => {
      seen.push(`${p}/${i}/${(c as { id: string }).id}`);
      return c;
    });
    expect(seen).toEqual(['0/0/a', '0/1/b', '1/0/c']);
  });
});

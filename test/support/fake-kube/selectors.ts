/** Label and field selectors as the API server parses them (the subset of the grammar clients send). */

type Labels = Record<string, string> | undefined;
type Requirement = (labels: Record<string, string>) => boolean;

export class SelectorError extends Error {}

function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

function parseTerm(term: string): Requirement {
  let match = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (match) {
    const [, key = '', op, list = ''] = match;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key] ?? '') : (l) => !(key in l) || !values.has(l[key] ?? '');
  }
  match = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
  if (match) {
    const [, key = '', op, value = ''] = match;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  match = /^(!?)([\w./-]+)$/.exec(term);
  if (match) {
    const [, not, key = ''] = match;
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(`unable to parse requirement: "${term}"`);
}

export function labelMatcher(selector: string | undefined): (labels: Labels) => boolean {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(parseTerm);
  return (labels) => requirements.every((r) => r(labels ?? {}));
}

const FIELDS: Record<string, (o: FieldObject) => string | undefined> = {
  'metadata.name': (o) => o.metadata?.name,
  'metadata.namespace': (o) => o.metadata?.namespace,
  'status.phase': (o) => o.status?.phase,
  'spec.nodeName': (o) => o.spec?.nodeName ?? '',
};

interface FieldObject {
  metadata?: { name?: string; namespace?: string };
  status?: { phase?: string };
  spec?: { nodeName?: string };
}

export function fieldMatcher(selector: string | undefined): (object: FieldObject) => boolean {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw new SelectorError(`invalid field selector: "${term}"`);
    const [, field = '', op, value = ''] = match;
    const get = FIELDS[field];
    if (!get) throw new SelectorError(`field label not supported: ${field}`);
    return (o: FieldObject) => (op === '!=' ? get(o) !== value : get(o) === value);
  });
  return (object) => requirements.every((r) => r(object));
}

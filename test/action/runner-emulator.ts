/**
 * Reads a step's stdout the way the Actions runner does for the commands this project cares about: `::stop-commands::`
 * (until `::<token>::` every line is plain text), `::add-mask::`, `::set-output`, `::save-state`, annotations and
 * groups, in both the `::cmd::` and the legacy `##[cmd]` syntax. It returns what took effect and the log as shown,
 * with masks applied, so a test can ask "did a line from the scanned image act as a command?".
 */
export interface RunnerView {
  masks: string[];
  outputs: Record<string, string>;
  errors: string[];
  warnings: string[];
  groups: string[];
  /** Lines as the log shows them (commands removed, masked values replaced by ***). */
  shown: string[];
  stopTokens: string[];
}

const unescapeData = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProp = (s: string): string => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

function parseCommand(line: string): { name: string; props: Record<string, string>; data: string } | undefined {
  const trimmed = line.trim();
  let match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(trimmed);
  // The runner's legacy parser looks for `##[` anywhere in the line, not only at its start.
  if (!match) match = /##\[([A-Za-z-]+)(?: ([^\]]*))?\](.*)$/.exec(trimmed);
  if (!match) return undefined;
  const props: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(/[,;]/)) {
    const [key, ...rest] = pair.split('=');
    if (key?.trim()) props[key.trim()] = unescapeProp(rest.join('='));
  }
  return { name: (match[1] ?? '').toLowerCase(), props, data: unescapeData(match[3] ?? '') };
}

export function interpretStdout(stdout: string): RunnerView {
  const view: RunnerView = { masks: [], outputs: {}, errors: [], warnings: [], groups: [], shown: [], stopTokens: [] };
  let stopToken: string | undefined;
  const lines = stdout.split(/\r?\n/);
  for (const line of lines) {
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) stopToken = undefined;
      else view.shown.push(line);
      continue;
    }
    const command = parseCommand(line);
    if (!command) {
      view.shown.push(line);
      continue;
    }
    switch (command.name) {
      case 'stop-commands':
        stopToken = command.data;
        view.stopTokens.push(command.data);
        break;
      case 'add-mask':
        view.masks.push(command.data);
        break;
      case 'set-output':
        view.outputs[command.props['name'] ?? ''] = command.data;
        break;
      case 'error':
        view.errors.push(command.data);
        view.shown.push(`Error: ${command.data}`);
        break;
      case 'warning':
        view.warnings.push(command.data);
        view.shown.push(`Warning: ${command.data}`);
        break;
      case 'group':
        view.groups.push(command.data);
        break;
      default:
        break;
    }
  }
  const masks = [...view.masks].filter(Boolean).sort((a, b) => b.length - a.length);
  view.shown = view.shown.map((line) => masks.reduce((text, mask) => text.split(mask).join('***'), line));
  return view;
}

/** Parses a GITHUB_OUTPUT / GITHUB_STATE file (`name<<DELIMITER` … `DELIMITER`, or `name=value`). */
export function parseFileCommands(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i += 1; i < lines.length && lines[i] !== heredoc[2]; i += 1) body.push(lines[i] ?? '');
      values[heredoc[1] ?? ''] = body.join('\n');
      continue;
    }
    const pair = /^([^=]+)=(.*)$/.exec(line);
    if (pair) values[pair[1] ?? ''] = pair[2] ?? '';
  }
  return values;
}

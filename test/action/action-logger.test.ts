import { describe, expect, it } from 'vitest';
import { ActionLogger } from '../../src/action/action-logger.js';
import { captureStdout, withEnv } from './helpers.js';
import { interpretStdout } from './runner-emulator.js';

const HOSTILE = [
  '::add-mask::x',
  '::set-output name=result::pass',
  '::error::boom',
  '  ::warning::indented',
  '##[set-output name=result;]pass',
  '::group::fake group',
];

describe('ActionLogger: scanner output is data, never workflow commands', () => {
  it('fences scanner lines between ::stop-commands::<token> and ::<token>::, so none acts', async () => {
    const restore = withEnv({ GITHUB_OUTPUT: undefined });
    try {
      const { output } = await captureStdout(async () => {
        const logger = new ActionLogger();
        await logger.group('Scan', async () => {
          logger.info('starting');
          for (const line of HOSTILE) logger.scannerOutput(line);
          logger.info('between');
          logger.scannerOutput('::error::second fence');
        });
        logger.info('after');
      });
      const view = interpretStdout(output);
      expect(view.masks).toEqual([]);
      expect(view.outputs).toEqual({});
      expect(view.errors).toEqual([]);
      expect(view.warnings).toEqual([]);
      expect(view.groups).toEqual(['Scan']);
      // Every hostile line is shown as text, in order.
      expect(view.shown.filter((l) => HOSTILE.includes(l) || l === '::error::second fence')).toEqual([
        ...HOSTILE,
        '::error::second fence',
      ]);
      // A fresh unguessable token per fence.
      expect(view.stopTokens).toHaveLength(2);
      expect(new Set(view.stopTokens).size).toBe(2);
      for (const token of view.stopTokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
      // The fence is closed before our own lines: 'between' and 'after' are not inside one.
      const lines = output.split('\n');
      const open = lines.findIndex((l) => l.startsWith('::stop-commands::'));
      const close = lines.findIndex((l) => l === `::${view.stopTokens[0]}::`);
      expect(lines.indexOf('between')).toBeGreaterThan(close);
      expect(open).toBeLessThan(lines.indexOf(HOSTILE[0] ?? ''));
    } finally {
      restore();
    }
  });

  it('fences an info message that carries text able to act as a command (a multi-line error with a log tail)', async () => {
    const { output } = await captureStdout(() => {
      const logger = new ActionLogger();
      logger.info('scan failed; last lines:\n::add-mask::x\n::set-output name=result::pass');
      logger.warn('warning with\n::error::inside');
      logger.error('error with\n::add-mask::y');
      logger.info('plain line');
    });
    const view = interpretStdout(output);
    expect(view.masks).toEqual([]);
    expect(view.outputs).toEqual({});
    expect(view.warnings).toEqual(['warning with\n::error::inside']);
    expect(view.errors).toEqual(['error with\n::add-mask::y']);
    expect(view.shown).toContain('::add-mask::x');
    expect(view.shown).toContain('plain line');
  });

  it('fences a message with the legacy ##[command] form in the middle of a line', async () => {
    const { output } = await captureStdout(() => {
      const logger = new ActionLogger();
      logger.info('image foo ##[add-mask]Compliance');
    });
    const view = interpretStdout(output);
    expect(view.masks).toEqual([]);
    expect(view.shown).toContain('image foo ##[add-mask]Compliance');
  });

  it('closes an open fence when a group ends, even when the group throws', async () => {
    const { output } = await captureStdout(async () => {
      const logger = new ActionLogger();
      await logger
        .group('Scan', async () => {
          logger.scannerOutput('line');
          throw new Error('boom');
        })
        .catch(() => undefined);
      logger.warn('after the group');
    });
    const view = interpretStdout(output);
    expect(view.warnings).toEqual(['after the group']);
    expect(output).toContain('::endgroup::');
  });
});

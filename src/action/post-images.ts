import * as core from '@actions/core';
import { parseConfig } from '../core/config.js';
import { describeError } from '../core/errors.js';
import { connect, kubeconfigSecrets } from '../core/kube/connection.js';
import { deleteScanObjects, secretRefs } from '../core/kube/delete.js';
import type { PostDeps } from './post.js';
import { secretsToMask } from './secrets.js';
import { isScanSettled, loadImageScanStates } from './state.js';

/** Deletes run at once, so that a run of 200 images is cleaned up in seconds without flooding the API server. */
const DELETE_BATCH = 8;

/**
 * The post step of a run of several images: deletes the objects of every scan main saved (each before it created
 * anything), so a cancelled or killed run leaves nothing behind. Like post, it never throws: failures are warnings.
 */
export async function postImages(deps: PostDeps): Promise<void> {
  let namespace: string | undefined;
  try {
    const saved = loadImageScanStates(deps.state);
    namespace = saved[0]?.namespace;
    if (saved.length === 0) {
      deps.logger.info('Nothing to clean up: the main step created nothing.');
      return;
    }
    if (isScanSettled(deps.state)) {
      deps.logger.info(
        `The main step finished its ${saved.length} scan${saved.length === 1 ? '' : 's'} and their own cleanup; nothing left to do.`,
      );
      return;
    }
    const work = saved.map(({ cleanup, ...names }) => ({ names, only: cleanup ? undefined : secretRefs(names) }));
    const todo = work.filter((w) => w.only === undefined || w.only.length > 0);
    if (saved.some((s) => !s.cleanup))
      deps.logger.info('cleanup is false: keeping the scan pods and their ConfigMaps (registry Secrets are deleted).');
    if (todo.length === 0) return;
    // Masked before anything that could quote an input is logged.
    const raw = deps.readInputs();
    for (const secret of secretsToMask(raw, kubeconfigSecrets, deps.env)) core.setSecret(secret);
    deps.logger.info(`Making sure the objects of ${todo.length} scan${todo.length === 1 ? '' : 's'} are deleted.`);
    const config = parseConfig(raw, { env: deps.env, cwd: deps.cwd, mode: 'action' });
    const connection = await connect(config.scan.kubeconfig, config.scan.context, deps.logger);
    try {
      for (const secret of connection.secrets) core.setSecret(secret);
      for (let i = 0; i < todo.length; i += DELETE_BATCH) {
        await Promise.all(
          todo
            .slice(i, i + DELETE_BATCH)
            .map(({ names, only }) => deleteScanObjects(names, connection, deps.logger, only)),
        );
      }
    } finally {
      connection.close();
    }
  } catch (error) {
    deps.logger.warn(
      `KCS-GH-009: post-step cleanup failed: ${describeError(error)}. Delete leftovers with \`kube-cinc-scan cleanup${namespace ? ` --namespace ${namespace}` : ''}\` (they carry the label app.kubernetes.io/managed-by=kube-cinc-scan).`,
    );
  }
}

import * as core from '@actions/core';
import { parseConfig, type RawInputs } from '../core/config.js';
import { describeError } from '../core/errors.js';
import { connect, kubeconfigSecrets } from '../core/kube/connection.js';
import type { Logger } from '../core/logger.js';
import { deleteScanObjects, secretRefs } from '../core/kube/delete.js';
import { secretsToMask } from './secrets.js';
import { hasImageScans, isScanSettled, loadScanState, type StateStore } from './state.js';
import { postImages } from './post-images.js';

export interface PostDeps {
  env: NodeJS.ProcessEnv;
  cwd: string;
  readInputs: () => RawInputs;
  state: StateStore;
  logger: Logger;
}

/**
 * The post step: deletes what main created, from the names main saved before creating anything, so a crash, a kill or
 * a cancelled job still leaves the cluster clean. Deleting twice is harmless (a 404 counts as done). Never throws:
 * a failure here is a warning, because the scan's verdict is already decided.
 */
export async function post(deps: PostDeps): Promise<void> {
  // A run of several images saved each of its scans apart.
  if (hasImageScans(deps.state)) return postImages(deps);
  // The namespace main chose (input, context or default), so the advice below names where the leftovers are.
  let namespace: string | undefined;
  try {
    const saved = loadScanState(deps.state);
    namespace = saved?.namespace;
    if (!saved) {
      deps.logger.info('Nothing to clean up: the main step created nothing.');
      return;
    }
    if (isScanSettled(deps.state)) {
      deps.logger.info(
        `The main step finished its scan and its own cleanup of pod ${saved.namespace}/${saved.podName}; nothing left to do.`,
      );
      return;
    }
    const { cleanup, ...names } = saved;
    // Registry credentials are never kept, not even with cleanup false.
    const only = cleanup ? undefined : secretRefs(names);
    if (!cleanup) {
      deps.logger.info(
        `cleanup is false: keeping pod ${saved.podName} and its ConfigMaps in namespace ${saved.namespace}.`,
      );
      if (only?.length === 0) return;
    }
    // Masked before anything that could quote an input is logged.
    const raw = deps.readInputs();
    for (const secret of secretsToMask(raw, kubeconfigSecrets, deps.env)) core.setSecret(secret);
    deps.logger.info(
      only
        ? `Making sure the registry Secret ${only.map((ref) => ref.name).join(', ')} is deleted.`
        : `Making sure pod ${saved.namespace}/${saved.podName} and its ConfigMaps${(names.secretNames ?? []).length > 0 ? ' and registry Secret' : ''} are deleted.`,
    );
    const config = parseConfig(raw, { env: deps.env, cwd: deps.cwd, mode: 'action' });
    const connection = await connect(config.scan.kubeconfig, config.scan.context, deps.logger);
    try {
      for (const secret of connection.secrets) core.setSecret(secret);
      await deleteScanObjects(names, connection, deps.logger, only);
    } finally {
      connection.close();
    }
  } catch (error) {
    deps.logger.warn(
      `KCS-GH-009: post-step cleanup failed: ${describeError(error)}. Delete leftovers with \`kube-cinc-scan cleanup${namespace ? ` --namespace ${namespace}` : ''}\` (they carry the label app.kubernetes.io/managed-by=kube-cinc-scan).`,
    );
  }
}

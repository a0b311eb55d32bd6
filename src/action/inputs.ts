import * as core from '@actions/core';
import type { RawInputs } from '../core/config.js';

/**
 * Every input the action reads. The metadata test compares this list with action.yml and the README both ways, so an
 * input cannot be added in one place and forgotten in another.
 */
export const ACTION_INPUTS = [
  'image',
  'images-from-namespace',
  'max-parallel',
  'profile',
  'profile-token',
  'profile-inputs',
  'waiver-file',
  'controls',
  'threshold',
  'fail-on-threshold',
  'namespace',
  'kubeconfig',
  'context',
  'scanner-image',
  'keepalive-image',
  'image-pull-policy',
  'image-pull-secrets',
  'registry-username',
  'registry-password',
  'registry',
  'node-selector',
  'tolerations',
  'pod-annotations',
  'scanner-cpu',
  'scanner-memory',
  'max-file-size',
  'max-command-output',
  'kind-load',
  'kind-cluster',
  'timeout',
  'cleanup',
  'output-dir',
  'sarif-location',
  'upload-artifact',
  'artifact-name',
  'retention-days',
  'job-summary',
  'comment-on-pr',
  'github-token',
] as const;

export type ActionInputName = (typeof ACTION_INPUTS)[number];

/** Inputs whose line structure matters (YAML, lists, kubeconfig content): read without trimming. */
const MULTILINE_INPUTS: readonly ActionInputName[] = [
  'kubeconfig',
  'threshold',
  'node-selector',
  'tolerations',
  'pod-annotations',
  'controls',
  'image-pull-secrets',
];

/** The only place that calls core.getInput; validation is parseConfig's job. */
export function readActionInputs(): RawInputs {
  const raw: Record<string, string> = {};
  for (const name of ACTION_INPUTS) {
    raw[name] = core.getInput(name, { trimWhitespace: !MULTILINE_INPUTS.includes(name) });
  }
  return raw;
}

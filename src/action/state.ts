import * as core from '@actions/core';

/**
 * Where main leaves what post needs. The runner turns `saveState` calls into `STATE_<name>` variables for the post
 * step; the logic takes the store as a parameter so tests can hand it a plain object.
 */
export interface StateStore {
  get(name: string): string;
  save(name: string, value: string): void;
}

export const actionsState: StateStore = {
  get: (name) => core.getState(name),
  save: (name, value) => core.saveState(name, value),
};

const IS_POST = 'isPost';
const SCAN = 'scan';
const SETTLED = 'scanSettled';

/** What post needs to delete a scan's objects: names only, never a credential. */
export interface ScanState {
  runId: string;
  namespace: string;
  podName: string;
  configMapNames: string[];
  /** The registry pull Secret's name, when the scan has one: deleted even with cleanup false. */
  secretNames?: string[];
  cleanup: boolean;
}

/** True in the post step: main marks its first action so the same bundle can tell the two apart. */
export function isPost(store: StateStore): boolean {
  return store.get(IS_POST) === 'true';
}

export function markMainStarted(store: StateStore): void {
  store.save(IS_POST, 'true');
}

export function saveScanState(store: StateStore, state: ScanState): void {
  store.save(SCAN, JSON.stringify(state));
}

/**
 * Main's scan ran to its end, so its own cleanup has already deleted (or kept, or warned about) what it created: post
 * is only for a main that crashed, was killed or never got there.
 */
export function markScanSettled(store: StateStore): void {
  store.save(SETTLED, 'true');
}

export function isScanSettled(store: StateStore): boolean {
  return store.get(SETTLED) === 'true';
}

/** The saved scan, or undefined when main created nothing (or the state is unreadable, which post only warns about). */
export function loadScanState(store: StateStore): ScanState | undefined {
  const raw = store.get(SCAN);
  if (!raw) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  return isScanState(value) ? value : undefined;
}

function isScanState(value: unknown): value is ScanState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['runId'] === 'string' &&
    typeof v['namespace'] === 'string' &&
    typeof v['podName'] === 'string' &&
    Array.isArray(v['configMapNames']) &&
    v['configMapNames'].every((n) => typeof n === 'string') &&
    (v['secretNames'] === undefined ||
      (Array.isArray(v['secretNames']) && v['secretNames'].every((n) => typeof n === 'string'))) &&
    typeof v['cleanup'] === 'boolean'
  );
}

const IMAGE_SCANS = 'imageScans';

/**
 * The scans of a run of several images, each saved under a key of its own (`imageScan1`, `imageScan2`, …, and the
 * count in `imageScans`) as soon as it is planned, before it creates anything: saving them as one growing list would
 * write the list again for every scan. The store cannot read back in main what main saved, so the count lives here.
 */
export class ImageScanStates {
  private count = 0;

  constructor(private readonly store: StateStore) {}

  add(state: ScanState): void {
    this.count += 1;
    this.store.save(`${IMAGE_SCANS.slice(0, -1)}${this.count}`, JSON.stringify(state));
    this.store.save(IMAGE_SCANS, String(this.count));
  }
}

/** True when main ran several images (post then cleans up each of their scans). */
export function hasImageScans(store: StateStore): boolean {
  return store.get(IMAGE_SCANS) !== '';
}

/** Every scan main saved for a run of several images; unreadable entries are left out. */
export function loadImageScanStates(store: StateStore): ScanState[] {
  const count = Number(store.get(IMAGE_SCANS));
  const states: ScanState[] = [];
  for (let n = 1; Number.isInteger(count) && n <= count; n += 1) {
    try {
      const value: unknown = JSON.parse(store.get(`${IMAGE_SCANS.slice(0, -1)}${n}`) || 'null');
      if (isScanState(value)) states.push(value);
    } catch {
      // left out: post warns about nothing it cannot read
    }
  }
  return states;
}

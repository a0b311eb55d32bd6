export { FakeKube, type FakeKubeOptions, type Faults, type Refusal, type RequestRecord } from './server.js';
export { Timeline, type TimelineAction } from './timeline.js';
export { CHECKS, podSecurityViolations, podSecurityMessage, type Level, type Violation } from './pod-security.js';
export { KUBE_VERSION } from './discovery.js';
export { FIXTURE_RESULTS_KEY, hmacHex, podResultsKey, resignLog } from './scanner-signing.js';

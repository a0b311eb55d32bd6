/** Discovery documents, the OpenAPI v3 index, and the Table form `kubectl get` asks for. */

/* eslint-disable @typescript-eslint/no-explicit-any -- objects arrive as untyped JSON */

export const KUBE_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3',
  gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99',
  gitTreeState: 'clean',
  buildDate: '2025-03-11T19:52:21Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const API_VERSIONS = {
  kind: 'APIVersions',
  versions: ['v1'],
  serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
};
export const API_GROUPS = { kind: 'APIGroupList', apiVersion: 'v1', groups: [] };

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const CORE_RESOURCES = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs: VERBS,
      shortNames: ['cm'],
      storageVersionHash: 'qFsyl6wFWjQ=',
    },
    {
      name: 'namespaces',
      singularName: 'namespace',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
      storageVersionHash: 'Q3oi5N2YM8M=',
    },
    {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: VERBS,
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    },
    { name: 'pods/log', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get'] },
    { name: 'pods/status', singularName: '', namespaced: true, kind: 'Pod', verbs: ['get', 'patch', 'update'] },
  ],
};

const OPENAPI_HASH = 'F1A6E0D2C0FFEE00';
export const OPENAPI_INDEX = { paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${OPENAPI_HASH}` } } };

function operation(kind: string, action: string, id: string, withValidation: boolean) {
  const parameters = [
    { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } },
    { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ...(withValidation
      ? [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }]
      : []),
  ];
  return {
    operationId: id,
    parameters,
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/io.k8s.api.core.v1.${kind}` } } },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind },
  };
}

function resourcePaths(plural: string, kind: string) {
  return {
    [`/api/v1/namespaces/{namespace}/${plural}`]: {
      get: operation(kind, 'list', `listCoreV1Namespaced${kind}`, false),
      post: operation(kind, 'post', `createCoreV1Namespaced${kind}`, true),
      parameters: [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } }],
    },
    [`/api/v1/namespaces/{namespace}/${plural}/{name}`]: {
      get: operation(kind, 'get', `readCoreV1Namespaced${kind}`, false),
      put: operation(kind, 'put', `replaceCoreV1Namespaced${kind}`, true),
      patch: operation(kind, 'patch', `patchCoreV1Namespaced${kind}`, true),
      delete: operation(kind, 'delete', `deleteCoreV1Namespaced${kind}`, false),
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
        { name: 'namespace', in: 'path', required: true, schema: { type: 'string', uniqueItems: true } },
      ],
    },
  };
}

const OBJECT = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
function schema(kind: string) {
  return {
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: OBJECT,
      spec: OBJECT,
      status: OBJECT,
      data: OBJECT,
      binaryData: OBJECT,
      immutable: { type: 'boolean' },
    },
    'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind }],
  };
}

export const OPENAPI_CORE_V1 = {
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: KUBE_VERSION.gitVersion },
  paths: { ...resourcePaths('pods', 'Pod'), ...resourcePaths('configmaps', 'ConfigMap') },
  components: {
    schemas: { 'io.k8s.api.core.v1.Pod': schema('Pod'), 'io.k8s.api.core.v1.ConfigMap': schema('ConfigMap') },
  },
};

/**
 * Which view of the objects an Accept header asks for, as the API server negotiates it: the first media type it can
 * serve wins. `kubectl get` asks for `as=Table` (the server decides the columns); a client that needs only names and
 * uids for `as=PartialObjectMetadata` (meta.k8s.io/v1).
 */
export function requestedView(accept: string | undefined): 'Table' | 'PartialObjectMetadata' | undefined {
  for (const clause of (accept ?? '').split(',')) {
    const [type = '', ...params] = clause.split(';').map((p) => p.trim());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const param = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1);
    const as = param('as');
    if (as === undefined) return undefined;
    if (param('g') !== 'meta.k8s.io' || (param('v') !== 'v1' && param('v') !== 'v1beta1')) continue;
    if (as === 'Table') return 'Table';
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return 'PartialObjectMetadata';
  }
  return undefined;
}

export function wantsTable(accept: string | undefined): boolean {
  return requestedView(accept) === 'Table';
}

/** An object as a PartialObjectMetadata: its metadata alone. */
export function partialMetadata(object: { metadata: unknown }): object {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
}

const NAME_COLUMN = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  priority: 0,
};
const AGE_COLUMN = { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp', priority: 0 };

export function toTable(
  kind: 'pods' | 'configmaps' | 'secrets',
  objects: any[],
  resourceVersion: string,
  includeObject: string | undefined,
  withColumns = true,
): any {
  const columns =
    kind === 'pods'
      ? [
          NAME_COLUMN,
          { name: 'Ready', type: 'string', format: '', description: 'ready containers', priority: 0 },
          { name: 'Status', type: 'string', format: '', description: 'pod status', priority: 0 },
          { name: 'Restarts', type: 'string', format: '', description: 'restarts', priority: 0 },
          AGE_COLUMN,
        ]
      : [
          NAME_COLUMN,
          { name: 'Data', type: 'integer', format: '', description: 'number of keys', priority: 0 },
          AGE_COLUMN,
        ];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    ...(withColumns ? { columnDefinitions: columns } : { columnDefinitions: null }),
    rows: objects.map((o) => ({
      cells:
        kind === 'pods'
          ? podCells(o)
          : [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o)],
      object:
        includeObject === 'Object'
          ? o
          : includeObject === 'None'
            ? null
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}

function podCells(pod: any): unknown[] {
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const ready = statuses.filter((s) => s.ready).length;
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0);
  return [
    pod.metadata.name,
    `${ready}/${pod.spec?.containers?.length ?? 0}`,
    podStatus(pod),
    String(restarts),
    age(pod),
  ];
}

/** The STATUS column, computed the way kubectl's printer does for the cases the fake produces. */
export function podStatus(pod: any): string {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Pending';
  const inits: any[] = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i += 1) {
    const state = inits[i].state ?? {};
    if (state.terminated?.exitCode === 0) continue;
    if (state.terminated) return `Init:${state.terminated.reason ?? `ExitCode:${state.terminated.exitCode}`}`;
    if (state.waiting?.reason && state.waiting.reason !== 'PodInitializing') return `Init:${state.waiting.reason}`;
    return `Init:${i}/${inits.length}`;
  }
  for (const status of (pod.status?.containerStatuses ?? []) as any[]) {
    if (status.state?.waiting?.reason) reason = status.state.waiting.reason;
    else if (status.state?.terminated?.reason && reason !== 'Running') reason = status.state.terminated.reason;
  }
  return reason;
}

function age(object: any): string {
  const seconds = Math.max(0, Math.floor((Date.now() - new Date(object.metadata.creationTimestamp).getTime()) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

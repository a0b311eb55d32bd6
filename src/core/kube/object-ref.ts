/**
 * The kinds of object a scan creates: their path segment in the core/v1 API and the word messages use for them. A new
 * kind of scan object (a Secret, say) is one more row here, and the create and delete steps handle it.
 */
const KINDS = {
  pod: { plural: 'pods', label: 'pod' },
  configmap: { plural: 'configmaps', label: 'ConfigMap' },
  secret: { plural: 'secrets', label: 'Secret' },
} as const;

export type ObjectKind = keyof typeof KINDS;

/** One namespaced core/v1 object of a scan. */
export interface ObjectRef {
  kind: ObjectKind;
  namespace: string;
  name: string;
}

/** The resource name of the kind in the API: `pods`, `configmaps`. */
export function pluralOf(kind: ObjectKind): string {
  return KINDS[kind].plural;
}

/** `/api/v1/namespaces/<ns>/<plural>`: where objects of the kind are created and listed. */
export function collectionPath(kind: ObjectKind, namespace: string): string {
  return `/api/v1/namespaces/${namespace}/${pluralOf(kind)}`;
}

export function objectPath(ref: ObjectRef): string {
  return `${collectionPath(ref.kind, ref.namespace)}/${ref.name}`;
}

/** How messages name an object: `pod ns/name`, `ConfigMap ns/name`. */
export function describeRef(ref: ObjectRef): string {
  return `${KINDS[ref.kind].label} ${ref.namespace}/${ref.name}`;
}

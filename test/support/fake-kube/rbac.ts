import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';

/* eslint-disable @typescript-eslint/no-explicit-any -- manifests arrive as untyped YAML */

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * Role-based access control as the API server evaluates it, loaded from a manifest (deploy/rbac.yaml): a user bound
 * to a Role may do exactly what the Role's rules list, in the Role's namespace.
 */
export class Rbac {
  private readonly grants: { namespace: string; subject: string; rules: Rule[] }[] = [];
  readonly namespaces: { name: string; labels: Record<string, string> }[] = [];

  constructor(manifest: string) {
    const documents = loadAll(manifest).filter(Boolean) as any[];
    const roles = new Map<string, Rule[]>();
    for (const doc of documents) {
      if (doc.kind === 'Role') roles.set(`${doc.metadata.namespace}/${doc.metadata.name}`, doc.rules ?? []);
      if (doc.kind === 'Namespace')
        this.namespaces.push({ name: doc.metadata.name, labels: doc.metadata.labels ?? {} });
    }
    for (const doc of documents) {
      if (doc.kind !== 'RoleBinding') continue;
      const namespace = doc.metadata.namespace;
      const rules = roles.get(`${namespace}/${doc.roleRef.name}`) ?? [];
      for (const subject of doc.subjects ?? []) {
        const user =
          subject.kind === 'ServiceAccount'
            ? `system:serviceaccount:${subject.namespace ?? namespace}:${subject.name}`
            : subject.name;
        this.grants.push({ namespace, subject: user, rules });
      }
    }
  }

  static fromFile(path: string): Rbac {
    return new Rbac(readFileSync(path, 'utf8'));
  }

  /** Several manifests applied together, as `kubectl apply -f a.yaml -f b.yaml` does. */
  static fromFiles(paths: readonly string[]): Rbac {
    return new Rbac(paths.map((path) => readFileSync(path, 'utf8')).join('\n---\n'));
  }

  /** The ServiceAccount users the manifest binds (`system:serviceaccount:<ns>:<name>`). */
  subjects(): string[] {
    return [...new Set(this.grants.map((g) => g.subject))];
  }

  allows(user: string, verb: string, resource: string, namespace: string | undefined): boolean {
    return this.grants.some(
      (grant) =>
        grant.subject === user &&
        grant.namespace === namespace &&
        grant.rules.some(
          (rule) =>
            (rule.apiGroups.includes('') || rule.apiGroups.includes('*')) &&
            (rule.resources.includes(resource) || rule.resources.includes('*')) &&
            (rule.verbs.includes(verb) || rule.verbs.includes('*')),
        ),
    );
  }
}

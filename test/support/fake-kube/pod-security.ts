/**
 * The Pod Security Standards checks (baseline and restricted) as the admission plugin applies them, for the fake API
 * server's admission and for the tests that prove where the scan pod stands. Each check names its rule.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- pods arrive as untyped JSON */
type Pod = any;

export type Level = 'privileged' | 'baseline' | 'restricted';

export interface Violation {
  rule: string;
  detail: string;
}

export interface Check {
  rule: string;
  level: 'baseline' | 'restricted';
  check: (pod: Pod) => string[];
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

function containers(pod: Pod): Pod[] {
  return [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
}

function perContainer(pod: Pod, bad: (c: Pod) => boolean): string[] {
  return containers(pod)
    .filter(bad)
    .map((c: Pod) => `container "${c.name}"`);
}

export const CHECKS: Check[] = [
  {
    rule: 'hostProcess',
    level: 'baseline',
    check: (p) =>
      p.spec?.securityContext?.windowsOptions?.hostProcess
        ? ['pod']
        : perContainer(p, (c) => c.securityContext?.windowsOptions?.hostProcess === true),
  },
  {
    rule: 'host namespaces',
    level: 'baseline',
    check: (p) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => p.spec?.[k] === true),
  },
  {
    rule: 'privileged',
    level: 'baseline',
    check: (p) => perContainer(p, (c) => c.securityContext?.privileged === true),
  },
  {
    rule: 'non-default capabilities',
    level: 'baseline',
    check: (p) =>
      perContainer(p, (c) =>
        (c.securityContext?.capabilities?.add ?? []).some((cap: string) => !BASELINE_CAPABILITIES.has(cap)),
      ),
  },
  {
    rule: 'hostPath volumes',
    level: 'baseline',
    check: (p) => (p.spec?.volumes ?? []).filter((v: Pod) => v.hostPath).map((v: Pod) => v.name),
  },
  {
    rule: 'hostPort',
    level: 'baseline',
    check: (p) => perContainer(p, (c) => (c.ports ?? []).some((port: Pod) => (port.hostPort ?? 0) !== 0)),
  },
  {
    rule: 'AppArmor',
    level: 'baseline',
    check: (p) => [
      ...Object.entries(p.metadata?.annotations ?? {})
        .filter(
          ([k, v]) =>
            k.startsWith('container.apparmor.security.beta.kubernetes.io/') &&
            v !== 'runtime/default' &&
            !String(v).startsWith('localhost/'),
        )
        .map(([k]) => k),
      ...(p.spec?.securityContext?.appArmorProfile?.type === 'Unconfined' ? ['pod'] : []),
      ...perContainer(p, (c) => c.securityContext?.appArmorProfile?.type === 'Unconfined'),
    ],
  },
  {
    rule: 'seLinuxOptions',
    level: 'baseline',
    check: (p) => {
      const bad = (o: Pod) => o && (!SELINUX_TYPES.has(o.type ?? '') || o.user || o.role);
      return [
        ...(bad(p.spec?.securityContext?.seLinuxOptions) ? ['pod'] : []),
        ...perContainer(p, (c) => Boolean(bad(c.securityContext?.seLinuxOptions))),
      ];
    },
  },
  {
    rule: 'procMount',
    level: 'baseline',
    check: (p) => perContainer(p, (c) => (c.securityContext?.procMount ?? 'Default') !== 'Default'),
  },
  {
    rule: 'seccompProfile',
    level: 'baseline',
    check: (p) => [
      ...(p.spec?.securityContext?.seccompProfile?.type === 'Unconfined' ? ['pod'] : []),
      ...perContainer(p, (c) => c.securityContext?.seccompProfile?.type === 'Unconfined'),
    ],
  },
  {
    rule: 'forbidden sysctls',
    level: 'baseline',
    check: (p) =>
      (p.spec?.securityContext?.sysctls ?? []).filter((s: Pod) => !SAFE_SYSCTLS.has(s.name)).map((s: Pod) => s.name),
  },
  {
    rule: 'restricted volume types',
    level: 'restricted',
    check: (p) =>
      (p.spec?.volumes ?? [])
        .filter((v: Pod) => !Object.keys(v).some((k) => k !== 'name' && RESTRICTED_VOLUMES.has(k)))
        .map((v: Pod) => v.name),
  },
  {
    rule: 'allowPrivilegeEscalation != false',
    level: 'restricted',
    check: (p) => perContainer(p, (c) => c.securityContext?.allowPrivilegeEscalation !== false),
  },
  {
    rule: 'runAsNonRoot != true',
    level: 'restricted',
    check: (p) => {
      const podLevel = p.spec?.securityContext?.runAsNonRoot;
      return perContainer(p, (c) => (c.securityContext?.runAsNonRoot ?? podLevel) !== true);
    },
  },
  {
    rule: 'runAsUser=0',
    level: 'restricted',
    check: (p) => [
      ...(p.spec?.securityContext?.runAsUser === 0 ? ['pod'] : []),
      ...perContainer(p, (c) => c.securityContext?.runAsUser === 0),
    ],
  },
  {
    rule: 'seccompProfile (restricted)',
    level: 'restricted',
    check: (p) => {
      const ok = (t: string | undefined) => t === 'RuntimeDefault' || t === 'Localhost';
      const podType = p.spec?.securityContext?.seccompProfile?.type;
      return perContainer(p, (c) => !ok(c.securityContext?.seccompProfile?.type ?? podType));
    },
  },
  {
    rule: 'unrestricted capabilities',
    level: 'restricted',
    check: (p) =>
      perContainer(p, (c) => {
        const caps = c.securityContext?.capabilities ?? {};
        return !(caps.drop ?? []).includes('ALL') || (caps.add ?? []).some((cap: string) => cap !== 'NET_BIND_SERVICE');
      }),
  },
];

/** Every rule of `level` (and the levels below it) that the pod violates. */
export function podSecurityViolations(pod: Pod, level: Level): Violation[] {
  if (level === 'privileged') return [];
  return CHECKS.filter((c) => c.level === 'baseline' || level === 'restricted').flatMap((c) => {
    const found = c.check(pod);
    return found.length > 0 ? [{ rule: c.rule, detail: found.join(', ') }] : [];
  });
}

/** The admission message the API server returns, e.g. `violates PodSecurity "restricted:latest": …`. */
export function podSecurityMessage(level: Level, violations: Violation[]): string {
  return `violates PodSecurity "${level}:latest": ${violations.map((v) => `${v.rule} (${v.detail})`).join(', ')}`;
}

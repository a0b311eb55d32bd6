/**
 * A fake Kubernetes API server for tests, over a real socket (HTTP or HTTPS on 127.0.0.1). It implements what
 * kube-cinc-scan and kubectl use: discovery, OpenAPI v3, pods and configmaps (create, get, list, patch, delete with
 * graceful deletion and owner garbage collection), watches (resourceVersion replay, bookmarks, 410 Expired), logs
 * (follow ends when the container terminates), Table output, bearer-token authentication, RBAC from
 * deploy/rbac.yaml, Pod Security admission from namespace labels, scripted pod timelines and fault injection.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects travel as untyped JSON here */

import { randomBytes, randomUUID, createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  API_GROUPS,
  API_VERSIONS,
  CORE_RESOURCES,
  KUBE_VERSION,
  OPENAPI_CORE_V1,
  OPENAPI_INDEX,
  toTable,
  wantsTable,
  requestedView,
  partialMetadata,
} from './discovery.js';
import { podSecurityMessage, podSecurityViolations, type Level } from './pod-security.js';
import { Rbac } from './rbac.js';
import { SelectorError, fieldMatcher, labelMatcher } from './selectors.js';
import { signScannerLogs } from './scanner-signing.js';
import { Timeline, type TimelineAction } from './timeline.js';
import { selfSignedCertificate } from './tls.js';

type Kind = 'pods' | 'configmaps' | 'secrets';
const KINDS: Record<Kind, { kind: string; list: string }> = {
  pods: { kind: 'Pod', list: 'PodList' },
  configmaps: { kind: 'ConfigMap', list: 'ConfigMapList' },
  secrets: { kind: 'Secret', list: 'SecretList' },
};

export interface Refusal {
  /** How many matching requests to refuse. */
  count: number;
  status: number;
  retryAfter?: number;
  method?: string;
  /** Matches when the path contains this text (or matches the expression). */
  path?: string | RegExp;
  /** Only refuse watch requests (`?watch=true`) when true; never them when false. */
  watch?: boolean;
  /** The Status reason and message to answer with (by default the usual ones for the status code). */
  reason?: string;
  message?: string;
}

export interface Faults {
  refusals: Refusal[];
  /** End every watch (cleanly) this many ms after it started, like client-node 2.0.x's 30 s abort. */
  watchMaxMs?: number;
  /** Drop (reset) the next `times` watches after they sent `events` events. */
  dropWatch?: { events: number; times: number };
  /** Cut the next `times` followed logs after `lines` lines. */
  cutLog?: { lines: number; times: number };
  /**
   * The next `times` watches go silent after they sent `events` events: no event, no bookmark, and the connection
   * stays open (a half-open connection, as after a NAT or load balancer forgot it).
   */
  silenceWatch?: { events: number; times: number };
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  user: string;
  status: number;
  contentType?: string;
  accept?: string;
}

interface Event {
  rv: number;
  kind: Kind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: any;
}

interface ContainerLog {
  lines: string[];
  done: boolean;
  listeners: Set<() => void>;
}

export interface FakeKubeOptions {
  tls?: boolean;
  /** The RBAC manifest loaded for the ServiceAccount token; deploy/rbac.yaml by default. */
  rbacManifest?: string;
  /** More RBAC manifests applied on top of it (deploy/rbac-registry-secret.yaml for scans with registry credentials). */
  extraRbacManifests?: string[];
  /** Extra namespaces and their labels (`default` always exists, with no Pod Security label). */
  namespaces?: Record<string, Record<string, string>>;
  bookmarkIntervalMs?: number;
  /** Milliseconds the fake waits per second of a pod's grace period before it removes the pod. */
  graceScaleMs?: number;
}

const clone = <T>(value: T): T => structuredClone(value);

export class FakeKube {
  url = '';
  readonly tokens = {
    admin: `admin-${randomBytes(12).toString('hex')}`,
    scanner: `sa-${randomBytes(12).toString('hex')}`,
    nobody: `nobody-${randomBytes(12).toString('hex')}`,
  };
  readonly faults: Faults = { refusals: [] };
  readonly requests: RequestRecord[] = [];
  /** The timeline a newly created pod plays; none = it stays Pending. */
  timelineFor: (pod: any) => Timeline | undefined = () => undefined;
  /**
   * A ResourceQuota on the count of pods, by namespace: a pod create is refused (403 "exceeded quota", as the
   * ResourceQuota admission plugin answers) while the namespace holds this many pods, terminating ones included.
   */
  readonly podQuota = new Map<string, number>();
  /** The most pods labelled managed-by kube-cinc-scan that existed at one moment, terminating ones included. */
  maxScanPods = 0;
  /** The imageID the kubelet reports for a running container of `image` (containerd's repo digest form by default). */
  imageIdFor: (image: string) => string = imageId;
  readonly scannerUser: string;
  /** TLS handshakes completed (a TLS server only): how many connections the clients opened. */
  secureConnections = 0;

  /** Back to an unscripted server between tests: no timeline, no fault, the default image ids. */
  resetScripting(): void {
    this.timelineFor = () => undefined;
    this.imageIdFor = imageId;
    this.faults.refusals.length = 0;
    delete this.faults.watchMaxMs;
    delete this.faults.dropWatch;
    delete this.faults.cutLog;
    delete this.faults.silenceWatch;
    this.podQuota.clear();
    this.maxScanPods = 0;
  }
  readonly namespaces = new Map<string, Record<string, string>>();
  readonly ca: string | undefined;

  private readonly server: http.Server;
  private readonly rbac: Rbac;
  private readonly objects: Record<Kind, Map<string, any>> = {
    pods: new Map(),
    configmaps: new Map(),
    secrets: new Map(),
  };
  private readonly history: Event[] = [];
  private readonly listeners = new Set<(event: Event) => void>();
  private readonly logs = new Map<string, Map<string, ContainerLog>>();
  private readonly timelines = new Map<string, () => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly watches = new Set<ServerResponse>();
  private resourceVersion = 1000;
  private compactedRv = 0;
  private readonly bookmarkIntervalMs: number;
  private readonly graceScaleMs: number;

  private constructor(options: FakeKubeOptions) {
    this.rbac = Rbac.fromFiles([
      options.rbacManifest ?? join(import.meta.dirname, '../../../deploy/rbac.yaml'),
      ...(options.extraRbacManifests ?? []),
    ]);
    this.scannerUser = this.rbac.subjects()[0] ?? 'system:serviceaccount:default:kube-cinc-scan';
    this.namespaces.set('default', {});
    for (const ns of this.rbac.namespaces) this.namespaces.set(ns.name, ns.labels);
    for (const [name, labels] of Object.entries(options.namespaces ?? {})) this.namespaces.set(name, labels);
    this.bookmarkIntervalMs = options.bookmarkIntervalMs ?? 1000;
    this.graceScaleMs = options.graceScaleMs ?? 5;
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    if (options.tls) {
      const { key, cert } = selfSignedCertificate();
      this.ca = cert;
      this.server = https.createServer({ key, cert }, handler);
      this.server.on('secureConnection', () => (this.secureConnections += 1));
    } else {
      this.ca = undefined;
      this.server = http.createServer(handler);
    }
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.upgrade(req, socket));
  }

  static async start(options: FakeKubeOptions = {}): Promise<FakeKube> {
    const fake = new FakeKube(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return fake;
  }

  /** A kubeconfig for this server, authenticating with `token` (the scanner ServiceAccount's by default). */
  kubeconfig(token = this.tokens.scanner, namespace = 'kube-cinc-scan'): string {
    const cluster = this.ca
      ? `    certificate-authority-data: ${Buffer.from(this.ca).toString('base64')}`
      : '    insecure-skip-tls-verify: true';
    return [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      '  cluster:',
      `    server: ${this.url}`,
      cluster,
      'users:',
      '- name: fake-user',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      '- name: fake',
      '  context:',
      '    cluster: fake',
      '    user: fake-user',
      `    namespace: ${namespace}`,
      'current-context: fake',
      '',
    ].join('\n');
  }

  /**
   * Writes `kubeconfig(token, namespace)` to `file`, owner-only, for a client in another process (the CLI bundle run
   * as a subprocess): the fake keeps running in the test's process, the subprocess reaches it over its socket.
   */
  writeKubeconfig(file: string, token = this.tokens.scanner, namespace = 'kube-cinc-scan'): string {
    writeFileSync(file, this.kubeconfig(token, namespace), { mode: 0o600 });
    return file;
  }

  /** Moves an object's creationTimestamp `seconds` into the past, so age-based cleanup can be tested without waiting. */
  backdate(kind: Kind, namespace: string, name: string, seconds: number): void {
    const object = this.objects[kind].get(`${namespace}/${name}`);
    if (!object) throw new Error(`fake: no ${kind} ${namespace}/${name} to backdate`);
    const updated = clone(object);
    const created = new Date(object.metadata.creationTimestamp).getTime() - seconds * 1000;
    updated.metadata.creationTimestamp = new Date(created).toISOString().replace(/\.\d+Z$/, 'Z');
    this.store(kind, updated, 'MODIFIED');
  }

  list(kind: Kind): any[] {
    return [...this.objects[kind].values()].map(clone);
  }

  /** Objects the scan made (labelled managed-by kube-cinc-scan), including pods still terminating. */
  scanObjects(): string[] {
    return (['pods', 'configmaps', 'secrets'] as Kind[]).flatMap((kind) =>
      [...this.objects[kind].values()]
        .filter((o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'kube-cinc-scan')
        .map((o) => `${kind}/${o.metadata.namespace}/${o.metadata.name}`),
    );
  }

  /** Waits until no scan object remains (graceful deletion takes a few ms); returns what is left after `timeoutMs`. */
  async waitForNoScanObjects(timeoutMs = 2000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.scanObjects().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    return this.scanObjects();
  }

  /** Forgets the event history: any watch from an older resourceVersion now gets 410 Expired. */
  compact(): void {
    this.compactedRv = this.resourceVersion;
    this.history.length = 0;
  }

  /** Resets every open watch connection (a load balancer or the API server restarting). */
  dropWatches(): void {
    for (const res of this.watches) res.destroy();
    this.watches.clear();
  }

  /** Runs a timeline action on a pod now (for tests that drive a pod by hand). */
  act(namespace: string, name: string, action: TimelineAction): void {
    this.apply(`${namespace}/${name}`, action);
  }

  async close(): Promise<void> {
    for (const cancel of this.timelines.values()) cancel();
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- request handling

  /**
   * WebSocket (and SPDY) upgrades: exec, attach and port-forward. They go through the same authentication and RBAC as
   * every request, so a test can show the Role grants no pods/exec; an authorised upgrade is refused as unimplemented.
   */
  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const res = new http.ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.shouldKeepAlive = false;
    res.on('finish', () => socket.end());
    this.handle(req, res);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams.entries());
    const record: RequestRecord = { method: req.method ?? 'GET', path: url.pathname, query, user: '', status: 0 };
    if (req.headers['content-type']) record.contentType = req.headers['content-type'];
    if (req.headers.accept) record.accept = req.headers.accept;
    this.requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.on('close', () => (record.status ||= res.statusCode));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        this.route(req, res, url, query, Buffer.concat(chunks).toString('utf8'), record);
      } catch (error) {
        if (error instanceof SelectorError) this.status(res, 400, 'BadRequest', error.message);
        else this.status(res, 500, 'InternalError', `fake: ${error instanceof Error ? error.stack : String(error)}`);
      }
    });
  }

  private route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    query: Record<string, string>,
    body: string,
    record: RequestRecord,
  ): void {
    const method = req.method ?? 'GET';
    const user = this.authenticate(req.headers.authorization);
    if (!user) {
      this.status(res, 401, 'Unauthorized', 'Unauthorized');
      return;
    }
    record.user = user;
    const isWatch = query['watch'] === 'true' || query['watch'] === '1';
    const refusal = this.faults.refusals.find(
      (r) =>
        r.count > 0 &&
        (!r.method || r.method === method) &&
        (r.watch === undefined || r.watch === isWatch) &&
        (!r.path || (typeof r.path === 'string' ? url.pathname.includes(r.path) : r.path.test(url.pathname))),
    );
    if (refusal) {
      refusal.count -= 1;
      const reasons: Record<number, string> = {
        429: 'TooManyRequests',
        500: 'InternalError',
        502: 'BadGateway',
        503: 'ServiceUnavailable',
        504: 'Timeout',
      };
      if (refusal.retryAfter !== undefined) res.setHeader('Retry-After', String(refusal.retryAfter));
      const message =
        refusal.message ??
        (refusal.status === 429
          ? 'Too many requests, please try again later.'
          : 'the server is currently unable to handle the request');
      this.status(res, refusal.status, refusal.reason ?? reasons[refusal.status] ?? 'InternalError', message);
      return;
    }
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const discovery: Record<string, unknown> = {
      '/version': KUBE_VERSION,
      '/api': API_VERSIONS,
      '/apis': API_GROUPS,
      '/api/v1': CORE_RESOURCES,
      '/openapi/v3': OPENAPI_INDEX,
      '/openapi/v3/api/v1': OPENAPI_CORE_V1,
    };
    if (method === 'GET' && path in discovery) {
      this.json(res, 200, discovery[path]);
      return;
    }
    const match =
      /^\/api\/v1\/(?:namespaces\/([^/]+)\/)?(pods|configmaps|secrets)(?:\/([^/]+))?(?:\/(log|exec|attach|portforward))?$/.exec(
        path,
      );
    const nsMatch = /^\/api\/v1\/namespaces(?:\/([^/]+))?$/.exec(path);
    if (nsMatch) {
      this.namespaceRequest(res, method, nsMatch[1], user);
      return;
    }
    if (!match) {
      this.status(res, 404, 'NotFound', 'the server could not find the requested resource');
      return;
    }
    const [, namespace, resource, name, sub] = match as unknown as [
      string,
      string | undefined,
      Kind,
      string | undefined,
      string | undefined,
    ];
    // exec, attach and port-forward are authorised as `create` whatever the method (GET for WebSocket upgrades).
    const verb = sub && sub !== 'log' ? 'create' : this.verb(method, name, isWatch);
    const rbacResource = sub ? `${resource}/${sub}` : resource;
    if (!this.authorized(user, verb, rbacResource, namespace)) {
      const subject = name ? `${resource} "${name}"` : resource;
      const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
      this.status(
        res,
        403,
        'Forbidden',
        `${subject} is forbidden: User "${user}" cannot ${verb} resource "${rbacResource}" in API group ""${where}`,
        {
          ...(name ? { name } : {}),
          kind: resource,
        },
      );
      return;
    }
    if (sub && sub !== 'log') this.status(res, 400, 'BadRequest', `the fake API server does not implement ${sub}`);
    else if (sub === 'log') this.log(res, namespace ?? 'default', name ?? '', query);
    else if (verb === 'watch') this.watch(req, res, resource, namespace, query);
    else if (verb === 'list') this.listRequest(req, res, resource, namespace, query);
    else if (verb === 'get') this.getRequest(req, res, resource, namespace ?? '', name ?? '', query);
    else if (verb === 'create') this.create(res, resource, namespace ?? '', body, query);
    else if (verb === 'patch')
      this.patch(res, resource, namespace ?? '', name ?? '', body, req.headers['content-type']);
    else if (verb === 'delete') this.deleteRequest(res, resource, namespace ?? '', name ?? '', body, query);
    else this.status(res, 405, 'MethodNotAllowed', `${method} is not supported by the fake`);
  }

  private verb(method: string, name: string | undefined, watch: boolean): string {
    if (method === 'GET') return watch ? 'watch' : name ? 'get' : 'list';
    if (method === 'POST') return 'create';
    if (method === 'PATCH') return 'patch';
    if (method === 'PUT') return 'update';
    if (method === 'DELETE') return name ? 'delete' : 'deletecollection';
    return method.toLowerCase();
  }

  private authenticate(header: string | undefined): string | undefined {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
    if (token === this.tokens.admin) return 'kubernetes-admin';
    if (token === this.tokens.scanner) return this.scannerUser;
    if (token === this.tokens.nobody) return 'system:serviceaccount:kube-cinc-scan:nobody';
    return undefined;
  }

  private authorized(user: string, verb: string, resource: string, namespace: string | undefined): boolean {
    if (user === 'kubernetes-admin') return true;
    return this.rbac.allows(user, verb, resource, namespace);
  }

  private namespaceRequest(res: ServerResponse, method: string, name: string | undefined, user: string): void {
    if (user !== 'kubernetes-admin') {
      this.status(
        res,
        403,
        'Forbidden',
        `namespaces${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${name ? 'get' : 'list'} resource "namespaces" in API group "" at the cluster scope`,
      );
      return;
    }
    const toObject = (ns: string, labels: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels },
      status: { phase: 'Active' },
    });
    if (method !== 'GET') this.status(res, 405, 'MethodNotAllowed', 'read-only in the fake');
    else if (!name)
      this.json(res, 200, {
        apiVersion: 'v1',
        kind: 'NamespaceList',
        metadata: { resourceVersion: String(this.resourceVersion) },
        items: [...this.namespaces].map(([n, l]) => toObject(n, l)),
      });
    else if (this.namespaces.has(name)) this.json(res, 200, toObject(name, this.namespaces.get(name) ?? {}));
    else this.status(res, 404, 'NotFound', `namespaces "${name}" not found`, { name, kind: 'namespaces' });
  }

  // ---------------------------------------------------------------- reads

  private select(resource: Kind, namespace: string | undefined, query: Record<string, string>): any[] {
    const labels = labelMatcher(query['labelSelector']);
    const fields = fieldMatcher(query['fieldSelector']);
    return [...this.objects[resource].values()]
      .filter(
        (o) =>
          (namespace === undefined || o.metadata.namespace === namespace) && labels(o.metadata.labels) && fields(o),
      )
      .sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
      );
  }

  private listRequest(
    req: IncomingMessage,
    res: ServerResponse,
    resource: Kind,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void {
    const items = this.select(resource, namespace, query).map(clone);
    const rv = String(this.resourceVersion);
    const view = requestedView(req.headers.accept);
    if (view === 'Table') this.json(res, 200, toTable(resource, items, rv, query['includeObject']));
    else if (view === 'PartialObjectMetadata')
      this.json(res, 200, {
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadataList',
        metadata: { resourceVersion: rv },
        items: items.map(partialMetadata),
      });
    else
      this.json(res, 200, { apiVersion: 'v1', kind: KINDS[resource].list, metadata: { resourceVersion: rv }, items });
  }

  private getRequest(
    req: IncomingMessage,
    res: ServerResponse,
    resource: Kind,
    namespace: string,
    name: string,
    query: Record<string, string>,
  ): void {
    const object = this.objects[resource].get(`${namespace}/${name}`);
    if (!object) {
      this.status(res, 404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
      return;
    }
    const view = requestedView(req.headers.accept);
    if (view === 'Table')
      this.json(res, 200, toTable(resource, [clone(object)], object.metadata.resourceVersion, query['includeObject']));
    else if (view === 'PartialObjectMetadata') this.json(res, 200, partialMetadata(clone(object)));
    else this.json(res, 200, object);
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    resource: Kind,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void {
    const labels = labelMatcher(query['labelSelector']);
    const fields = fieldMatcher(query['fieldSelector']);
    const matches = (o: any) =>
      (namespace === undefined || o.metadata.namespace === namespace) && labels(o.metadata.labels) && fields(o);
    const table = wantsTable(req.headers.accept);
    let columnsSent = false;
    let sent = 0;
    const drop = this.faults.dropWatch && this.faults.dropWatch.times > 0 ? this.faults.dropWatch : undefined;
    if (drop) drop.times -= 1;
    const silence =
      this.faults.silenceWatch && this.faults.silenceWatch.times > 0 ? this.faults.silenceWatch : undefined;
    if (silence) silence.times -= 1;
    let silent = false;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const timers: NodeJS.Timeout[] = [];
    this.watches.add(res);
    const stop = () => {
      this.watches.delete(res);
      this.listeners.delete(listener);
      for (const t of timers) clearInterval(t);
    };
    const send = (type: string, object: any) => {
      if (silent) return;
      const payload =
        table && type !== 'ERROR' && type !== 'BOOKMARK'
          ? toTable(
              resource,
              [object],
              object.metadata.resourceVersion,
              query['includeObject'] ?? 'Object',
              !columnsSent,
            )
          : object;
      if (table && type !== 'ERROR' && type !== 'BOOKMARK') columnsSent = true;
      if (type !== 'BOOKMARK') sent += 1;
      const dropNow = drop !== undefined && sent >= drop.events;
      // The reset comes after the event reached the socket, as when a connection dies between two events.
      res.write(`${JSON.stringify({ type, object: payload })}\n`, () => {
        if (dropNow) res.destroy();
      });
      if (dropNow) stop();
      if (silence !== undefined && sent >= silence.events) silent = true;
    };
    const listener = (event: Event) => {
      if (event.kind === resource && matches(event.object) && !res.destroyed) send(event.type, clone(event.object));
    };
    const rv = query['resourceVersion'];
    if (rv === undefined || rv === '' || rv === '0') {
      for (const object of this.select(resource, namespace, query)) send('ADDED', clone(object));
    } else if (Number(rv) < this.compactedRv) {
      send('ERROR', {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${rv} (${this.compactedRv})`,
        reason: 'Expired',
        code: 410,
      });
      res.end();
      return;
    } else {
      for (const event of this.history)
        if (event.rv > Number(rv) && event.kind === resource && matches(event.object) && !res.destroyed)
          send(event.type, clone(event.object));
    }
    if (res.destroyed) return;
    this.listeners.add(listener);
    res.on('close', stop);
    if (query['allowWatchBookmarks'] === 'true') {
      const bookmark = setInterval(
        () =>
          send('BOOKMARK', {
            kind: KINDS[resource].kind,
            apiVersion: 'v1',
            metadata: { resourceVersion: String(this.resourceVersion) },
          }),
        this.bookmarkIntervalMs,
      );
      timers.push(bookmark);
    }
    const end = () => {
      stop();
      res.end();
    };
    if (query['timeoutSeconds']) timers.push(setTimeout(end, Number(query['timeoutSeconds']) * 1000));
    if (this.faults.watchMaxMs !== undefined) timers.push(setTimeout(end, this.faults.watchMaxMs));
  }

  private log(res: ServerResponse, namespace: string, name: string, query: Record<string, string>): void {
    const pod = this.objects.pods.get(`${namespace}/${name}`);
    if (!pod) {
      this.status(res, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
      return;
    }
    const names: string[] = pod.spec.containers.map((c: any) => c.name);
    const initNames: string[] = (pod.spec.initContainers ?? []).map((c: any) => c.name);
    const container = query['container'] ?? (names.length === 1 ? names[0] : undefined);
    if (!container) {
      this.status(
        res,
        400,
        'BadRequest',
        `a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}] or one of the init containers: [${initNames.join(' ')}]`,
      );
      return;
    }
    if (!names.includes(container) && !initNames.includes(container)) {
      this.status(res, 400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
      return;
    }
    const status = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].find(
      (s: any) => s.name === container,
    );
    if (!status?.state?.running && !status?.state?.terminated) {
      const reason = status?.state?.waiting?.reason ?? 'ContainerCreating';
      this.status(res, 400, 'BadRequest', `container "${container}" in pod "${name}" is waiting to start: ${reason}`);
      return;
    }
    const log = this.containerLog(`${namespace}/${name}`, container);
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const tail = query['tailLines'] ? Number(query['tailLines']) : undefined;
    let written = tail === undefined ? 0 : Math.max(0, log.lines.length - tail);
    const cut =
      query['follow'] === 'true' && this.faults.cutLog && this.faults.cutLog.times > 0 ? this.faults.cutLog : undefined;
    if (cut) cut.times -= 1;
    let count = 0;
    const flush = (): boolean => {
      while (written < log.lines.length) {
        res.write(`${log.lines[written]}\n`);
        written += 1;
        count += 1;
        if (cut && count >= cut.lines) {
          log.listeners.delete(onChange);
          res.destroy();
          return false;
        }
      }
      return true;
    };
    const onChange = () => {
      if (!flush()) return;
      if (log.done) {
        log.listeners.delete(onChange);
        res.end();
      }
    };
    if (!flush()) return;
    if (query['follow'] !== 'true' || log.done) {
      res.end();
      return;
    }
    log.listeners.add(onChange);
    res.on('close', () => log.listeners.delete(onChange));
  }

  // ---------------------------------------------------------------- writes

  private create(
    res: ServerResponse,
    resource: Kind,
    namespace: string,
    body: string,
    query: Record<string, string>,
  ): void {
    let object: any;
    try {
      object = JSON.parse(body);
    } catch {
      this.status(res, 400, 'BadRequest', 'the request body is not JSON');
      return;
    }
    if (!this.namespaces.has(namespace)) {
      this.status(res, 404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
      return;
    }
    object.metadata ??= {};
    if (!object.metadata.name && object.metadata.generateName)
      object.metadata.name = `${object.metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
    const name = object.metadata.name;
    if (object.metadata.namespace && object.metadata.namespace !== namespace) {
      this.status(
        res,
        400,
        'BadRequest',
        'the namespace of the provided object does not match the namespace sent on the request',
      );
      return;
    }
    const invalid = query['fieldValidation'] === 'Strict' ? unknownFields(resource, object) : undefined;
    if (invalid) {
      this.status(
        res,
        400,
        'BadRequest',
        `${KINDS[resource].kind} in version "v1" cannot be handled as a ${KINDS[resource].kind}: strict decoding error: unknown field "${invalid}"`,
      );
      return;
    }
    const problems =
      resource === 'pods'
        ? validatePod(object)
        : resource === 'secrets'
          ? validateSecret(object)
          : validateConfigMap(object);
    if (problems.length > 0) {
      this.status(res, 422, 'Invalid', `${KINDS[resource].kind} "${name ?? ''}" is invalid: ${problems.join(', ')}`, {
        name,
        kind: resource,
        causes: problems.map((message) => ({ reason: 'FieldValueInvalid', message })),
      });
      return;
    }
    if (this.objects[resource].has(`${namespace}/${name}`)) {
      this.status(res, 409, 'AlreadyExists', `${resource} "${name}" already exists`, { name, kind: resource });
      return;
    }
    const quota = resource === 'pods' ? this.podQuota.get(namespace) : undefined;
    if (quota !== undefined) {
      const used = [...this.objects.pods.values()].filter((p) => p.metadata.namespace === namespace).length;
      if (used >= quota) {
        this.status(
          res,
          403,
          'Forbidden',
          `pods "${name}" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=${used}, limited: pods=${quota}`,
          { name, kind: 'pods' },
        );
        return;
      }
    }
    if (resource === 'pods') {
      const level = (this.namespaces.get(namespace)?.['pod-security.kubernetes.io/enforce'] ?? 'privileged') as Level;
      const violations = podSecurityViolations(object, level);
      if (violations.length > 0) {
        this.status(res, 403, 'Forbidden', `pods "${name}" is forbidden: ${podSecurityMessage(level, violations)}`, {
          name,
          kind: 'pods',
        });
        return;
      }
    }
    object.apiVersion = 'v1';
    object.kind = KINDS[resource].kind;
    object.metadata.namespace = namespace;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    if (resource === 'pods') {
      object.spec.terminationGracePeriodSeconds ??= 30;
      object.spec.restartPolicy ??= 'Always';
      object.status = { phase: 'Pending', qosClass: 'Burstable' };
    }
    if (query['dryRun'] === 'All') {
      this.json(res, 201, object);
      return;
    }
    this.store(resource, object, 'ADDED');
    this.json(res, 201, object);
    if (resource === 'pods') {
      const timeline = this.timelineFor(clone(object));
      // The scanner of this pod signs its results block with the pod's own key (scanner-signing.ts).
      if (timeline) this.play(`${namespace}/${name}`, signScannerLogs(timeline, object));
    }
  }

  private patch(
    res: ServerResponse,
    resource: Kind,
    namespace: string,
    name: string,
    body: string,
    contentType: string | undefined,
  ): void {
    const existing = this.objects[resource].get(`${namespace}/${name}`);
    if (!existing) {
      this.status(res, 404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
      return;
    }
    if (!/merge-patch\+json|strategic-merge-patch\+json/.test(contentType ?? '')) {
      this.status(
        res,
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json`,
      );
      return;
    }
    const patch = JSON.parse(body);
    // A uid in the patch must be the object's: the API server refuses to change it (a precondition for the caller).
    const uid = patch?.metadata?.uid;
    if (uid !== undefined && uid !== existing.metadata.uid) {
      this.status(
        res,
        422,
        'Invalid',
        `${KINDS[resource].kind} "${name}" is invalid: metadata.uid: Invalid value: "${String(uid)}": field is immutable`,
        { name, kind: resource },
      );
      return;
    }
    if (existing.immutable && ('data' in patch || 'binaryData' in patch)) {
      this.status(
        res,
        422,
        'Invalid',
        `ConfigMap "${name}" is invalid: data: Forbidden: field is immutable when \`immutable\` is set`,
        { name, kind: resource },
      );
      return;
    }
    const updated = mergePatch(clone(existing), patch);
    updated.metadata.name = name;
    updated.metadata.namespace = namespace;
    updated.metadata.uid = existing.metadata.uid;
    this.store(resource, updated, 'MODIFIED');
    this.json(res, 200, updated);
  }

  private deleteRequest(
    res: ServerResponse,
    resource: Kind,
    namespace: string,
    name: string,
    body: string,
    query: Record<string, string>,
  ): void {
    const key = `${namespace}/${name}`;
    const object = this.objects[resource].get(key);
    if (!object) {
      this.status(res, 404, 'NotFound', `${resource} "${name}" not found`, { name, kind: resource });
      return;
    }
    let options: any;
    try {
      options = body ? JSON.parse(body) : {};
    } catch {
      options = {};
    }
    const requested = query['gracePeriodSeconds'] ?? options.gracePeriodSeconds;
    if (resource !== 'pods') {
      this.remove(resource, key);
      this.json(res, 200, object);
      return;
    }
    if (object.metadata.deletionTimestamp) {
      this.json(res, 200, object);
      return;
    }
    const grace = requested !== undefined ? Number(requested) : object.spec.terminationGracePeriodSeconds;
    this.timelines.get(key)?.();
    if (grace === 0 || !object.spec.nodeName) {
      this.remove('pods', key);
      this.json(res, 200, object);
      return;
    }
    const terminating = clone(object);
    terminating.metadata.deletionTimestamp = new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    terminating.metadata.deletionGracePeriodSeconds = grace;
    this.store('pods', terminating, 'MODIFIED');
    this.json(res, 200, terminating);
    this.later(
      () => {
        const current = this.objects.pods.get(key);
        if (!current) return;
        for (const status of current.status?.containerStatuses ?? []) {
          if (status.state?.running)
            status.state = {
              terminated: {
                exitCode: 137,
                reason: 'Error',
                startedAt: status.state.running.startedAt,
                finishedAt: now(),
              },
            };
        }
        this.finishLogs(key);
        this.store('pods', current, 'MODIFIED');
        this.remove('pods', key);
      },
      Math.min(grace, 30) * this.graceScaleMs,
    );
  }

  // ---------------------------------------------------------------- store, events, logs, timelines

  private store(resource: Kind, object: any, type: 'ADDED' | 'MODIFIED'): void {
    this.resourceVersion += 1;
    object.metadata.resourceVersion = String(this.resourceVersion);
    this.objects[resource].set(`${object.metadata.namespace}/${object.metadata.name}`, object);
    if (resource === 'pods' && type === 'ADDED') {
      const scanPods = [...this.objects.pods.values()].filter(
        (p) => p.metadata.labels?.['app.kubernetes.io/managed-by'] === 'kube-cinc-scan',
      ).length;
      this.maxScanPods = Math.max(this.maxScanPods, scanPods);
    }
    this.emit({ rv: this.resourceVersion, kind: resource, type, object: clone(object) });
  }

  private remove(resource: Kind, key: string): void {
    const object = this.objects[resource].get(key);
    if (!object) return;
    this.objects[resource].delete(key);
    this.resourceVersion += 1;
    object.metadata.resourceVersion = String(this.resourceVersion);
    this.emit({ rv: this.resourceVersion, kind: resource, type: 'DELETED', object: clone(object) });
    if (resource === 'pods') {
      this.timelines.get(key)?.();
      this.finishLogs(key);
      this.logs.delete(key);
      // The garbage collector deletes dependents in the background.
      this.later(() => {
        for (const kind of ['configmaps', 'secrets'] as const) {
          for (const [dependentKey, dependent] of this.objects[kind]) {
            if ((dependent.metadata.ownerReferences ?? []).some((ref: any) => ref.uid === object.metadata.uid))
              this.remove(kind, dependentKey);
          }
        }
      }, 2);
    }
  }

  private emit(event: Event): void {
    this.history.push(event);
    for (const listener of [...this.listeners]) listener(event);
  }

  private containerLog(podKey: string, container: string): ContainerLog {
    let pod = this.logs.get(podKey);
    if (!pod) this.logs.set(podKey, (pod = new Map()));
    let log = pod.get(container);
    if (!log) pod.set(container, (log = { lines: [], done: false, listeners: new Set() }));
    return log;
  }

  private finishLogs(podKey: string, container?: string): void {
    for (const [name, log] of this.logs.get(podKey) ?? []) {
      if (container !== undefined && name !== container) continue;
      log.done = true;
      for (const listener of [...log.listeners]) listener();
    }
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private play(podKey: string, timeline: Timeline): void {
    let cancelled = false;
    this.timelines.set(podKey, () => (cancelled = true));
    const steps = [...timeline.steps];
    const next = () => {
      const step = steps.shift();
      if (!step || cancelled) {
        this.timelines.delete(podKey);
        return;
      }
      this.later(() => {
        if (cancelled || !this.objects.pods.has(podKey)) return;
        this.apply(podKey, step.action);
        next();
      }, step.delayMs);
    };
    next();
  }

  private apply(podKey: string, action: TimelineAction): void {
    const current = this.objects.pods.get(podKey);
    if (!current) return;
    if (action.type === 'call') {
      action.fn();
      return;
    }
    if (action.type === 'log') {
      const log = this.containerLog(podKey, action.container);
      log.lines.push(...action.lines);
      for (const listener of [...log.listeners]) listener();
      return;
    }
    const pod = clone(current);
    pod.status ??= {};
    const status = pod.status;
    switch (action.type) {
      case 'schedule':
        pod.spec.nodeName = action.node;
        status.conditions = [{ type: 'PodScheduled', status: 'True', lastTransitionTime: now() }];
        status.hostIP = '172.18.0.2';
        status.podIP = '10.244.0.17';
        status.startTime = now();
        status.initContainerStatuses = (pod.spec.initContainers ?? []).map((c: any) => initialStatus(c));
        status.containerStatuses = pod.spec.containers.map((c: any) => initialStatus(c));
        break;
      case 'unschedulable':
        status.conditions = [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: action.message,
            lastTransitionTime: now(),
          },
        ];
        break;
      case 'waiting':
        containerStatus(pod, action.container).state = {
          waiting: { reason: action.reason, ...(action.message ? { message: action.message } : {}) },
        };
        break;
      case 'running':
        for (const name of action.containers) {
          const s = containerStatus(pod, name);
          s.state = { running: { startedAt: now() } };
          s.started = true;
          s.ready = !isInit(pod, name);
          s.imageID = this.imageIdFor(s.image);
          s.containerID = `containerd://${createHash('sha256').update(`${podKey}/${name}`).digest('hex')}`;
          this.containerLog(podKey, name);
        }
        if (action.containers.some((name) => !isInit(pod, name))) status.phase = 'Running';
        break;
      case 'terminated': {
        const s = containerStatus(pod, action.container);
        s.state = {
          terminated: {
            exitCode: action.exitCode,
            reason: action.reason ?? (action.exitCode === 0 ? 'Completed' : 'Error'),
            ...(action.message ? { message: action.message } : {}),
            startedAt: s.state?.running?.startedAt ?? now(),
            finishedAt: now(),
            containerID: s.containerID ?? '',
          },
        };
        s.ready = false;
        s.started = false;
        this.finishLogs(podKey, action.container);
        const all = (status.containerStatuses ?? []).every((c: any) => c.state?.terminated);
        if (all)
          status.phase = (status.containerStatuses ?? []).every((c: any) => c.state.terminated.exitCode === 0)
            ? 'Succeeded'
            : 'Failed';
        break;
      }
      case 'podFailed':
        status.phase = 'Failed';
        status.reason = action.reason;
        status.message = action.message;
        for (const s of status.containerStatuses ?? []) {
          if (s.state?.running)
            s.state = {
              terminated: { exitCode: 137, reason: 'Error', startedAt: s.state.running.startedAt, finishedAt: now() },
            };
        }
        this.finishLogs(podKey);
        break;
    }
    this.store('pods', pod, 'MODIFIED');
  }

  // ---------------------------------------------------------------- responses

  private json(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private status(
    res: ServerResponse,
    code: number,
    reason: string,
    message: string,
    details?: Record<string, unknown>,
  ): void {
    this.json(res, code, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details ? { details } : {}),
      code,
    });
  }
}

function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function imageId(image: string): string {
  const repository = image.replace(/[:@].*$/, '');
  return `${repository.includes('/') ? repository : `docker.io/library/${repository}`}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function initialStatus(container: any): any {
  return {
    name: container.name,
    image: container.image,
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason: 'PodInitializing' } },
  };
}

function isInit(pod: any, name: string): boolean {
  return (pod.spec.initContainers ?? []).some((c: any) => c.name === name);
}

function containerStatus(pod: any, name: string): any {
  const list = isInit(pod, name) ? (pod.status.initContainerStatuses ??= []) : (pod.status.containerStatuses ??= []);
  let status = list.find((s: any) => s.name === name);
  if (!status) {
    const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c: any) => c.name === name);
    status = initialStatus(spec ?? { name, image: '' });
    list.push(status);
  }
  return status;
}

/** RFC 7386 JSON merge patch. */
function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) Reflect.deleteProperty(result, key);
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const TOP_LEVEL: Record<Kind, string[]> = {
  pods: ['apiVersion', 'kind', 'metadata', 'spec', 'status'],
  configmaps: ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
  secrets: ['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable'],
};
const METADATA = [
  'name',
  'generateName',
  'namespace',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'selfLink',
];
const POD_SPEC = [
  'activeDeadlineSeconds',
  'affinity',
  'automountServiceAccountToken',
  'containers',
  'dnsConfig',
  'dnsPolicy',
  'enableServiceLinks',
  'ephemeralContainers',
  'hostAliases',
  'hostIPC',
  'hostNetwork',
  'hostPID',
  'hostUsers',
  'hostname',
  'imagePullSecrets',
  'initContainers',
  'nodeName',
  'nodeSelector',
  'os',
  'overhead',
  'preemptionPolicy',
  'priority',
  'priorityClassName',
  'readinessGates',
  'resourceClaims',
  'resources',
  'restartPolicy',
  'runtimeClassName',
  'schedulerName',
  'schedulingGates',
  'securityContext',
  'serviceAccount',
  'serviceAccountName',
  'setHostnameAsFQDN',
  'shareProcessNamespace',
  'subdomain',
  'terminationGracePeriodSeconds',
  'tolerations',
  'topologySpreadConstraints',
  'volumes',
];
const CONTAINER = [
  'args',
  'command',
  'env',
  'envFrom',
  'image',
  'imagePullPolicy',
  'lifecycle',
  'livenessProbe',
  'name',
  'ports',
  'readinessProbe',
  'resizePolicy',
  'resources',
  'restartPolicy',
  'securityContext',
  'startupProbe',
  'stdin',
  'stdinOnce',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'tty',
  'volumeDevices',
  'volumeMounts',
  'workingDir',
];

/** The first field a strict decoder would refuse, as a path (`spec.containers[0].imagee`). */
function unknownFields(resource: Kind, object: any): string | undefined {
  const extra = (value: any, allowed: string[], prefix: string) => {
    const key = Object.keys(value ?? {}).find((k) => !allowed.includes(k));
    return key === undefined ? undefined : `${prefix}${key}`;
  };
  const found = extra(object, TOP_LEVEL[resource], '') ?? extra(object.metadata, METADATA, 'metadata.');
  if (found || resource !== 'pods') return found;
  const spec = extra(object.spec, POD_SPEC, 'spec.');
  if (spec) return spec;
  for (const [list, label] of [
    [object.spec?.initContainers, 'initContainers'],
    [object.spec?.containers, 'containers'],
  ] as const) {
    for (const [index, container] of (list ?? []).entries()) {
      const bad = extra(container, CONTAINER, `spec.${label}[${index}].`);
      if (bad) return bad;
    }
  }
  return undefined;
}

function validatePod(pod: any): string[] {
  const problems: string[] = [];
  const name = pod.metadata?.name;
  if (!name) problems.push('metadata.name: Required value: name or generateName is required');
  else if (!DNS_SUBDOMAIN.test(name) || name.length > 253)
    problems.push(
      `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    );
  const containers: any[] = pod.spec?.containers ?? [];
  if (containers.length === 0) problems.push('spec.containers: Required value');
  const all = [...(pod.spec?.initContainers ?? []), ...containers];
  const seen = new Set<string>();
  const volumes = new Set((pod.spec?.volumes ?? []).map((v: any) => v.name));
  for (const container of all) {
    if (!container.name || !DNS_LABEL.test(container.name))
      problems.push(`spec.containers.name: Invalid value: "${container.name ?? ''}"`);
    if (seen.has(container.name)) problems.push(`spec.containers.name: Duplicate value: "${container.name}"`);
    seen.add(container.name);
    if (!container.image) problems.push(`spec.containers[${container.name}].image: Required value`);
    for (const mount of container.volumeMounts ?? [])
      if (!volumes.has(mount.name))
        problems.push(`spec.containers[${container.name}].volumeMounts.name: Not found: "${mount.name}"`);
  }
  for (const volume of pod.spec?.volumes ?? []) {
    for (const item of volume.configMap?.items ?? []) {
      if (!item.key || !item.path || item.path.startsWith('/') || item.path.split('/').includes('..'))
        problems.push(`spec.volumes[${volume.name}].configMap.items.path: Invalid value: "${item.path}"`);
    }
  }
  if (
    pod.spec?.activeDeadlineSeconds !== undefined &&
    !(Number.isInteger(pod.spec.activeDeadlineSeconds) && pod.spec.activeDeadlineSeconds > 0)
  )
    problems.push('spec.activeDeadlineSeconds: Invalid value: must be a positive integer');
  return problems;
}

function validateConfigMap(configMap: any): string[] {
  const problems: string[] = [];
  const name = configMap.metadata?.name;
  if (!name || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name: Invalid value: "${name ?? ''}"`);
  let size = 0;
  for (const [key, value] of Object.entries<string>(configMap.data ?? {})) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key))
      problems.push(
        `data[${key}]: Invalid value: "${key}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
      );
    size += key.length + Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries<string>(configMap.binaryData ?? {})) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) problems.push(`binaryData[${key}]: Invalid value: "${key}"`);
    size += key.length + Buffer.from(value, 'base64').length;
  }
  if (size > 1024 * 1024) problems.push('[]: Too long: must have at most 1048576 bytes');
  return problems;
}

const SECRET_TYPES = ['Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg', 'kubernetes.io/tls'];

/** The API server's checks of a Secret, including the dockerconfigjson type's: a `.dockerconfigjson` key of valid JSON. */
function validateSecret(secret: any): string[] {
  const problems: string[] = [];
  const name = secret.metadata?.name;
  if (!name || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name: Invalid value: "${name ?? ''}"`);
  const type = secret.type ?? 'Opaque';
  if (!SECRET_TYPES.includes(type)) problems.push(`type: Unsupported value: "${type}"`);
  for (const [key, value] of Object.entries<string>(secret.data ?? {})) {
    if (!/^[-._a-zA-Z0-9]+$/.test(key)) problems.push(`data[${key}]: Invalid value: "${key}"`);
    if (typeof value !== 'string' || Buffer.from(value, 'base64').toString('base64') !== value)
      problems.push(`data[${key}]: Invalid value: illegal base64 data`);
  }
  if (type === 'kubernetes.io/dockerconfigjson') {
    const encoded = secret.data?.['.dockerconfigjson'];
    if (encoded === undefined) problems.push('data[.dockerconfigjson]: Required value');
    else {
      try {
        JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
      } catch {
        problems.push('data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character');
      }
    }
  }
  return problems;
}

export { Timeline };

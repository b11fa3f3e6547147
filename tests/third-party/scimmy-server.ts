// A SCIM 2.0 server built on the third-party packages scimmy and scimmy-routers, with in-memory
// handlers for Users and Groups. The harness runs against it in its own tests, so every CI run
// checks the harness on an implementation that this project did not write.

import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';

// Path the routers are mounted on, which ends the tenant URL.
export const SCIM_PATH = '/scim/v2';

type ScimRecord = Record<string, unknown> & { id: string; meta: { created: string; lastModified: string } };

/** The resources of one server, passed to the handlers as scimmy's request context. */
export interface ScimmyStore {
  users: Map<string, ScimRecord>;
  groups: Map<string, ScimRecord>;
}

export interface ScimmyServer {
  // Tenant URL as a provisioning client is given it, with its trailing slash.
  tenantUrl: string;
  // Bearer token the server accepts.
  token: string;
  store: ScimmyStore;
  close(): Promise<void>;
}

interface Member {
  value?: unknown;
  display?: unknown;
  type?: unknown;
}

function conflict(message: string): never {
  throw new SCIMMY.Types.Error(409, 'uniqueness', message);
}

function notFound(kind: string, id: string | undefined): never {
  throw new SCIMMY.Types.Error(404, null as unknown as string, `${kind} ${String(id)} not found`);
}

/** Copies a resource that scimmy coerced into plain JSON, without the attributes the server owns. */
function plainData(instance: unknown): Record<string, unknown> {
  const data = JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  delete data.id;
  delete data.meta;
  delete data.schemas;
  delete data.groups;
  return data;
}

/** Stores a created or replaced resource, keeping its id and creation time on a replace. */
function save(map: Map<string, ScimRecord>, id: string | undefined, data: Record<string, unknown>): ScimRecord {
  const now = new Date().toISOString();
  const existing = id === undefined ? undefined : map.get(id);
  const record: ScimRecord = {
    ...data,
    id: existing?.id ?? randomUUID(),
    meta: { created: existing?.meta.created ?? now, lastModified: now },
  };
  map.set(record.id, record);
  return record;
}

/** Adds the read-only "groups" attribute of RFC 7643 §4.1.2, derived from group memberships. */
function withGroups(store: ScimmyStore, user: ScimRecord): ScimRecord {
  const groups = [...store.groups.values()]
    .filter((group) => ((group.members ?? []) as Member[]).some((member) => member.value === user.id))
    .map((group) => ({ value: group.id, display: group.displayName, type: 'direct' }));
  return groups.length > 0 ? { ...user, groups } : { ...user };
}

function sameText(left: unknown, right: unknown): boolean {
  return typeof left === 'string' && typeof right === 'string' && left.toLowerCase() === right.toLowerCase();
}

function declareUsers(): void {
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    ingress: (resource: { id?: string }, instance: unknown, store: ScimmyStore) => {
      if (resource.id !== undefined && !store.users.has(resource.id)) notFound('User', resource.id);
      const data = plainData(instance);
      // userName is unique and case-insensitive (RFC 7643 §4.1.1). No await separates this check
      // from the save, so two concurrent creates cannot both pass it.
      for (const other of store.users.values()) {
        if (other.id !== resource.id && sameText(other.userName, data.userName)) {
          conflict(`userName ${JSON.stringify(data.userName)} is already taken`);
        }
      }
      return withGroups(store, save(store.users, resource.id, data));
    },
    egress: (resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }, store: ScimmyStore) => {
      if (resource.id !== undefined) {
        const user = store.users.get(resource.id);
        if (!user) notFound('User', resource.id);
        return withGroups(store, user);
      }
      const users = [...store.users.values()].map((user) => withGroups(store, user));
      return resource.filter ? resource.filter.match(users) : users;
    },
    degress: (resource: { id?: string }, store: ScimmyStore) => {
      if (resource.id === undefined || !store.users.delete(resource.id)) notFound('User', resource.id);
      // A deleted user is no longer a member of any group.
      for (const group of store.groups.values()) {
        if (Array.isArray(group.members)) {
          group.members = (group.members as Member[]).filter((member) => member.value !== resource.id);
        }
      }
    },
  });
}

function declareGroups(): void {
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    ingress: (resource: { id?: string }, instance: unknown, store: ScimmyStore) => {
      if (resource.id !== undefined && !store.groups.has(resource.id)) notFound('Group', resource.id);
      const data = plainData(instance);
      // Entra matches groups by displayName, so this server keeps it unique, as a target for
      // Entra has to, although RFC 7643 §4.2 does not require it.
      for (const other of store.groups.values()) {
        if (other.id !== resource.id && sameText(other.displayName, data.displayName)) {
          conflict(`displayName ${JSON.stringify(data.displayName)} is already taken`);
        }
      }
      const members = (data.members ?? []) as Member[];
      const unknown = members.filter((member) => typeof member.value !== 'string' || !store.users.has(member.value));
      if (unknown.length > 0) {
        const ids = unknown.map((member) => JSON.stringify(member.value)).join(', ');
        throw new SCIMMY.Types.Error(400, 'invalidValue', `members ${ids} are not ids of existing users`);
      }
      return save(store.groups, resource.id, data);
    },
    egress: (resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }, store: ScimmyStore) => {
      if (resource.id !== undefined) {
        const group = store.groups.get(resource.id);
        if (!group) notFound('Group', resource.id);
        return { ...group };
      }
      const groups = [...store.groups.values()].map((group) => ({ ...group }));
      return resource.filter ? resource.filter.match(groups) : groups;
    },
    degress: (resource: { id?: string }, store: ScimmyStore) => {
      if (resource.id === undefined || !store.groups.delete(resource.id)) notFound('Group', resource.id);
    },
  });
}

// scimmy keeps its resource types and handlers in process-wide singletons, so they are declared
// once. Each server passes its own store as the request context, which lets servers coexist.
let declared = false;

function declareResources(): void {
  if (declared) return;
  declareUsers();
  declareGroups();
  declared = true;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const actual = Buffer.from(header ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Starts the server on 127.0.0.1 at a free port, with a fresh token unless one is given. */
export async function startScimmyServer(options: { token?: string } = {}): Promise<ScimmyServer> {
  declareResources();
  const token = options.token ?? randomBytes(24).toString('base64url');
  const store: ScimmyStore = { users: new Map(), groups: new Map() };
  let origin = '';

  const app = express();
  app.use(
    SCIM_PATH,
    new SCIMMYRouters({
      type: 'bearer',
      handler: (request) => {
        if (!tokenMatches(request.header('Authorization'), token)) throw new Error('Bearer token missing or invalid');
        return 'provisioning-client';
      },
      context: () => store,
      // NOTE: scimmy sets this base path on process-wide resource classes on every request, so
      // two servers in one process may briefly render each other's origin in meta.location.
      baseUri: () => origin,
    }) as unknown as express.Router,
  );

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    tenantUrl: `${origin}${SCIM_PATH}/`,
    token,
    store,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

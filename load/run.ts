// A load run: Entra's initial provisioning cycle for N users, paced to a rate with a bounded
// number of requests in flight, followed by the removal of everything the run created.
//
// The cycle follows Entra's order. Each group is looked up by displayName and created. Then each
// user is looked up by its matching attribute and created. Last, the new users are added to the
// groups by PATCH, several members at a time, in the shape of the run's dialect.

import type { Dialect } from '../fixtures/dialects.js';
import { requestBody } from '../fixtures/dialects.js';
import type { EntraDataFactory } from '../fixtures/entra-data.js';
import type { HttpResponse, HttpSettings } from '../fixtures/http.js';
import { matchingAttribute } from '../fixtures/mappings.js';
import type { LoadOptions } from './options.js';
import { MAX_LAG_MS, Pacer } from '../fixtures/pacer.js';
import { type LoadReport, judgeSustainedRate } from './report.js';
import { type RequestKind, Traffic } from './traffic.js';

export interface LoadContext {
  http: HttpSettings;
  dialect: Dialect;
  // Builds the users and groups.
  factory: EntraDataFactory;
  // The common start of every userName and group displayName the run creates.
  namePrefix: string;
  seed: number;
  // Aborting stops the cycle after the requests in flight; the cleanup still runs.
  signal?: AbortSignal;
  // Receives a progress line every few seconds.
  progress?: (line: string) => void;
}

const CYCLE_KINDS: RequestKind[] = ['query group', 'create group', 'query user', 'create user', 'add members'];
const CLEANUP_KINDS: RequestKind[] = ['delete', 'cleanup query'];
const PROGRESS_INTERVAL_MS = 5000;

interface Created {
  endpoint: 'Users' | 'Groups';
  // userName or displayName, to find the resource when its create got no usable response.
  uniqueName: string;
  id?: string;
}

/** Runs `jobs` with at most `concurrency` of them at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, job: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await job(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

function listed(response: HttpResponse | undefined): Record<string, unknown>[] | undefined {
  const resources = (response?.json as Record<string, unknown> | undefined)?.Resources;
  return response?.status === 200 && Array.isArray(resources) ? (resources as Record<string, unknown>[]) : undefined;
}

function idOf(response: HttpResponse | undefined): string | undefined {
  const id = (response?.json as Record<string, unknown> | undefined)?.id;
  return response && response.status >= 200 && response.status < 300 && typeof id === 'string' && id !== '' ? id : undefined;
}

export async function runLoad(options: LoadOptions, context: LoadContext): Promise<LoadReport> {
  const { http, dialect, factory, signal } = context;
  const traffic = new Traffic(http, new Pacer(options.rate, { maxLagMs: MAX_LAG_MS }), {
    maxRetries: options.maxRetries,
    maxRetryWaitMs: options.maxRetryWaitSeconds * 1000,
  });
  const created: Created[] = [];
  const startedAt = new Date();
  const userAttribute = matchingAttribute(factory.mappings, 'users');
  const counts = { provisioned: 0, matchedExisting: 0, groupsCreated: 0, membersAdded: 0 };

  const progressTimer = context.progress
    ? setInterval(() => context.progress!(`  ${counts.provisioned} of ${options.users} users created, ${traffic.sent} requests sent`), PROGRESS_INTERVAL_MS)
    : undefined;

  const cycleStarted = performance.now();
  let cycleEnded = cycleStarted;
  try {
    // Groups first, so that members can be added as soon as their users exist.
    const groupIds: (string | undefined)[] = [];
    const groups = Array.from({ length: options.groups }, () => factory.group());
    await inPool(groups, options.concurrency, async (group, index) => {
      const query = await traffic.request({
        kind: 'query group',
        spec: { method: 'GET', path: 'Groups', query: { filter: `displayName eq ${JSON.stringify(group.displayName)}`, excludedAttributes: 'members' } },
        signal,
      });
      if (listed(query)?.length !== 0) return;
      const entry: Created = { endpoint: 'Groups', uniqueName: group.displayName };
      created.push(entry);
      const response = await traffic.request({ kind: 'create group', spec: { method: 'POST', path: 'Groups', body: group.body }, signal });
      settle(created, entry, response);
      groupIds[index] = entry.id;
      if (entry.id) counts.groupsCreated += 1;
    });

    // Members waiting to be added, per group.
    const pending: string[][] = groupIds.map(() => []);
    const addMembers = async (groupIndex: number, memberIds: string[]) => {
      const response = await traffic.request({
        kind: 'add members',
        spec: { method: 'PATCH', path: `Groups/${encodeURIComponent(groupIds[groupIndex]!)}`, body: requestBody(dialect, 'addMembers', { memberIds }) },
        signal,
      });
      if (response && response.status >= 200 && response.status < 300) counts.membersAdded += memberIds.length;
    };

    const userIndexes = Array.from({ length: options.users }, (_, index) => index);
    await inPool(userIndexes, options.concurrency, async (index) => {
      if (signal?.aborted) return;
      const user = factory.user();
      // Mappings without a value for their matching attribute fall back to userName, which every user has.
      const attribute = user.values[userAttribute] === undefined ? 'userName' : userAttribute;
      const value = String(attribute === 'userName' ? user.body.userName : user.values[attribute]);
      const query = await traffic.request({
        kind: 'query user',
        spec: { method: 'GET', path: 'Users', query: { filter: `${attribute} eq ${JSON.stringify(value)}` } },
        signal,
      });
      const matches = listed(query);
      if (matches === undefined) return;
      if (matches.length > 0) {
        counts.matchedExisting += 1;
        return;
      }
      const entry: Created = { endpoint: 'Users', uniqueName: String(user.body.userName) };
      created.push(entry);
      const response = await traffic.request({ kind: 'create user', spec: { method: 'POST', path: 'Users', body: user.body }, signal });
      settle(created, entry, response);
      if (!entry.id) return;
      counts.provisioned += 1;
      const groupIndex = index % Math.max(groupIds.length, 1);
      if (groupIds[groupIndex] === undefined) return;
      pending[groupIndex].push(entry.id);
      if (pending[groupIndex].length >= options.batchSize) await addMembers(groupIndex, pending[groupIndex].splice(0, options.batchSize));
    });

    // The last, partial batch of each group.
    const rest = pending.flatMap((ids, groupIndex) => batches(ids, options.batchSize).map((batch) => ({ groupIndex, batch })));
    await inPool(rest, options.concurrency, ({ groupIndex, batch }) => addMembers(groupIndex, batch));
    cycleEnded = performance.now();
  } finally {
    if (progressTimer) clearInterval(progressTimer);
  }

  const cleanupStarted = performance.now();
  const cleanup = await removeCreated(created, traffic, options.concurrency, context.namePrefix);
  const cleanupEnded = performance.now();

  const cycleMs = cycleEnded - cycleStarted;
  const overall = traffic.total('all cycle requests', CYCLE_KINDS);
  const achievedRate = cycleMs > 0 ? (overall.requests / cycleMs) * 1000 : 0;
  const interrupted = signal?.aborted ?? false;
  return {
    tool: 'scim-conformance load',
    target: { kind: http.target.kind, url: http.target.displayUrl },
    dialect: dialect.id,
    seed: context.seed,
    namePrefix: context.namePrefix,
    options,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    interrupted,
    users: { requested: options.users, created: counts.provisioned, matchedExisting: counts.matchedExisting },
    groups: { requested: options.groups, created: counts.groupsCreated },
    membersAdded: counts.membersAdded,
    cycle: { durationMs: cycleMs, achievedRate, overall, kinds: traffic.figures(CYCLE_KINDS) },
    cleanup: { durationMs: cleanupEnded - cleanupStarted, kinds: traffic.figures(CLEANUP_KINDS), ...cleanup },
    sustained: judgeSustainedRate(options.rate, achievedRate, overall, interrupted),
    errors: traffic.errors,
  };
}

/** Records the id of a create, or drops the entry when a 4xx response shows that nothing was created. */
function settle(created: Created[], entry: Created, response: HttpResponse | undefined): void {
  const id = idOf(response);
  if (id) {
    entry.id = id;
    return;
  }
  if (response && response.status >= 400 && response.status < 500 && response.status !== 429) created.splice(created.indexOf(entry), 1);
}

function batches<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

interface CleanupResult {
  deleted: { users: number; groups: number };
  failures: string[];
  // Users and groups whose name starts with the run's prefix after the cleanup, as the target
  // reports them. null when the query for them failed.
  remaining: { users: number | null; groups: number | null };
}

/**
 * Deletes what the run created, groups before users, at the run's rate and concurrency. A create
 * whose response never arrived is looked up by its name first.
 */
async function removeCreated(created: Created[], traffic: Traffic, concurrency: number, namePrefix: string): Promise<CleanupResult> {
  const deleted = { users: 0, groups: 0 };
  const failures: string[] = [];
  const ordered = [...created.filter((entry) => entry.endpoint === 'Groups'), ...created.filter((entry) => entry.endpoint === 'Users')];
  await inPool(ordered, concurrency, async (entry) => {
    const ids = entry.id ? [entry.id] : await findByName(traffic, entry);
    if (ids === undefined) {
      failures.push(`${entry.endpoint} named ${JSON.stringify(entry.uniqueName)}: its create got no response, and the lookup by name failed`);
      return;
    }
    for (const id of ids) {
      const response = await traffic.request({ kind: 'delete', spec: { method: 'DELETE', path: `${entry.endpoint}/${encodeURIComponent(id)}` }, alsoExpected: [404] });
      if (response && ((response.status >= 200 && response.status < 300) || response.status === 404)) {
        if (entry.endpoint === 'Users') deleted.users += 1;
        else deleted.groups += 1;
      } else {
        failures.push(`${entry.endpoint}/${id}: DELETE ${response ? `answered ${response.status}` : 'got no response'}`);
      }
    }
  });
  // The count by prefix finds leftovers only when every name the run chose starts with it.
  const named = (endpoint: Created['endpoint']) =>
    created.filter((entry) => entry.endpoint === endpoint).every((entry) => entry.uniqueName.toLowerCase().startsWith(namePrefix.toLowerCase()));
  const remaining = {
    users: named('Users') ? await countByPrefix(traffic, 'Users', 'userName', namePrefix) : null,
    groups: named('Groups') ? await countByPrefix(traffic, 'Groups', 'displayName', namePrefix) : null,
  };
  return { deleted, failures, remaining };
}

async function findByName(traffic: Traffic, entry: Created): Promise<string[] | undefined> {
  const attribute = entry.endpoint === 'Users' ? 'userName' : 'displayName';
  const response = await traffic.request({
    kind: 'cleanup query',
    spec: { method: 'GET', path: entry.endpoint, query: { filter: `${attribute} eq ${JSON.stringify(entry.uniqueName)}` } },
  });
  const resources = listed(response);
  // Only the resource with exactly that name goes, even when the target ignores the filter.
  const wanted = entry.uniqueName.toLowerCase();
  return resources
    ?.filter((resource) => String(resource[attribute] ?? '').toLowerCase() === wanted && typeof resource.id === 'string')
    .map((resource) => String(resource.id));
}

async function countByPrefix(traffic: Traffic, endpoint: 'Users' | 'Groups', attribute: string, prefix: string): Promise<number | null> {
  const query: Record<string, string> = { filter: `${attribute} sw ${JSON.stringify(prefix)}`, count: '1' };
  if (endpoint === 'Groups') query.excludedAttributes = 'members';
  const response = await traffic.request({ kind: 'cleanup query', spec: { method: 'GET', path: endpoint, query } });
  const total = (response?.json as Record<string, unknown> | undefined)?.totalResults;
  return response?.status === 200 && typeof total === 'number' ? total : null;
}

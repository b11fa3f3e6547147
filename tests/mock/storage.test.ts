// Storage of the mock roster's realm: reads return copies, writes that change other resources
// (memberships, deletes) stay visible, and the off-heap text slabs keep texts across compaction.

import { expect, test } from '@playwright/test';
import type { Resource } from '../../mocks/roster/attributes.js';
import { Realm } from '../../mocks/roster/realm.js';
import { readResourceBody } from '../../mocks/roster/resources.js';
import { ENTERPRISE_USER, GROUP_TYPE, USER_TYPE } from '../../mocks/roster/schema-definitions.js';
import { JsonCodec } from '../../mocks/roster/store.js';
import { TextSlabs } from '../../mocks/roster/text-slabs.js';

const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const BASE_URL = 'http://127.0.0.1:8080/scim/v1/Realms/realm-a';

function createUser(realm: Realm, userName: string, extra: Resource = {}, baseUrl = BASE_URL): Resource {
  return realm.create(USER_TYPE, readResourceBody(USER_TYPE, { schemas: [USER_URN], userName, ...extra }), baseUrl);
}

function createGroup(realm: Realm, displayName: string, memberIds: string[]): Resource {
  const body = { schemas: [GROUP_URN], displayName, members: memberIds.map((value) => ({ value })) };
  return realm.create(GROUP_TYPE, readResourceBody(GROUP_TYPE, body), BASE_URL);
}

test('changing a read user leaves it stored', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const created = createUser(realm, 'ada@example.test', { title: 'Nurse', name: { givenName: 'Ada' } });
  created.title = 'changed by create caller';

  const read = realm.get(USER_TYPE, String(created.id));
  read.title = 'changed by reader';
  (read.name as Resource).givenName = 'changed';
  (read.meta as Resource).version = 'W/"changed"';
  for (const listed of realm.query(USER_TYPE, undefined).slice()) listed.title = 'changed in list';
  for (const value of realm.users.byId.values()) value.title = 'changed in values';

  const again = realm.get(USER_TYPE, String(created.id));
  expect(again.title, 'stored title').toBe('Nurse');
  expect((again.name as Resource).givenName, 'stored givenName').toBe('Ada');
  expect((again.meta as Resource).version, 'stored version').toBe('W/"1"');
  expect(again, 'two reads').not.toBe(read);
});

test('changing a read group leaves it stored', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const user = createUser(realm, 'ada@example.test');
  const group = createGroup(realm, 'Radiology', [String(user.id)]);

  const read = realm.get(GROUP_TYPE, String(group.id));
  (read.members as Resource[]).length = 0;
  read.displayName = 'changed';

  const again = realm.get(GROUP_TYPE, String(group.id));
  expect(again.displayName, 'stored displayName').toBe('Radiology');
  expect((again.members as Resource[]).map((member) => member.value), 'stored members').toEqual([user.id]);
});

test('user delete updates its groups', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const ada = createUser(realm, 'ada@example.test');
  const bob = createUser(realm, 'bob@example.test');
  const both = createGroup(realm, 'Both', [String(ada.id), String(bob.id)]);
  const adaOnly = createGroup(realm, 'Ada only', [String(ada.id)]);
  const versionBefore = (realm.get(GROUP_TYPE, String(both.id)).meta as Resource).version;

  realm.delete(USER_TYPE, String(ada.id));

  const bothAfter = realm.get(GROUP_TYPE, String(both.id));
  expect((bothAfter.members as Resource[]).map((member) => member.value), 'members left in Both').toEqual([bob.id]);
  expect((bothAfter.meta as Resource).version, 'version of Both').not.toBe(versionBefore);
  const adaOnlyAfter = realm.get(GROUP_TYPE, String(adaOnly.id));
  expect('members' in adaOnlyAfter, 'members left in Ada only').toBe(false);
  expect(realm.groupsOf(String(bob.id)).map((entry) => entry.value), 'groups of bob').toEqual([both.id]);
});

test('group membership gives users a new version', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const user = createUser(realm, 'ada@example.test');
  const before = (user.meta as Resource).version;

  const group = createGroup(realm, 'Radiology', [String(user.id)]);
  const afterCreate = realm.get(USER_TYPE, String(user.id));
  realm.delete(GROUP_TYPE, String(group.id));
  const afterDelete = realm.get(USER_TYPE, String(user.id));

  expect((afterCreate.meta as Resource).version, 'version after group create').not.toBe(before);
  expect((afterDelete.meta as Resource).version, 'version after group delete').not.toBe((afterCreate.meta as Resource).version);
  expect((afterDelete.meta as Resource).created, 'created kept').toBe((user.meta as Resource).created);
});

test('stored user keeps meta and schemas', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const plain = createUser(realm, 'ada@example.test');
  const enterprise = createUser(realm, 'bob@example.test', { [ENTERPRISE_USER]: { department: 'Radiology' } });
  const otherHost = createUser(realm, 'cy@example.test', {}, 'http://localhost:8080/scim/v1/Realms/realm-a');

  const readPlain = realm.get(USER_TYPE, String(plain.id));
  const readEnterprise = realm.get(USER_TYPE, String(enterprise.id));
  const readOtherHost = realm.get(USER_TYPE, String(otherHost.id));

  expect(readPlain, 'user without the extension').toEqual(plain);
  expect(Object.keys(readPlain), 'key order').toEqual(Object.keys(plain));
  expect(readEnterprise.schemas, 'schemas with the extension').toEqual([USER_URN, ENTERPRISE_USER]);
  expect((readOtherHost.meta as Resource).location, 'location on another host').toBe(`http://localhost:8080/scim/v1/Realms/realm-a/Users/${otherHost.id}`);
  expect((readPlain.meta as Resource).location, 'location on the first host').toBe(`${BASE_URL}/Users/${plain.id}`);
});

test('replace keeps indexes current', () => {
  const realm = new Realm({ id: 'realm-a', token: 'token-a' });
  const user = createUser(realm, 'ada@example.test', { externalId: 'ada-1' });
  const id = String(user.id);

  realm.replace(USER_TYPE, id, readResourceBody(USER_TYPE, { schemas: [USER_URN], userName: 'ada.b@example.test', externalId: 'ada-2' }), BASE_URL);

  expect(realm.users.findUnique('ada@example.test', false), 'old userName').toBeUndefined();
  expect(realm.users.findUnique('ADA.B@example.test', false)?.id, 'new userName').toBe(id);
  expect(realm.users.findByExternalId('ada-1'), 'old externalId').toEqual([]);
  expect(realm.users.findByExternalId('ada-2').map((found) => found.id), 'new externalId').toEqual([id]);
});

test('text slabs keep texts across compaction', () => {
  const slabs = new TextSlabs();
  const texts = new Map<number, string>();
  // About 16 MB written and four texts in five freed, so compaction runs at least once.
  for (let round = 0; round < 4000; round += 1) {
    const text = `${'é'.repeat(round % 7)}${'x'.repeat(4000 + (round % 13))}${round}`;
    texts.set(slabs.add(text), text);
    if (round % 5 !== 0) {
      const [handle] = texts.keys();
      slabs.free(handle);
      texts.delete(handle);
    }
  }
  const long = 'y'.repeat(3 << 20);
  texts.set(slabs.add(long), long);

  for (const [handle, text] of texts) expect(slabs.read(handle), `text of handle ${handle}`).toBe(text);
});

test('JSON codec round trips short forms', () => {
  const codec = new JsonCodec(USER_TYPE);
  const meta = { resourceType: 'User', created: '2026-01-02T03:04:05.000Z', location: `${BASE_URL}/Users/u-1` };
  const cases: Resource[] = [
    { userName: 'a', [ENTERPRISE_USER]: { department: 'Wards' }, title: 'after the extension', id: 'u-1', meta: { ...meta, lastModified: meta.created, version: 'W/"7"' } },
    { userName: 'b', id: 'u-1', meta: { ...meta, lastModified: '2026-02-02T00:00:00.000Z', version: '"strong-1"' } },
    { userName: 'c', '~': 'not a SCIM name', id: 'u-1', meta: { ...meta, lastModified: meta.created, version: 'W/"8"' } },
  ];

  for (const resource of cases) {
    resource.schemas = resource[ENTERPRISE_USER] ? [USER_URN, ENTERPRISE_USER] : [USER_URN];
    const ordered = { ...resource, meta: { resourceType: 'User', created: meta.created, lastModified: (resource.meta as Resource).lastModified, location: meta.location, version: (resource.meta as Resource).version } };
    const decoded = codec.decode(codec.encode(ordered), 'u-1');

    expect(decoded, `values of ${String(resource.userName)}`).toEqual(ordered);
    expect(JSON.stringify(decoded), `key order of ${String(resource.userName)}`).toBe(JSON.stringify(ordered));
  }
});

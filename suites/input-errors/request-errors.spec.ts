// Requests a target must reject, and valid requests that real targets have rejected. They cover
// creates with a missing or mistyped userName, a token without its scheme, a deleted user, an
// unknown group member, a repeated disable and two creates of one user at once.

import { randomUUID } from 'node:crypto';
import {
  arrangeActiveUser,
  arrangeGroup,
  arrangeUser,
  bodyOf,
  expect,
  listedResources,
  memberValues,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';

test.describe('Request input errors', () => {
  test('POST without userName returns 400 invalidValue', verifies('RFC7644-3.12-invalidValue'), async ({ scim, entra }) => {
    const { userName: _userName, ...body } = entra.user().body;

    const response = await scim.createUser(body, 'create a user without userName');

    expect(response).toHaveStatus(400, 'POST /Users without userName');
    expect(bodyOf(response).scimType, 'scimType').toBe('invalidValue');
  });

  test('userName as an array returns 400', verifies('RFC7644-3.12-invalidValue'), async ({ scim, entra }) => {
    const user = entra.user();
    const body = { ...user.body, userName: [user.source.userPrincipalName] };

    const response = await scim.createUser(body, 'create a user whose userName is an array');

    expect(response).toHaveStatus(400, 'POST /Users with userName of the wrong JSON type');
  });

  test('token without "Bearer " returns 401', verifies('RFC7644-3.12-401'), async ({ scim }) => {
    const query = { filter: `userName eq "${randomUUID()}"` };

    const response = await scim.request({
      method: 'GET',
      path: 'Users',
      query,
      auth: 'target-without-scheme',
      purpose: 'the token alone, without the Bearer scheme',
    });

    expect(response).toHaveStatus(401, 'request whose Authorization header lacks "Bearer "');
    expect(bodyOf(response).Resources, 'resources returned to a token without its scheme').toBeUndefined();
  });

  test('GET after DELETE returns SCIM 404', verifies('RFC7644-3.6-deleted-404'), async ({ scim, entra }) => {
    const { id } = await arrangeUser(scim, entra);
    requireSuccess(await scim.delete('Users', id, 'delete the user'), 'delete user');

    const response = await scim.getUser(id, undefined, 'read the deleted user');

    expect(response).toHaveStatus(404, 'GET of a deleted user');
    expect(bodyOf(response).schemas, 'schemas of the 404 body').toEqual([ERROR_URN]);
  });

  test('unknown member id is blamed alone', verifies('RFC7644-3.5.2.1-unknown-member'), async ({ scim, entra }) => {
    const member = await arrangeUser(scim, entra);
    const { id } = await arrangeGroup(scim, entra);
    const unknownId = randomUUID();

    const response = await scim.patchAs('Groups', id, 'addMembers', { memberIds: [member.id, unknownId] }, 'add an existing and an unknown member');

    if (response.status >= 200 && response.status < 300) {
      const read = await scim.getGroup(id, undefined, 'read the members after the accepted add');
      expect(read).toHaveStatus(200, 'GET /Groups/{id} after the add');
      expect(memberValues(bodyOf(read)), 'member ids read back after a success status').toContain(member.id);
    } else {
      expect(response).toHaveStatus(400, 'add with an unknown member id');
      const error = bodyOf(response);
      expect(error.scimType, 'scimType').toBe('invalidValue');
      expect(typeof error.detail, `type of "detail" (found ${JSON.stringify(error.detail)})`).toBe('string');
      expect(error.detail, 'detail, searched for the unknown id').toContain(unknownId);
      expect(error.detail, 'detail, searched for the id of the existing member').not.toContain(member.id);
    }
  });

  test('disable, enable, disable all succeed', verifies('ENTRA-DISABLE-CYCLE'), async ({ scim, entra }) => {
    const { id } = await arrangeActiveUser(scim, entra);
    const steps = [
      { purpose: 'disable', active: false },
      { purpose: 're-enable', active: true },
      { purpose: 'disable again', active: false },
    ];

    for (const { purpose, active } of steps) {
      const response = await scim.patchAs('Users', id, 'setActive', { active }, purpose);

      expect(response).toHaveStatus([200, 204], `${purpose} PATCH`);
      const read = await scim.getUser(id, undefined, `confirm the ${purpose}`);
      expect(read).toHaveStatus(200, `GET /Users/{id} after the ${purpose}`);
      expect(bodyOf(read).active, `"active" after the ${purpose}`).toBe(active);
    }
  });

  test('concurrent duplicate creates give one 409', verifies('RFC7644-3.3-uniqueness-concurrent'), async ({ scim, entra }) => {
    const user = entra.user();
    // Two reads sent at once leave two kept-alive connections open, so the two creates can go out
    // together instead of one waiting for a new connection.
    const probe = `userName eq ${JSON.stringify(user.source.userPrincipalName)}`;
    await Promise.all([scim.filterUsers(probe, 'open a first connection'), scim.filterUsers(probe, 'open a second connection')]);

    const responses = await Promise.all([
      scim.createUser(user.body, 'create, first of two sent at once'),
      scim.createUser(user.body, 'create, second of two sent at once'),
    ]);

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses, 'statuses of the two concurrent creates').toEqual([201, 409]);
    const conflict = responses.find((response) => response.status === 409)!;
    expect(bodyOf(conflict).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterUsers(probe, 'find the users with that userName');
    expect(query).toHaveStatus(200, 'userName query after the two creates');
    expect(listedResources(query).length, 'users with that userName').toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import {
  type HttpResponse,
  arrangeGroup,
  arrangeUser,
  blockOn,
  bodyOf,
  expect,
  requireSuccess,
  test,
  verifies,
} from '../../fixtures/index.js';

// The SCIM media type of RFC 7644 §8.1, with or without parameters such as charset.
const SCIM_MEDIA_TYPE = /^application\/scim\+json\s*(;|$)/i;

const probe = () => ({ filter: `userName eq "${randomUUID()}"` });

function expectScimMediaType(response: HttpResponse, subject: string): void {
  expect(response.headers['content-type'], `Content-Type of ${subject}`).toMatch(SCIM_MEDIA_TYPE);
}

test.describe('Response media type', () => {
  test('user responses are labelled application/scim+json', verifies('RFC7644-3.8-content-type'), async ({ scim, entra }) => {
    const { id, response: created } = await arrangeUser(scim, entra);

    const read = await scim.getUser(id, undefined, 'read the user');

    requireSuccess(read, 'read the user');
    expectScimMediaType(created, 'the POST /Users response');
    expectScimMediaType(read, 'the GET /Users/{id} response');
  });

  test('group responses are labelled application/scim+json', verifies('RFC7644-3.8-content-type'), async ({ scim, entra }) => {
    const { id } = await arrangeGroup(scim, entra);

    const read = await scim.getGroup(id, undefined, 'read the group');

    requireSuccess(read, 'read the group');
    expectScimMediaType(read, 'the GET /Groups/{id} response');
  });

  test('list responses are labelled application/scim+json', verifies('RFC7644-3.8-content-type'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), purpose: 'query users' });

    requireSuccess(response, 'query users');
    expectScimMediaType(response, 'the GET /Users?filter=... response');
  });

  test('error responses are labelled application/scim+json', verifies('RFC7644-3.8-content-type'), async ({ scim }) => {
    const response = await scim.getUser(randomUUID(), undefined, 'provoke a 404');

    if (response.status < 400) blockOn('provoke an error', `GET of an unknown id answered ${response.status}`);
    expectScimMediaType(response, `the ${response.status} error response`);
  });

  test('discovery responses are labelled application/scim+json', verifies('RFC7644-3.8-content-type'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ServiceProviderConfig', purpose: 'read the configuration' });

    requireSuccess(response, 'read the configuration');
    expectScimMediaType(response, 'the GET /ServiceProviderConfig response');
  });
});

test.describe('Request media types', () => {
  test('request without Accept or User-Agent is served', verifies('RFC7644-3.8-accept'), async ({ scim }) => {
    const response = await scim.request({
      method: 'GET',
      path: 'Users',
      query: probe(),
      headers: { Accept: null, 'User-Agent': null },
      purpose: 'query users without Accept or User-Agent',
    });

    expect(response).toHaveStatus(200, 'query without Accept or User-Agent');
    expect(bodyOf(response).totalResults, 'totalResults of the JSON body').toBe(0);
  });

  test('Accept */* or application/scim+json is served', verifies('RFC7644-3.8-accept'), async ({ scim }) => {
    for (const accept of ['*/*', 'application/scim+json']) {
      const response = await scim.request({ method: 'GET', path: 'Users', query: probe(), headers: { Accept: accept }, purpose: `query users with Accept ${accept}` });

      expect.soft(response).toHaveStatus(200, `query with Accept: ${accept}`);
      expect.soft(bodyOf(response).totalResults, `totalResults of the JSON body, with Accept: ${accept}`).toBe(0);
    }
  });

  test('Accept application/json is served', verifies('RFC7644-3.8-accept-json'), async ({ scim }) => {
    const response = await scim.request({
      method: 'GET',
      path: 'Users',
      query: probe(),
      headers: { Accept: 'application/json' },
      purpose: 'query users with Accept application/json',
    });

    expect(response).toHaveStatus(200, 'query with Accept: application/json');
    expect(bodyOf(response).totalResults, 'totalResults of the JSON body').toBe(0);
  });

  test('JSON bodies are read under each media type', verifies('RFC7644-3.8-request-body'), async ({ scim, entra }) => {
    const types = ['application/scim+json', 'application/json', 'application/scim+json; charset=utf-8', 'application/json; charset=utf-8'];
    for (const type of types) {
      const user = entra.user();

      const response = await scim.request({ method: 'POST', path: 'Users', body: user.body, headers: { 'Content-Type': type }, purpose: `create a user sent as ${type}` });

      expect.soft(response).toHaveStatus(201, `POST /Users with Content-Type: ${type}`);
      const id = bodyOf(response).id;
      if (typeof id !== 'string') continue;
      const read = await scim.getUser(id, undefined, `read back the user sent as ${type}`);
      expect.soft(String(bodyOf(read).userName).toLowerCase(), `userName read back, sent as ${type}`).toBe(user.source.userPrincipalName.toLowerCase());
    }
  });
});

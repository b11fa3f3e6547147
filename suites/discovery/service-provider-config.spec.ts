import {
  arrangeUser,
  arrangeUsers,
  bodyOf,
  checkServiceProviderConfig,
  expect,
  listedResources,
  requireFeature,
  test,
  verifies,
} from '../../fixtures/index.js';

test.describe('ServiceProviderConfig', () => {
  test('GET /ServiceProviderConfig returns 200', verifies('RFC7644-4', 'ENTRA-DISCOVERY'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ServiceProviderConfig', purpose: 'read the configuration' });

    expect(response).toHaveStatus(200, 'GET /ServiceProviderConfig');
    expect(Object.keys(bodyOf(response)).length, 'attributes in the configuration body').toBeGreaterThan(0);
  });

  test('configuration is a valid ServiceProviderConfig', verifies('RFC7643-5'), async ({ scim }) => {
    const response = await scim.request({ method: 'GET', path: 'ServiceProviderConfig', purpose: 'read the configuration' });

    expect(response).toHaveStatus(200, 'GET /ServiceProviderConfig');
    const findings = checkServiceProviderConfig(bodyOf(response), 'GET /ServiceProviderConfig response');
    expect(findings.flatMap((finding) => finding.problems), 'problems in the configuration').toEqual([]);
  });

  test('advertised PATCH support works', verifies('RFC7643-5-behaviour'), async ({ scim, entra, capabilities }) => {
    requireFeature(capabilities, 'patch');
    const { id, user } = await arrangeUser(scim, entra);

    const response = await scim.updateAs(
      'Users',
      id,
      [{ op: 'replace', path: 'displayName', value: `${user.source.displayName} Jr` }],
      'PATCH a user, which the configuration says is supported',
    );

    expect(response).toHaveStatus([200, 204], 'PATCH /Users/{id} with patch.supported true');
  });

  test('advertised filter support works', verifies('RFC7643-5-behaviour'), async ({ scim, entra, capabilities }) => {
    requireFeature(capabilities, 'filter');
    // A second user, so that a target that ignores the filter lists more than one.
    const [wanted] = await arrangeUsers(scim, entra, 2);

    const response = await scim.filterUsers(`userName eq ${JSON.stringify(wanted.user.source.userPrincipalName)}`);

    expect(response).toHaveStatus(200, 'userName query with filter.supported true');
    expect(listedResources(response).map((resource) => resource.id), 'ids the query lists').toEqual([wanted.id]);
  });

  test('advertised sort support works', verifies('RFC7643-5-behaviour'), async ({ scim, entra, capabilities }) => {
    requireFeature(capabilities, 'sort');
    requireFeature(capabilities, 'filter');
    const users = await arrangeUsers(scim, entra, 2);
    const names = users.map((arranged) => arranged.user.source.userPrincipalName);
    const filter = names.map((name) => `userName eq ${JSON.stringify(name)}`).join(' or ');
    // userName is caseExact=false, so it sorts without regard to case.
    const expected = [...users]
      .sort((left, right) => (left.user.source.userPrincipalName.toLowerCase() < right.user.source.userPrincipalName.toLowerCase() ? 1 : -1))
      .map((arranged) => arranged.id);

    const response = await scim.filterUsers(filter, 'list both users by descending userName', {
      sortBy: 'userName',
      sortOrder: 'descending',
    });

    expect(response).toHaveStatus(200, 'sorted query with sort.supported true');
    expect(listedResources(response).map((resource) => resource.id), 'ids in descending userName order').toEqual(expected);
  });
});

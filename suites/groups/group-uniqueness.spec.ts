import { arrangeGroup, bodyOf, expect, listedResources, test, verifies } from '../../fixtures/index.js';

test.describe('Group uniqueness', () => {
  test('duplicate group displayName returns 409', verifies('ENTRA-GROUP-UNIQUE-NAME'), async ({ scim, entra }) => {
    const { id, group } = await arrangeGroup(scim, entra);
    const duplicate = entra.group({ displayName: group.displayName });

    const response = await scim.createGroup(duplicate.body, 'create a second group with the same displayName');

    expect(response).toHaveStatus(409, 'create of a group whose displayName is taken');
    expect(bodyOf(response).scimType, 'scimType of the conflict').toBe('uniqueness');
    const query = await scim.filterGroups(`displayName eq ${JSON.stringify(group.displayName)}`, 'find the one group with that name', {
      excludedAttributes: 'members',
    });
    expect(listedResources(query).map((found) => found.id), 'groups with that displayName').toEqual([id]);
  });
});

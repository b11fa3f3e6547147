// Switchable faults. Each makes the mock break exactly one rule, in a way real SCIM servers have
// broken it, so that the harness can be shown to catch it. A realm carries its own set.

export const FAULTS = {
  'create-status-200': 'POST answers 200 instead of 201 when it creates a resource.',
  'create-omits-id': 'The body of a 201 create response has no "id".',
  'create-no-location': 'A 201 create response has no Location header.',
  'location-mismatch': 'The Location header of a create response differs from meta.location.',
  'echo-not-stored': 'Create echoes the request, but the stored user loses its title.',
  'enterprise-ignored': 'The enterprise extension is dropped on create, from the echo and the store.',
  'active-as-number': 'User responses carry "active" as 1 or 0 instead of a JSON boolean.',
  'enterprise-number-type': 'User responses carry employeeNumber as a JSON number.',
  'group-members-as-strings': 'Group responses list members as bare id strings.',
  'get-by-id-500': 'GET of a single resource by id answers 500.',
  'filter-case-sensitive': 'Filters compare userName and displayName with exact case.',
  'filter-no-match-404': 'A filter that matches nothing answers 404 instead of an empty list.',
  'filter-ignored': 'The filter parameter is ignored and every resource is listed.',
  'filter-eq-substring': 'The "eq" operator matches substrings, like "co".',
  'filter-invalid-returns-all': 'A filter that cannot be parsed lists every resource instead of 400.',
  'filter-invalid-500': 'A filter that cannot be parsed answers 500.',
  'list-lowercase-resources': 'List responses name the array "resources" instead of "Resources".',
  'patch-op-case-sensitive': 'PATCH accepts only lowercase op names and rejects "Replace".',
  'boolean-strings-rejected': 'Booleans sent as the strings "True" or "False" are rejected with 400.',
  'patch-replace-ignored': 'PATCH replace operations answer success and change nothing.',
  'inactive-hidden-from-filter': 'Users with active=false disappear from filter results.',
  'inactive-get-404': 'GET by id answers 404 for users with active=false.',
  'member-add-ignored': 'Adding group members answers success and stores nothing.',
  'member-remove-clears-all': "Entra's member removal by value array empties the whole group.",
  'member-filter-remove-ignored': 'Removing members[value eq "<id>"] answers success and removes nothing.',
  'exclude-members-ignored': 'excludedAttributes=members is ignored on group reads.',
  'auth-missing-token-accepted': 'Requests without an Authorization header are served.',
  'auth-any-token-accepted': 'Any bearer token is accepted.',
  'unknown-id-501': 'GET of an unknown id answers 501 instead of 404.',
  'duplicate-username-allowed': 'A second user with an existing userName is created.',
  'duplicate-case-variant-allowed': 'A userName that differs from an existing one only in case is created.',
  'malformed-json-500': 'A request body that is not valid JSON answers 500.',
  'error-status-number': 'Error bodies carry "status" as a JSON number.',
  'error-wrapped': 'Error bodies are wrapped in an {"error": ...} envelope.',
} as const satisfies Record<string, string>;

export type FaultName = keyof typeof FAULTS;

export function isFaultName(name: string): name is FaultName {
  return Object.hasOwn(FAULTS, name);
}

/** Parses a comma-separated fault list, as given on the command line or in MOCK_FAULTS. */
export function parseFaultList(text: string | undefined): FaultName[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = names.filter((name) => !isFaultName(name));
  if (unknown.length > 0) {
    throw new Error(
      `Unknown fault ${unknown.map((name) => JSON.stringify(name)).join(', ')}. ` +
        `Run "npm run mock -- --list-faults" to see the known faults.`,
    );
  }
  return names as FaultName[];
}

// Switchable faults. Each makes the mock break exactly one rule, in a way real SCIM servers have
// broken it, so that the harness can be shown to catch it. A realm carries its own set; code can
// change it at any time through `realm.faults`.

export const FAULTS = {
  // Create
  'create-status-200': 'POST answers 200 instead of 201 when it creates a resource.',
  'create-omits-id': 'The body of a 201 create response has no "id".',
  'create-no-location': 'A 201 create response has no Location header.',
  'location-mismatch': 'The Location header of a create response differs from meta.location.',
  'location-relative': 'meta.location, Location and Content-Location are relative paths, not absolute URIs.',
  'echo-not-stored': 'Create echoes the request, but the stored user loses its title.',
  'enterprise-ignored': 'The enterprise extension is dropped on create, from the echo and the store.',
  'enterprise-schema-rejected': 'A create or PUT that lists the enterprise URN in "schemas" is rejected as an unknown schema.',
  'primary-subattribute-rejected': 'A create or replace whose multi-valued elements carry "primary" is rejected.',
  'create-ignores-attributes': 'POST ignores attributes and excludedAttributes and returns the full resource.',
  'create-ignores-active': 'Users are created inactive whatever "active" the request sends.',
  // Representation
  'active-as-number': 'User responses carry "active" as 1 or 0 instead of a JSON boolean.',
  'enterprise-number-type': 'User responses carry employeeNumber as a JSON number.',
  'group-members-as-strings': 'Group responses list members as bare id strings.',
  'manager-returned-as-string': 'User responses carry the manager as a bare id instead of {"value": id}.',
  // Read
  'get-by-id-500': 'GET of a single resource by id answers 500.',
  'unknown-id-501': 'GET of an unknown id answers 501 instead of 404.',
  'deleted-user-app-json': 'GET of a deleted resource answers 404 with an application error body, not a SCIM error.',
  'attributes-ignored': 'The "attributes" and "excludedAttributes" parameters are ignored on list and search.',
  'attributes-ignored-by-id': 'The "attributes" and "excludedAttributes" parameters are ignored on reads by id.',
  'exclude-members-ignored': 'excludedAttributes=members is ignored on group reads.',
  'exclude-members-ignored-on-list': 'excludedAttributes=members is honoured by id but ignored on group lists.',
  // Filter
  'filter-case-sensitive': 'Filters compare every string with exact case, userName and displayName included.',
  'filter-no-match-404': 'A filter that matches nothing answers 404 instead of an empty list.',
  'filter-ignored': 'The filter parameter is ignored and every resource is listed.',
  'filter-eq-substring': 'The "eq" operator matches substrings, like "co".',
  'filter-externalid-ignored': 'Only "userName eq" on users and "displayName eq" on groups apply; any other filter lists everything.',
  'filter-compound-first-clause': 'An "and" filter is cut down to its first clause.',
  'filter-value-path-500': 'A filter with a value path, such as emails[type eq "work"], answers 500.',
  'filter-precedence-left-to-right': 'Filters read "and" and "or" from left to right, as if they bound equally.',
  'filter-names-case-sensitive': 'Filters accept attribute names and operators only in the schema\'s own case.',
  'filter-caseexact-folded': 'Filters ignore case even for caseExact attributes such as externalId.',
  'filter-escapes-literal': 'Backslash escapes in filter strings are kept as written instead of decoded.',
  'filter-invalid-returns-all': 'A filter that cannot be parsed lists every resource instead of 400.',
  'filter-invalid-500': 'A filter that cannot be parsed answers 500.',
  // List envelope and paging
  'list-lowercase-resources': 'List responses name the array "resources" instead of "Resources".',
  'items-per-page-echoes-count': 'itemsPerPage repeats the requested count instead of counting the page.',
  'start-index-zero': 'List responses report startIndex 0.',
  'total-results-page-count': 'totalResults counts the resources on the page instead of every match.',
  'list-count-ignored': 'The "count" parameter is ignored and every match is returned at once.',
  'pagination-overlap': 'Pages after the first start one resource early, so consecutive pages overlap.',
  'sort-ignored': 'sortBy is accepted and ignored.',
  'sort-case-sensitive': 'Sorting by userName compares with exact case.',
  // PATCH
  'patch-op-case-sensitive': 'PATCH accepts only lowercase op names and rejects "Replace".',
  'patch-add-rejected': 'PATCH rejects every "add" op except one whose path is "members".',
  'patch-405': 'PATCH answers 405 Method Not Allowed.',
  'patch-schema-unchecked': 'A PATCH body without the PatchOp URN in "schemas" is accepted.',
  'patch-unknown-op-ignored': 'Operations with an unknown op are skipped and the request succeeds.',
  'remove-without-path-ignored': 'A remove without a path answers success and changes nothing.',
  'patch-unknown-path-ignored': 'Operations on an attribute the schema does not define are skipped.',
  'patch-readonly-accepted': 'Operations on read-only attributes such as id answer success and change nothing.',
  'patch-not-atomic': 'Operations before a failing one in the same request stay stored.',
  'patch-first-operation-only': 'Only the first operation of a PATCH is applied.',
  'pathless-urn-keys-ignored': 'URN-qualified keys in a path-less PATCH value are dropped.',
  'boolean-strings-rejected': 'Booleans sent as the strings "True" or "False" are rejected with 400.',
  'patch-replace-ignored': 'PATCH replace operations answer success and change nothing.',
  'pathless-dotted-keys-literal': 'Path-less PATCH keys such as "name.givenName" are stored as literal keys.',
  'filtered-path-rejected': 'PATCH paths with a value filter, such as emails[type eq "work"].value, are rejected.',
  'filtered-add-no-create': 'Add on emails[type eq "work"].value answers success without creating the missing email.',
  'manager-string-rejected': 'A manager sent as a bare id string is rejected because manager is complex.',
  'disable-conflict-409': 'A PATCH that sets active to false answers 409 "User must be Active".',
  'reenable-ignored': 'A PATCH that sets active to true on an inactive user answers success and leaves it inactive.',
  'manager-remove-ignored': 'A remove of the manager answers success and keeps the manager.',
  // Membership
  'member-add-ignored': 'Adding group members answers success and stores nothing.',
  'member-add-replaces': 'Adding group members replaces the existing members instead of keeping them.',
  'member-remove-clears-all': "Entra's member removal by value array empties the whole group.",
  'member-filter-remove-ignored': 'Removing members[value eq "<id>"] answers success and removes nothing.',
  'unknown-member-blames-all': 'An add with one unknown member id names every listed id as unknown.',
  // Uniqueness
  'duplicate-username-allowed': 'A second user with an existing userName is created.',
  'duplicate-case-variant-allowed': 'A userName or group displayName that differs from an existing one only in case is created.',
  'duplicate-status-400': 'A duplicate userName or group displayName answers 400 invalidValue instead of 409.',
  'duplicate-race': 'Uniqueness is checked before a wait, so two creates of one userName arriving together both succeed.',
  'group-duplicate-name-allowed': 'A second group with an existing displayName is created.',
  'inactive-hidden-from-filter': 'Users with active=false disappear from filter results.',
  'inactive-get-404': 'GET by id answers 404 for users with active=false.',
  // Replace and delete
  'put-keeps-omitted': 'PUT keeps attributes the new representation leaves out, merging instead of replacing.',
  'put-ignored': 'PUT answers 200 with the resource as it was and stores nothing.',
  'delete-not-removed': 'DELETE answers 204 and the resource stays.',
  'delete-twice-204': 'A second DELETE of the same resource answers 204 instead of 404.',
  // Versions
  'etag-header-missing': 'Responses other than 304 carry no ETag header although the configuration says ETags are supported.',
  'if-match-ignored': 'If-Match and If-None-Match are ignored, so a stale write overwrites newer data.',
  'version-unchanged-on-write': 'meta.version and meta.lastModified stay the same after PUT and PATCH.',
  // Errors
  'malformed-json-500': 'A request body that is not valid JSON answers 500.',
  'malformed-json-no-scimtype': 'A request body that is not valid JSON answers 400 without a scimType.',
  'invalid-value-500': 'Errors with scimType invalidValue answer 500 instead of 400.',
  'error-status-number': 'Error bodies carry "status" as a JSON number.',
  'error-wrapped': 'Error bodies are wrapped in an {"error": ...} envelope.',
  'error-schemas-string': 'Error bodies carry "schemas" as a string instead of an array.',
  'error-detail-object': 'Error bodies carry "detail" as an object of field messages.',
  // Authentication
  'auth-missing-token-accepted': 'Requests without an Authorization header are served.',
  'auth-any-token-accepted': 'Any Authorization header is accepted, whatever the token or scheme.',
  'auth-error-not-scim': 'A 401 answer carries an HTML page instead of a SCIM error.',
  // Media types
  'accept-scim-required': 'Requests whose Accept header does not name application/scim+json get 406.',
  'user-agent-required': 'Requests without a User-Agent header get 403.',
  'charset-body-ignored': 'A body sent with a charset parameter in its Content-Type is read as empty.',
  'media-type-misspelt': 'Responses are labelled application/json+scim.',
  'media-type-plain-json': 'Responses are labelled application/json.',
  // Discovery and rate limits
  'discovery-404': '/ServiceProviderConfig, /ResourceTypes and /Schemas answer 404.',
  'discovery-filter-ignored': 'A filter on /Schemas or /ResourceTypes is ignored instead of answered with 403.',
  'discovery-unknown-id-200': 'An unknown /Schemas or /ResourceTypes id answers 200 with the first entry.',
  'resource-type-extension-unserved': '/ResourceTypes names the enterprise extension, but /Schemas neither lists nor serves it.',
  'schema-characteristics-missing': '/Schemas leaves out caseExact, mutability, returned and uniqueness.',
  'retry-after-missing': 'Above 10 requests per second the realm answers 429 without Retry-After.',
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

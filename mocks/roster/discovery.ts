// The discovery endpoints of RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes and /Schemas,
// built from schema-definitions.ts so that they describe exactly what the mock supports.

import type { Resource } from './attributes.js';
import { notFound } from './errors.js';
import {
  type AttributeDefinition,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  GROUP_TYPE,
  type ResourceTypeDefinition,
  type SchemaDefinition,
  USER_SCHEMA,
  USER_TYPE,
} from './schema-definitions.js';

export const SERVICE_PROVIDER_CONFIG_URN = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_URN = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export const MAX_RESULTS = 200;
const SCHEMAS: SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];
const RESOURCE_TYPES: ResourceTypeDefinition[] = [USER_TYPE, GROUP_TYPE];

// A fixed date, so that discovery documents do not change between requests or runs.
const PUBLISHED = '2026-01-01T00:00:00.000Z';

function meta(resourceType: string, location: string): Resource {
  return { resourceType, created: PUBLISHED, lastModified: PUBLISHED, location };
}

export function serviceProviderConfig(baseUrl: string, rateLimited: boolean): Resource {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_URN],
    documentationUri: 'https://www.rfc-editor.org/rfc/rfc7644',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: `A bearer token issued for one realm${rateLimited ? ', subject to a request rate limit' : ''}.`,
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: meta('ServiceProviderConfig', `${baseUrl}/ServiceProviderConfig`),
  };
}

export function resourceType(type: ResourceTypeDefinition, baseUrl: string): Resource {
  return {
    schemas: [RESOURCE_TYPE_URN],
    id: type.name,
    name: type.name,
    endpoint: `/${type.endpoint}`,
    description: type.schema.description,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map((extension) => ({ schema: extension.id, required: false })),
    meta: meta('ResourceType', `${baseUrl}/ResourceTypes/${type.name}`),
  };
}

export function resourceTypes(baseUrl: string): Resource[] {
  return RESOURCE_TYPES.map((type) => resourceType(type, baseUrl));
}

export function findResourceType(id: string, baseUrl: string): Resource {
  const type = RESOURCE_TYPES.find((candidate) => candidate.name.toLowerCase() === id.toLowerCase());
  if (!type) throw notFound(`Resource type ${JSON.stringify(id)} not found; this roster serves User and Group.`);
  return resourceType(type, baseUrl);
}

/** Writes one attribute definition with every characteristic, omitting only those that are empty. */
function describeAttribute(attribute: AttributeDefinition): Resource {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.canonicalValues ? { canonicalValues: attribute.canonicalValues } : {}),
    ...(attribute.referenceTypes ? { referenceTypes: attribute.referenceTypes } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(describeAttribute) } : {}),
  };
}

export function schemaResource(schema: SchemaDefinition, baseUrl: string): Resource {
  return {
    schemas: [SCHEMA_URN],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(describeAttribute),
    meta: meta('Schema', `${baseUrl}/Schemas/${schema.id}`),
  };
}

export function schemaResources(baseUrl: string): Resource[] {
  return SCHEMAS.map((schema) => schemaResource(schema, baseUrl));
}

export function findSchema(id: string, baseUrl: string): Resource {
  const schema = SCHEMAS.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase());
  if (!schema) throw notFound(`Schema ${JSON.stringify(id)} not found.`);
  return schemaResource(schema, baseUrl);
}

// Attribute definitions of the resources the mock roster serves, with the characteristics of
// RFC 7643 §7. The filter evaluator, PATCH engine and projection all read case rules, types and
// mutability from here, so a single table decides how every attribute behaves.

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'reference'
  | 'complex'
  | 'binary';

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  caseExact: boolean;
  required: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  description: string;
  subAttributes?: AttributeDefinition[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: Options = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    caseExact: false,
    required: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    description,
    ...options,
  };
}

function text(name: string, description: string, options: Options = {}): AttributeDefinition {
  return attribute(name, 'string', description, options);
}

// The sub-attributes shared by emails, phoneNumbers, ims and photos (RFC 7643 §4.1.2).
function plural(
  name: string,
  description: string,
  valueType: AttributeType,
  types: string[],
): AttributeDefinition {
  return attribute(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attribute('value', valueType, `The ${name} value.`),
      text('display', 'A human-readable name, used for display only.'),
      text('type', `The kind of ${name} value.`, { canonicalValues: types }),
      attribute('primary', 'boolean', 'Marks the preferred value; at most one value is primary.'),
    ],
  });
}

const address = attribute('addresses', 'complex', 'Physical mailing addresses.', {
  multiValued: true,
  subAttributes: [
    text('formatted', 'The full address, formatted for display or a mailing label.'),
    text('streetAddress', 'Street, house number and related lines.'),
    text('locality', 'City or locality.'),
    text('region', 'State or region.'),
    text('postalCode', 'Postal or ZIP code.'),
    text('country', 'Country as an ISO 3166-1 alpha-2 code.'),
    text('type', 'The kind of address.', { canonicalValues: ['work', 'home', 'other'] }),
    attribute('primary', 'boolean', 'Marks the preferred address.'),
  ],
});

const valueDisplayType = (name: string, description: string, mutability: Options['mutability']) =>
  attribute(name, 'complex', description, {
    multiValued: true,
    mutability,
    subAttributes: [
      text('value', 'The identifier of the value.', { mutability }),
      attribute('$ref', 'reference', 'The URI of the referenced resource.', {
        mutability,
        referenceTypes: ['uri'],
      }),
      text('display', 'A human-readable name, used for display only.', { mutability }),
      text('type', 'The kind of value.', { mutability }),
      attribute('primary', 'boolean', 'Marks the preferred value.', { mutability }),
    ],
  });

export const USER_SCHEMA: SchemaDefinition = {
  id: CORE_USER,
  name: 'User',
  description: 'User account',
  attributes: [
    text('userName', 'Unique identifier the user signs in with; Entra sends the UPN.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('name', 'complex', 'The components of the user name.', {
      subAttributes: [
        text('formatted', 'The full name, formatted for display.'),
        text('familyName', 'Family name, or last name.'),
        text('givenName', 'Given name, or first name.'),
        text('middleName', 'Middle names.'),
        text('honorificPrefix', 'Honorific prefix, such as "Ms.".'),
        text('honorificSuffix', 'Honorific suffix, such as "III".'),
      ],
    }),
    text('displayName', 'Name shown to end users.'),
    text('nickName', 'Casual name.'),
    attribute('profileUrl', 'reference', 'URI of an online profile.', {
      referenceTypes: ['external'],
    }),
    text('title', 'Job title.'),
    text('userType', 'Relationship to the organisation, such as "Employee".'),
    text('preferredLanguage', 'Preferred written or spoken language, as an Accept-Language tag.'),
    text('locale', 'Default location for localising values such as dates.'),
    text('timezone', 'Time zone in IANA database format.'),
    attribute('active', 'boolean', 'Administrative status; false means the account is disabled.'),
    text('password', 'Clear-text password, accepted on write and never returned.', {
      mutability: 'writeOnly',
      returned: 'never',
    }),
    plural('emails', 'Email addresses.', 'string', ['work', 'home', 'other']),
    plural('phoneNumbers', 'Telephone numbers.', 'string', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    plural('ims', 'Instant messaging addresses.', 'string', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    plural('photos', 'URLs of images of the user.', 'reference', ['photo', 'thumbnail']),
    address,
    valueDisplayType('groups', 'Groups the user belongs to, maintained by the service provider.', 'readOnly'),
    valueDisplayType('entitlements', 'Entitlements held by the user.', 'readWrite'),
    valueDisplayType('roles', 'Roles held by the user.', 'readWrite'),
    valueDisplayType('x509Certificates', 'DER-encoded X.509 certificates.', 'readWrite'),
  ],
};

export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = {
  id: ENTERPRISE_USER,
  name: 'EnterpriseUser',
  description: 'Enterprise user',
  attributes: [
    text('employeeNumber', 'Identifier assigned by the organisation.'),
    text('costCenter', 'Cost centre.'),
    text('organization', 'Organisation name.'),
    text('division', 'Division name.'),
    text('department', 'Department name.'),
    attribute('manager', 'complex', "The user's manager.", {
      subAttributes: [
        text('value', 'The id of the manager User resource.'),
        attribute('$ref', 'reference', 'The URI of the manager User resource.', {
          referenceTypes: ['User'],
        }),
        text('displayName', 'Display name of the manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};

export const GROUP_SCHEMA: SchemaDefinition = {
  id: CORE_GROUP,
  name: 'Group',
  description: 'Group',
  attributes: [
    text('displayName', 'Name of the group; Entra treats it as unique.', {
      required: true,
      uniqueness: 'server',
    }),
    attribute('members', 'complex', 'Members of the group.', {
      multiValued: true,
      subAttributes: [
        text('value', 'The id of the member resource.', { mutability: 'immutable' }),
        attribute('$ref', 'reference', 'The URI of the member resource.', {
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        text('display', 'Display name of the member.', { mutability: 'readOnly' }),
        text('type', 'The kind of member.', {
          mutability: 'immutable',
          canonicalValues: ['User', 'Group'],
        }),
      ],
    }),
  ],
};

// Attributes every resource carries (RFC 7643 §3.1).
export const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  text('id', 'Identifier assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  text('externalId', 'Identifier assigned by the provisioning client.', { caseExact: true }),
  attribute('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      text('resourceType', 'Name of the resource type.', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'When the resource last changed.', {
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      text('version', 'Entity tag of the current version.', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
];

export interface ResourceTypeDefinition {
  name: 'User' | 'Group';
  endpoint: 'Users' | 'Groups';
  schema: SchemaDefinition;
  extensions: SchemaDefinition[];
}

export const USER_TYPE: ResourceTypeDefinition = {
  name: 'User',
  endpoint: 'Users',
  schema: USER_SCHEMA,
  extensions: [ENTERPRISE_USER_SCHEMA],
};

export const GROUP_TYPE: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: 'Groups',
  schema: GROUP_SCHEMA,
  extensions: [],
};

export function findAttribute(
  attributes: AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const lowered = name.toLowerCase();
  return attributes?.find((candidate) => candidate.name.toLowerCase() === lowered);
}

export function findExtension(
  type: ResourceTypeDefinition,
  urn: string,
): SchemaDefinition | undefined {
  const lowered = urn.toLowerCase();
  return type.extensions.find((schema) => schema.id.toLowerCase() === lowered);
}

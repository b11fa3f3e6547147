// Parser for the filter grammar of RFC 7644 §3.4.2.2, also used for PATCH paths (§3.5.2).
//
// scim2-parse-filter was tried first: it turns `emails[type eq "work"].value eq "x"` into two
// unrelated clauses (any work email AND any email with that value) and rejects `True`, which
// RFC 5234 makes a valid spelling of the literal. So the mock keeps its own small parser.

import { invalidFilter, invalidPath } from './errors.js';

/** Fault switches of the parser; each breaks one grammar rule. */
export interface ParseOptions {
  // Reads "and" and "or" from left to right, ignoring that "and" binds more tightly.
  leftToRight?: boolean;
  // Accepts operators only in lowercase.
  caseSensitiveOperators?: boolean;
  // Keeps backslash escapes in string values as written instead of decoding them.
  literalEscapes?: boolean;
}

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'lt' | 'ge' | 'le';
export type Literal = string | number | boolean | null;

/** An attribute path: an optional schema URN, an attribute name and an optional sub-attribute. */
export interface AttributePath {
  urn?: string;
  attribute: string;
  subAttribute?: string;
}

export type Filter =
  | { kind: 'compare'; path: AttributePath; operator: CompareOperator; value: Literal }
  | { kind: 'present'; path: AttributePath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  // `emails[type eq "work"]`, optionally followed by a test on a sub-attribute of the same
  // element, as in Entra's `emails[type eq "work"].value eq "a@example.test"`.
  | {
      kind: 'valuePath';
      path: AttributePath;
      filter: Filter;
      then?: { subAttribute: string; operator: CompareOperator | 'pr'; value?: Literal };
    };

/** A PATCH path: an attribute path, optionally with a value filter and a sub-attribute. */
export interface PatchPath {
  path: AttributePath;
  filter?: Filter;
  subAttribute?: string;
}

const COMPARE_OPERATORS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'lt', 'ge', 'le']);
// Deeper nesting of parentheses and "not" is rejected rather than parsed recursively without bound.
const MAX_NESTING = 64;

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'open' | 'close' | 'openBracket' | 'closeBracket'; at: number }
  | { type: 'subAttribute'; text: string; at: number }
  | { type: 'end'; at: number };

const WORD = /[A-Za-z0-9_:.$\-]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const ATTRIBUTE_NAME = /^\$?[A-Za-z][A-Za-z0-9_\-]*$/;

class FilterSyntaxError extends Error {}

function tokenize(source: string, options: ParseOptions = {}): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source[index];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      index += 1;
    } else if (char === '(' || char === ')' || char === '[') {
      const types = { '(': 'open', ')': 'close', '[': 'openBracket' } as const;
      tokens.push({ type: types[char], at: index });
      index += 1;
    } else if (char === ']') {
      tokens.push({ type: 'closeBracket', at: index });
      index += 1;
      // `].value`: a sub-attribute that applies to the filtered element.
      if (source[index] === '.') {
        const start = index + 1;
        let end = start;
        while (end < source.length && /[A-Za-z0-9_$\-]/.test(source[end])) end += 1;
        if (end === start) throw new FilterSyntaxError(`expected a sub-attribute name at ${start}`);
        tokens.push({ type: 'subAttribute', text: source.slice(start, end), at: start });
        index = end;
      }
    } else if (char === '"') {
      index = readString(source, index, tokens, options);
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const match = NUMBER.exec(source.slice(index));
      if (!match) throw new FilterSyntaxError(`invalid number at ${index}`);
      tokens.push({ type: 'number', value: Number(match[0]), at: index });
      index += match[0].length;
    } else if (WORD.test(char)) {
      const start = index;
      while (index < source.length && WORD.test(source[index])) index += 1;
      tokens.push({ type: 'word', text: source.slice(start, index), at: start });
    } else {
      throw new FilterSyntaxError(`unexpected character ${JSON.stringify(char)} at ${index}`);
    }
  }
  tokens.push({ type: 'end', at: source.length });
  return tokens;
}

function readString(source: string, start: number, tokens: Token[], options: ParseOptions): number {
  let index = start + 1;
  while (index < source.length && source[index] !== '"') {
    index += source[index] === '\\' ? 2 : 1;
  }
  if (index >= source.length) throw new FilterSyntaxError(`unterminated string at ${start}`);
  const raw = source.slice(start, index + 1);
  let value: string;
  if (options.literalEscapes) {
    tokens.push({ type: 'string', value: raw.slice(1, -1), at: start });
    return index + 1;
  }
  try {
    // JSON string syntax is what RFC 7644 §3.4.2.2 prescribes for compValue strings.
    value = JSON.parse(raw) as string;
  } catch {
    throw new FilterSyntaxError(`invalid escape in string at ${start}`);
  }
  tokens.push({ type: 'string', value, at: start });
  return index + 1;
}

/** Splits `urn:...:User:manager.value` or `name.givenName` into its parts. */
export function parseAttributePath(text: string): AttributePath {
  let urn: string | undefined;
  let rest = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0) {
    urn = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    if (!/^urn:/i.test(urn)) throw new FilterSyntaxError(`invalid schema URN in "${text}"`);
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every((part) => ATTRIBUTE_NAME.test(part))) {
    throw new FilterSyntaxError(`invalid attribute path "${text}"`);
  }
  return { urn, attribute: parts[0], subAttribute: parts[1] };
}

class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly options: ParseOptions = {},
  ) {}

  parseFilter(): Filter {
    const filter = this.parseOr(false);
    this.expectEnd();
    return filter;
  }

  parsePatchPath(): PatchPath {
    const token = this.next();
    if (token.type !== 'word') throw new FilterSyntaxError(`expected an attribute path`);
    const path = parseAttributePath(token.text);
    if (this.peek().type !== 'openBracket') {
      this.expectEnd();
      return { path };
    }
    if (path.subAttribute) {
      throw new FilterSyntaxError(`a value filter cannot follow a sub-attribute`);
    }
    this.next();
    const filter = this.parseOr(true);
    this.expect('closeBracket');
    const after = this.peek();
    let subAttribute: string | undefined;
    if (after.type === 'subAttribute') {
      subAttribute = after.text;
      this.next();
    }
    this.expectEnd();
    return { path, filter, subAttribute };
  }

  private parseOr(inBrackets: boolean): Filter {
    if (this.options.leftToRight) return this.parseLeftToRight(inBrackets);
    let left = this.parseAnd(inBrackets);
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(inBrackets) };
    }
    return left;
  }

  private parseLeftToRight(inBrackets: boolean): Filter {
    let left = this.parseUnary(inBrackets);
    while (this.isWord('and') || this.isWord('or')) {
      const kind = this.isWord('and') ? 'and' : 'or';
      this.next();
      left = { kind, left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseAnd(inBrackets: boolean): Filter {
    let left = this.parseUnary(inBrackets);
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseUnary(inBrackets: boolean): Filter {
    this.depth += 1;
    try {
      if (this.depth > MAX_NESTING) throw new FilterSyntaxError(`filter nested more than ${MAX_NESTING} levels deep`);
      return this.parseUnaryExpression(inBrackets);
    } finally {
      this.depth -= 1;
    }
  }

  private parseUnaryExpression(inBrackets: boolean): Filter {
    if (this.isWord('not')) {
      this.next();
      this.expect('open');
      const filter = this.parseOr(inBrackets);
      this.expect('close');
      return { kind: 'not', filter };
    }
    if (this.peek().type === 'open') {
      this.next();
      const filter = this.parseOr(inBrackets);
      this.expect('close');
      return filter;
    }
    return this.parseAttributeExpression(inBrackets);
  }

  private parseAttributeExpression(inBrackets: boolean): Filter {
    const token = this.next();
    if (token.type !== 'word') {
      throw new FilterSyntaxError(`expected an attribute name at ${token.at}`);
    }
    const path = parseAttributePath(token.text);
    if (this.peek().type === 'openBracket') {
      if (inBrackets) throw new FilterSyntaxError(`value filters cannot be nested (at ${token.at})`);
      if (path.subAttribute) {
        throw new FilterSyntaxError(`a value filter cannot follow a sub-attribute (at ${token.at})`);
      }
      this.next();
      const filter = this.parseOr(true);
      this.expect('closeBracket');
      const after = this.peek();
      if (after.type !== 'subAttribute') return { kind: 'valuePath', path, filter };
      this.next();
      const operator = this.parseOperator();
      if (operator === 'pr') {
        return { kind: 'valuePath', path, filter, then: { subAttribute: after.text, operator } };
      }
      const value = this.parseLiteral();
      return { kind: 'valuePath', path, filter, then: { subAttribute: after.text, operator, value } };
    }
    const operator = this.parseOperator();
    if (operator === 'pr') return { kind: 'present', path };
    return { kind: 'compare', path, operator, value: this.parseLiteral() };
  }

  private parseOperator(): CompareOperator | 'pr' {
    const token = this.next();
    const written = token.type === 'word' ? token.text : '';
    const text = this.options.caseSensitiveOperators ? written : written.toLowerCase();
    if (text === 'pr' || COMPARE_OPERATORS.has(text)) return text as CompareOperator | 'pr';
    throw new FilterSyntaxError(`expected an operator (eq, ne, co, sw, ew, gt, lt, ge, le, pr) at ${token.at}`);
  }

  private parseLiteral(): Literal {
    const token = this.next();
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
      throw new FilterSyntaxError(
        `expected a value at ${token.at}; strings must be in double quotes, as in "${token.text}"`,
      );
    }
    throw new FilterSyntaxError(`expected a value at ${token.at}`);
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.type === 'word' && token.text.toLowerCase() === word;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.type !== 'end') this.position += 1;
    return token;
  }

  private expect(type: Token['type']): void {
    const token = this.next();
    const names: Partial<Record<Token['type'], string>> = {
      open: '"("',
      close: '")"',
      closeBracket: '"]"',
    };
    if (token.type !== type) {
      throw new FilterSyntaxError(`expected ${names[type] ?? type} at ${token.at}`);
    }
  }

  private expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'end') throw new FilterSyntaxError(`unexpected text at ${token.at}`);
  }
}

/** Parses a `filter` query parameter; throws a 400 invalidFilter ScimError on bad syntax. */
export function parseFilter(source: string, options: ParseOptions = {}): Filter {
  try {
    return new Parser(tokenize(source, options), options).parseFilter();
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw invalidFilter(`Invalid filter ${JSON.stringify(source)}: ${error.message}.`);
    }
    throw error;
  }
}

/** Parses a PATCH operation path; throws a 400 invalidPath ScimError on bad syntax. */
export function parsePatchPath(source: string): PatchPath {
  try {
    return new Parser(tokenize(source)).parsePatchPath();
  } catch (error) {
    if (error instanceof FilterSyntaxError) {
      throw invalidPath(`Invalid path ${JSON.stringify(source)}: ${error.message}.`);
    }
    throw error;
  }
}

/**
 * A focused OpenAPI 3.0 schema checker for the LINE Messaging API spec (tests/fixtures/specs/line). It covers
 * what LINE's schemas use: $ref, allOf, discriminator mappings, type, required, enum, min/max items,
 * min/max length (UTF-16 units, as LINE counts), minimum/maximum and the uri/uuid formats. It also flags
 * properties no schema declares, which LINE would ignore or reject and which usually mean a typo.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  enum?: unknown[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
}

export interface SpecValidator {
  /** Errors of `value` against `#/components/schemas/<schemaName>`; empty when it conforms. */
  validate(schemaName: string, value: unknown): string[];
}

export const defaultLineSpecPath = new URL('../fixtures/specs/line/messaging-api.yml', import.meta.url);

export async function loadLineSpec(path: string | URL = defaultLineSpecPath): Promise<SpecValidator> {
  const doc = parse(await readFile(path, 'utf8')) as { components: { schemas: Record<string, Schema> } };
  const schemas = doc.components.schemas;

  const deref = (schema: Schema): Schema => {
    let current = schema;
    for (let depth = 0; current.$ref !== undefined; depth++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      const next = schemas[name];
      if (next === undefined || depth > 20) throw new Error(`Unresolvable $ref ${current.$ref}`);
      current = next;
    }
    return current;
  };

  /** Every property name a schema declares, through its allOf parts. */
  const declared = (schema: Schema, into: Set<string>): Set<string> => {
    const resolved = deref(schema);
    for (const name of Object.keys(resolved.properties ?? {})) into.add(name);
    if (resolved.discriminator !== undefined) into.add(resolved.discriminator.propertyName);
    for (const part of resolved.allOf ?? []) declared(part, into);
    return into;
  };

  const check = (
    input: Schema,
    value: unknown,
    path: string,
    errors: string[],
    dispatched: Set<Schema>,
    inAllOf: boolean,
  ): void => {
    const schema = deref(input);
    const disc = schema.discriminator;
    if (disc?.mapping !== undefined && isObject(value) && !dispatched.has(schema)) {
      const tag = value[disc.propertyName];
      const target = typeof tag === 'string' ? disc.mapping[tag] : undefined;
      if (target === undefined) {
        errors.push(`${path}.${disc.propertyName}: unknown value ${JSON.stringify(tag)}`);
        return;
      }
      const resolved = deref({ $ref: target });
      if (resolved !== schema) {
        check(resolved, value, path, errors, new Set([...dispatched, schema]), false);
        return;
      }
    }
    // A base reached through allOf is the parent of this schema: it must not dispatch on its discriminator again.
    const parents = new Set([...dispatched, ...(schema.allOf ?? []).map(deref)]);
    for (const part of schema.allOf ?? []) check(part, value, path, errors, parents, true);
    if (schema.type !== undefined && !hasType(value, schema.type)) {
      errors.push(`${path}: expected ${schema.type}, got ${describe(value)}`);
      return;
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof value === 'string') {
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        errors.push(`${path}: longer than ${schema.maxLength}`);
      }
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        errors.push(`${path}: shorter than ${schema.minLength}`);
      }
      if (schema.format === 'uri' && !URL.canParse(value)) errors.push(`${path}: not a URI`);
      if (schema.format === 'uuid' && !uuidPattern.test(value)) errors.push(`${path}: not a UUID`);
    }
    if (typeof value === 'number') {
      if (schema.maximum !== undefined && value > schema.maximum)
        errors.push(`${path}: above ${schema.maximum}`);
      if (schema.minimum !== undefined && value < schema.minimum)
        errors.push(`${path}: below ${schema.minimum}`);
    }
    if (Array.isArray(value)) {
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        errors.push(`${path}: more than ${schema.maxItems} items`);
      }
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        errors.push(`${path}: fewer than ${schema.minItems} items`);
      }
      if (schema.items !== undefined) {
        value.forEach((item, i) => {
          check(schema.items as Schema, item, `${path}[${i}]`, errors, new Set(), false);
        });
      }
    }
    if (isObject(value)) {
      for (const name of schema.required ?? []) {
        if (value[name] === undefined) errors.push(`${path}.${name}: required`);
      }
      for (const [name, propSchema] of Object.entries(schema.properties ?? {})) {
        if (value[name] !== undefined)
          check(propSchema, value[name], `${path}.${name}`, errors, new Set(), false);
      }
      if (!inAllOf) {
        const allowed = declared(schema, new Set());
        if (allowed.size > 0) {
          for (const name of Object.keys(value)) {
            if (!allowed.has(name)) errors.push(`${path}.${name}: not in the spec`);
          }
        }
      }
    }
  };

  return {
    validate(schemaName, value) {
      const schema = schemas[schemaName];
      if (schema === undefined) throw new Error(`No schema ${schemaName} in the LINE spec`);
      const errors: string[] = [];
      check(schema, value, '$', errors, new Set(), false);
      return errors;
    },
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

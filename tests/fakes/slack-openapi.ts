/**
 * The Slack Web API emulator's checks: each request against the official OpenAPI spec in
 * tests/fixtures/specs/slack (required parameters, their types, the token), and the Block Kit limits the 2021
 * spec does not cover (blocks per message and view, text and button sizes).
 */
import { readFileSync } from 'node:fs';

const specPath = new URL('../fixtures/specs/slack/slack_web_openapi_v2.json', import.meta.url);

interface SpecParameter {
  name: string;
  in: 'header' | 'query' | 'formData';
  type: 'string' | 'integer' | 'number' | 'boolean';
  required?: boolean;
}
export type SpecIndex = Map<string, SpecParameter[]>;

/** Reads the spec once per emulator: method name → its parameters. */
export function loadSpec(): SpecIndex {
  const raw = JSON.parse(readFileSync(specPath, 'utf8')) as {
    paths: Record<string, Record<string, { parameters?: SpecParameter[] }>>;
  };
  const index: SpecIndex = new Map();
  for (const [path, operations] of Object.entries(raw.paths)) {
    const parameters = Object.values(operations).flatMap((op) => op.parameters ?? []);
    index.set(path.replace(/^\//, ''), parameters);
  }
  return index;
}

export function checkAgainstSpec(
  spec: SpecIndex,
  method: string,
  params: Record<string, unknown>,
  authorization: string | undefined,
): string[] {
  const parameters = spec.get(method);
  if (parameters === undefined) return ['not in the spec'];
  const problems: string[] = [];
  for (const parameter of parameters) {
    if (parameter.name === 'token') {
      const hasToken = /^Bearer xox[bpa]-/.test(authorization ?? '') || typeof params.token === 'string';
      if (parameter.required && !hasToken) problems.push('missing token');
      continue;
    }
    const value = params[parameter.name];
    if (value === undefined || value === '') {
      if (parameter.required) problems.push(`missing required ${parameter.name}`);
      continue;
    }
    if (!hasType(value, parameter.type)) problems.push(`${parameter.name} is not a ${parameter.type}`);
  }
  return problems;
}

function hasType(value: unknown, type: SpecParameter['type']): boolean {
  if (typeof value !== 'string') {
    if (type === 'boolean') return typeof value === 'boolean';
    if (type === 'integer') return Number.isInteger(value);
    if (type === 'number') return typeof value === 'number';
    // JSON bodies carry blocks/views as arrays and objects where form bodies carry JSON strings.
    return true;
  }
  if (type === 'boolean') return ['true', 'false', '1', '0'].includes(value);
  if (type === 'integer') return /^-?\d+$/.test(value);
  if (type === 'number') return /^-?\d+(\.\d+)?$/.test(value);
  return true;
}

/** Block Kit limits (platforms.md): 50 blocks per message, 100 per view, text and button sizes. */
export function checkBlocks(method: string, params: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of ['blocks', 'view', 'metadata'] as const) {
    const value = params[key];
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
      } catch {
        problems.push(`${key} is not valid JSON`);
        return problems;
      }
    }
  }
  const isView = method.startsWith('views.');
  const blocks = isView ? asArray(asObject(params.view).blocks) : asArray(params.blocks);
  if (blocks.length > (isView ? 100 : 50)) problems.push(`too many blocks (${blocks.length})`);
  if (method === 'chat.postMessage' && String(params.text ?? '').length > 40_000)
    problems.push('text too long');
  for (const block of blocks as Record<string, unknown>[]) {
    const text = asObject(block.text).text;
    if (block.type === 'header' && typeof text === 'string' && text.length > 150)
      problems.push('header > 150');
    if (block.type === 'section' && typeof text === 'string' && (text.length < 1 || text.length > 3000)) {
      problems.push('section text not 1–3000 chars');
    }
    for (const element of asArray(block.elements) as Record<string, unknown>[]) {
      const label = asObject(element.text).text;
      if (element.type === 'button' && typeof label === 'string' && label.length > 75)
        problems.push('button > 75');
      if (typeof element.action_id === 'string' && element.action_id.length > 255)
        problems.push('action_id > 255');
      if (typeof element.value === 'string' && element.value.length > 2000) problems.push('value > 2000');
    }
  }
  if (isView) {
    const view = asObject(params.view);
    if (!['modal', 'home'].includes(String(view.type))) problems.push('view.type must be modal or home');
    if (view.type === 'modal' && asObject(view.title).text === undefined)
      problems.push('modal needs a title');
  }
  return problems;
}

export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  if (typeof value === 'string') {
    try {
      return asArray(JSON.parse(value));
    } catch {
      return [];
    }
  }
  return Array.isArray(value) ? value : [];
}

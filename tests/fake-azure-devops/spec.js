// The PAT Lifecycle API contract, read from Microsoft's OpenAPI 2.0 files in
// tests/fixtures/azure-devops/spec/{7.1,7.2}/tokens.json (docs/azure-devops.md §7; the files start with a BOM).
//
// Every lifecycle request's query and body are validated with ajv against JSON Schema built from
// the spec: `definitions` are kept as they are (their `$ref: "#/definitions/X"` resolve inside the
// schema we register), `x-ms-*` keys are dropped, and each operation's query parameters become an
// object schema. Two deliberate strictnesses, so that the client cannot invent anything:
//   - query objects and request bodies refuse properties the spec does not name;
//   - `$top` has a maximum of 100 (the spec says "limit of 100" in prose only).

import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const FIXTURES = new URL('../fixtures/azure-devops/spec/', import.meta.url);

export const API_VERSIONS = { '7.1-preview.1': '7.1', '7.2-preview.1': '7.2' };

const BASE_PATH = '/{organization}/_apis/tokens/pats';

function loadSpec(version) {
  const text = readFileSync(new URL(`${version}/tokens.json`, FIXTURES), 'utf8').replace(/^\uFEFF/, '');
  return JSON.parse(text);
}

function dropVendorKeys(node) {
  if (Array.isArray(node)) return node.map(dropVendorKeys);
  if (node && typeof node === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(node)) if (!k.startsWith('x-ms-')) out[k] = dropVendorKeys(v);
    return out;
  }
  return node;
}

/** Responses in Microsoft's examples carry `null` where the spec says string/array. */
function allowNulls(node) {
  if (Array.isArray(node)) return node.map(allowNulls);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = allowNulls(v);
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

function parameterSchema(p) {
  const s = {};
  for (const k of ['type', 'format', 'enum']) if (p[k] !== undefined) s[k] = p[k];
  if (p.name === '$top') Object.assign(s, { minimum: 1, maximum: 100 });
  return s;
}

function operationsOf(spec) {
  const ops = {};
  const sources = [spec.paths?.[BASE_PATH], spec['x-ms-paths']?.[`${BASE_PATH}?`]];
  for (const item of sources) {
    for (const [method, op] of Object.entries(item ?? {})) {
      if (!op?.operationId) continue;
      const params = op.parameters.map((p) => (p.$ref ? spec.parameters[p.$ref.split('/').pop()] : p));
      const query = { type: 'object', properties: {}, required: [], additionalProperties: false };
      let body = null;
      for (const p of params) {
        if (p.in === 'query') {
          query.properties[p.name] = parameterSchema(p);
          if (p.required) query.required.push(p.name);
        } else if (p.in === 'body') {
          body = { ref: p.schema.$ref.split('/').pop(), required: Boolean(p.required) };
        }
      }
      ops[op.operationId] = { method: method.toUpperCase(), query, body };
    }
  }
  return ops;
}

function buildVersion(version) {
  const spec = loadSpec(version);
  const definitions = dropVendorKeys(spec.definitions);
  // Request bodies are strict (no fields the spec doesn't name).
  for (const name of ['PatTokenCreateRequest', 'PatTokenUpdateRequest']) {
    definitions[name] = { ...definitions[name], additionalProperties: false };
  }
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  ajv.addSchema({ $id: `tokens-${version}`, definitions });
  const queryAjv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: true }));
  const responseAjv = addFormats(new Ajv({ allErrors: true, strict: false }));
  responseAjv.addSchema({ $id: `tokens-${version}`, definitions: allowNulls(dropVendorKeys(spec.definitions)) });

  const operations = {};
  for (const [id, op] of Object.entries(operationsOf(spec))) {
    operations[id] = {
      method: op.method,
      query: queryAjv.compile(op.query),
      body: op.body && { required: op.body.required, validate: ajv.getSchema(`tokens-${version}#/definitions/${op.body.ref}`) },
    };
  }
  const errorEnum = spec.definitions.PatTokenResult.properties.patTokenError.enum;
  const responseValidator = (name) => responseAjv.getSchema(`tokens-${version}#/definitions/${name}`);
  return { version, operations, errorEnum, responseValidator, definitions: spec.definitions };
}

let cache = null;
/** `{ '7.1': {...}, '7.2': {...} }`, built once per process. */
export function specs() {
  cache ??= { '7.1': buildVersion('7.1'), '7.2': buildVersion('7.2') };
  return cache;
}

export function formatAjvErrors(errors, where) {
  return (errors ?? [])
    .map((e) => {
      const at = `${where}${e.instancePath || ''}`;
      if (e.keyword === 'additionalProperties') return `${at}: unknown property '${e.params.additionalProperty}'`;
      if (e.keyword === 'enum') return `${at}: must be one of ${e.params.allowedValues.join(', ')}`;
      return `${at}: ${e.message}`;
    })
    .join('; ');
}

/**
 * Validates a lifecycle request. `query` is the parsed query object (strings), `body` the parsed
 * JSON (or undefined). Returns `{ ok, version, errors: [string], status }`.
 */
export function validateLifecycle(operationId, query, body, { hasBody, jsonBody }) {
  const all = specs();
  const apiVersion = query['api-version'];
  const version = API_VERSIONS[apiVersion] ?? '7.1';
  const op = all[version].operations[operationId];
  const errors = [];
  if (apiVersion !== undefined && !(apiVersion in API_VERSIONS)) {
    errors.push(`query.api-version: '${apiVersion}' is not one of ${Object.keys(API_VERSIONS).join(', ')}`);
  }
  const q = { ...query };
  if (!op.query(q)) errors.push(formatAjvErrors(op.query.errors, 'query'));
  let status = 400;
  if (op.body) {
    if (!hasBody) {
      if (op.body.required) errors.push('body: required');
    } else if (!jsonBody) {
      errors.push('body: Content-Type must be application/json');
      status = 415;
    } else if (body === undefined) {
      errors.push('body: not valid JSON');
    } else if (!op.body.validate(body)) {
      errors.push(formatAjvErrors(op.body.validate.errors, 'body'));
    }
  } else if (hasBody) {
    errors.push('body: this operation takes no body');
  }
  if (errors.length && status !== 415) status = 400;
  return { ok: errors.length === 0, version, apiVersion, errors, status, query: q };
}

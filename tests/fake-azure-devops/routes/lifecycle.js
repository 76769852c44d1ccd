// The public PAT Lifecycle API (docs/azure-devops.md §7, spec tokens.json): one path, the method picks the
// operation; `api-version` 7.1-preview.1 or 7.2-preview.1.
//   lifecycleList    GET    …/_apis/tokens/pats            → PagedPatTokens
//   lifecycleGet     GET    …/_apis/tokens/pats?authorizationId=…  → PatTokenResult (token null)
//   lifecycleCreate  POST   …/_apis/tokens/pats  PatTokenCreateRequest → PatTokenResult (secret)
//   lifecycleUpdate  PUT    …/_apis/tokens/pats  PatTokenUpdateRequest → PatTokenResult
//   lifecycleRevoke  DELETE …/_apis/tokens/pats?authorizationId=…  → 204 (example) or 200 (spec)
//
// Every request's query and body are validated against the spec (spec.js). An invalid request is
// recorded as a violation and, once authenticated, answered 400 (415 for a non-JSON body).

import { randomBytes } from 'node:crypto';
import { lifecycleAuth } from '../auth.js';
import { addViolation, findToken } from '../state.js';
import { validateLifecycle } from '../spec.js';
import { createPat, listTokens, revokePat, updatePat } from '../tokens.js';
import { empty, error, json, notFound } from '../responses.js';
import { formatTime } from '../util.js';

const OPERATIONS = {
  lifecycleList: 'Pats_List',
  lifecycleGet: 'Pats_Get',
  lifecycleCreate: 'Pats_Create',
  lifecycleUpdate: 'Pats_Update',
  lifecycleRevoke: 'Pats_Revoke',
};

/** The route name for a request to …/tokens/pats (the two GETs differ by `authorizationId`). */
export function lifecycleRoute(method, query) {
  switch (method) {
    case 'GET': return 'authorizationId' in query ? 'lifecycleGet' : 'lifecycleList';
    case 'POST': return 'lifecycleCreate';
    case 'PUT': return 'lifecycleUpdate';
    case 'DELETE': return 'lifecycleRevoke';
    default: return null;
  }
}

/** `PatToken` in the order Microsoft's examples print it; `token` is null except on create. */
export function patTokenView(t, secret = null) {
  return {
    displayName: t.displayName,
    validTo: formatTime(t.validTo),
    scope: t.scope,
    targetAccounts: t.targetAccounts,
    validFrom: formatTime(t.validFrom),
    authorizationId: t.authorizationId,
    token: secret,
  };
}

/**
 * `PatTokenResult`. With an error: `patToken` null, HTTP status `patTokenErrorStatus` (docs/azure-devops.md §7.3:
 * unverified, default 400), and `patTokenErrorMessage` only for 7.2 callers (the 7.1 spec lacks
 * the field).
 */
function patResult(state, v, result, secret) {
  if (result.error) {
    const body = { patToken: null, patTokenError: result.error };
    if (v.version === '7.2') body.patTokenErrorMessage = result.message;
    return json(state.config.patTokenErrorStatus, body, { apiVersion: v.apiVersion });
  }
  return json(200, { patToken: patTokenView(result.token, secret), patTokenError: 'none' }, { apiVersion: v.apiVersion });
}

function rejectInvalid(v) {
  const preview = /^(\d+\.\d+)$/.exec(v.apiVersion ?? '');
  if (preview) {
    return error(400, `The requested version "${preview[1]}" of the resource is under preview. The -preview flag must be supplied in the api-version for such requests. For example: "${preview[1]}-preview"`, 'VssInvalidPreviewVersionException');
  }
  if (v.status === 415) return error(415, v.errors.join('; '), 'UnsupportedMediaTypeException');
  return error(400, v.errors.join('; '), 'InvalidArgumentValueException');
}

function list(state, ctx, v) {
  const q = v.query;
  const options = {
    filter: q.displayFilterOption ?? 'all',
    sortBy: q.sortByOption ?? 'displayName',
    ascending: q.isSortAscending ?? true,
  };
  const key = JSON.stringify(options);
  let offset = 0;
  if (q.continuationToken !== undefined && q.continuationToken !== '') {
    const cursor = state.cursors.get(q.continuationToken);
    const problem = !cursor ? 'continuationToken was not issued by this server'
      : cursor.key !== key ? 'a continuation call must repeat the first call\'s displayFilterOption, sortByOption and isSortAscending (docs/azure-devops.md §7.4)'
        : null;
    if (problem) {
      addViolation(state, { kind: 'protocol', route: ctx.route, method: ctx.method, host: ctx.host, path: ctx.path, message: problem });
      return error(400, `The continuation token is not valid: ${problem}.`, 'InvalidArgumentValueException');
    }
    offset = cursor.offset;
  }
  const top = q.$top ?? state.config.lifecyclePageSize;
  const rows = listTokens(state, ctx.org, { ...options, isPublic: false });
  const page = rows.slice(offset, offset + top);
  let continuationToken = '';
  if (offset + top < rows.length) {
    // Opaque to clients (docs/azure-devops.md §7.4); shaped like the decompiled client's "{n}-patapitoken".
    continuationToken = Buffer.from(`${offset + top}-${randomBytes(6).toString('hex')}-patapitoken`).toString('base64');
    state.cursors.set(continuationToken, { offset: offset + top, key });
  }
  return json(200, { continuationToken, patTokens: page.map((t) => patTokenView(t)) }, { apiVersion: v.apiVersion });
}

function get(state, ctx, v) {
  const token = findToken(ctx.org, v.query.authorizationId);
  if (!token || token.isPublic) {
    return patResult(state, v, { error: 'authorizationNotFound', message: `No personal access token with authorizationId ${v.query.authorizationId} was found.` });
  }
  return patResult(state, v, { token });
}

function create(state, ctx, v) {
  const b = ctx.body;
  const result = createPat(state, ctx.org, {
    displayName: b.displayName,
    scope: b.scope,
    validTo: b.validTo,
    global: b.allOrgs === true,
  }, { source: 'api' });
  return patResult(state, v, result, result.secret ?? null);
}

function update(state, ctx, v) {
  return patResult(state, v, updatePat(state, ctx.org, ctx.body));
}

function revoke(state, ctx, v) {
  const token = findToken(ctx.org, v.query.authorizationId);
  if (!token || token.isPublic) return notFound(`The personal access token ${v.query.authorizationId}`);
  revokePat(state, ctx.org, token.authorizationId);
  const status = state.config.revokeStatus;
  // A 204 carries no body (HTTP); Microsoft's example shows `{}` next to it.
  if (status === 204) return empty(204);
  return { status: 200, headers: state.config.revokeBody ? { 'content-type': 'application/json; charset=utf-8' } : {}, body: state.config.revokeBody };
}

const HANDLERS = { lifecycleList: list, lifecycleGet: get, lifecycleCreate: create, lifecycleUpdate: update, lifecycleRevoke: revoke };

export function lifecycle(state, ctx) {
  const v = validateLifecycle(OPERATIONS[ctx.route], ctx.query, ctx.bodyIsJson ? ctx.body : undefined, {
    hasBody: ctx.rawBody.length > 0,
    jsonBody: /^application\/json\b/i.test(ctx.headers['content-type'] ?? ''),
  });
  if (!v.ok) {
    addViolation(state, { kind: 'spec', route: ctx.route, method: ctx.method, host: ctx.host, path: ctx.path, message: v.errors.join('; '), errors: v.errors });
  }
  const auth = lifecycleAuth(state, ctx);
  if (auth.response) return auth.response;
  if (!v.ok) return rejectInvalid(v);
  return HANDLERS[ctx.route](state, ctx, v);
}

// The routes Azure DevOps' own pages use (docs/azure-devops.md §4–§8, observed and undocumented):
//   connectionData                      GET  {web}/_apis/connectionData                 (§8.1)
//   sessionToken                        POST {web}/_apis/WebPlatformAuth/SessionToken   (§8.2)
//   webCreate                           POST {web}/_apis/Contribution/HierarchyQuery    (§5)
//   webList / webGet / webRevoke        {vssps}/_apis/Token/SessionTokens[/{id}]        (§4)
// {web} is https://dev.azure.com/{org} or https://{org}.visualstudio.com;
// {vssps} is https://vssps.dev.azure.com/{org} or https://{org}.vssps.visualstudio.com.
//
// There is no spec for these: where a request names a field or parameter that the README does not
// list, the fake records a violation (so the client cannot invent one) but still answers.

import { bearerUser, cookieUser, deny, sessionAuth, webAuth } from '../auth.js';
import { addViolation, findToken, issueBearer, orgsOfUser } from '../state.js';
import { createPat, listTokens, revokePat } from '../tokens.js';
import { empty, error, json, methodNotAllowed, notFound } from '../responses.js';
import { formatTime } from '../util.js';

export const PROVIDER = 'ms.vss-token-web.personal-access-token-issue-session-token-provider';
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEPLOYMENT_ID = 'e0b5d3a8-5f4c-4b1e-9d2a-7c6f8e9a0b1c';
const TFS_SERVICE_OWNER = '00025394-6065-48ca-87d9-7f5672854ef7';

function violation(state, ctx, kind, message) {
  addViolation(state, { kind, route: ctx.route, method: ctx.method, host: ctx.host, path: ctx.path, message });
}

function unknownKeys(state, ctx, object, known, where) {
  for (const key of Object.keys(object ?? {})) {
    if (!known.includes(key)) violation(state, ctx, 'unknownField', `${where}: '${key}' is not a known parameter of this route`);
  }
}

/** docs/azure-devops.md §2: the api-version goes in the query or in `Accept`. */
function requireApiVersion(state, ctx) {
  const fromAccept = /api-version=([^;,\s]+)/i.exec(ctx.headers.accept ?? '')?.[1];
  const version = ctx.query['api-version'] ?? fromAccept;
  if (version && /^\d+\.\d+(-preview(\.\d+)?)?$/.test(version)) return { version };
  const message = version
    ? `The requested REST API version '${version}' is not valid.`
    : `No api-version was supplied for the ${ctx.method} request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as a query parameter (e.g. '?api-version=1.0').`;
  violation(state, ctx, 'protocol', message);
  return { response: error(400, message, 'VssVersionNotSpecifiedException') };
}

/** An `Identity` (docs/azure-devops.md §8.1, [CONNDATA]): only fields the documented type has. */
function identity(user) {
  return {
    id: user.id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${user.mail}`,
    providerDisplayName: user.displayName,
    isActive: true,
    isContainer: false,
    members: [],
    memberOf: [],
    properties: { Account: { $type: 'System.String', $value: user.mail } },
    resourceVersion: 2,
    metaTypeId: 0,
  };
}

// docs/azure-devops.md §8.1 asks whether a signed-out connectionData answers 401 or 200 with an anonymous
// user; `connectionDataSignedOut: 'anonymous'` plays the second (identity values unverified).
const ANONYMOUS = { id: 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', displayName: 'Anonymous', mail: 'anonymous' };

export function connectionData(state, ctx) {
  if (ctx.method !== 'GET') return methodNotAllowed(ctx.method);
  let user = cookieUser(state, ctx, ctx.org) ?? bearerUser(state, ctx, ctx.org);
  if (!user) {
    if (state.config.connectionDataSignedOut !== 'anonymous') return deny(state, ctx);
    user = ANONYMOUS;
  }
  const person = identity(user);
  return json(200, {
    authenticatedUser: person,
    authorizedUser: person,
    instanceId: ctx.org.id,
    deploymentId: DEPLOYMENT_ID,
    deploymentType: 'hosted',
    locationServiceData: {
      serviceOwner: TFS_SERVICE_OWNER,
      defaultAccessMappingMoniker: 'PublicAccessMapping',
      lastChangeId: 1,
      lastChangeId64: 1,
    },
  });
}

/** docs/azure-devops.md §8.2: "the response has a `token` field" — that field only. */
export function sessionToken(state, ctx) {
  if (ctx.method !== 'POST') return methodNotAllowed(ctx.method);
  const auth = sessionAuth(state, ctx);
  if (auth.response) return auth.response;
  const { user } = auth;
  if (ctx.body !== null && typeof ctx.body === 'object') {
    unknownKeys(state, ctx, ctx.body, ['appId', 'force', 'namedTokenId', 'tokenType'], 'body');
  }
  return json(200, { token: issueBearer(state, user.id) });
}

/** A `SessionToken` (spec `definitions.SessionToken`), as Token/SessionTokens returns it. */
export function sessionTokenView(token, { secret = null, includePublicData = true } = {}) {
  return {
    accessId: token.accessId,
    authorizationId: token.authorizationId,
    claims: null,
    clientId: ZERO_UUID,
    displayName: token.displayName,
    hostAuthorizationId: ZERO_UUID,
    isPublic: token.isPublic,
    isValid: !token.revoked,
    publicData: includePublicData ? token.publicData : null,
    scope: token.scope,
    source: null,
    targetAccounts: token.targetAccounts,
    token: secret,
    userId: token.userId,
    validFrom: formatTime(token.validFrom),
    validTo: formatTime(token.validTo),
  };
}

const CREATE_PROPERTIES = ['displayName', 'scope', 'validTo', 'targetAccounts', 'sourcePage', 'isPublic', 'publicData'];

/**
 * Create through the data provider (docs/azure-devops.md §5). Success: the secret at
 * `dataProviders[PROVIDER].token` — the only field public scripts are known to read; we also put
 * the rest of the created SessionToken there (authorizationId, displayName, scope, validFrom,
 * validTo, targetAccounts, …) because the provider hands back the session token object.
 * Failure: 200 with `dataProviderExceptions[PROVIDER].message`.
 */
export function webCreate(state, ctx) {
  if (ctx.method !== 'POST') return methodNotAllowed(ctx.method);
  const auth = webAuth(state, ctx);
  if (auth.response) return auth.response;
  const versioned = requireApiVersion(state, ctx);
  if (versioned.response) return versioned.response;
  if (!/^application\/json\b/i.test(ctx.headers['content-type'] ?? '')) {
    violation(state, ctx, 'protocol', 'HierarchyQuery needs Content-Type: application/json (docs/azure-devops.md §5)');
    return error(415, 'The request entity\'s media type is not supported.', 'UnsupportedMediaTypeException');
  }
  const body = ctx.body;
  const properties = body?.dataProviderContext?.properties;
  if (!body || typeof body !== 'object' || !Array.isArray(body.contributionIds) || !properties || typeof properties !== 'object') {
    violation(state, ctx, 'protocol', 'HierarchyQuery needs a JSON body with contributionIds and dataProviderContext.properties');
    return error(400, 'The request body is not a valid contribution query.', 'ArgumentException');
  }
  unknownKeys(state, ctx, body, ['contributionIds', 'dataProviderContext'], 'body');
  if (!body.contributionIds.includes(PROVIDER)) {
    violation(state, ctx, 'protocol', `HierarchyQuery without ${PROVIDER}: nothing to create`);
    return json(200, { dataProviders: {} });
  }
  const failure = (message) => json(200, { dataProviders: {}, dataProviderExceptions: { [PROVIDER]: { message } } });
  if ('authorizationId' in properties) {
    // docs/azure-devops.md §5: regenerate through the same provider is seen only in commented-out code and an
    // on-premises script; its semantics are unverified, so the fake refuses it.
    violation(state, ctx, 'unsupported', 'regenerate through HierarchyQuery (semantics unverified, docs/azure-devops.md §5)');
    return failure('Regenerating a token is not supported.');
  }
  unknownKeys(state, ctx, properties, CREATE_PROPERTIES, 'dataProviderContext.properties');
  if (properties.isPublic === true) return failure('SSH keys are not supported by this server.');
  // targetAccounts: `["{instanceId}"]` is an organization token; absent, null or `[]` (one tool
  // sends `[]`) we take to mean all organizations — unverified (docs/azure-devops.md §5).
  const target = properties.targetAccounts;
  if (target !== undefined && target !== null && (!Array.isArray(target) || !target.every((id) => UUID.test(id)))) {
    return failure('The target accounts are not valid.');
  }
  const known = new Set([...state.orgs.values()].map((o) => o.id.toLowerCase()));
  if (Array.isArray(target) && target.some((id) => !known.has(id.toLowerCase()))) {
    return failure('The target accounts are not valid.');
  }
  const global = !Array.isArray(target) || target.length === 0;
  const result = createPat(state, ctx.org, {
    displayName: properties.displayName,
    scope: properties.scope,
    validTo: properties.validTo,
    global,
    targetAccounts: global ? null : target,
  }, { source: 'web' });
  if (result.error) return failure(result.message);
  return json(200, { dataProviders: { [PROVIDER]: sessionTokenView(result.token, { secret: result.secret }) } });
}

const DISPLAY_FILTER = { 1: 'active', 2: 'revoked', 3: 'expired', 4: 'all' };
const CREATED_BY = { 1: 'web', 2: 'api', 3: null };
const SORT_BY = { 1: 'displayName', 2: 'displayDate', 3: 'status' };
const NAMES = {
  displayFilterOption: { active: 1, revoked: 2, expired: 3, all: 4 },
  createdByOption: { vstswebui: 1, nonvstswebui: 2, all: 3 },
  sortByOption: { displayname: 1, displaydate: 2, status: 3 },
};
const LIST_PARAMS = ['api-version', 'displayFilterOption', 'createdByOption', 'sortByOption', 'isSortAscending',
  'startRowNumber', 'pageSize', 'pageRequestTimeStamp', 'isPublic', 'includePublicData'];

/** Parses docs/azure-devops.md §4's query: enums as numbers (the captured form) or names, any case. */
function parseListQuery(query) {
  const problems = [];
  const num = (name, table) => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    const n = /^\d+$/.test(raw) ? Number(raw) : NAMES[name][raw.toLowerCase()];
    if (!(n in table)) problems.push(`${name}: '${raw}' is not valid`);
    return table[n];
  };
  const bool = (name) => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (!/^(true|false)$/i.test(raw)) problems.push(`${name}: '${raw}' is not a boolean`);
    return /^true$/i.test(raw);
  };
  const int = (name, min) => {
    const raw = query[name];
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) problems.push(`${name}: '${raw}' must be an integer ≥ ${min}`);
    return Number(raw);
  };
  const parsed = {
    filter: num('displayFilterOption', DISPLAY_FILTER) ?? 'all',
    source: num('createdByOption', CREATED_BY) ?? null,
    sortBy: num('sortByOption', SORT_BY) ?? 'displayName',
    ascending: bool('isSortAscending') ?? true,
    startRowNumber: int('startRowNumber', 1),
    pageSize: int('pageSize', 1),
    isPublic: bool('isPublic'),
    includePublicData: bool('includePublicData') ?? false,
  };
  return { parsed, problems };
}

// The six parameters that, with `pageRequestTimeStamp`, select the paged action: the server's
// `GetSessionTokensPage` takes all seven, `GetSessionTokens` none of them (docs/azure-devops.md
// §4.1, [DECOMP]).
const PAGE_PARAMS = ['displayFilterOption', 'createdByOption', 'sortByOption', 'isSortAscending', 'startRowNumber', 'pageSize', 'pageRequestTimeStamp'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** .NET's `DateTime.ParseExact(text, "R")`: `Sun, 14 Jul 2024 18:14:24 GMT`, or NaN. */
export function parseRfc1123(text) {
  const m = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(text ?? '');
  if (!m) return NaN;
  const ms = Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
  const back = new Date(ms);
  const same = back.getUTCDate() === Number(m[2]) && back.getUTCHours() === Number(m[5]) && DAYS[back.getUTCDay()] === m[1];
  return same ? ms : NaN;
}

/**
 * List (docs/azure-devops.md §4). The person's tokens of *every* organization (the stored
 * procedure lists by user), not only those of the organization in the URL.
 * - Paged only when all seven paging parameters are there, `pageRequestTimeStamp` (RFC 1123)
 *   included: `{ nextRowNumber, sessionTokens }`, rows numbered from 1, `nextRowNumber` 0 on the
 *   last page (the server code's default). With `listSnapshot`, tokens created after the
 *   timestamp are left out.
 * - Otherwise all of them, wrapped the way Azure DevOps wraps collections (`{ count, value }`),
 *   or a bare array when `Accept` has `noArrayWrap=true`; paging parameters are then ignored.
 * `isPublic` absent lists PATs and SSH keys together ("filter those out of PAT lists", §4.4);
 * `true` only SSH keys, `false` only PATs.
 */
export function webList(state, ctx) {
  const auth = webAuth(state, ctx);
  if (auth.response) return auth.response;
  const versioned = requireApiVersion(state, ctx);
  if (versioned.response) return versioned.response;
  unknownKeys(state, ctx, ctx.query, LIST_PARAMS, 'query');
  const { parsed: q, problems } = parseListQuery(ctx.query);
  const paged = PAGE_PARAMS.every((name) => ctx.query[name] !== undefined);
  let stamp;
  if (paged) {
    stamp = parseRfc1123(ctx.query.pageRequestTimeStamp);
    if (Number.isNaN(stamp)) problems.push(`pageRequestTimeStamp: '${ctx.query.pageRequestTimeStamp}' is not an RFC 1123 date (e.g. 'Sun, 14 Jul 2024 18:14:24 GMT')`);
  }
  if (problems.length) {
    violation(state, ctx, 'protocol', problems.join('; '));
    return error(400, problems.join('; '), 'ArgumentException');
  }
  const options = { filter: q.filter, sortBy: q.sortBy, ascending: q.ascending, isPublic: q.isPublic, source: q.source };
  const rows = listTokens(state, orgsOfUser(state, auth.user.id), options);
  const view = (t) => sessionTokenView(t, { includePublicData: q.includePublicData });
  if (!paged) {
    const value = rows.map(view);
    const noWrap = /noArrayWrap=true/i.test(ctx.headers.accept ?? '');
    return json(200, noWrap ? value : { count: value.length, value }, { apiVersion: versioned.version });
  }
  const listed = state.config.listSnapshot ? rows.filter((t) => t.validFrom <= stamp) : rows;
  const start = q.startRowNumber;
  const size = q.pageSize;
  const page = listed.slice(start - 1, start - 1 + size);
  const nextRowNumber = start - 1 + size < listed.length ? start + size : 0;
  return json(200, { nextRowNumber, sessionTokens: page.map(view) }, { apiVersion: versioned.version });
}

export function webGet(state, ctx) {
  const auth = webAuth(state, ctx);
  if (auth.response) return auth.response;
  const versioned = requireApiVersion(state, ctx);
  if (versioned.response) return versioned.response;
  unknownKeys(state, ctx, ctx.query, ['api-version', 'isPublic'], 'query');
  if (!UUID.test(ctx.params.id)) {
    violation(state, ctx, 'protocol', `'${ctx.params.id}' is not an authorizationId`);
    return error(400, `'${ctx.params.id}' is not a valid authorizationId.`, 'ArgumentException');
  }
  const token = findToken(ctx.org, ctx.params.id);
  if (!token) return notFound(`The session token ${ctx.params.id}`);
  return json(200, sessionTokenView(token), { apiVersion: versioned.version });
}

export function webRevoke(state, ctx) {
  const auth = webAuth(state, ctx);
  if (auth.response) return auth.response;
  const versioned = requireApiVersion(state, ctx);
  if (versioned.response) return versioned.response;
  unknownKeys(state, ctx, ctx.query, ['api-version', 'isPublic'], 'query');
  if (!UUID.test(ctx.params.id)) {
    violation(state, ctx, 'protocol', `'${ctx.params.id}' is not an authorizationId`);
    return error(400, `'${ctx.params.id}' is not a valid authorizationId.`, 'ArgumentException');
  }
  // Addressed through the token's own organization (docs/azure-devops.md §6): another
  // organization's token is not found here.
  const result = revokePat(state, ctx.org, ctx.params.id);
  if (result.notFound) return notFound(`The session token ${ctx.params.id}`);
  // The server's RevokeSessionToken answers 200 with no content ([DECOMP]).
  return empty(200);
}

/** `DELETE …/Token/SessionTokens` without an id revokes every token (docs/azure-devops.md §6): never allowed. */
export function webRevokeAll(state, ctx) {
  violation(state, ctx, 'forbidden', 'DELETE Token/SessionTokens without an authorizationId revokes every token of the user');
  return error(400, 'Refusing to revoke all tokens: an authorizationId is required.', 'ArgumentException');
}

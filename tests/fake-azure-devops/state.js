// Everything the fake remembers: organizations and their tokens, sessions and bearers, the clock,
// the configuration, injected faults, and what it has seen (requests, violations, secrets).

import { DAY_MS, newBearer, newCookieValue, roundToSqlDatetime, toMs, uuid } from './util.js';

export const DEFAULT_USER = Object.freeze({
  id: '3c5b4e2a-7d1f-4c8e-9a6b-2f0d1e7c9a41',
  displayName: 'Ada Lovelace',
  mail: 'ada.lovelace@contoso.com',
});

export const ROUTES = [
  'connectionData', 'sessionToken',
  'webCreate', 'webList', 'webGet', 'webRevoke',
  'lifecycleList', 'lifecycleGet', 'lifecycleCreate', 'lifecycleUpdate', 'lifecycleRevoke',
];

export function defaultConfig() {
  return {
    // web dialect (HierarchyQuery, Token/SessionTokens): 'on' accepts the session cookie;
    // 'off' answers 401 to everything; 'gone' answers 404 (the routes no longer exist).
    web: 'on',
    // lifecycle dialect (tokens/pats): what it accepts. Microsoft documents it for Entra tokens
    // only (docs/azure-devops.md §7.1), and the fake has none: by default it refuses the browser
    // session — cookies and session bearers alike — with 401 ('off'). The case "if Microsoft
    // accepts the session" is 'cookie' | 'bearer' | 'any' (either), turned on by the tests that
    // need it.
    lifecycle: 'off',
    // Cookie-authenticated writes (anything but GET/HEAD) whose `Origin` is present and not an
    // Azure DevOps origin are refused with 401, as for signed out (docs/azure-devops.md §9:
    // whether the service does this is unknown). Bearer-authenticated calls are not checked.
    originCheck: false,
    // The paged list leaves out tokens created after `pageRequestTimeStamp` (one reading of a
    // parameter whose meaning is unknown, docs/azure-devops.md §4.3: the stricter one for a
    // client that lists right after a create).
    listSnapshot: true,
    // Answer to a request without a valid credential and without `X-TFS-FedAuthRedirect:
    // Suppress` (docs/azure-devops.md §3): 'redirect' (302 to spsprod…/_signin), 'html203' (203 + HTML sign-in
    // page), or 'json401'. With the header the answer is always 401 JSON, unless
    // `suppressHonoured` is false (then the header is ignored).
    signedOut: 'redirect',
    suppressHonoured: true,
    // Status that goes with the 401 JSON answer (403 is the other one docs/azure-devops.md §3 mentions).
    unauthorizedStatus: 401,
    // connectionData when signed out (docs/azure-devops.md §8.1 is open): 'deny' answers like any API,
    // 'anonymous' answers 200 with an anonymous identity.
    connectionDataSignedOut: 'deny',
    policy: {
      maxLifespanDays: null, // "Enforce maximum personal access token lifespan"
      lifespanMode: 'clamp', // 'clamp' (7.2 spec text) | 'reject' (patLifespanPolicyViolation)
      fullScopeBlocked: false, // app_token → fullScopePatPolicyViolation
      globalBlocked: false, // allOrgs → globalPatPolicyViolation
      globalCreationBlocked: false, // allOrgs → globalPATCreationBlocked (7.2, retirement)
      creationRestricted: false, // → disablePatCreationPolicyViolation
      packagingOnly: false, // with creationRestricted: vso.packaging* scopes still allowed
    },
    // HTTP status of a lifecycle answer whose patTokenError is not `none` (docs/azure-devops.md §7.3: unverified).
    patTokenErrorStatus: 400,
    revokeStatus: 204, // lifecycle DELETE: 204 (example) or 200 (spec)
    revokeBody: '', // body of a 200 revoke: '' or '{}' (a 204 never has a body)
    lifecyclePageSize: 100, // page size when `$top` is absent
    defaultLifetimeDays: 30, // validTo when a create sends none (docs/azure-devops.md §11: unverified; UI default)
    maxValidityDays: 366, // "not to exceed one year" (docs/azure-devops.md §10); beyond → invalidValidTo
    bearerLifetimeMinutes: 60,
    // false: every answer says `Connection: close`. Chromium resends a request once, silently,
    // when a reused keep-alive connection closes before any answer, so a `drop` fault with
    // `times: 1` may be absorbed by the browser; without keep-alive it cannot be.
    keepAlive: true,
  };
}

const CONFIG_VALUES = {
  web: ['on', 'off', 'gone'],
  lifecycle: ['cookie', 'bearer', 'any', 'off'],
  signedOut: ['redirect', 'html203', 'json401'],
  connectionDataSignedOut: ['deny', 'anonymous'],
  revokeStatus: [200, 204],
  revokeBody: ['', '{}'],
  keepAlive: [true, false],
  originCheck: [true, false],
  listSnapshot: [true, false],
};

export function createState() {
  const state = {
    orgs: new Map(), // lower-case name → org
    sessions: new Map(), // cookie value → { userId }
    bearers: new Map(), // bearer → { userId, expiresAt }
    config: defaultConfig(),
    faults: [],
    records: [],
    violations: [],
    secrets: [],
    cursors: new Map(), // continuation token → { offset, key }
    clock: { offset: 0, frozenAt: null },
    evilPage: '',
  };
  return state;
}

export function resetState(state) {
  Object.assign(state, createState());
}

export function now(state) {
  return state.clock.frozenAt ?? Date.now() + state.clock.offset;
}

/** `setNow(date)`: the clock runs on from `date`; `{ frozen: true }` stops it; `null` = real time. */
export function setNow(state, date, { frozen = false } = {}) {
  if (date === null || date === undefined) {
    state.clock = { offset: 0, frozenAt: null };
    return;
  }
  const ms = toMs(date);
  if (Number.isNaN(ms)) throw new TypeError(`setNow: not a date: ${date}`);
  state.clock = frozen ? { offset: 0, frozenAt: ms } : { offset: ms - Date.now(), frozenAt: null };
}

export function configure(state, changes = {}) {
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in state.config)) throw new TypeError(`configure: unknown option '${key}'`);
    if (key === 'policy') {
      for (const k of Object.keys(value)) {
        if (!(k in state.config.policy)) throw new TypeError(`configure: unknown policy '${k}'`);
      }
      if (value.lifespanMode && !['clamp', 'reject'].includes(value.lifespanMode)) {
        throw new TypeError(`configure: lifespanMode must be 'clamp' or 'reject'`);
      }
      state.config.policy = { ...state.config.policy, ...value };
      continue;
    }
    if (CONFIG_VALUES[key] && !CONFIG_VALUES[key].includes(value)) {
      throw new TypeError(`configure: ${key} must be one of ${CONFIG_VALUES[key].join(', ')}`);
    }
    state.config[key] = value;
  }
  return structuredClone(state.config);
}

// ---- organizations and tokens ------------------------------------------------------------------

export function seedOrg(state, { name, id = uuid(), user = DEFAULT_USER } = {}) {
  if (!name || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name)) throw new TypeError(`seedOrg: bad name '${name}'`);
  const slug = (text) => String(text).split(' ')[0].toLowerCase();
  const person = user === DEFAULT_USER ? DEFAULT_USER : {
    id: user.id ?? uuid(),
    displayName: user.displayName ?? 'Test User',
    mail: user.mail ?? `${slug(user.displayName ?? 'user')}@${name.toLowerCase()}.com`,
  };
  const org = { name, id, user: { ...person }, tokens: new Map() };
  state.orgs.set(name.toLowerCase(), org);
  return { name: org.name, id: org.id, user: { ...org.user } };
}

export function findOrg(state, name) {
  return name ? state.orgs.get(String(name).toLowerCase()) ?? null : null;
}

export function requireOrg(state, name) {
  const org = findOrg(state, name);
  if (!org) throw new TypeError(`unknown organization '${name}' (seedOrg it first)`);
  return org;
}

/** Stores a token record; times are rounded like Azure DevOps stores them. */
export function addToken(state, org, fields) {
  const token = {
    authorizationId: fields.authorizationId ?? uuid(),
    displayName: fields.displayName,
    scope: fields.scope,
    validFrom: roundToSqlDatetime(fields.validFrom),
    validTo: roundToSqlDatetime(fields.validTo),
    targetAccounts: fields.targetAccounts === null ? null : [...(fields.targetAccounts ?? [org.id])],
    revoked: Boolean(fields.revoked),
    isPublic: Boolean(fields.isPublic),
    publicData: fields.publicData ?? null,
    source: fields.source ?? 'web', // 'web' (created in the web UI) or 'api'
    accessId: uuid(),
    userId: org.user.id,
    secret: fields.secret ?? null,
  };
  org.tokens.set(token.authorizationId.toLowerCase(), token);
  return token;
}

export function findToken(org, authorizationId) {
  return org.tokens.get(String(authorizationId).toLowerCase()) ?? null;
}

export function tokenStatus(state, token) {
  if (token.revoked) return 'revoked';
  return token.validTo <= now(state) ? 'expired' : 'active';
}

/** `seedToken(org, {name, scope, validFrom?, validTo, global?, revoked?, isPublic?})` */
export function seedToken(state, orgName, spec) {
  const org = requireOrg(state, orgName);
  const validTo = toMs(spec.validTo ?? now(state) + 30 * DAY_MS);
  if (Number.isNaN(validTo)) throw new TypeError(`seedToken: bad validTo '${spec.validTo}'`);
  const validFrom = toMs(spec.validFrom ?? Math.min(now(state), validTo) - DAY_MS);
  const token = addToken(state, org, {
    authorizationId: spec.authorizationId,
    displayName: spec.name ?? spec.displayName,
    scope: spec.scope ?? 'vso.code',
    validFrom,
    validTo,
    targetAccounts: spec.global ? null : spec.targetAccounts,
    revoked: spec.revoked,
    isPublic: spec.isPublic,
    publicData: spec.publicData,
    source: spec.source,
  });
  return publicTokenView(state, org, token);
}

/** What `fake.tokens(org)` shows: metadata, never the secret. */
export function publicTokenView(state, org, t) {
  return {
    org: org.name,
    authorizationId: t.authorizationId,
    displayName: t.displayName,
    scope: t.scope,
    validFrom: new Date(t.validFrom).toISOString(),
    validTo: new Date(t.validTo).toISOString(),
    targetAccounts: t.targetAccounts && [...t.targetAccounts],
    global: t.targetAccounts === null,
    revoked: t.revoked,
    isPublic: t.isPublic,
    source: t.source,
    status: tokenStatus(state, t),
  };
}

/** Every organization whose person is `userId`: a person's token list spans them all. */
export function orgsOfUser(state, userId) {
  return [...state.orgs.values()].filter((o) => o.user.id === userId);
}

// ---- sessions and bearers ----------------------------------------------------------------------

export function newSession(state, userId) {
  const value = newCookieValue();
  state.sessions.set(value, { userId });
  return value;
}

export function issueBearer(state, userId) {
  const expiresAt = now(state) + state.config.bearerLifetimeMinutes * 60 * 1000;
  const token = newBearer(userId, expiresAt);
  state.bearers.set(token, { userId, expiresAt });
  state.secrets.push({ kind: 'bearer', value: token });
  return token;
}

export function signOut(state, { keepBearers = false } = {}) {
  state.sessions.clear();
  if (!keepBearers) state.bearers.clear();
}

// ---- what the fake saw --------------------------------------------------------------------------

export function addViolation(state, violation) {
  state.violations.push({ time: new Date(now(state)).toISOString(), ...violation });
}

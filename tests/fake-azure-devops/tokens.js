// Token operations shared by both dialects: create, update, revoke, list — with the policies of
// docs/azure-devops.md §10. Results carry a `SessionTokenError` name (docs/azure-devops.md §7.3) and a message; each dialect
// turns them into its own wire shape.
//
// The messages are the fake's own wording: Microsoft's spec leaves every error description empty,
// and no public capture shows the real texts. Policy messages name the limit where there is one,
// so a client can show it.

import { addToken, findToken, now, tokenStatus } from './state.js';
import { DAY_MS, newPatSecret, roundToSqlDatetime, toMs } from './util.js';

// A scope is `app_token` (full access, docs/azure-devops.md §7.4) or a `vso.*` id; the real catalog lives in
// the extension's data, so the fake checks the shape only.
const SCOPE_ID = /^(app_token|vso\.[a-z0-9_.]+)$/;
const MAX_NAME_LENGTH = 256; // our choice; the real limit is not documented

const fail = (error, message) => ({ error, message });

function checkName(displayName) {
  if (displayName === undefined || displayName === null || String(displayName).trim() === '') {
    return fail('displayNameRequired', 'A name is required for the personal access token.');
  }
  if (String(displayName).length > MAX_NAME_LENGTH || /[\u0000-\u001f]/.test(displayName)) {
    return fail('invalidDisplayName', 'The personal access token name is not valid.');
  }
  return null;
}

function checkScope(scope) {
  const items = String(scope ?? '').split(' ').filter(Boolean);
  const bad = items.find((s) => !SCOPE_ID.test(s));
  if (items.length === 0) return fail('invalidScope', 'At least one scope is required.');
  if (bad) return fail('invalidScope', `The scope '${bad}' is not valid.`);
  return null;
}

function checkValidTo(state, validToMs) {
  const { maxValidityDays } = state.config;
  if (Number.isNaN(validToMs) || validToMs <= now(state)) {
    return fail('invalidValidTo', 'The expiration date must be in the future.');
  }
  if (validToMs > now(state) + maxValidityDays * DAY_MS) {
    return fail('invalidValidTo', `The expiration date must be within ${maxValidityDays} days.`);
  }
  return null;
}

function checkPolicies(state, { scope, global, creating }) {
  const p = state.config.policy;
  const scopes = String(scope ?? '').split(' ').filter(Boolean);
  if (creating && p.creationRestricted) {
    const packagingOnly = scopes.length > 0 && scopes.every((s) => s.startsWith('vso.packaging'));
    if (!(p.packagingOnly && packagingOnly)) {
      return fail('disablePatCreationPolicyViolation', p.packagingOnly
        ? 'Your organization only allows personal access tokens with Packaging scopes.'
        : 'Your organization restricts who can create personal access tokens.');
    }
  }
  if (global && creating && p.globalCreationBlocked) {
    return fail('globalPATCreationBlocked', 'Creating personal access tokens for all accessible organizations is blocked.');
  }
  if (global && p.globalBlocked) {
    return fail('globalPatPolicyViolation', 'Your organization does not allow personal access tokens for all accessible organizations.');
  }
  if (scopes.includes('app_token') && p.fullScopeBlocked) {
    return fail('fullScopePatPolicyViolation', 'Your organization does not allow full-access personal access tokens.');
  }
  return null;
}

/**
 * The lifespan policy (docs/azure-devops.md §7.4, §10): clamp to `base + max` (create: now; update: the token's
 * creation date, per the 7.2 spec text) or refuse with patLifespanPolicyViolation.
 */
function applyLifespan(state, validToMs, baseMs) {
  const { maxLifespanDays, lifespanMode } = state.config.policy;
  if (maxLifespanDays === null || maxLifespanDays === undefined) return { validTo: validToMs };
  const limit = baseMs + maxLifespanDays * DAY_MS;
  if (validToMs <= limit) return { validTo: validToMs };
  const refusal = fail('patLifespanPolicyViolation',
    `Your organization limits the lifespan of personal access tokens to ${maxLifespanDays} days.`);
  if (lifespanMode === 'reject' || limit <= now(state)) return refusal;
  return { validTo: limit };
}

/**
 * `request`: `{ displayName, scope, validTo (string|undefined), global (bool), targetAccounts }`.
 * Returns `{ token, secret }` or `{ error, message }`.
 */
export function createPat(state, org, request, { source }) {
  const validToMs = request.validTo === undefined || request.validTo === null
    ? now(state) + state.config.defaultLifetimeDays * DAY_MS
    : toMs(request.validTo);
  const problem = checkName(request.displayName)
    ?? checkScope(request.scope)
    ?? checkValidTo(state, validToMs)
    ?? checkPolicies(state, { scope: request.scope, global: request.global, creating: true });
  if (problem) return problem;
  const lifespan = applyLifespan(state, validToMs, now(state));
  if (lifespan.error) return lifespan;
  const secret = newPatSecret();
  const token = addToken(state, org, {
    displayName: request.displayName,
    scope: request.scope,
    validFrom: now(state),
    validTo: lifespan.validTo,
    targetAccounts: request.global ? null : request.targetAccounts ?? [org.id],
    source,
    secret,
  });
  state.secrets.push({ kind: 'pat', value: secret, org: org.name, authorizationId: token.authorizationId });
  return { token, secret };
}

/**
 * `request`: PatTokenUpdateRequest fields (`authorizationId`, optional `displayName`, `scope`,
 * `validTo`, `allOrgs`). "To update a token, it must be valid (has not been revoked)" (docs/azure-devops.md §7.2).
 */
export function updatePat(state, org, request) {
  if (!request.authorizationId) {
    return fail('invalidAuthorizationId', 'An authorizationId is required.');
  }
  const token = findToken(org, request.authorizationId);
  if (!token || token.isPublic) {
    return fail('authorizationNotFound', `No personal access token with authorizationId ${request.authorizationId} was found.`);
  }
  if (token.revoked) {
    return fail('invalidAuthorizationId', 'This personal access token has been revoked and cannot be updated.');
  }
  // docs/azure-devops.md §11: `expiredPatCannotBeExtended` (7.2) and the docs suggest an expired PAT cannot be
  // extended; we refuse every update of an expired token with it, whatever the api-version.
  if (tokenStatus(state, token) === 'expired') {
    return fail('expiredPatCannotBeExtended', 'This personal access token has expired and cannot be extended. Create a new one.');
  }
  const global = request.allOrgs === undefined ? token.targetAccounts === null : request.allOrgs;
  const validToMs = request.validTo === undefined ? token.validTo : toMs(request.validTo);
  const problem = (request.displayName !== undefined ? checkName(request.displayName) : null)
    ?? (request.scope !== undefined ? checkScope(request.scope) : null)
    ?? (request.validTo !== undefined ? checkValidTo(state, validToMs) : null)
    ?? checkPolicies(state, {
      scope: request.scope ?? '',
      global: request.allOrgs === true,
      creating: false,
    });
  if (problem) return problem;
  const lifespan = request.validTo === undefined ? { validTo: token.validTo } : applyLifespan(state, validToMs, token.validFrom);
  if (lifespan.error) return lifespan;
  if (request.displayName !== undefined) token.displayName = request.displayName;
  if (request.scope !== undefined) token.scope = request.scope;
  token.validTo = roundToSqlDatetime(lifespan.validTo);
  token.targetAccounts = global ? null : [org.id];
  return { token };
}

/** Revoking is idempotent; an unknown id is `{ notFound: true }`. */
export function revokePat(state, org, authorizationId) {
  const token = findToken(org, authorizationId);
  if (!token) return { notFound: true };
  token.revoked = true;
  return { token };
}

const STATUS_ORDER = { active: 0, expired: 1, revoked: 2 };

/**
 * The tokens of `orgs` (one organization, or several: a person's list spans them). `filter`:
 * 'active' | 'revoked' | 'expired' | 'all'; `sortBy`: 'displayName' | 'displayDate' (we take the
 * display date to be `validTo`, the date the UI shows) | 'status'.
 */
export function listTokens(state, orgs, { filter = 'all', sortBy = 'displayName', ascending = true, isPublic, source } = {}) {
  const all = [orgs].flat().flatMap((org) => [...org.tokens.values()]);
  const rows = all.filter((t) => {
    if (isPublic !== undefined && t.isPublic !== isPublic) return false;
    if (source && t.source !== source) return false;
    return filter === 'all' || tokenStatus(state, t) === filter;
  });
  const key = {
    displayName: (a, b) => a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }),
    displayDate: (a, b) => a.validTo - b.validTo,
    status: (a, b) => STATUS_ORDER[tokenStatus(state, a)] - STATUS_ORDER[tokenStatus(state, b)],
  }[sortBy];
  rows.sort((a, b) => (key(a, b) || a.authorizationId.localeCompare(b.authorizationId)) * (ascending ? 1 : -1));
  return rows;
}

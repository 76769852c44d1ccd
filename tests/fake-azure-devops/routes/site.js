// The pages a person sees: sign-in, the organization page, the token page, the hostile test page,
// and the sign-in service that 302s point at.

import { clearedCookie, cookieUser, sessionCookie } from '../auth.js';
import { html } from '../responses.js';
import { notFoundPage, orgPage, signInPage, tokensPage, DEFAULT_EVIL_PAGE } from '../pages.js';
import { listTokens } from '../tokens.js';
import { tokenStatus } from '../state.js';
import { escapeHtml } from '../util.js';

/**
 * `GET|POST {web}/_fakeSignIn`: a new session for the org's user, then 302 to the org (or to
 * `?returnTo=` when it is a path inside the same org).
 */
export function signIn(state, ctx) {
  const cookie = sessionCookie(state, ctx.org, ctx.host);
  const returnTo = ctx.query.returnTo;
  const home = `${ctx.basePath}/`;
  const location = returnTo && returnTo.startsWith(home) && !returnTo.startsWith('//') ? returnTo : home;
  return html(302, `<a href="${location}">Continue</a>`, { location, 'set-cookie': cookie.header });
}

export function signOutPage(state, ctx) {
  const value = (ctx.headers.cookie ?? '').match(/UserAuthentication=([^;]+)/)?.[1];
  if (value) state.sessions.delete(value);
  return html(302, 'Signed out', { location: `${ctx.basePath}/`, 'set-cookie': clearedCookie(ctx.host) });
}

/** Any page of a known org: its content when signed in, the sign-in page otherwise. */
export function orgPageRoute(state, ctx) {
  const user = cookieUser(state, ctx, ctx.org);
  if (!user) return html(200, signInPage({ org: ctx.org.name, signInAction: ctx.signInAction }));
  const org = { name: ctx.org.name, base: ctx.basePath };
  if (/^\/_userssettings\/tokens\/?$/i.test(ctx.rest)) {
    const tokens = listTokens(state, ctx.org, { sortBy: 'displayDate', isPublic: false })
      .map((t) => ({ ...t, status: tokenStatus(state, t) }));
    return html(200, tokensPage(org, user, tokens));
  }
  return html(200, orgPage(org, user));
}

export function evilPage(state) {
  return html(200, state.evilPage || DEFAULT_EVIL_PAGE);
}

/** Where 302s send the browser (docs/azure-devops.md §2: `spsprod*.vssps.visualstudio.com`). */
export function signInService(state, ctx) {
  let org = null;
  let action = null;
  try {
    const reply = new URL(ctx.query.reply_to ?? '');
    const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/i.exec(reply.hostname);
    const name = legacy ? legacy[1] : reply.pathname.split('/')[1];
    const known = name && state.orgs.get(name.toLowerCase());
    if (known) {
      org = known.name;
      action = legacy ? `https://${reply.hostname}/_fakeSignIn` : `https://dev.azure.com/${encodeURIComponent(org)}/_fakeSignIn`;
    }
  } catch { /* no usable reply_to: a sign-in page without a button */ }
  return html(200, signInPage({ org, signInAction: action }));
}

export function landing(state) {
  const links = [...state.orgs.values()].map((o) => `<li><a href="/${encodeURIComponent(o.name)}/">${escapeHtml(o.name)}</a></li>`).join('');
  return html(200, `<!doctype html><title>Azure DevOps</title><h1>Azure DevOps</h1><ul>${links}</ul>`);
}

export const pageNotFound = (what) => html(404, notFoundPage(what));

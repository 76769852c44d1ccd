// Credentials: the `UserAuthentication` session cookie (docs/azure-devops.md §9: set "for the `.dev.azure.com`
// domain", so it also reaches vssps.dev.azure.com) and bearers issued by WebPlatformAuth (§8.2).
// And what a request without a valid credential gets back (§3).

import { newSession, now } from './state.js';
import { error, html } from './responses.js';
import { objectMoved, signInPage } from './pages.js';

export const COOKIE = 'UserAuthentication';

export function parseCookies(header = '') {
  const out = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** The Set-Cookie value for a new session; Domain follows the host family signed in on. */
export function sessionCookie(state, org, host) {
  const value = newSession(state, org.user.id);
  const domain = host.endsWith('.visualstudio.com') ? '; Domain=.visualstudio.com'
    : host === 'dev.azure.com' || host.endsWith('.dev.azure.com') ? '; Domain=.dev.azure.com' : '';
  return { value, header: `${COOKIE}=${value}${domain}; Path=/; Secure; HttpOnly; SameSite=None` };
}

export function clearedCookie(host) {
  const domain = host.endsWith('.visualstudio.com') ? '; Domain=.visualstudio.com'
    : host.endsWith('dev.azure.com') ? '; Domain=.dev.azure.com' : '';
  return `${COOKIE}=; Max-Age=0${domain}; Path=/; Secure; HttpOnly; SameSite=None`;
}

/** The org's user when the request carries a live session cookie issued to that user. */
export function cookieUser(state, ctx, org) {
  const value = parseCookies(ctx.headers.cookie)[COOKIE];
  const session = value && state.sessions.get(value);
  return session && org && session.userId === org.user.id ? org.user : null;
}

/** The org's user when the request carries `Authorization: Bearer <a bearer the fake issued>`. */
export function bearerUser(state, ctx, org) {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.headers.authorization ?? '');
  const bearer = m && state.bearers.get(m[1]);
  if (!bearer || bearer.expiresAt <= now(state)) return null;
  return org && bearer.userId === org.user.id ? org.user : null;
}

const suppressed = (ctx) => /^suppress$/i.test(ctx.headers['x-tfs-fedauthredirect'] ?? '');

/** 401 JSON. The message is the usual Azure DevOps text for anonymous calls. */
export function unauthorized(state, ctx) {
  return error(state.config.unauthorizedStatus,
    'TF400813: Resource not available for anonymous access. Client authentication required.',
    'UnauthorizedRequestException',
    { headers: { 'www-authenticate': 'Bearer, Basic realm="https://dev.azure.com/", TFS-Federated' } });
}

/**
 * No valid credential (docs/azure-devops.md §3): with `X-TFS-FedAuthRedirect: Suppress`, 401 JSON; without,
 * by `signedOut`: a 302 to the sign-in service with an "Object moved" body, a 203 with an HTML
 * sign-in page, or 401 JSON.
 */
export function deny(state, ctx) {
  const mode = suppressed(ctx) && state.config.suppressHonoured ? 'json401' : state.config.signedOut;
  if (mode === 'json401') return unauthorized(state, ctx);
  if (mode === 'html203') return html(203, signInPage({ org: ctx.org?.name, signInAction: ctx.signInAction }));
  const params = new URLSearchParams({ realm: ctx.host, reply_to: ctx.url, redirect: '1' });
  if (ctx.org) params.set('hid', ctx.org.id);
  const location = `https://spsprod.vssps.visualstudio.com/_signin?${params}`;
  return html(302, objectMoved(location), { location });
}

// The origins Azure DevOps' own pages have (docs/azure-devops.md §2): dev.azure.com, its
// subdomains, and the legacy *.visualstudio.com hosts.
const ADO_ORIGIN = /^https:\/\/((?:[a-z0-9-]+\.)*dev\.azure\.com|[a-z0-9-]+(?:\.vssps)?\.visualstudio\.com)$/i;

/**
 * `originCheck`: a write that the cookie authenticates, with an `Origin` that is not an Azure
 * DevOps origin (an extension's `chrome-extension://…`), is refused like a signed-out call. No
 * `Origin` at all passes (command-line tools send none).
 */
export function originRefused(state, ctx) {
  if (!state.config.originCheck || ['GET', 'HEAD'].includes(ctx.method)) return false;
  const origin = ctx.headers.origin;
  return origin !== undefined && !ADO_ORIGIN.test(origin);
}

/** The cookie's user, unless the write's Origin is refused (then `{ response }`). */
function cookieAuth(state, ctx) {
  const user = cookieUser(state, ctx, ctx.org);
  if (user && originRefused(state, ctx)) return { response: unauthorized(state, ctx) };
  return user ? { user } : null;
}

/** Web dialect: the cookie, when `web` is 'on'; 401 when 'off'; 404 when 'gone'. */
export function webAuth(state, ctx) {
  const mode = state.config.web;
  if (mode === 'gone') return { response: error(404, 'The controller for this path was not found.', 'NotFoundException') };
  if (mode === 'off') return { response: unauthorized(state, ctx) };
  return cookieAuth(state, ctx) ?? { response: deny(state, ctx) };
}

/** Lifecycle dialect: by mode, the cookie, an issued bearer, either, or nothing (always 401). */
export function lifecycleAuth(state, ctx) {
  const mode = state.config.lifecycle;
  if (mode === 'off') return { response: unauthorized(state, ctx) };
  const byBearer = mode !== 'cookie' ? bearerUser(state, ctx, ctx.org) : null;
  if (byBearer) return { user: byBearer };
  const byCookie = mode !== 'bearer' ? cookieAuth(state, ctx) : null;
  return byCookie ?? { response: deny(state, ctx) };
}

/** WebPlatformAuth (a POST with the cookie): the cookie's user, Origin permitting. */
export function sessionAuth(state, ctx) {
  return cookieAuth(state, ctx) ?? { response: deny(state, ctx) };
}

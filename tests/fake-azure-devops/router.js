// Which route a request is, by `Host` and path (docs/azure-devops.md §2):
//   dev.azure.com/{org}/…            web host, org in the path
//   {org}.visualstudio.com/…         legacy web host, no org in the path
//   vssps.dev.azure.com/{org}/…      identity host (tokens/pats, Token/SessionTokens)
//   {org}.vssps.visualstudio.com/…   legacy identity host
//   spsprod*.vssps.visualstudio.com  the sign-in service 302s point at
// `localhost` and `127.0.0.1` act as dev.azure.com, for tools that cannot set Host.
// `_apis` paths are case-insensitive, as on the real service (docs/azure-devops.md §7.1). A call to an `_apis`
// path that is not one of the routes below is recorded as a violation (kind 'unknownRoute').

import { addViolation, findOrg } from './state.js';
import { notFound, methodNotAllowed } from './responses.js';
import { connectionData, sessionToken, webCreate, webGet, webList, webRevoke, webRevokeAll } from './routes/web.js';
import { lifecycle, lifecycleRoute } from './routes/lifecycle.js';
import { evilPage, landing, orgPageRoute, pageNotFound, signIn, signInService, signOutPage } from './routes/site.js';

export const EVIL_ORG = 'evil-org';

function classifyHost(host) {
  if (['dev.azure.com', 'localhost', '127.0.0.1'].includes(host)) return { family: 'web', pathOrg: true };
  if (host === 'vssps.dev.azure.com') return { family: 'vssps', pathOrg: true };
  if (/^(spsprod[a-z0-9-]*|app)\.vssps\.visualstudio\.com$/.test(host)) return { family: 'signin' };
  let m = /^([a-z0-9-]+)\.vssps\.visualstudio\.com$/.exec(host);
  if (m) return { family: 'vssps', org: m[1] };
  m = /^([a-z0-9-]+)\.visualstudio\.com$/.exec(host);
  if (m) return { family: 'web', org: m[1] };
  return { family: 'unknown' };
}

const apiRoute = (route, handler) => ({ route, handler, api: true });

function webApi(rest, method) {
  if (/^\/_apis\/connectiondata\/?$/i.test(rest)) return apiRoute('connectionData', connectionData);
  if (/^\/_apis\/webplatformauth\/sessiontoken\/?$/i.test(rest)) return apiRoute('sessionToken', sessionToken);
  if (/^\/_apis\/contribution\/hierarchyquery\/?$/i.test(rest)) {
    return method === 'POST' ? apiRoute('webCreate', webCreate) : apiRoute('webCreate', () => methodNotAllowed(method));
  }
  return null;
}

function vsspsApi(rest, method, query) {
  if (/^\/_apis\/tokens\/pats\/?$/i.test(rest)) {
    const route = lifecycleRoute(method, query);
    return route ? apiRoute(route, lifecycle) : apiRoute('lifecycleOther', () => methodNotAllowed(method));
  }
  const m = /^\/_apis\/token\/sessiontokens(?:\/([^/]*))?\/?$/i.exec(rest);
  if (m) {
    const id = m[1] ? decodeURIComponent(m[1]) : '';
    const params = { id };
    if (method === 'GET') return { ...apiRoute(id ? 'webGet' : 'webList', id ? webGet : webList), params };
    if (method === 'DELETE') return { ...apiRoute(id ? 'webRevoke' : 'webRevokeAll', id ? webRevoke : webRevokeAll), params };
    return apiRoute('webOther', () => methodNotAllowed(method));
  }
  return null;
}

/**
 * Fills `ctx.org`, `ctx.rest`, `ctx.basePath`, `ctx.signInAction`, `ctx.params` and returns
 * `{ route, handler }`. Unknown `_apis` routes are recorded as violations.
 */
export function resolve(state, ctx) {
  const hostInfo = classifyHost(ctx.host);
  ctx.params = {};
  if (hostInfo.family === 'signin') return { route: 'signInService', handler: signInService };
  if (hostInfo.family === 'unknown') return { route: null, handler: () => notFound(`The host ${ctx.host}`) };

  let orgName = hostInfo.org;
  let rest = ctx.path;
  if (hostInfo.pathOrg) {
    const m = /^\/([^/]+)(\/.*)?$/.exec(ctx.path);
    if (!m) return hostInfo.family === 'web' ? { route: 'landing', handler: landing } : { route: null, handler: () => notFound() };
    orgName = decodeURIComponent(m[1]);
    rest = m[2] ?? '/';
  }
  ctx.rest = rest;
  ctx.basePath = hostInfo.pathOrg ? `/${encodeURIComponent(orgName)}` : '';
  // The sign-in page's button always posts to the web host, also when shown for a vssps call.
  ctx.signInAction = hostInfo.family === 'web' ? `${ctx.basePath}/_fakeSignIn`
    : hostInfo.pathOrg ? `https://dev.azure.com/${encodeURIComponent(orgName)}/_fakeSignIn`
      : `https://${encodeURIComponent(orgName)}.visualstudio.com/_fakeSignIn`;
  const isApi = /^\/_apis(\/|$)/i.test(rest);

  if (orgName.toLowerCase() === EVIL_ORG && hostInfo.family === 'web') {
    return isApi ? { route: null, handler: () => notFound() } : { route: 'evil', handler: evilPage };
  }
  ctx.org = findOrg(state, orgName);
  const match = hostInfo.family === 'web' ? webApi(rest, ctx.method) : vsspsApi(rest, ctx.method, ctx.query);
  if (!ctx.org) {
    const what = `The organization '${orgName}'`;
    return match || isApi || hostInfo.family === 'vssps'
      ? { route: match?.route ?? null, handler: () => notFound(what), unknownOrg: true }
      : { route: 'page', handler: () => pageNotFound(what) };
  }
  if (match) {
    Object.assign(ctx.params, match.params);
    return match;
  }
  if (isApi) {
    return {
      route: null,
      handler: () => {
        addViolation(state, { kind: 'unknownRoute', route: null, method: ctx.method, host: ctx.host, path: ctx.path, message: 'no such route on this host' });
        return notFound(`The resource ${ctx.path}`);
      },
    };
  }
  if (hostInfo.family === 'vssps') return { route: null, handler: () => notFound(`The resource ${ctx.path}`) };
  if (/^\/_fakesignin\/?$/i.test(rest)) return { route: 'signIn', handler: signIn };
  if (/^\/_fakesignout\/?$/i.test(rest)) return { route: 'signOut', handler: signOutPage };
  return { route: 'page', handler: orgPageRoute };
}

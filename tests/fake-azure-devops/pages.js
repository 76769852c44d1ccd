// HTML pages: the sign-in page, a small organization page, the token page, the hostile page.
// Plain HTML with inline styles and no script: nothing here reaches the network.

import { escapeHtml as e } from './util.js';
import { formatTime } from './util.js';

const STYLE = `
  body { margin: 0; font: 14px/1.4 "Segoe UI", system-ui, sans-serif; color: #201f1e; background: #f8f8f8; }
  header { display: flex; align-items: center; gap: 12px; height: 48px; padding: 0 16px;
           background: #fff; border-bottom: 1px solid #e1dfdd; }
  header .logo { width: 24px; height: 24px; background: #0078d4; border-radius: 4px; }
  header .user { margin-left: auto; color: #605e5c; }
  nav { position: fixed; top: 49px; bottom: 0; width: 200px; background: #eaeaea; padding: 8px 0; }
  nav a { display: block; padding: 8px 16px; color: #201f1e; text-decoration: none; }
  main { margin-left: 200px; padding: 24px 32px; }
  .card { background: #fff; border-radius: 4px; box-shadow: 0 1px 3px rgba(0,0,0,.15); padding: 16px 20px; margin-bottom: 16px; }
  .signin { max-width: 440px; margin: 80px auto; }
  button { background: #0078d4; color: #fff; border: 0; border-radius: 2px; padding: 8px 20px; font-size: 15px; cursor: pointer; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: 6px 8px; border-bottom: 1px solid #edebe9; }
`;

function page(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

/** The sign-in page; its button posts to `signInAction` (the org's `_fakeSignIn`). */
export function signInPage({ org, signInAction }) {
  const form = signInAction
    ? `<form method="post" action="${e(signInAction)}"><button type="submit">Sign in</button></form>`
    : '<p>Open your organization\'s address to sign in.</p>';
  return page('Sign in to your account', `
<div class="card signin">
  <h1>Sign in</h1>
  <p>to continue to ${org ? `<strong>${e(org)}</strong> in ` : ''}Azure DevOps</p>
  ${form}
</div>`);
}

function shell(org, user, content) {
  const base = org.base;
  return page(`${org.name} - Azure DevOps`, `
<header><span class="logo" aria-hidden="true"></span><strong>Azure DevOps</strong>
  <span>/ ${e(org.name)}</span><span class="user">${e(user.displayName)}</span></header>
<nav aria-label="Organization">
  <a href="${e(base)}/">Projects</a>
  <a href="${e(base)}/_usersSettings/tokens">Personal access tokens</a>
  <a href="${e(base)}/_settings/">Organization settings</a>
</nav>
<main>${content}</main>`);
}

/** A signed-in organization page, looking a little like an Azure DevOps project list. */
export function orgPage(org, user) {
  return shell(org, user, `
<h1>${e(org.name)}</h1>
<div class="card"><h2>Fabrikam Fiber</h2><p>Boards · Repos · Pipelines · Test Plans · Artifacts</p></div>
<div class="card"><h2>Website</h2><p>Boards · Repos · Pipelines</p></div>`);
}

export function tokensPage(org, user, tokens) {
  const rows = tokens.map((t) => `<tr><td>${e(t.displayName)}</td><td>${e(t.status)}</td>
    <td>${e(t.scope)}</td><td>${e(formatTime(t.validTo))}</td></tr>`).join('');
  return shell(org, user, `
<h1>Personal Access Tokens</h1>
<div class="card"><table><thead><tr><th>Token name</th><th>Status</th><th>Scopes</th><th>Expires on</th></tr></thead>
<tbody>${rows}</tbody></table></div>`);
}

export function notFoundPage(what) {
  return page('Page not found - Azure DevOps', `<div class="card signin"><h1>404</h1><p>${e(what)} was not found.</p></div>`);
}

/** The classic ASP.NET body of a 302 (docs/azure-devops.md §3: "an HTML 'Object moved' body"). */
export function objectMoved(location) {
  return `<html><head><title>Object moved</title></head><body>
<h2>Object moved to <a href="${e(location)}">here</a>.</h2>
</body></html>`;
}

export const DEFAULT_EVIL_PAGE = '<!doctype html><html><head><title>evil-org</title></head><body></body></html>';

// Unit tests of the fake Azure DevOps: node --test tests/fake-azure-devops/
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startFake } from './server.js';
import { specs } from './spec.js';
import { formatTime, roundToSqlDatetime } from './util.js';

const PROVIDER = 'ms.vss-token-web.personal-access-token-issue-session-token-provider';
const DAY = 24 * 60 * 60 * 1000;
const SUPPRESS = { 'x-tfs-fedauthredirect': 'Suppress' };
const V71 = 'api-version=7.1-preview.1';
const V72 = 'api-version=7.2-preview.1';

let fake;

/** One HTTPS request to the fake as `url`'s host (SNI and Host set, certificate not checked). */
function call(url, { method = 'GET', headers = {}, body, cookie, bearer } = {}) {
  const u = new URL(url);
  const h = { host: u.host, ...headers };
  if (cookie) h.cookie = `UserAuthentication=${cookie}`;
  if (bearer) h.authorization = `Bearer ${bearer}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: fake.port, servername: u.hostname, path: u.pathname + u.search,
      method, headers: h, rejectUnauthorized: false, agent: false,
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        let json;
        try { json = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const pats = (org = 'contoso', query = V71) => `https://vssps.dev.azure.com/${org}/_apis/tokens/pats?${query}`;
const inDays = (n) => new Date(Date.now() + n * DAY).toISOString();
const signIn = (org = 'contoso') => fake.createSession(org);

function hierarchyQuery(properties) {
  return { contributionIds: [PROVIDER], dataProviderContext: { properties } };
}

before(async () => { fake = await startFake(); });
after(async () => { await fake.close(); });
beforeEach(() => { fake.reset(); fake.seedDemo(); });

describe('server', () => {
  test('the certificate names every host the fake plays', () => {
    const san = new X509Certificate(fake.certificate).subjectAltName;
    for (const name of ['dev.azure.com', '*.dev.azure.com', 'vssps.dev.azure.com', '*.visualstudio.com', '*.vssps.visualstudio.com', 'localhost']) {
      assert.match(san, new RegExp(`DNS:${name.replace(/[.*]/g, '\\$&')}(,|$)`));
    }
    assert.match(san, /IP Address:127\.0\.0\.1/);
  });

  test('the CLI prints one line with the port, serves demo data and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [new URL('./server.js', import.meta.url).pathname, '--port', '0', '--demo']);
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    await new Promise((resolve) => child.stdout.once('data', resolve));
    const m = /^fake-azure-devops listening on (\d+)\n$/.exec(out);
    assert.ok(m, out);
    const answer = await new Promise((resolve, reject) => {
      https.get({ host: '127.0.0.1', port: Number(m[1]), path: '/contoso/', headers: { host: 'dev.azure.com' }, servername: 'dev.azure.com', rejectUnauthorized: false, agent: false },
        (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    assert.equal(answer, 200);
    const code = await new Promise((resolve) => { child.on('exit', resolve); child.kill('SIGTERM'); });
    assert.equal(code, 0);
    assert.equal(out, m[0]);
  });

  test('timestamps have SQL datetime precision and up to 7 fractional digits, like the examples', () => {
    assert.equal(formatTime(roundToSqlDatetime(Date.parse('2020-12-01T23:46:23.319Z'))), '2020-12-01T23:46:23.32Z');
    assert.equal(formatTime(roundToSqlDatetime(Date.parse('2020-11-02T22:56:52.1033333Z'))), '2020-11-02T22:56:52.1033333Z');
    assert.equal(formatTime(Date.parse('2020-10-29T17:26:46Z')), '2020-10-29T17:26:46Z');
  });
});

describe('sign-in', () => {
  test('a signed-out org page offers a Sign in button that posts to _fakeSignIn', async () => {
    const page = await call('https://dev.azure.com/contoso/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<form method="post" action="\/contoso\/_fakeSignIn"><button type="submit">Sign in<\/button>/);
  });

  test('_fakeSignIn sets the UserAuthentication cookie for .dev.azure.com and redirects to the org', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await call('https://dev.azure.com/contoso/_fakeSignIn', { method });
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, '/contoso/');
      const cookie = res.headers['set-cookie'][0];
      assert.match(cookie, /^UserAuthentication=[\w-]{20,}; Domain=\.dev\.azure\.com; Path=\/; Secure; HttpOnly; SameSite=None$/);
      const value = /=([^;]+)/.exec(cookie)[1];
      const home = await call('https://dev.azure.com/contoso/', { cookie: value });
      assert.match(home.text, /<title>contoso - Azure DevOps<\/title>/);
      assert.match(home.text, /Ada Lovelace/);
    }
  });

  test('on the legacy host the cookie is for .visualstudio.com', async () => {
    fake.configure({ lifecycle: 'cookie' });
    const res = await call('https://contoso.visualstudio.com/_fakeSignIn', { method: 'POST' });
    assert.equal(res.headers.location, '/');
    assert.match(res.headers['set-cookie'][0], /; Domain=\.visualstudio\.com; Path=\/; Secure; HttpOnly; SameSite=None$/);
    const value = /=([^;]+)/.exec(res.headers['set-cookie'][0])[1];
    const data = await call('https://contoso.vssps.visualstudio.com/_apis/tokens/pats?' + V71, { cookie: value });
    assert.equal(data.status, 200);
  });

  test('the token page is served signed in and offers sign-in signed out', async () => {
    const cookie = signIn();
    const page = await call('https://dev.azure.com/contoso/_usersSettings/tokens', { cookie });
    assert.match(page.text, /Personal Access Tokens/);
    assert.match(page.text, /npm feed \(CI\)/);
    assert.match((await call('https://dev.azure.com/contoso/_usersSettings/tokens')).text, /Sign in/);
  });

  test('a session is valid for its user only, and signOut ends every session', async () => {
    const cookie = signIn('contoso');
    fake.seedOrg({ name: 'northwind', user: { displayName: 'Grace Hopper' } });
    const url = (org) => `https://dev.azure.com/${org}/_apis/connectionData`;
    assert.equal((await call(url('fabrikam'), { cookie, headers: SUPPRESS })).status, 200, 'same person, other org');
    assert.equal((await call(url('northwind'), { cookie, headers: SUPPRESS })).status, 401, 'another person');
    fake.signOut();
    assert.equal((await call(url('contoso'), { cookie, headers: SUPPRESS })).status, 401);
  });

  test('an unknown organization is a 404', async () => {
    assert.equal((await call('https://dev.azure.com/nowhere/')).status, 404);
    assert.equal((await call('https://dev.azure.com/nowhere/_apis/connectionData')).status, 404);
  });

  test('the hostile page is served at dev.azure.com/evil-org/ without sign-in', async () => {
    assert.equal((await call('https://dev.azure.com/evil-org/')).status, 200);
    fake.setEvilPage('<!doctype html><p id=x>gotcha</p>');
    const page = await call('https://dev.azure.com/evil-org/anything');
    assert.equal(page.text, '<!doctype html><p id=x>gotcha</p>');
  });
});

describe('connectionData and signed-out answers', () => {
  test('connectionData names the user and the organization id', async () => {
    const res = await call('https://dev.azure.com/contoso/_apis/connectionData', { cookie: signIn() });
    assert.equal(res.status, 200);
    assert.equal(res.json.instanceId, fake.demo.contoso.id);
    assert.equal(res.json.authenticatedUser.providerDisplayName, 'Ada Lovelace');
    assert.equal(res.json.authorizedUser.id, res.json.authenticatedUser.id);
    assert.equal(res.json.deploymentType, 'hosted');
    assert.ok(res.json.locationServiceData);
  });

  test('without a credential: 401 JSON with Suppress, else a 302 to the sign-in service', async () => {
    const url = 'https://dev.azure.com/contoso/_apis/connectionData';
    const suppressed = await call(url, { headers: SUPPRESS });
    assert.equal(suppressed.status, 401);
    assert.match(suppressed.headers['content-type'], /^application\/json/);
    assert.match(suppressed.json.message, /TF400813/);
    const redirected = await call(url);
    assert.equal(redirected.status, 302);
    assert.match(redirected.headers.location, /^https:\/\/spsprod\.vssps\.visualstudio\.com\/_signin\?realm=/);
    assert.match(redirected.text, /Object moved/);
    const target = await call(redirected.headers.location);
    assert.equal(target.status, 200);
    assert.match(target.text, /action="https:\/\/dev\.azure\.com\/contoso\/_fakeSignIn"/);
  });

  test('signedOut html203 answers a 203 sign-in page; suppressHonoured false ignores the header', async () => {
    fake.configure({ signedOut: 'html203', suppressHonoured: false });
    const res = await call('https://dev.azure.com/contoso/_apis/connectionData', { headers: SUPPRESS });
    assert.equal(res.status, 203);
    assert.match(res.headers['content-type'], /^text\/html/);
  });

  test('a 203 sign-in page for a vssps call posts to the web host', async () => {
    fake.configure({ signedOut: 'html203', lifecycle: 'cookie' });
    const res = await call(pats());
    assert.equal(res.status, 203);
    assert.match(res.text, /action="https:\/\/dev\.azure\.com\/contoso\/_fakeSignIn"/);
  });

  test('an unknown _apis route is a 404 and a violation', async () => {
    const res = await call('https://vssps.dev.azure.com/contoso/_apis/tokenadmin/personalaccesstokens', { cookie: signIn() });
    assert.equal(res.status, 404);
    assert.equal(fake.violations()[0].kind, 'unknownRoute');
  });

  test('connectionDataSignedOut anonymous answers 200 with an anonymous user', async () => {
    fake.configure({ connectionDataSignedOut: 'anonymous' });
    const res = await call('https://dev.azure.com/contoso/_apis/connectionData', { headers: SUPPRESS });
    assert.equal(res.status, 200);
    assert.equal(res.json.authenticatedUser.providerDisplayName, 'Anonymous');
  });
});

describe('web dialect', () => {
  test('HierarchyQuery creates a token and returns the secret at dataProviders[provider].token', async () => {
    const cookie = signIn();
    const res = await call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, {
      method: 'POST', cookie, headers: SUPPRESS,
      body: hierarchyQuery({ displayName: 'Git · today', scope: 'vso.code_write', validTo: inDays(30), targetAccounts: [fake.demo.contoso.id] }),
    });
    assert.equal(res.status, 200);
    const created = res.json.dataProviders[PROVIDER];
    assert.equal(created.token.length, 84);
    assert.equal(created.token.slice(76, 80), 'AZDO');
    assert.equal(created.displayName, 'Git · today');
    assert.deepEqual(created.targetAccounts, [fake.demo.contoso.id]);
    assert.deepEqual(fake.issuedSecrets(), [created.token]);
    assert.equal(fake.secretOf('contoso', created.authorizationId), created.token);
    const stored = fake.tokens('contoso').find((t) => t.authorizationId === created.authorizationId);
    assert.equal(stored.status, 'active');
    assert.equal(stored.source, 'web');
    assert.deepEqual(fake.violations(), []);
  });

  test('HierarchyQuery failures come back in dataProviderExceptions', async () => {
    fake.configure({ policy: { fullScopeBlocked: true } });
    const res = await call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, {
      method: 'POST', cookie: signIn(), body: hierarchyQuery({ displayName: 'all', scope: 'app_token', validTo: inDays(3), targetAccounts: [fake.demo.contoso.id] }),
    });
    assert.equal(res.status, 200);
    assert.match(res.json.dataProviderExceptions[PROVIDER].message, /full-access/);
    assert.equal(res.json.dataProviders[PROVIDER], undefined);
  });

  test('the organization list (docs §12.1) is refused by default; offered in the observed shape, or an odd one', async () => {
    const MY_ORGS = 'ms.vss-features.my-organizations-data-provider';
    const ask = () => call('https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?api-version=5.0-preview.1', {
      method: 'POST', cookie: signIn(), headers: SUPPRESS,
      body: { contributionIds: [MY_ORGS], dataProviderContext: { properties: {} } },
    });
    const refused = await ask();
    assert.equal(refused.status, 401);
    assert.equal(refused.json.dataProviders, undefined);

    fake.configure({ myOrganizations: 'list' });
    const listed = await ask();
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json.dataProviders[MY_ORGS].organizations, [
      { id: fake.demo.contoso.id, name: 'contoso', url: 'https://dev.azure.com/contoso/' },
      { id: fake.demo.fabrikam.id, name: 'fabrikam', url: 'https://dev.azure.com/fabrikam/' },
    ]);

    fake.configure({ myOrganizations: 'odd' });
    const odd = await ask();
    assert.equal(odd.status, 200);
    assert.equal(odd.json.dataProviders[MY_ORGS].organizations, undefined);
    assert.equal(fake.tokens('contoso').length, 6, 'nothing was created');
    assert.deepEqual(fake.requests({ route: 'myOrganizations' }).map((r) => r.status), [401, 200, 200]);
    assert.equal(fake.requests({ route: 'webCreate' }).length, 0);
    assert.deepEqual(fake.violations(), []);
  });

  const STAMP = () => encodeURIComponent(new Date(Date.now() + 60_000).toUTCString());

  test('SessionTokens pages by row number with pageRequestTimeStamp, nextRowNumber 0 on the last page, across organizations', async () => {
    const cookie = signIn();
    const base = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}&displayFilterOption=4&createdByOption=3&sortByOption=2&isSortAscending=true&pageRequestTimeStamp=${STAMP()}`;
    const seen = [];
    let start = 1;
    let pages = 0;
    do {
      const res = await call(`${base}&startRowNumber=${start}&pageSize=4`, { cookie });
      assert.equal(res.status, 200);
      seen.push(...res.json.sessionTokens);
      start = res.json.nextRowNumber;
      pages += 1;
    } while (start !== 0);
    assert.equal(pages, 2);
    // The person's tokens of every organization: contoso's six and fabrikam's two.
    assert.equal(seen.length, 8);
    assert.ok(seen.some((t) => t.displayName === 'Wiki bot' && t.targetAccounts[0] === fake.demo.fabrikam.id));
    const expiry = seen.map((t) => Date.parse(t.validTo));
    assert.deepEqual(expiry, [...expiry].sort((a, b) => a - b), 'sorted by display date');
    assert.equal(seen.find((t) => t.displayName === 'Old deploy script').isValid, false);
    assert.equal(seen.find((t) => t.displayName === 'Old global token').targetAccounts, null);
    assert.ok(seen.every((t) => t.token === null));
  });

  test('the unpaged list is wrapped as {count, value} unless Accept says noArrayWrap', async () => {
    const cookie = signIn();
    const url = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}`;
    const wrapped = await call(url, { cookie });
    assert.equal(wrapped.json.count, 8);
    const bare = await call('https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens', {
      cookie, headers: { accept: 'application/json;api-version=7.1-preview.1;excludeUrls=true;noArrayWrap=true' },
    });
    assert.ok(Array.isArray(bare.json));
    assert.equal(bare.json.length, 8);
  });

  test('without pageRequestTimeStamp the six paging parameters still get the unpaged list', async () => {
    const cookie = signIn();
    const url = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}&displayFilterOption=1&createdByOption=3&sortByOption=3&isSortAscending=false&startRowNumber=1&pageSize=100`;
    const res = await call(url, { cookie });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.json).sort(), ['count', 'value']);
    assert.equal(res.json.value.length, res.json.count);
  });

  test('a pageRequestTimeStamp that is not RFC 1123 is refused and recorded', async () => {
    const cookie = signIn();
    const base = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}&displayFilterOption=1&createdByOption=3&sortByOption=2&isSortAscending=true&startRowNumber=1&pageSize=100`;
    for (const bad of ['2024-07-14T18:14:24Z', 'Mon, 14 Jul 2024 18:14:24 GMT', 'Sun, 14 Jul 2024 18:14:24']) {
      const res = await call(`${base}&pageRequestTimeStamp=${encodeURIComponent(bad)}`, { cookie });
      assert.equal(res.status, 400, bad);
    }
    assert.equal(fake.violations().length, 3);
    assert.ok((await call(`${base}&pageRequestTimeStamp=${encodeURIComponent('Sun, 14 Jul 2024 18:14:24 GMT')}`, { cookie })).status === 200);
  });

  test('the paged list leaves out tokens created after its timestamp (listSnapshot)', async () => {
    const cookie = signIn();
    const base = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}&displayFilterOption=4&createdByOption=3&sortByOption=2&isSortAscending=true&startRowNumber=1&pageSize=100`;
    fake.seedToken('contoso', { name: 'brand new', validFrom: new Date(Date.now() + 5 * 60_000).toISOString(), validTo: inDays(30) });
    const now = encodeURIComponent(new Date().toUTCString());
    const later = encodeURIComponent(new Date(Date.now() + 10 * 60_000).toUTCString());
    const names = async (stamp) => (await call(`${base}&pageRequestTimeStamp=${stamp}`, { cookie })).json.sessionTokens.map((t) => t.displayName);
    assert.ok(!(await names(now)).includes('brand new'));
    assert.ok((await names(later)).includes('brand new'));
    fake.configure({ listSnapshot: false });
    assert.ok((await names(now)).includes('brand new'));
  });

  test('a token is revoked only through its own organization', async () => {
    const cookie = signIn();
    const wiki = fake.tokens('fabrikam').find((t) => t.displayName === 'Wiki bot');
    const through = (org) => `https://vssps.dev.azure.com/${org}/_apis/Token/SessionTokens/${wiki.authorizationId}?${V71}`;
    assert.equal((await call(through('contoso'), { method: 'DELETE', cookie })).status, 404);
    assert.equal(fake.tokens('fabrikam').find((t) => t.displayName === 'Wiki bot').status, 'active');
    assert.equal((await call(through('fabrikam'), { method: 'DELETE', cookie })).status, 200);
    assert.equal(fake.tokens('fabrikam').find((t) => t.displayName === 'Wiki bot').status, 'revoked');
  });

  test('SSH keys (isPublic) are listed with PATs unless isPublic=false', async () => {
    fake.seedToken('contoso', { name: 'laptop key', scope: 'vso.code', isPublic: true, publicData: 'ssh-rsa AAAA' });
    const cookie = signIn();
    const url = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}`;
    assert.equal((await call(url, { cookie })).json.count, 9);
    assert.equal((await call(`${url}&isPublic=false`, { cookie })).json.count, 8);
    assert.equal((await call(`${url}&isPublic=true`, { cookie })).json.count, 1);
  });

  test('get and revoke by id; DELETE without an id is a violation and revokes nothing', async () => {
    const cookie = signIn();
    const token = fake.tokens('contoso').find((t) => t.displayName === 'Git (laptop)');
    const one = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens/${token.authorizationId}?${V71}`;
    assert.equal((await call(one, { cookie })).json.displayName, 'Git (laptop)');
    const all = await call(`https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}`, { method: 'DELETE', cookie });
    assert.equal(all.status, 400);
    assert.equal(fake.violations()[0].kind, 'forbidden');
    assert.equal(fake.tokens('contoso').filter((t) => t.revoked).length, 1);
    const revoked = await call(one, { method: 'DELETE', cookie });
    assert.equal(revoked.status, 200, 'the server answers 200 with no content');
    assert.equal(revoked.text, '');
    assert.equal(fake.tokens('contoso').find((t) => t.authorizationId === token.authorizationId).status, 'revoked');
    const missing = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens/00000000-0000-0000-0000-000000000001?${V71}`;
    assert.equal((await call(missing, { method: 'DELETE', cookie })).status, 404);
  });

  test('web off answers 401 to the cookie; web gone answers 404', async () => {
    const cookie = signIn();
    const url = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens?${V71}`;
    fake.configure({ web: 'off' });
    assert.equal((await call(url, { cookie })).status, 401);
    assert.equal((await call('https://dev.azure.com/contoso/_apis/connectionData', { cookie })).status, 200, 'connectionData is not the web dialect');
    fake.configure({ web: 'gone' });
    const create = await call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, { method: 'POST', cookie, body: hierarchyQuery({}) });
    assert.equal(create.status, 404);
  });

  test('web routes need an api-version, in the query or in Accept', async () => {
    const cookie = signIn();
    const res = await call('https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens', { cookie });
    assert.equal(res.status, 400);
    assert.equal(fake.violations()[0].kind, 'protocol');
  });
});

describe('originCheck', () => {
  const hq = (cookie, headers = {}) => call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, {
    method: 'POST', cookie, headers: { ...SUPPRESS, ...headers }, body: hierarchyQuery({ displayName: 'o', scope: 'vso.code', validTo: inDays(3), targetAccounts: [fake.demo.contoso.id] }),
  });

  test('refuses cookie writes from a foreign Origin with 401, as for signed out', async () => {
    fake.configure({ originCheck: true, lifecycle: 'any' });
    const cookie = signIn();
    const foreign = { origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' };
    const refused = await hq(cookie, foreign);
    assert.equal(refused.status, 401);
    assert.ok(!fake.tokens('contoso').some((t) => t.displayName === 'o'), 'nothing created');
    const token = fake.tokens('contoso').find((t) => t.displayName === 'Git (laptop)');
    const revoke = `https://vssps.dev.azure.com/contoso/_apis/Token/SessionTokens/${token.authorizationId}?${V71}`;
    assert.equal((await call(revoke, { method: 'DELETE', cookie, headers: foreign })).status, 401);
    assert.equal((await call(`https://dev.azure.com/contoso/_apis/WebPlatformAuth/SessionToken?${V71}`, { method: 'POST', cookie, headers: { ...SUPPRESS, ...foreign }, body: {} })).status, 401);
    assert.equal((await call(pats(), { method: 'POST', cookie, headers: foreign, body: { displayName: 'p', scope: 'vso.code', validTo: inDays(3) } })).status, 401);
    // Reads pass; a bearer is not a cookie write.
    assert.equal((await call(revoke, { cookie, headers: foreign })).status, 200);
    const bearer = fake.issueBearer('contoso');
    assert.equal((await call(pats(), { method: 'POST', bearer, headers: foreign, body: { displayName: 'q', scope: 'vso.code', validTo: inDays(3) } })).status, 200);
  });

  test('accepts the token page\'s own origins, and writes with no Origin', async () => {
    fake.configure({ originCheck: true });
    const cookie = signIn();
    assert.equal((await hq(cookie, { origin: 'https://dev.azure.com' })).status, 200);
    assert.equal((await hq(cookie)).status, 200, 'command-line tools send no Origin');
    const legacy = await call(`https://contoso.visualstudio.com/_apis/Contribution/HierarchyQuery?${V71}`, {
      method: 'POST', cookie, headers: { ...SUPPRESS, origin: 'https://contoso.visualstudio.com' },
      body: hierarchyQuery({ displayName: 'l', scope: 'vso.code', validTo: inDays(3), targetAccounts: [fake.demo.contoso.id] }),
    });
    assert.equal(legacy.status, 200);
    assert.equal((await hq(cookie, { origin: 'https://dev.azure.com.evil.example' })).status, 401);
    fake.configure({ originCheck: false });
    assert.equal((await hq(cookie, { origin: 'chrome-extension://x' })).status, 200, 'off by default');
  });
});

describe('WebPlatformAuth and lifecycle auth modes', () => {
  test('SessionToken issues a bearer that the lifecycle dialect accepts in bearer mode only', async () => {
    const cookie = signIn();
    const issued = await call(`https://dev.azure.com/contoso/_apis/WebPlatformAuth/SessionToken?${V71}`, {
      method: 'POST', cookie, headers: SUPPRESS, body: { appId: '00000000-0000-0000-0000-000000000000', force: false },
    });
    assert.equal(issued.status, 200);
    assert.deepEqual(Object.keys(issued.json), ['token']);
    const bearer = issued.json.token;
    assert.deepEqual(fake.issuedSecrets({ kind: 'bearer' }), [bearer]);
    assert.deepEqual(fake.issuedSecrets({ kind: 'pat' }), []);
    assert.equal((await call(pats(), { cookie, bearer, headers: SUPPRESS })).status, 401, 'by default the browser session is refused');
    fake.configure({ lifecycle: 'cookie' });
    assert.equal((await call(pats(), { bearer, headers: SUPPRESS })).status, 401, 'cookie mode refuses the bearer');
    fake.configure({ lifecycle: 'bearer' });
    assert.equal((await call(pats(), { bearer, headers: SUPPRESS })).status, 200);
    assert.equal((await call(pats(), { cookie, headers: SUPPRESS })).status, 401, 'bearer mode refuses the cookie');
    fake.configure({ lifecycle: 'any' });
    assert.equal((await call(pats(), { cookie })).status, 200);
    fake.configure({ lifecycle: 'off' });
    assert.equal((await call(pats(), { cookie, bearer })).status, 401);
  });

  test('SessionToken needs the cookie', async () => {
    const res = await call(`https://dev.azure.com/contoso/_apis/WebPlatformAuth/SessionToken?${V71}`, { method: 'POST', headers: SUPPRESS, body: {} });
    assert.equal(res.status, 401);
  });

  test('signOut also ends bearers unless told to keep them', async () => {
    fake.configure({ lifecycle: 'bearer' });
    const bearer = fake.issueBearer('contoso');
    fake.signOut({ keepBearers: true });
    assert.equal((await call(pats(), { bearer, headers: SUPPRESS })).status, 200);
    fake.signOut();
    assert.equal((await call(pats(), { bearer, headers: SUPPRESS })).status, 401);
  });
});

describe('lifecycle dialect', () => {
  // The public API accepting the browser session: not the default (docs/azure-devops.md §7.1).
  beforeEach(() => { fake.configure({ lifecycle: 'cookie' }); });

  const validateResponse = (version, name, body) => {
    const validate = specs()[version].responseValidator(name);
    assert.ok(validate(body), JSON.stringify(validate.errors));
  };

  test('create, get, update and revoke round trip with spec-shaped answers', async () => {
    for (const [version, query] of [['7.1', V71], ['7.2', V72]]) {
      fake.reset();
      fake.seedDemo();
      fake.configure({ lifecycle: 'cookie' });
      const cookie = signIn();
      const created = await call(pats('contoso', query), {
        method: 'POST', cookie, body: { displayName: 'feeds', scope: 'vso.packaging', validTo: inDays(7), allOrgs: false },
      });
      assert.equal(created.status, 200);
      assert.match(created.headers['content-type'], new RegExp(`api-version=${version}-preview\\.1`));
      validateResponse(version, 'PatTokenResult', created.json);
      assert.equal(created.json.patTokenError, 'none');
      const pat = created.json.patToken;
      assert.equal(pat.token.length, 84);
      assert.deepEqual(pat.targetAccounts, [fake.demo.contoso.id]);

      const got = await call(pats('contoso', `${query}&authorizationId=${pat.authorizationId}`), { cookie });
      validateResponse(version, 'PatTokenResult', got.json);
      assert.equal(got.json.patToken.token, null);
      assert.equal(got.json.patToken.displayName, 'feeds');

      const newValidTo = inDays(20);
      const updated = await call(pats('contoso', query), {
        method: 'PUT', cookie, body: { authorizationId: pat.authorizationId, validTo: newValidTo },
      });
      assert.equal(updated.status, 200);
      validateResponse(version, 'PatTokenResult', updated.json);
      assert.equal(updated.json.patToken.token, null);
      assert.ok(Math.abs(Date.parse(updated.json.patToken.validTo) - Date.parse(newValidTo)) < 5);
      assert.equal(updated.json.patToken.validFrom, pat.validFrom);

      const revoked = await call(pats('contoso', `${query}&authorizationId=${pat.authorizationId}`), { method: 'DELETE', cookie });
      assert.equal(revoked.status, 204);
      assert.equal(revoked.text, '');
      assert.equal(fake.tokens('contoso').find((t) => t.authorizationId === pat.authorizationId).status, 'revoked');
      assert.deepEqual(fake.violations(), []);
    }
  });

  test('revoke answers 200 when configured', async () => {
    fake.configure({ revokeStatus: 200, revokeBody: '{}' });
    const id = fake.tokens('contoso')[0].authorizationId;
    const res = await call(pats('contoso', `${V71}&authorizationId=${id}`), { method: 'DELETE', cookie: signIn() });
    assert.equal(res.status, 200);
    assert.equal(res.text, '{}');
  });

  test('Microsoft\'s example requests pass validation; the path is case-insensitive', async () => {
    const cookie = signIn();
    const example = (name) => JSON.parse(readFileSync(new URL(`../fixtures/azure-devops/spec/7.1/httpExamples/Pats/${name}.json`, import.meta.url), 'utf8'));
    const create = example('CreatePat').parameters.body;
    const res = await call(`https://vssps.dev.azure.com/contoso/_apis/Tokens/Pats?${V71}`, { method: 'POST', cookie, body: { ...create, scope: 'vso.analytics', validTo: inDays(10) } });
    assert.equal(res.json.patTokenError, 'none');
    const update = example('UpdatePat').parameters.body;
    const up = await call(`https://vssps.dev.azure.com/contoso/_apis/Tokens/Pats?${V71}`, {
      method: 'PUT', cookie, body: { ...update, authorizationId: res.json.patToken.authorizationId, validTo: inDays(20) },
    });
    assert.equal(up.json.patTokenError, 'none');
    assert.equal(up.json.patToken.targetAccounts, null, 'allOrgs true makes it global');
    assert.deepEqual(fake.violations(), []);
  });

  test('the list pages with opaque continuation tokens and ends with ""', async () => {
    const cookie = signIn();
    for (let i = 0; i < 7; i += 1) fake.seedToken('contoso', { name: `bulk ${i}`, scope: 'vso.code', validTo: inDays(5 + i) });
    const names = [];
    let continuationToken;
    let pages = 0;
    do {
      const q = `${V71}&displayFilterOption=active&sortByOption=displayName&isSortAscending=true&$top=4${continuationToken ? `&continuationToken=${encodeURIComponent(continuationToken)}` : ''}`;
      const res = await call(pats('contoso', q), { cookie });
      assert.equal(res.status, 200);
      validateResponse('7.1', 'PagedPatTokens', res.json);
      names.push(...res.json.patTokens.map((t) => t.displayName));
      continuationToken = res.json.continuationToken;
      pages += 1;
    } while (continuationToken !== '');
    assert.equal(pages, 3);
    assert.equal(names.length, 12, '5 active demo tokens (the revoked one is filtered out) + 7 seeded');
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    assert.deepEqual(fake.violations(), []);
  });

  test('a continuation with other filters, or an unknown token, is refused and recorded', async () => {
    const cookie = signIn();
    const first = await call(pats('contoso', `${V71}&displayFilterOption=all&$top=2`), { cookie });
    const token = encodeURIComponent(first.json.continuationToken);
    const changed = await call(pats('contoso', `${V71}&displayFilterOption=active&$top=2&continuationToken=${token}`), { cookie });
    assert.equal(changed.status, 400);
    const unknown = await call(pats('contoso', `${V71}&continuationToken=bm9wZQ==`), { cookie });
    assert.equal(unknown.status, 400);
    assert.equal(fake.violations().length, 2);
  });

  test('requests that break the spec are answered 400 and recorded as violations', async () => {
    const cookie = signIn();
    const cases = [
      [pats('contoso', 'displayFilterOption=active'), {}, /api-version/],
      [pats('contoso', `${V71}&displayFilterOption=Active`), {}, /displayFilterOption/],
      [pats('contoso', `${V71}&$top=101`), {}, /\$top/],
      [pats('contoso', `${V71}&createdByOption=3`), {}, /createdByOption/],
      [pats('contoso', 'api-version=6.0'), {}, /api-version/],
      [pats(), { method: 'POST', body: { displayName: 'x', scope: 'vso.code', validTo: 'next week' } }, /validTo/],
      [pats(), { method: 'POST', body: { displayName: 'x', scope: 'vso.code', targetAccounts: [] } }, /targetAccounts/],
      [pats(), { method: 'POST', body: { displayName: 'x', scope: 'vso.code', validTo: null } }, /validTo/],
      [pats(), { method: 'PUT', body: { authorizationId: 'not-a-uuid' } }, /authorizationId/],
      [pats(), { method: 'DELETE' }, /authorizationId/],
      [pats(), { method: 'POST' }, /body: required/],
    ];
    for (const [url, options, pattern] of cases) {
      const before = fake.violations().length;
      const res = await call(url, { cookie, ...options });
      assert.equal(res.status, 400, `${options.method ?? 'GET'} ${url}: ${res.text}`);
      const v = fake.violations().slice(before);
      assert.equal(v.length, 1);
      assert.equal(v[0].kind, 'spec');
      assert.match(v[0].message, pattern);
    }
    assert.equal(fake.tokens('contoso').length, 6, 'nothing was created');
  });

  test('a non-JSON body is 415; an api-version without -preview is refused with Azure DevOps\' text', async () => {
    const cookie = signIn();
    const form = await call(pats(), { method: 'POST', cookie, body: 'displayName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    const noPreview = await call(pats('contoso', 'api-version=7.1'), { cookie });
    assert.equal(noPreview.status, 400);
    assert.match(noPreview.json.message, /-preview flag must be supplied/);
  });

  test('an invalid request without credentials is answered 401 but still recorded', async () => {
    const res = await call(pats('contoso', 'displayFilterOption=nope'), { headers: SUPPRESS });
    assert.equal(res.status, 401);
    assert.equal(fake.violations().length, 1);
  });

  test('an expired token cannot be extended; a revoked one cannot be updated; a missing one is not found', async () => {
    const cookie = signIn();
    const expired = fake.seedToken('contoso', { name: 'stale', scope: 'vso.code', validFrom: inDays(-40), validTo: inDays(-1) });
    const revoked = fake.tokens('contoso').find((t) => t.revoked);
    const put = (authorizationId) => call(pats('contoso', V72), { method: 'PUT', cookie, body: { authorizationId, validTo: inDays(10) } });
    const a = await put(expired.authorizationId);
    assert.equal(a.status, 400);
    assert.equal(a.json.patTokenError, 'expiredPatCannotBeExtended');
    assert.equal(typeof a.json.patTokenErrorMessage, 'string');
    assert.equal((await put(revoked.authorizationId)).json.patTokenError, 'invalidAuthorizationId');
    assert.equal((await put('00000000-0000-0000-0000-000000000009')).json.patTokenError, 'authorizationNotFound');
    const get = await call(pats('contoso', `${V71}&authorizationId=00000000-0000-0000-0000-000000000009`), { cookie });
    assert.equal(get.json.patTokenError, 'authorizationNotFound');
    assert.equal('patTokenErrorMessage' in get.json, false, '7.1 has no patTokenErrorMessage');
  });

  test('semantic errors: missing name, bad scope, validTo in the past or beyond a year', async () => {
    const cookie = signIn();
    const create = (body) => call(pats(), { method: 'POST', cookie, body });
    assert.equal((await create({ scope: 'vso.code', validTo: inDays(1) })).json.patTokenError, 'displayNameRequired');
    assert.equal((await create({ displayName: 'x', scope: 'code.write', validTo: inDays(1) })).json.patTokenError, 'invalidScope');
    assert.equal((await create({ displayName: 'x', scope: 'vso.code', validTo: inDays(-1) })).json.patTokenError, 'invalidValidTo');
    assert.equal((await create({ displayName: 'x', scope: 'vso.code', validTo: inDays(400) })).json.patTokenError, 'invalidValidTo');
    const noValidTo = await create({ displayName: 'x', scope: 'vso.code' });
    assert.ok(Math.abs(Date.parse(noValidTo.json.patToken.validTo) - (Date.now() + 30 * DAY)) < 60_000, 'defaults to 30 days');
  });
});

describe('policies', () => {
  // The public API accepting the browser session: not the default (docs/azure-devops.md §7.1).
  beforeEach(() => { fake.configure({ lifecycle: 'cookie' }); });

  const create = (cookie, body, query = V72) => call(pats('contoso', query), { method: 'POST', cookie, body });

  test('lifespan clamp shortens validTo on create (now + max) and on update (validFrom + max)', async () => {
    fake.configure({ policy: { maxLifespanDays: 7 } });
    const cookie = signIn();
    const res = await create(cookie, { displayName: 'x', scope: 'vso.code', validTo: inDays(30), allOrgs: false });
    assert.equal(res.json.patTokenError, 'none');
    const { validFrom, validTo, authorizationId } = res.json.patToken;
    assert.ok(Math.abs(Date.parse(validTo) - (Date.parse(validFrom) + 7 * DAY)) < 5);
    const up = await call(pats('contoso', V72), { method: 'PUT', cookie, body: { authorizationId, validTo: inDays(60) } });
    assert.ok(Math.abs(Date.parse(up.json.patToken.validTo) - (Date.parse(validFrom) + 7 * DAY)) < 5);
  });

  test('lifespan reject answers patLifespanPolicyViolation with the configured status', async () => {
    fake.configure({ policy: { maxLifespanDays: 7, lifespanMode: 'reject' } });
    const cookie = signIn();
    const res = await create(cookie, { displayName: 'x', scope: 'vso.code', validTo: inDays(30) });
    assert.equal(res.status, 400);
    assert.equal(res.json.patTokenError, 'patLifespanPolicyViolation');
    assert.equal(res.json.patToken, null);
    assert.match(res.json.patTokenErrorMessage, /7 days/);
    fake.configure({ patTokenErrorStatus: 200 });
    assert.equal((await create(cookie, { displayName: 'x', scope: 'vso.code', validTo: inDays(30) })).status, 200);
    const web = await call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, {
      method: 'POST', cookie, body: hierarchyQuery({ displayName: 'x', scope: 'vso.code', validTo: inDays(30), targetAccounts: [fake.demo.contoso.id] }),
    });
    assert.match(web.json.dataProviderExceptions[PROVIDER].message, /7 days/);
  });

  test('full-scope, global and creation restrictions give their errors', async () => {
    const cookie = signIn();
    fake.configure({ policy: { fullScopeBlocked: true, globalBlocked: true } });
    assert.equal((await create(cookie, { displayName: 'x', scope: 'app_token', validTo: inDays(3) })).json.patTokenError, 'fullScopePatPolicyViolation');
    assert.equal((await create(cookie, { displayName: 'x', scope: 'vso.code', validTo: inDays(3), allOrgs: true })).json.patTokenError, 'globalPatPolicyViolation');
    fake.configure({ policy: { creationRestricted: true } });
    assert.equal((await create(cookie, { displayName: 'x', scope: 'vso.code', validTo: inDays(3) })).json.patTokenError, 'disablePatCreationPolicyViolation');
    fake.configure({ policy: { packagingOnly: true } });
    assert.equal((await create(cookie, { displayName: 'x', scope: 'vso.packaging_write', validTo: inDays(3) })).json.patTokenError, 'none');
    assert.equal((await create(cookie, { displayName: 'x', scope: 'vso.packaging vso.code', validTo: inDays(3) })).json.patTokenError, 'disablePatCreationPolicyViolation');
    const errors = specs()['7.2'].errorEnum;
    for (const name of ['fullScopePatPolicyViolation', 'globalPatPolicyViolation', 'disablePatCreationPolicyViolation', 'patLifespanPolicyViolation', 'expiredPatCannotBeExtended']) {
      assert.ok(errors.includes(name), name);
    }
  });
});

describe('faults', () => {
  // The public API accepting the browser session: not the default (docs/azure-devops.md §7.1).
  beforeEach(() => { fake.configure({ lifecycle: 'cookie' }); });

  test('a status fault answers once with Retry-After, then the route works again', async () => {
    const cookie = signIn();
    fake.fault({ route: 'lifecycleList', status: 429, retryAfter: 7 });
    const first = await call(pats(), { cookie });
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '7');
    assert.equal((await call(pats(), { cookie })).status, 200);
  });

  test('a 5xx after create leaves a token behind (ambiguous create)', async () => {
    const cookie = signIn();
    fake.fault({ route: 'lifecycleCreate', status: 503, afterCreate: true });
    const res = await call(pats(), { method: 'POST', cookie, body: { displayName: 'maybe', scope: 'vso.code', validTo: inDays(3) } });
    assert.equal(res.status, 503);
    assert.ok(fake.tokens('contoso').some((t) => t.displayName === 'maybe'));
    fake.fault({ route: 'webCreate', status: 500 });
    await call(`https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery?${V71}`, {
      method: 'POST', cookie, body: hierarchyQuery({ displayName: 'never', scope: 'vso.code', validTo: inDays(3) }),
    });
    assert.ok(!fake.tokens('contoso').some((t) => t.displayName === 'never'));
  });

  test('drop, html, malformed, delay and times', async () => {
    const cookie = signIn();
    const url = 'https://dev.azure.com/contoso/_apis/connectionData';
    fake.fault({ route: 'connectionData', drop: true });
    await assert.rejects(call(url, { cookie }), /socket hang up|ECONNRESET/);
    fake.fault({ route: 'connectionData', html: true });
    const page = await call(url, { cookie });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    fake.fault({ route: 'connectionData', malformed: true, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const bad = await call(url, { cookie });
      assert.match(bad.headers['content-type'], /^application\/json/);
      assert.throws(() => JSON.parse(bad.text));
    }
    fake.fault({ route: 'connectionData', delayMs: 150 });
    const t0 = Date.now();
    const late = await call(url, { cookie });
    assert.ok(Date.now() - t0 >= 140);
    assert.equal(late.json.instanceId, fake.demo.contoso.id);
    assert.equal(fake.faults().length, 0);
  });

  test('holdAnswer makes the token, sends half its answer and holds the rest', async () => {
    const cookie = signIn();
    fake.fault({ route: 'lifecycleCreate', holdAnswer: true });
    const u = new URL(pats());
    const got = await new Promise((resolve, reject) => {
      const req = https.request({
        host: '127.0.0.1', port: fake.port, servername: u.hostname, method: 'POST', path: u.pathname + u.search, rejectUnauthorized: false, agent: false,
        headers: { host: u.host, cookie: `UserAuthentication=${cookie}`, 'content-type': 'application/json', ...SUPPRESS },
      }, (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
          // Half an answer arrived: the rest never comes. Hang up, as a stopped worker does.
          setTimeout(() => { req.destroy(); resolve({ status: res.statusCode, text }); }, 200);
        });
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ displayName: 'held', scope: 'vso.code', validTo: inDays(3) }));
      setTimeout(() => reject(new Error('no part of the answer arrived')), 5000).unref();
    });
    assert.equal(got.status, 200);
    assert.throws(() => JSON.parse(got.text), 'only half of it');
    assert.ok(fake.tokens('contoso').some((t) => t.displayName === 'held'), 'the token was made');
  });

  test('hugeBodyBytes streams that many bytes without a Content-Length', async () => {
    const cookie = signIn();
    fake.fault({ route: 'lifecycleList', hugeBodyBytes: 3 * 1024 * 1024 });
    const res = await call(pats(), { cookie });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-length'], undefined);
    assert.equal(Buffer.byteLength(res.text), 3 * 1024 * 1024);
    assert.equal(JSON.parse(res.text).value.length, 3 * 1024 * 1024 - 13);
  });

  test('keepAlive false closes every connection after its answer', async () => {
    const headers = { connection: 'keep-alive' };
    assert.equal((await call('https://dev.azure.com/contoso/', { headers })).headers.connection, 'keep-alive');
    fake.configure({ keepAlive: false });
    assert.equal((await call('https://dev.azure.com/contoso/', { headers })).headers.connection, 'close');
  });

  test('fault rejects unknown routes and options', () => {
    assert.throws(() => fake.fault({ route: 'nope', status: 500 }), /route must be one of/);
    assert.throws(() => fake.fault({ route: 'webList', statsu: 500 }), /unknown option/);
    assert.throws(() => fake.configure({ lifecycle: 'cookies' }), /lifecycle must be one of/);
  });
});

describe('control API', () => {
  // The public API accepting the browser session: not the default (docs/azure-devops.md §7.1).
  beforeEach(() => { fake.configure({ lifecycle: 'cookie' }); });

  test('requests are recorded with route, lower-case headers, query object and parsed body', async () => {
    const cookie = signIn();
    await call(pats(), { method: 'POST', cookie, headers: { 'X-VSS-ReauthenticationAction': 'Suppress' }, body: { displayName: 'rec', scope: 'vso.code', validTo: inDays(3) } });
    const [r] = fake.requests({ route: 'lifecycleCreate' });
    assert.equal(r.method, 'POST');
    assert.equal(r.host, 'vssps.dev.azure.com');
    assert.equal(r.path, '/contoso/_apis/tokens/pats');
    assert.deepEqual(r.query, { 'api-version': '7.1-preview.1' });
    assert.equal(r.headers['x-vss-reauthenticationaction'], 'Suppress');
    assert.match(r.headers.cookie, /UserAuthentication=/);
    assert.deepEqual(r.body, { displayName: 'rec', scope: 'vso.code', validTo: r.body.validTo });
    assert.equal(r.status, 200);
    assert.equal(r.org, 'contoso');
  });

  test('demo data: contoso with six tokens (one revoked, one global), fabrikam with two', () => {
    const contoso = fake.tokens('contoso');
    assert.deepEqual(contoso.map((t) => t.displayName).sort(), ['Build agent', 'Git (laptop)', 'Old deploy script', 'Old global token', 'Release pipeline', 'npm feed (CI)'].sort());
    assert.equal(contoso.find((t) => t.displayName === 'Old global token').targetAccounts, null);
    assert.equal(contoso.find((t) => t.displayName === 'Old deploy script').status, 'revoked');
    const hours = (name) => (Date.parse(contoso.find((t) => t.displayName === name).validTo) - Date.now()) / 3_600_000;
    assert.ok(hours('Build agent') > 11 && hours('Build agent') < 13);
    assert.equal(fake.tokens('fabrikam').length, 2);
    assert.equal(fake.org('contoso').id, fake.demo.contoso.id);
  });

  test('the clock moves tokens from active to expired', async () => {
    fake.setNow(new Date(Date.now() + 4 * DAY));
    const statuses = Object.fromEntries(fake.tokens('contoso').map((t) => [t.displayName, t.status]));
    assert.equal(statuses['npm feed (CI)'], 'expired');
    assert.equal(statuses['Git (laptop)'], 'active');
    fake.setNow(new Date('2030-01-01T00:00:00Z'), { frozen: true });
    assert.equal(fake.now().toISOString(), '2030-01-01T00:00:00.000Z');
    fake.setNow(null);
    assert.ok(Math.abs(fake.now() - Date.now()) < 1000);
  });

  test('reset clears orgs, tokens, sessions, modes, faults and records', async () => {
    const cookie = signIn();
    fake.configure({ web: 'off' });
    fake.fault({ route: 'webList', status: 500 });
    await call('https://dev.azure.com/contoso/');
    fake.reset();
    assert.equal(fake.org('contoso'), null);
    assert.deepEqual(fake.requests(), []);
    assert.deepEqual(fake.faults(), []);
    assert.equal(fake.config().web, 'on');
    fake.seedDemo();
    assert.equal((await call('https://dev.azure.com/contoso/_apis/connectionData', { cookie, headers: SUPPRESS })).status, 401);
  });
});

#!/usr/bin/env node
// Fake Azure DevOps: a local HTTPS server that plays dev.azure.com, vssps.dev.azure.com and the
// legacy *.visualstudio.com hosts, routed by `Host` (router.js), with a control API for tests.
//
//   import { startFake } from './tests/fake-azure-devops/server.js';
//   const fake = await startFake({ demo: true });   // fake.port, fake.close(), fake.configure(…)…
//
//   node tests/fake-azure-devops/server.js --port 0 [--demo | --no-demo]
//   → prints "fake-azure-devops listening on <port>" and runs until SIGTERM/SIGINT.
//
// See README.md next to this file for routes, modes, faults and the choices made where the
// sources are silent.

import https from 'node:https';
import { pathToFileURL } from 'node:url';
import { makeCertificate } from './cert.js';
import { seedDemo, DEMO } from './demo.js';
import { addFault, applyFault, takeFault } from './faults.js';
import { resolve } from './router.js';
import { error } from './responses.js';
import { specs } from './spec.js';
import {
  addViolation, configure, createState, findOrg, issueBearer, newSession, now, publicTokenView,
  requireOrg, resetState, seedOrg, seedToken, setNow, signOut,
} from './state.js';

const MAX_BODY = 1024 * 1024;

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function buildContext(req) {
  const hostHeader = (req.headers.host ?? '').toLowerCase();
  const host = hostHeader.replace(/:\d+$/, '');
  const url = new URL(req.url, `https://${hostHeader || 'unknown.invalid'}`);
  const rawBody = await readBody(req);
  let body = null;
  let bodyIsJson = false;
  if (rawBody.length) {
    try {
      body = JSON.parse(rawBody);
      bodyIsJson = true;
    } catch {
      body = rawBody;
    }
  }
  return {
    method: req.method,
    host,
    url: url.href,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...req.headers },
    rawBody,
    body,
    bodyIsJson,
    org: null,
  };
}

function write(state, req, res, answer) {
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  const headers = { ...(answer.headers ?? {}) };
  if (!state.config.keepAlive) headers.connection = 'close';
  if (answer.huge) return writeHuge(res, answer.status, headers, answer.huge);
  if (answer.hold) {
    // Everything but the end: the client waits for the rest until it gives up or goes away.
    const body = Buffer.from(answer.body ?? '');
    delete headers['content-length'];
    res.writeHead(answer.status, headers);
    res.write(body.subarray(0, Math.floor(body.length / 2)));
    return;
  }
  res.writeHead(answer.status, headers);
  res.end(answer.status === 204 || answer.status === 304 ? undefined : answer.body ?? '');
}

/** `bytes` of a JSON string value, in 64 KiB chunks (chunked: no Content-Length), minding backpressure. */
function writeHuge(res, status, headers, bytes) {
  res.writeHead(status, headers);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  res.write('{"value": "');
  sent += 11;
  const more = () => {
    while (sent < bytes - 2 && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, bytes - 2 - sent));
      sent += piece.length;
      if (!res.write(piece)) return res.once('drain', more);
    }
    if (!res.destroyed) res.end('"}');
  };
  res.on('error', () => {});
  more();
}

async function handle(state, req, res) {
  let ctx;
  try {
    ctx = await buildContext(req);
  } catch (err) {
    write(state, req, res, error(413, err.message, 'RequestTooLargeException'));
    return;
  }
  const { route, handler } = resolve(state, ctx);
  ctx.route = route;
  const record = {
    time: new Date(now(state)).toISOString(),
    method: ctx.method,
    host: ctx.host,
    path: ctx.path,
    query: ctx.query,
    headers: ctx.headers,
    body: ctx.body,
    route,
    org: ctx.org?.name ?? null,
    status: null,
  };
  state.records.push(record);
  let answer;
  try {
    const run = () => handler(state, ctx);
    const fault = route ? takeFault(state, route) : null;
    answer = fault ? await applyFault(fault, run) : await run();
  } catch (err) {
    addViolation(state, { kind: 'fakeError', route, method: ctx.method, host: ctx.host, path: ctx.path, message: err.stack });
    answer = error(500, `The fake failed: ${err.message}`, 'FakeInternalError');
  }
  record.status = answer.drop ? 'dropped' : answer.status;
  if (!res.destroyed) write(state, req, res, answer);
}

/** The in-process control API; every method is synchronous except `close()`. */
function controlApi(state) {
  const copy = (value) => structuredClone(value);
  return {
    /** No orgs, no tokens, default modes, no faults, records and sessions cleared. */
    reset: () => resetState(state),
    seedDemo: () => seedDemo(state),
    /** `{ name, id?, user?: { id, displayName, mail? } }` → `{ name, id, user }` */
    seedOrg: (org) => seedOrg(state, org),
    /** `(org, { name, scope, validFrom?, validTo, global?, revoked?, isPublic? })` → metadata */
    seedToken: (org, token) => seedToken(state, org, token),
    /** Merges `{ web, lifecycle, signedOut, policy: {…}, revokeStatus, … }`; returns the result. */
    configure: (changes) => configure(state, changes),
    config: () => copy(state.config),
    /** `{ route, status?, body?, headers?, retryAfter?, delayMs?, drop?, html?, malformed?, times?, afterCreate?, holdAnswer?, hugeBodyBytes? }` */
    fault: (fault) => addFault(state, fault),
    clearFaults: () => { state.faults = []; },
    faults: () => copy(state.faults),
    /** Invalidates every session cookie (and, unless `{ keepBearers: true }`, every bearer). */
    signOut: (options) => signOut(state, options),
    /** A live session cookie value for the org's user, as `_fakeSignIn` would set. */
    createSession: (org) => newSession(state, requireOrg(state, org).user.id),
    /** A bearer as `WebPlatformAuth/SessionToken` would issue for the org's user. */
    issueBearer: (org) => issueBearer(state, requireOrg(state, org).user.id),
    /** Recorded requests, oldest first; `{ route }` filters. */
    requests: (filter = {}) => copy(state.records.filter((r) => !filter.route || r.route === filter.route)),
    violations: () => copy(state.violations),
    clearRecords: () => { state.records = []; state.violations = []; },
    /** Current tokens of an org (PATs and SSH keys, revoked ones too), without secrets. */
    tokens: (org) => {
      const o = requireOrg(state, org);
      return [...o.tokens.values()].map((t) => publicTokenView(state, o, t));
    },
    /** The secret issued when this token was created through an API (null for seeded tokens). */
    secretOf: (org, authorizationId) => requireOrg(state, org).tokens.get(String(authorizationId).toLowerCase())?.secret ?? null,
    /** Every PAT secret and bearer the fake has issued, for leak assertions; `{ kind: 'pat' | 'bearer' }` filters. */
    issuedSecrets: ({ kind } = {}) => state.secrets.filter((s) => !kind || s.kind === kind).map((s) => s.value),
    org: (name) => {
      const o = findOrg(state, name);
      return o && { name: o.name, id: o.id, user: { ...o.user } };
    },
    /** The clock: `setNow(date)` runs on from `date`; `{ frozen: true }` stops it; `null` = real. */
    setNow: (date, options) => setNow(state, date, options),
    now: () => new Date(now(state)),
    setEvilPage: (text) => { state.evilPage = text ?? ''; },
    demo: DEMO,
  };
}

export async function startFake(options = {}) {
  specs(); // load and compile the spec up front: a broken fixture fails here, not mid-test
  const state = createState();
  if (options.demo) seedDemo(state);
  const certificate = await makeCertificate();
  const server = https.createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    handle(state, req, res).catch((err) => {
      process.stderr.write(`fake-azure-devops: ${err.stack}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolveListen);
  });
  const { port } = server.address();
  let closed = false;
  return {
    port,
    /** The PEM certificate, for clients that want to trust it instead of skipping verification. */
    certificate: certificate.cert.toString(),
    ...controlApi(state),
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise((resolveClose) => server.close(resolveClose));
      await certificate.dispose();
    },
  };
}

async function main(argv) {
  const args = { port: 0, demo: true };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') args.port = Number(argv[++i]);
    else if (arg.startsWith('--port=')) args.port = Number(arg.slice(7));
    else if (arg === '--demo') args.demo = true;
    else if (arg === '--no-demo') args.demo = false;
    else {
      process.stderr.write(`usage: server.js [--port N] [--demo | --no-demo]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0) {
    process.stderr.write('fake-azure-devops: --port needs a number\n');
    process.exit(2);
  }
  const fake = await startFake(args);
  process.stdout.write(`fake-azure-devops listening on ${fake.port}\n`);
  const stop = async () => {
    await fake.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`fake-azure-devops: ${err.stack}\n`);
    process.exit(1);
  });
}

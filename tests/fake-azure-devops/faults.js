// Fault injection per route: any status (with body, headers, Retry-After), a delay, a dropped
// connection, an HTML sign-in page where JSON was expected, malformed JSON, an answer held
// half-sent, a body larger than any real one. Each fault applies `times` times (default 1), then
// the route behaves normally again.

import { ROUTES } from './state.js';
import { html, json } from './responses.js';
import { signInPage } from './pages.js';
import { errorBody } from './util.js';

const KEYS = ['route', 'status', 'body', 'headers', 'retryAfter', 'delayMs', 'drop', 'html', 'malformed', 'times', 'afterCreate', 'holdAnswer', 'hugeBodyBytes'];

export function addFault(state, fault) {
  for (const key of Object.keys(fault)) if (!KEYS.includes(key)) throw new TypeError(`fault: unknown option '${key}'`);
  if (!ROUTES.includes(fault.route)) throw new TypeError(`fault: route must be one of ${ROUTES.join(', ')}`);
  if (fault.hugeBodyBytes !== undefined && !(Number.isInteger(fault.hugeBodyBytes) && fault.hugeBodyBytes > 0)) {
    throw new TypeError('fault: hugeBodyBytes must be a positive integer');
  }
  state.faults.push({ times: 1, ...fault });
}

export function takeFault(state, route) {
  const i = state.faults.findIndex((f) => f.route === route && f.times > 0);
  if (i < 0) return null;
  const fault = state.faults[i];
  fault.times -= 1;
  if (fault.times <= 0) state.faults.splice(i, 1);
  return fault;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function faultAnswer(fault) {
  if (fault.drop) return { drop: true };
  if (fault.html) return html(200, signInPage({}));
  if (fault.malformed) {
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"patToken": {"displayName": "trunc' };
  }
  const headers = { ...(fault.headers ?? {}) };
  if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
  const status = fault.status ?? 200;
  if (fault.body === undefined) {
    if (status >= 400) {
      const answer = json(status, errorBody(`Injected failure (HTTP ${status}).`, 'InjectedFaultException'));
      return { ...answer, headers: { ...answer.headers, ...headers } };
    }
    return { status, headers, body: '' };
  }
  if (typeof fault.body === 'string') return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: fault.body };
  const answer = json(status, fault.body);
  return { ...answer, headers: { ...answer.headers, ...headers } };
}

/**
 * Runs `handler` (the route's normal behaviour) as the fault dictates: `delayMs` first; with
 * `afterCreate` the handler runs for its side effects (the token is created, updated or revoked)
 * and its answer is replaced; a fault with only `delayMs` answers normally, late.
 * `holdAnswer`: the handler runs (the token is made), then its status, headers and the first half
 * of its body are sent and the rest is held until the client goes away (an answer cut off in
 * transit). `hugeBodyBytes`: a 200 JSON answer of that many bytes, sent in chunks without a
 * `Content-Length` (the handler does not run).
 */
export async function applyFault(fault, handler) {
  if (fault.delayMs) await sleep(fault.delayMs);
  if (fault.hugeBodyBytes) {
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '', huge: fault.hugeBodyBytes };
  }
  if (fault.holdAnswer) return { ...(await handler()), hold: true };
  const replaces = fault.drop || fault.html || fault.malformed || fault.status !== undefined || fault.body !== undefined;
  if (!replaces) return handler();
  if (fault.afterCreate) await handler();
  return faultAnswer(fault);
}

// Small helpers shared by the fake: ids, secrets, timestamps, generic error bodies.

import { randomBytes, randomUUID } from 'node:crypto';

export const uuid = () => randomUUID();

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length) {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      // 248 = 4 * 62: dropping larger bytes keeps the characters uniform
      if (b < 248 && out.length < length) out += ALNUM[b % 62];
    }
  }
  return out;
}

/**
 * A PAT secret in the current format: 84 characters with the fixed `AZDO` signature at
 * positions 76–80 (docs/azure-devops.md §7.4, [DOC-PAT]). Zero-based, the signature fills [76, 80).
 */
export function newPatSecret() {
  return `${randomAlnum(76)}AZDO${randomAlnum(4)}`;
}

/**
 * A bearer for `WebPlatformAuth/SessionToken` (docs/azure-devops.md §8.2: "the response has a `token` field").
 * Only the field is known, not the format; we make it JWT-shaped (three base64url parts) so that
 * it looks like what a browser would hold, and unique so leak checks can find it.
 */
export function newBearer(userId, expiresAtMs) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const header = b64({ typ: 'JWT', alg: 'RS256' });
  const payload = b64({ nameid: userId, exp: Math.floor(expiresAtMs / 1000), jti: uuid() });
  return `${header}.${payload}.${randomBytes(64).toString('base64url')}`;
}

export const newCookieValue = () => randomBytes(48).toString('base64url');

/**
 * Azure DevOps stores token times with SQL `datetime` precision (1/300 s) and prints them with up
 * to 7 fractional digits, trailing zeros trimmed: the examples show `.32Z` for a request of
 * `.319Z`, and `.1033333Z`, `.5233333Z`, `.72Z` (docs/azure-devops.md §7.4, [EX]). We do the same, so clients
 * meet 0, 2, 3 and 7 fractional digits.
 */
export function roundToSqlDatetime(ms) {
  return Math.round(ms * 0.3) / 0.3;
}

export function formatTime(ms) {
  const units = Math.round(ms * 0.3); // 1/300 s units
  const wholeSeconds = Math.floor(units / 300);
  const frac = units - wholeSeconds * 300;
  const base = new Date(wholeSeconds * 1000).toISOString().slice(0, 19);
  if (frac === 0) return `${base}Z`;
  const digits = String(Math.round((frac / 300) * 1e7)).padStart(7, '0').replace(/0+$/, '');
  return `${base}.${digits}Z`;
}

/** Accepts Date, number (ms) or string; returns ms or NaN. */
export function toMs(value) {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The generic Azure DevOps error body (docs/azure-devops.md §3, [ISS571]): `message` plus `typeKey`, with the
 * same fields as the public report. The typeName/typeKey values are ours; only the field set is
 * from the source.
 */
export function errorBody(message, typeKey = 'InvalidArgumentValueException') {
  return {
    $id: '1',
    innerException: null,
    message,
    typeName: `Microsoft.VisualStudio.Services.Common.${typeKey}, Microsoft.VisualStudio.Services.Common`,
    typeKey,
    errorCode: 0,
    eventId: 3000,
  };
}

export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

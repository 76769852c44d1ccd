// Answers as plain data ({ status, headers, body }); server.js writes them. Handlers stay pure, so
// a fault can run a handler for its side effects and then answer something else.

import { errorBody } from './util.js';

/**
 * JSON answer. Azure DevOps puts the api-version it answered with in the Content-Type
 * (`application/json; charset=utf-8; api-version=7.1-preview.1`).
 */
export function json(status, body, { apiVersion, headers = {} } = {}) {
  const type = `application/json; charset=utf-8${apiVersion ? `; api-version=${apiVersion}` : ''}`;
  return { status, headers: { 'content-type': type, ...headers }, body: JSON.stringify(body) };
}

export function html(status, text, headers = {}) {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers }, body: text };
}

export function empty(status, headers = {}) {
  return { status, headers, body: '' };
}

export function error(status, message, typeKey, options) {
  return json(status, errorBody(message, typeKey), options);
}

export const notFound = (what = 'The requested resource') =>
  error(404, `${what} was not found.`, 'NotFoundException');

export const methodNotAllowed = (method) =>
  error(405, `The requested resource does not support http method '${method}'.`, 'HttpMethodNotAllowed');

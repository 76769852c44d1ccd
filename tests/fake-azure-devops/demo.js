// Demo data for `make run` and for tests that want a lived-in account: two organizations, one
// signed-in person (the same identity in both, as one Microsoft account would be), tokens that
// expire soon and later, one revoked, one global. Scopes are ids from the scope catalog.

import { DAY_MS } from './util.js';
import { DEFAULT_USER, now, seedOrg, seedToken } from './state.js';

export const DEMO = Object.freeze({
  contoso: { name: 'contoso', id: '8f1c2b7e-4a3d-4c59-9e2f-6b1a0d3c5e71' },
  fabrikam: { name: 'fabrikam', id: '2d7e9a14-6c3b-4f8a-b5d1-0e9c7a2f4b63' },
  user: DEFAULT_USER,
});

const HOUR_MS = 60 * 60 * 1000;

export function seedDemo(state) {
  const t = now(state);
  seedOrg(state, { ...DEMO.contoso, user: DEMO.user });
  seedOrg(state, { ...DEMO.fabrikam, user: DEMO.user });
  const token = (org, name, scope, validFromDaysAgo, validInMs, extra = {}) =>
    seedToken(state, org, { name, scope, validFrom: t - validFromDaysAgo * DAY_MS, validTo: t + validInMs, ...extra });

  token('contoso', 'Build agent', 'vso.agentpools_manage', 6.5, 12 * HOUR_MS);
  token('contoso', 'npm feed (CI)', 'vso.packaging', 27, 3 * DAY_MS);
  token('contoso', 'Git (laptop)', 'vso.code_write', 20, 10 * DAY_MS);
  token('contoso', 'Release pipeline', 'vso.build_execute vso.release_execute', 50, 40 * DAY_MS);
  token('contoso', 'Old deploy script', 'vso.code vso.build', 15, 15 * DAY_MS, { revoked: true });
  token('contoso', 'Old global token', 'vso.code vso.packaging', 30, 60 * DAY_MS, { global: true });
  token('fabrikam', 'Wiki bot', 'vso.wiki_write', 10, 20 * DAY_MS);
  token('fabrikam', 'Work items sync', 'vso.work_write', 25, 5 * DAY_MS);
}

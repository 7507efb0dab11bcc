/**
 * The HTTP API: one entry per route. The local stack serves exactly these, and the infrastructure deploys
 * one function per route from `functions/entries/<name>.ts`.
 */
export const ROUTES = [
  { name: 'create-link', method: 'POST', path: '/tenants/{tenantId}/links', access: 'management' },
  { name: 'list-connections', method: 'GET', path: '/tenants/{tenantId}/connections', access: 'management' },
  { name: 'start', method: 'GET', path: '/connect/start', access: 'public' },
  { name: 'callback', method: 'GET', path: '/connect/callback', access: 'public' },
] as const;

export type Route = (typeof ROUTES)[number];
export type RouteName = Route['name'];

export const entryPath = (name: RouteName) => `functions/entries/${name}.ts`;

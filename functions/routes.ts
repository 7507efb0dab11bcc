/**
 * The HTTP API: one entry per route. The local stack serves exactly these, and the infrastructure deploys
 * one function per route from `functions/entries/<name>.ts`.
 */
export const ROUTES = [
  { name: 'create-link', method: 'POST', path: '/tenants/{tenantId}/links', access: 'management' },
  { name: 'list-connections', method: 'GET', path: '/tenants/{tenantId}/connections', access: 'management' },
  {
    name: 'get-connection',
    method: 'GET',
    path: '/tenants/{tenantId}/connections/{accountId}',
    access: 'management',
  },
  {
    name: 'delete-connection',
    method: 'DELETE',
    path: '/tenants/{tenantId}/connections/{accountId}',
    access: 'management',
  },
  {
    name: 'verify-connection',
    method: 'POST',
    path: '/tenants/{tenantId}/connections/{accountId}/verify',
    access: 'management',
  },
  { name: 'put-tenant-consumer', method: 'PUT', path: '/tenants/{tenantId}/consumer', access: 'management' },
  {
    name: 'delete-tenant-consumer',
    method: 'DELETE',
    path: '/tenants/{tenantId}/consumer',
    access: 'management',
  },
  { name: 'start', method: 'GET', path: '/connect/start', access: 'public' },
  { name: 'callback', method: 'GET', path: '/connect/callback', access: 'public' },
] as const;

export type Route = (typeof ROUTES)[number];
export type RouteName = Route['name'];

/**
 * Functions that no route calls: the hourly retry of failed revocations, and the publisher of the events
 * that connection writes carry (fed by the table's change stream).
 */
export const BACKGROUND_FUNCTIONS = ['sweep-revocations', 'publish-events'] as const;
export type BackgroundFunction = (typeof BACKGROUND_FUNCTIONS)[number];
export type FunctionName = RouteName | BackgroundFunction;

export const entryPath = (name: FunctionName) => `functions/entries/${name}.ts`;

/**
 * Demo values of the local stack. They only ever exist on this machine: the simulator accepts them and
 * nothing else does.
 */
export const LOCAL_REGION = 'us-east-1';
export const DEMO_CONSUMER = {
  key: '6a1c0c1b6f3e4a52b1d9c8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7',
  secret: 'f1e2d3c4b5a697887766554433221100ffeeddccbbaa99887766554433221100',
};
export const DEFAULT_ADMIN_TOKEN = 'local-admin-token';

import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildSync } from 'esbuild';
import { escapeHtml } from '../../../functions/runtime/escape-html.js';
import { REASON_MESSAGES } from '../../../functions/runtime/reason-messages.js';
import type { ExtraRoute } from '../api-gateway-adapter.js';

/** Reasons the front-end helper itself reports, next to the server's reason codes. */
const CLIENT_MESSAGES = {
  closed: 'The NetSuite window was closed before the connection finished.',
  popup_blocked:
    'The browser blocked the NetSuite window. Allow pop-ups for this site, or connect in this window.',
  timeout: 'NetSuite did not answer in time. Please try again.',
};

export const DEMO_TENANTS = ['acme', 'globex', 'initech'] as const;

/**
 * A demo SaaS on the local stack: its page at `/`, its script, and a small back end (`/demo/api/…`) that
 * calls the management API with the admin token, server-side, as a real SaaS back end would.
 */
export function createDemoRoutes(options: {
  /** Where the demo back end reaches the management API. */
  apiUrl: () => string;
  adminToken: string;
  /** The page the onboarding flow returns to: this demo page. */
  returnUrl: string;
}): ExtraRoute {
  // Bundled once, at start: the page's script with the front-end helper, exactly as a SaaS would ship it.
  const script = buildSync({
    entryPoints: [new URL('./demo-app.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
  }).outputFiles[0]?.text;

  const management = async (path: string, init: RequestInit = {}) =>
    fetch(`${options.apiUrl()}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${options.adminToken}`, 'Content-Type': 'application/json' },
    });

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /') {
      send(res, 200, 'text/html; charset=utf-8', renderDemoPage());
      return true;
    }
    if (route === 'GET /demo/app.js') {
      send(res, 200, 'text/javascript; charset=utf-8', script ?? '');
      return true;
    }
    const tenant = url.searchParams.get('tenant') ?? '';
    if (route === 'GET /demo/api/connections') {
      await relay(res, await management(`/tenants/${encodeURIComponent(tenant)}/connections`));
      return true;
    }
    if (route === 'DELETE /demo/api/connections') {
      const account = url.searchParams.get('account') ?? '';
      const path = `/tenants/${encodeURIComponent(tenant)}/connections/${encodeURIComponent(account)}`;
      await relay(res, await management(path, { method: 'DELETE' }));
      return true;
    }
    if (route === 'POST /demo/api/links') {
      const body = JSON.parse((await readBody(req)) || '{}') as { tenant?: string; accountId?: string };
      const created = await management(`/tenants/${encodeURIComponent(body.tenant ?? '')}/links`, {
        method: 'POST',
        body: JSON.stringify({
          returnUrl: options.returnUrl,
          ...(body.accountId ? { accountId: body.accountId } : {}),
        }),
      });
      await relay(res, created);
      return true;
    }
    return false;
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
}

async function relay(res: ServerResponse, response: Response): Promise<void> {
  res
    .writeHead(response.status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    .end(await response.text());
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function renderDemoPage(): string {
  const reasons = JSON.stringify({ ...REASON_MESSAGES, ...CLIENT_MESSAGES }).replaceAll('<', '\\u003c');
  const tenants = DEMO_TENANTS.map((t) => `<option value="${escapeHtml(t)}">${escapeHtml(t)}</option>`).join(
    '',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo SaaS · NetSuite Connect</title>
<link rel="icon" href="data:,">
<style>
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1f2933;background:#f7f9fb}
header{background:#0f766e;color:#fff;padding:.9rem 1.5rem;font-weight:600}
main{max-width:52rem;margin:2rem auto;padding:0 1rem}
section{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:1.25rem 1.5rem;margin-bottom:1.25rem}
h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1.1rem;margin:0 0 .75rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
select,input{font:inherit;padding:.4rem;min-width:16rem}
.row{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1rem}
button{font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid #0f766e;background:#fff;color:#0f766e;cursor:pointer}
button.primary{background:#0f766e;color:#fff}button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.45rem;border-bottom:1px solid #e4e7eb}
td button{margin-right:.5rem;padding:.2rem .6rem}
#status{min-height:1.5rem;padding:.6rem .8rem;border-radius:4px;background:#f0f4f8}
#status[data-status=connected]{background:#e3f9e5}#status[data-status=error]{background:#ffe3e3}
.hint{color:#52606d;font-size:.9rem}
</style>
<script type="application/json" id="reason-messages">${reasons}</script>
<script type="module" src="/demo/app.js"></script>
</head>
<body>
<header>Demo SaaS — powered by NetSuite Connect</header>
<main>
<h1>NetSuite integration</h1>
<section aria-labelledby="connect-heading">
<h2 id="connect-heading">Connect an account</h2>
<label for="tenant">Your company (tenant)</label>
<select id="tenant">${tenants}</select>
<label for="account">NetSuite account ID (optional)</label>
<input id="account" autocomplete="off" spellcheck="false" placeholder="1234567 or 1234567_SB1" aria-describedby="account-hint">
<p id="account-hint" class="hint">Leave it empty to sign in at NetSuite and pick the account there.</p>
<div class="row">
<button id="connect-popup" class="primary" type="button">Connect NetSuite</button>
<button id="connect-redirect" type="button">Connect in this window</button>
</div>
</section>
<section aria-labelledby="status-heading">
<h2 id="status-heading">Status</h2>
<p id="status" role="status" aria-live="polite">Not connected yet in this session.</p>
</section>
<section aria-labelledby="connections-heading">
<h2 id="connections-heading">Connected NetSuite accounts</h2>
<table>
<thead><tr><th scope="col">Account</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Connected</th><th scope="col">Actions</th></tr></thead>
<tbody id="connections"></tbody>
</table>
<p id="empty" class="hint">No NetSuite account is connected for this tenant.</p>
</section>
</main>
</body>
</html>`;
}

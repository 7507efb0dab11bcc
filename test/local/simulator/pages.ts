import { escapeHtml } from '../../../functions/runtime/escape-html.js';

export interface DemoRole {
  readonly id: string;
  readonly name: string;
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;font:15px/1.5 Arial,Helvetica,sans-serif;background:#eef1f5;color:#262626}
header{background:#24385b;color:#fff;padding:.8rem 1.5rem;font-weight:bold;letter-spacing:.02em}
header span{color:#9ec1ec;font-weight:normal;margin-left:.5rem}
main{max-width:34rem;margin:2.5rem auto;background:#fff;border:1px solid #d4d9e1;border-radius:4px;padding:1.5rem 2rem}
h1{font-size:1.3rem;margin-top:0}label{display:block;font-weight:bold;margin:1rem 0 .3rem}
select,input:not([type=hidden]){font:inherit;padding:.4rem;width:100%;box-sizing:border-box}.who{color:#52606d}
.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font:inherit;padding:.5rem 1.5rem;border-radius:3px;border:1px solid #607799;background:#fff;cursor:pointer}
button.primary{background:#607799;color:#fff}.error{color:#b42318}
</style>
</head>
<body>
<header>ORACLE NETSUITE<span>simulator</span></header>
<main>
${body}
</main>
</body>
</html>`;
}

export function renderConsentPage(input: {
  applicationName: string;
  /** Undefined at the system domain: the user names the account while signing in. */
  accountId: string | undefined;
  defaultAccount: string;
  requestToken: string;
  state: string | undefined;
  user: { name: string; email: string };
  roles: readonly DemoRole[];
}): string {
  const options = input.roles
    .map((role) => `<option value="${escapeHtml(role.id)}">${escapeHtml(role.name)}</option>`)
    .join('');
  return layout(
    'Authorize application',
    `<h1>${escapeHtml(input.applicationName)} wants to access your NetSuite account</h1>
<p class="who">${input.accountId === undefined ? '' : `Account <strong>${escapeHtml(input.accountId)}</strong> · `}signed in as
${escapeHtml(input.user.name)} (${escapeHtml(input.user.email)})</p>
<p>Allowing access creates an access token for this application, for you and the role below.</p>
<form method="post">
<input type="hidden" name="oauth_token" value="${escapeHtml(input.requestToken)}">
<input type="hidden" name="state" value="${escapeHtml(input.state ?? '')}">
${
  input.accountId === undefined
    ? `<label for="account">Account</label>
<input id="account" name="account" value="${escapeHtml(input.defaultAccount)}" autocomplete="off">`
    : ''
}
<label for="role">Role (Change Role)</label>
<select id="role" name="role">${options}</select>
<div class="actions">
<button class="primary" type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="deny">Deny</button>
</div>
</form>`,
  );
}

export function renderErrorPage(message: string): string {
  return layout('Error', `<h1>Error</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}

export function renderLoginPage(input: {
  requestToken: string;
  state: string | undefined;
  error: string | undefined;
  users: ReadonlyArray<{ email: string; name: string }>;
}): string {
  const users = input.users.map(
    (user) => `<li><code>${escapeHtml(user.email)}</code> (${escapeHtml(user.name)})</li>`,
  );
  return layout(
    'Log in',
    `<h1>Log in to NetSuite</h1>
${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post">
<input type="hidden" name="oauth_token" value="${escapeHtml(input.requestToken)}">
<input type="hidden" name="state" value="${escapeHtml(input.state ?? '')}">
<input type="hidden" name="action" value="login">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<div class="actions"><button class="primary" type="submit">Log In</button></div>
</form>
<p class="who">Demo users, password <code>demo</code>:</p><ul class="who">${users.join('')}</ul>`,
  );
}

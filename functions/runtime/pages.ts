import type { ReasonCode } from '../core/errors.js';
import { escapeHtml } from './escape-html.js';
import { REASON_MESSAGES } from './reason-messages.js';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · NetSuite Connect</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.4rem}label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1.25rem;background:#1f5fa8;color:#fff;border:0;border-radius:4px}
.hint{color:#52606d;font-size:.9rem}.error{color:#b42318}code{background:#f0f4f8;padding:0 .2rem}
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

/** Shown when there is no trusted return URL to send the user back to. */
export function renderErrorPage(reason: ReasonCode, ref: string): string {
  return page(
    'Connection failed',
    `<h1>NetSuite connection failed</h1>
<p role="alert">${escapeHtml(REASON_MESSAGES[reason])}</p>
<p class="hint">Reason: <code>${escapeHtml(reason)}</code> · Reference: <code>${escapeHtml(ref)}</code></p>`,
  );
}

/** Asks for the NetSuite account id when the onboarding link does not name one. */
export function renderAccountForm(input: { link: string; rejectedInput: string | undefined }): string {
  const error =
    input.rejectedInput === undefined
      ? ''
      : `<p id="account-error" class="error" role="alert">“${escapeHtml(input.rejectedInput)}” is not a NetSuite account ID.</p>`;
  return page(
    'Connect NetSuite',
    `<h1>Connect your NetSuite account</h1>
<p>Enter the ID of the NetSuite account to connect. You will then sign in to NetSuite and allow access.</p>
<form method="get" action="start">
<input type="hidden" name="link" value="${escapeHtml(input.link)}">
<label for="account">NetSuite account ID</label>
<input id="account" name="account" required autocomplete="off" spellcheck="false" pattern="[A-Za-z0-9_\\-]+"
 value="${escapeHtml(input.rejectedInput ?? '')}" aria-describedby="account-hint${error ? ' account-error' : ''}">
<p id="account-hint" class="hint">Find it in NetSuite under Setup › Company › Company Information, or in the
address bar: <code>1234567.app.netsuite.com</code> means <code>1234567</code>. Sandbox accounts have a suffix,
for example <code>1234567_SB1</code>.</p>
${error}
<button type="submit">Continue to NetSuite</button>
</form>`,
  );
}

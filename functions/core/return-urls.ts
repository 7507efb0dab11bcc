/**
 * Return URLs are where the browser goes after the flow, so they are only ever taken from an allow-list of
 * origins (`https://app.example.com`) or URL prefixes (`https://app.example.com/settings/netsuite`).
 * Comparison is on parsed URLs, never on raw strings, so `https://app.example.com.evil.test` cannot pass.
 */
export function isAllowedReturnUrl(candidate: string, allowList: readonly string[]): boolean {
  const url = parseHttpUrl(candidate);
  if (url === undefined || url.username !== '' || url.password !== '') return false;
  return allowList.some((entry) => {
    const allowed = parseHttpUrl(entry);
    if (allowed === undefined || allowed.origin !== url.origin) return false;
    return allowed.pathname === '/' || url.pathname.startsWith(allowed.pathname);
  });
}

/** The return URL with the flow's outcome added to its query (existing parameters are kept). */
export function buildReturnUrl(returnUrl: string, outcome: Readonly<Record<string, string>>): string {
  const url = new URL(returnUrl);
  for (const [name, value] of Object.entries(outcome)) url.searchParams.set(name, value);
  return url.href;
}

function parseHttpUrl(value: string): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
}

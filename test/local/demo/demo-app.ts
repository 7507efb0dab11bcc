/**
 * The demo SaaS page's script. It talks only to the demo back end (`/demo/api/…`), which calls the
 * management API server-side: the admin token never reaches the browser.
 */
import {
  type ConnectResult,
  completeConnectReturn,
  connectNetSuite,
} from '../../../functions/browser/connect-netsuite.js';

interface ConnectionRow {
  accountId: string;
  status: string;
  role: string | null;
  entity: string | null;
  connectedAt: string;
  pendingRevocations: number;
}

const messages = JSON.parse(document.getElementById('reason-messages')?.textContent ?? '{}') as Record<
  string,
  string
>;
const tenantSelect = document.getElementById('tenant') as HTMLSelectElement;
const accountInput = document.getElementById('account') as HTMLInputElement;
const status = document.getElementById('status') as HTMLElement;
const rows = document.getElementById('connections') as HTMLTableSectionElement;
const empty = document.getElementById('empty') as HTMLElement;

const tenant = () => tenantSelect.value;

async function demoApi<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`/demo/api${path}`, {
    ...init,
    headers: { 'Content-Type': 'application/json' },
  });
  if (!response.ok) throw new Error((await response.json()).error?.message ?? `HTTP ${response.status}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

function show(result: ConnectResult): void {
  status.dataset.status = result.status;
  if (result.status === 'connected') {
    status.textContent = `Connected NetSuite account ${result.accountId}.`;
    return;
  }
  const text = messages[result.reason] ?? `The connection failed (${result.reason}).`;
  status.textContent = `${text}${result.ref ? ` Reference: ${result.ref}` : ''}`;
  status.dataset.reason = result.reason;
}

async function refresh(): Promise<void> {
  const { connections } = await demoApi<{ connections: ConnectionRow[] }>(
    `/connections?tenant=${encodeURIComponent(tenant())}`,
  );
  rows.replaceChildren(
    ...connections.map((connection) => {
      const row = document.createElement('tr');
      row.dataset.account = connection.accountId;
      for (const text of [
        connection.accountId,
        connection.role ?? '—',
        connection.status,
        connection.connectedAt.slice(0, 19),
      ]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      const actions = document.createElement('td');
      actions.append(
        button('Reconnect', `Reconnect ${connection.accountId}`, () =>
          connect('popup', connection.accountId),
        ),
        button('Disconnect', `Disconnect ${connection.accountId}`, () => disconnect(connection.accountId)),
      );
      row.append(actions);
      return row;
    }),
  );
  empty.hidden = connections.length > 0;
}

function button(label: string, accessibleName: string, onClick: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  element.setAttribute('aria-label', accessibleName);
  element.addEventListener('click', onClick);
  return element;
}

async function connect(mode: 'popup' | 'redirect', accountId = accountInput.value.trim()): Promise<void> {
  status.textContent = 'Waiting for NetSuite…';
  delete status.dataset.reason;
  const link = async () => {
    const { url } = await demoApi<{ url: string }>('/links', {
      method: 'POST',
      body: JSON.stringify({ tenant: tenant(), ...(accountId ? { accountId } : {}) }),
    });
    return url;
  };
  const result = await connectNetSuite({ url: link, mode });
  show(result);
  await refresh();
}

async function disconnect(accountId: string): Promise<void> {
  status.textContent = `Disconnecting ${accountId}…`;
  try {
    await demoApi(
      `/connections?tenant=${encodeURIComponent(tenant())}&account=${encodeURIComponent(accountId)}`,
      {
        method: 'DELETE',
      },
    );
    status.textContent = `Disconnected NetSuite account ${accountId}.`;
  } catch (error) {
    status.textContent = `Could not disconnect: ${(error as Error).message}`;
  }
  await refresh();
}

// In the popup this hands the result to the opener and closes; after a redirect it returns the result.
const returned = completeConnectReturn();
tenantSelect.value = localStorage.getItem('demo-tenant') ?? tenantSelect.value;
tenantSelect.addEventListener('change', () => {
  localStorage.setItem('demo-tenant', tenant());
  void refresh();
});
document.getElementById('connect-popup')?.addEventListener('click', () => void connect('popup'));
document.getElementById('connect-redirect')?.addEventListener('click', () => void connect('redirect'));
if (returned) {
  show(returned);
  history.replaceState(null, '', '/');
}
void refresh();

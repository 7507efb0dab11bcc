import type { ReasonCode } from '../core/errors.js';

/** What each reason code means to the person who sees it; SaaS pages may reuse these texts. */
export const REASON_MESSAGES: Record<ReasonCode, string> = {
  access_denied: 'Access was not allowed in NetSuite. Nothing was connected.',
  link_invalid: 'This onboarding link is not valid. Ask for a new link.',
  link_expired: 'This onboarding link has expired. Ask for a new link.',
  link_used: 'This onboarding link has already been used to connect an account. Ask for a new link.',
  state_mismatch: 'The answer from NetSuite did not match this sign-in. Please start again.',
  session_mismatch:
    'The sign-in was finished in a different browser than it was started in. Please start again in one browser.',
  request_expired: 'The sign-in took too long. Please start again.',
  request_unknown:
    'This sign-in is already finished or was never started here. Please start again from your link.',
  account_mismatch: 'NetSuite signed in to a different account than the one being connected.',
  callback_not_confirmed:
    'NetSuite did not accept the callback address. The integration record needs checking.',
  netsuite_rejected: 'NetSuite refused the request. Check that the integration is enabled for this account.',
  integration_pending_approval:
    'The integration waits for approval by an administrator of the NetSuite account.',
  netsuite_unavailable: 'NetSuite could not be reached. Please try again in a few minutes.',
  storage_unavailable: 'The connection could not be saved. Please try again in a few minutes.',
  internal: 'Something went wrong on our side. Please try again.',
};

// SPDX-License-Identifier: AGPL-3.0-or-later
// Calls to ricsd's API with the session cookie; every change carries the
// CSRF token the login returned, as api_auth.c requires.
import { t } from './i18n';

let csrf = sessionStorage.getItem('rics.csrf') ?? '';

export function setCsrf(token: string): void {
  csrf = token;
  sessionStorage.setItem('rics.csrf', token);
}

/* Told when the node answers 401 to a logged-in call: the session ended
   (expired, or ended by an administrator). The shell then asks to log in
   again over the screen, which keeps what was typed. */
let sessionEnded: () => void = () => {};

export function onSessionEnded(tell: () => void): void {
  sessionEnded = tell;
}

export class ApiError extends Error {
  constructor(public status: number, detail: string) {
    super(detail);
  }
}

export async function api<T = any>(method: string, path: string, body?: unknown,
  extra: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    // the browser's own words ("Failed to fetch") tell an officer nothing
    throw new ApiError(0, t('api.unreachable'));
  }
  const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) sessionEnded();
  if (!res.ok) throw new ApiError(res.status, data.detail ?? data.title ?? res.statusText);
  return data as T;
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// The pieces every screen shares: classification banners and labels, the
// form that reports an API failure, the paged and filtered record list, and
// the live event feed. A screen is written from these, not beside them.
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { api } from './api';
import { t } from './i18n';

export const LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];

export interface Me { name: string; role: string; clearance?: string; must_change_password?: boolean }

/* What a screen gets from the shell: who is logged in, and a way to raise
   the banners to the highest classification it shows. */
export interface Session { me: Me; showLevel: (items: unknown[]) => void }
export const SessionContext = createContext<Session>(null as unknown as Session);
export const useSession = () => useContext(SessionContext);

export function highest(items: any[]): string {
  let best = 0;
  for (const it of items) best = Math.max(best, LEVELS.indexOf(it?.classification ?? 'UNCLASSIFIED'));
  return LEVELS[best];
}

/* The autofocus attribute acts only on page load; screens swap without one. */
export function useAutofocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

export function Banner({ level }: { level: string }) {
  return <div class={`banner cls-${level.toLowerCase()}`} data-testid="banner">{level}</div>;
}

/* The portion marking on each item: its classification, and its handling
   code when it restricts use. */
export function ClassLabel({ item }: { item: any }) {
  const level = item?.classification ?? 'UNCLASSIFIED';
  return <span class={`label cls-${level.toLowerCase()}`} data-testid="label">
    {level}{item?.handling && item.handling !== 'H0' ? ` ${item.handling}` : ''}
  </span>;
}

/* A form whose submission calls the API; a failure is shown under it. */
export function ApiForm({ title, submitLabel, onSubmit, children, testid }: {
  title?: string; submitLabel: string; onSubmit: (f: FormData) => Promise<void>;
  children: ComponentChildren; testid?: string;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    setBusy(true);
    try { await onSubmit(new FormData(e.target as HTMLFormElement)); }
    catch (err) { setError((err as Error).message); }
    finally { setBusy(false); }
  }
  return <form class="panel" onSubmit={submit} data-testid={testid}>
    {title && <h1>{title}</h1>}
    {children}
    <button type="submit" disabled={busy}>{submitLabel}</button>
    {error && <p class="error" role="alert">{error}</p>}
  </form>;
}

export interface Column { key: string; label: string; render?: (row: any) => ComponentChildren }
export interface Filter { key: string; label: string; options?: string[] }

/* A list of records of one type, a page at a time through the API's cursor,
   filtered by any filterable field. `reload` changes when the caller knows
   the list moved (an action, or a live event). */
export function RecordList({ type, columns, filters = [], fixed = {}, onPick, reload = 0, limit = 25 }: {
  type: string; columns: Column[]; filters?: Filter[]; fixed?: Record<string, string>;
  onPick?: (row: any) => void; reload?: number; limit?: number;
}) {
  const { showLevel } = useSession();
  const [values, setValues] = useState<Record<string, string>>({});
  const [cursors, setCursors] = useState<string[]>(['']);
  const [page, setPage] = useState<{ items: any[]; next_cursor: string | null } | null>(null);
  const [error, setError] = useState('');
  const cursor = cursors[cursors.length - 1];
  const query = new URLSearchParams({ limit: String(limit), ...fixed });
  for (const [k, v] of Object.entries(values)) if (v) query.set(k, v);
  if (cursor) query.set('cursor', cursor);
  const url = `/api/v1/${type}?${query}`;
  useEffect(() => {
    let live = true;
    api(`GET`, url).then((r) => { if (live) { setPage(r); setError(''); showLevel(r.items); } })
      .catch((e) => live && setError(e.message));
    return () => { live = false; };
  }, [url, reload]);
  function filter(key: string, v: string) {
    setValues({ ...values, [key]: v });
    setCursors(['']);
  }
  return <div class="list" data-testid={`list-${type}`}>
    {filters.length > 0 && <div class="filters">
      {filters.map((f) => <label>{f.label}
        {f.options
          ? <select name={f.key} onChange={(e) => filter(f.key, (e.target as HTMLSelectElement).value)}>
              <option value="">{t('list.any')}</option>
              {f.options.map((o) => <option value={o}>{t(`value.${o}`) === `value.${o}` ? o : t(`value.${o}`)}</option>)}
            </select>
          : <input name={f.key} onChange={(e) => filter(f.key, (e.target as HTMLInputElement).value)} />}
      </label>)}
    </div>}
    {error && <p class="error" role="alert">{error}</p>}
    <table>
      <thead><tr>{columns.map((c) => <th>{c.label}</th>)}<th>{t('list.classification')}</th></tr></thead>
      <tbody>
        {page?.items.map((row) => <tr data-testid="row" class={onPick ? 'pick' : ''}
            tabIndex={onPick ? 0 : undefined} onClick={() => onPick?.(row)}
            onKeyDown={(e) => e.key === 'Enter' && onPick?.(row)}>
          {columns.map((c) => <td>{c.render ? c.render(row) : String(row[c.key] ?? '')}</td>)}
          <td><ClassLabel item={row} /></td>
        </tr>)}
      </tbody>
    </table>
    {page && page.items.length === 0 && <p class="empty">{t('list.empty')}</p>}
    <div class="pager">
      <button type="button" disabled={cursors.length < 2}
        onClick={() => setCursors(cursors.slice(0, -1))}>{t('list.previous')}</button>
      <button type="button" disabled={!page?.next_cursor}
        onClick={() => page?.next_cursor && setCursors([...cursors, page.next_cursor])}>{t('list.next')}</button>
    </div>
  </div>;
}

export interface LiveEvent { id: string; event: string; data: any }

/* The node's live feed (GET /api/v1/events, server-sent events with the
   session cookie), each event handed to `on`. The browser's EventSource
   reconnects by itself and resumes from the last id it saw. */
export function useEvents(on: (e: LiveEvent) => void) {
  const handler = useRef(on);
  handler.current = on;
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    const names = ['crossing.created', 'hit.created', 'hit.updated', 'message.received',
      'message.created', 'message.read', 'message.overdue', 'sighting.created',
      'declaration.created', 'declaration.over_threshold', 'seizure.created', 'watchlist.created',
      'watchlist.updated'];
    const listen = (m: MessageEvent) => {
      let data: any = null;
      try { data = JSON.parse(m.data); } catch { /* a heartbeat or a partial line */ }
      handler.current({ id: m.lastEventId, event: m.type, data });
    };
    for (const n of names) source.addEventListener(n, listen as EventListener);
    source.onmessage = listen;
    return () => source.close();
  }, []);
}

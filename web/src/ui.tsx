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

export interface Me {
  name: string; role: string; clearance?: string; bcp_code?: string | null;
  must_change_password?: boolean;
}

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

/* An enumerated value in the user's language: catalogues hold value.<v>
   where a translation exists, else the value shows as it is. */
export function valueLabel(v: string): string {
  return t(`value.${v}`) === `value.${v}` ? v : t(`value.${v}`);
}

/* A time as every screen shows it: the browser's local date and time with
   its offset from UTC ("2026-11-29 14:54 UTC+5"), so that officers on
   either side of a border, an hour apart, read the same instant the same
   way; with seconds where the order of close events matters. */
export function when(iso?: string | null, seconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset(), abs = Math.abs(off);
  const zone = off === 0 ? 'UTC'
    : `UTC${off > 0 ? '+' : '-'}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ''}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''} ${zone}`;
}

/* The classifications the user may give a record: up to their clearance. */
export function ClassificationSelect() {
  const { me } = useSession();
  const top = Math.max(0, LEVELS.indexOf(me.clearance ?? 'UNCLASSIFIED'));
  return <label>{t('list.classification')}
    <select name="classification">{LEVELS.slice(0, top + 1).map((l) => <option value={l}>{l}</option>)}</select>
  </label>;
}

/* A form whose submission calls the API; a failure is shown under it.
   onSubmit also gets the form, to reset or refocus it after a success. */
export function ApiForm({ title, submitLabel, onSubmit, children, testid }: {
  title?: string; submitLabel: string; onSubmit: (f: FormData, form: HTMLFormElement) => Promise<void>;
  children: ComponentChildren; testid?: string;
}) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setError('');
    setBusy(true);
    const form = e.target as HTMLFormElement;
    try { await onSubmit(new FormData(form), form); }
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

export const AGENCIES = ['border', 'customs', 'drug_control', 'police', 'foreign_affairs'];

/* A <select> of values, each shown as the catalogue's `${prefix}.${value}`
   where it has one, else as itself. */
export function Choice({ name, values, value, label, prefix = 'value' }: {
  name: string; values: string[]; value?: string; label: string; prefix?: string;
}) {
  return <label>{label}
    <select name={name} value={value}>
      {values.map((v) => <option value={v}>{t(`${prefix}.${v}`) === `${prefix}.${v}` ? v : t(`${prefix}.${v}`)}</option>)}
    </select>
  </label>;
}

/* A form's non-empty fields among names, trimmed: the body of a request. */
export function formFields(f: FormData, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = String(f.get(n) ?? '').trim();
    if (v) out[n] = v;
  }
  return out;
}

export interface Column { key: string; label: string; render?: (row: any) => ComponentChildren }
/* A filter is a text field, a choice of options, or (time) a date and time
   sent as RFC 3339. optionLabel names an option (else valueLabel); upper
   sends a text field in capitals (codes such as a country). */
export interface Filter {
  key: string; label: string; options?: string[]; time?: boolean;
  optionLabel?: (v: string) => string; upper?: boolean;
}

export interface Page { items: any[]; next_cursor: string | null }
/* How a list gets a page when its API is not GET /api/v1/{type} with a
   cursor: the query holds limit, cursor and the filters. */
export type Loader = (query: URLSearchParams) => Promise<Page>;

/* A loader for an API that answers a whole (short) list at once, such as
   peers: one request per reload, then pages and filters in the browser (a
   text filter matches a part of the field, any case). */
export function localLoader(fetchAll: () => Promise<any[]>): Loader {
  let all: Promise<any[]> | null = null;
  return async (query) => {
    const items = await (all ??= fetchAll().catch((e) => { all = null; throw e; }));
    const limit = Number(query.get('limit') ?? 25), from = Number(query.get('cursor') || 0);
    const wanted = [...query].filter(([k]) => k !== 'limit' && k !== 'cursor');
    const hits = items.filter((row) => wanted.every(([k, v]) =>
      String(row[k] ?? '').toLowerCase().includes(v.toLowerCase())));
    return { items: hits.slice(from, from + limit),
      next_cursor: from + limit < hits.length ? String(from + limit) : null };
  };
}

/* A list of records of one type, a page at a time through the API's cursor,
   filtered by any filterable field. `reload` changes when the caller knows
   the list moved (an action, or a live event). `onItems` sees each page
   loaded (to fetch what goes with it in one request); `rowClass` marks rows;
   `load` replaces the API call (a list the API gives whole). */
export function RecordList({ type, columns, filters = [], fixed = {}, onPick, reload = 0, limit = 25,
  onItems, rowClass, load }: {
  type: string; columns: Column[]; filters?: Filter[]; fixed?: Record<string, string>;
  onPick?: (row: any) => void; reload?: number; limit?: number;
  onItems?: (items: any[]) => void; rowClass?: (row: any) => string; load?: Loader;
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
    (load ? load(query) : api<Page>(`GET`, url)).then((r) => {
      if (live) { setPage(r); setError(''); showLevel(r.items); onItems?.(r.items); }
    })
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
              {f.options.map((o) => <option value={o}>{f.optionLabel ? f.optionLabel(o) : valueLabel(o)}</option>)}
            </select>
          : <input name={f.key} type={f.time ? 'datetime-local' : undefined} onChange={(e) => {
              const v = (e.target as HTMLInputElement).value;
              filter(f.key, f.time && v ? new Date(v).toISOString() : f.upper ? v.toUpperCase() : v);
            }} />}
      </label>)}
    </div>}
    {error && <p class="error" role="alert">{error}</p>}
    <table>
      <thead><tr>{columns.map((c) => <th>{c.label}</th>)}<th>{t('list.classification')}</th></tr></thead>
      <tbody>
        {page?.items.map((row) => <tr data-testid="row" data-id={row.id} class={`${onPick ? 'pick' : ''} ${rowClass?.(row) ?? ''}`}
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

/* A counter that moves when one of the named events arrives, at most once
   every `ms`: a list reloads on it without one request per event of a burst. */
export function useReloadOn(names: string[], ms = 300): number {
  const [n, setN] = useState(0);
  const pending = useRef(false);
  useEvents((e) => {
    if (!names.includes(e.event) || pending.current) return;
    pending.current = true;
    setTimeout(() => { pending.current = false; setN((x) => x + 1); }, ms);
  });
  return n;
}

export interface LiveEvent { id: string; event: string; data: any }

/* The node's live feed (GET /api/v1/events, server-sent events with the
   session cookie), each event handed to `on`; answers whether the stream is
   open. The browser's EventSource reconnects by itself after a network
   error and resumes from the last id it saw; a stream the node refused
   (the session ended, the node was restarting) is opened afresh every
   RECONNECT_MS from that same id, and `onOpen` runs each time it opens
   again, so a screen can fetch what the feed no longer holds. */
const RECONNECT_MS = 5000;

export function useEvents(on: (e: LiveEvent) => void, onOpen?: () => void): boolean {
  const handler = useRef(on);
  handler.current = on;
  const opened = useRef(onOpen);
  opened.current = onOpen;
  const [live, setLive] = useState(true);
  useEffect(() => {
    let source: EventSource | null = null, retry = 0, first = true, last = '';
    const names = ['crossing.created', 'hit.created', 'hit.updated', 'message.received',
      'message.created', 'message.read', 'message.overdue', 'message.delivered', 'message.refused',
      'sighting.created',
      'declaration.created', 'declaration.over_threshold', 'seizure.created',
      'watchlist.created', 'watchlist.updated', 'lost',
      // a bulk import is one event (api_import.c): the counters and lists it changes
      'crossing.imported', 'sighting.imported', 'declaration.imported', 'seizure.imported',
      'watchlist.imported'];
    const listen = (m: MessageEvent) => {
      let data: any = null;
      try { data = JSON.parse(m.data); } catch { /* a heartbeat or a partial line */ }
      if (m.lastEventId) last = m.lastEventId;
      handler.current({ id: m.lastEventId, event: m.type, data });
    };
    const open = () => {
      const es = source = new EventSource('/api/v1/events' +
        (last ? `?last_event_id=${encodeURIComponent(last)}` : ''));
      for (const n of names) es.addEventListener(n, listen as EventListener);
      es.onmessage = listen;
      es.onopen = () => {
        setLive(true);
        if (!first) opened.current?.();
        first = false;
      };
      es.onerror = () => {
        setLive(false);
        if (es.readyState === EventSource.CLOSED) retry = window.setTimeout(open, RECONNECT_MS);
      };
    };
    open();
    return () => { clearTimeout(retry); source?.close(); };
  }, []);
  return live;
}

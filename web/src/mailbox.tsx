// SPDX-License-Identifier: AGPL-3.0-or-later
// What the messages, thread and approval screens share (screens do not
// import one another): this node and its peers by name, the values a
// message's fields take, each recipient's delivery and read receipt (kept
// live from receipt events), and the live message events that move lists.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { t } from './i18n';
import { LEVELS, useEvents, useReloadOn, useSession, when } from './ui';

export interface Peer { node_id: string; name: string; country: string; agency: string; accreditation: string }
export interface Node { id: string; name: string; country: string }

export const COMPOSE_TYPES = ['alert', 'request', 'notice'];
export const MESSAGE_TYPES = ['alert', 'request', 'reply', 'notice', 'report', 'receipt',
  'watchlist_share', 'watchlist_update', 'watchlist_withdraw', 'hit_query', 'hit_answer'];
export const STATUSES = ['pending_approval', 'queued', 'sent', 'delivered', 'read', 'received', 'rejected'];
export const PRIORITIES = ['urgent', 'normal'];
export const HANDLING = ['H0', 'H1', 'H2', 'H3'];
export const AGENCIES = ['border', 'customs', 'drug_control', 'police', 'foreign_affairs'];

/* Both change only when an administrator pairs or unpairs: asked once a
   page load, and again after a failure. */
let nodeAsked: Promise<Node> | null = null;
let peersAsked: Promise<Peer[]> | null = null;

function once<T>(ask: () => Promise<T>, keep: (p: Promise<T> | null) => void): Promise<T> {
  const p = ask();
  keep(p);
  p.catch(() => keep(null));
  return p;
}

export function useMailbox(): { self: Node | null; peers: Peer[] } {
  const [self, setSelf] = useState<Node | null>(null);
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    (nodeAsked ?? once(() => api<Node>('GET', '/api/v1/node'), (p) => { nodeAsked = p; }))
      .then(setSelf).catch(() => 0);
    (peersAsked ?? once(() => api('GET', '/api/v1/peers/directory').then((r) => r.items as Peer[]),
      (p) => { peersAsked = p; })).then(setPeers).catch(() => 0);
  }, []);
  return { self, peers };
}

/* Who a node id is, for people: a peer's name and country, or this node. */
export function nodeLabel(id: string, self: Node | null, peers: Peer[], here: string): string {
  if (self && id === self.id) return here;
  const p = peers.find((x) => x.node_id === id);
  return p ? `${p.name} (${p.country})` : id.slice(0, 8);
}

export function received(m: any, self: Node | null): boolean {
  return !!self && m.origin_node !== self.id;
}

/* The message events that may change a list of messages. Receipts
   (message.delivered, message.read) change rows in place: useDeliveries
   takes them. */
const LIST_EVENTS = ['message.created', 'message.received', 'message.overdue', 'message.refused'];
const RECEIPT_EVENTS = ['message.delivered', 'message.read'];

/* A counter that moves when a list of messages may have changed: once for a
   burst of events, not one reload per event. */
export const useMessageReload = () => useReloadOn(LIST_EVENTS);

/* How far a recipient's row has come: a receipt event and a deliveries
   request may cross, and the older of the two must not win. */
const progress = (d: any) => (d.read_at ? 2 : d.state === 'delivered' ? 1 : 0);

/* Each recipient's delivery and read receipt of the messages shown, loaded
   in one request for a page (`load`) and kept live from the receipt events
   (message.delivered, message.read), which carry the message and its row
   for the peer: no request per event. `latest(m)` is a listed message as
   its latest receipt left it (its status). */
export function useDeliveries() {
  const [live, setLive] = useState<{ by: Record<string, any[]>; records: Record<string, any> }>(
    { by: {}, records: {} });
  const seen = useRef<Record<string, any>>({});
  const newest = (d: any) => {
    const e = seen.current[`${d.message_id} ${d.peer_id}`];
    return e && progress(e) > progress(d) ? e : d;
  };
  const load = (ids: string[]) => deliveriesOf(ids).then((by) => {
    for (const id of Object.keys(by)) by[id] = by[id].map(newest);
    setLive({ by, records: {} });
  }).catch(() => 0);
  useEvents((e) => {
    const d = e.data?.delivery;
    if (!RECEIPT_EVENTS.includes(e.event) || !d) return;
    seen.current[`${d.message_id} ${d.peer_id}`] = d;
    setLive((l) => !l.by[d.message_id] ? l : {
      by: { ...l.by, [d.message_id]: l.by[d.message_id].map((x) => (x.peer_id === d.peer_id ? newest(x) : x)) },
      records: { ...l.records, [d.message_id]: e.data.record },
    });
  });
  return { deliveries: live.by, load, latest: (m: any) => live.records[m.id] ?? m };
}

/* Run fn on mount and whenever key changes (a reload counter). */
export function useOnChange(fn: () => unknown, key: unknown) {
  useEffect(() => { fn(); }, [key]);
}

/* Each recipient: delivered or waiting, and read (its receipt) when. */
export function Deliveries({ list, peers }: { list?: any[]; peers: Peer[] }) {
  if (!list?.length) return <span class="muted">{t('msg.local')}</span>;
  return <ul class="deliveries">{list.map((d) => <li data-testid="delivery">
    {peers.find((p) => p.node_id === d.peer_id)?.name ?? d.peer_name}:{' '}
    <span class={`state-${d.read_at ? 'read' : d.state}`}>
      {d.read_at ? t('msg.read_at', { when: when(d.read_at) })
        : d.state === 'delivered' ? t('msg.delivered_at', { when: when(d.delivered_at) })
        : t(`msg.state.${d.state}`)}
    </span>
    {d.last_error && d.state !== 'delivered' && <span class="muted"> ({d.last_error})</span>}
  </li>)}</ul>;
}

/* Per message id, its deliveries: one request for a page of messages. */
export async function deliveriesOf(ids: string[]): Promise<Record<string, any[]>> {
  const by: Record<string, any[]> = {};
  if (!ids.length) return by;
  const r = await api('GET', `/api/v1/messages/deliveries?ids=${ids.join(',')}`);
  for (const d of r.items) (by[d.message_id] ??= []).push(d);
  return by;
}

/* The marking a writer gives a message: a classification up to their own
   clearance and a handling code (H3 states its restriction in a note). */
export function MarkingFields({ handling, onHandling, level }: {
  handling: string; onHandling: (h: string) => void; level?: string;
}) {
  const { me } = useSession();
  const levels = LEVELS.slice(0, LEVELS.indexOf(me.clearance ?? 'UNCLASSIFIED') + 1);
  return <>
    <label>{t('list.classification')}
      <select name="classification">{levels.map((l) => <option value={l} selected={l === level}>{l}</option>)}</select>
    </label>
    <label>{t('msg.handling')}
      <select name="handling" value={handling} onChange={(e) => onHandling((e.target as HTMLSelectElement).value)}>
        {HANDLING.map((h) => <option value={h}>{t(`msg.handling.${h}`)}</option>)}
      </select>
    </label>
  </>;
}

export function HandlingNote({ handling }: { handling: string }) {
  return handling === 'H3'
    ? <label>{t('msg.handling_note')}<input name="handling_note" required maxLength={500} /></label>
    : null;
}

/* The marking fields of a submitted form, for the API. */
export function marking(f: FormData, handling: string): Record<string, unknown> {
  return { classification: f.get('classification'), handling,
    ...(handling === 'H3' ? { handling_note: f.get('handling_note') } : {}) };
}

// SPDX-License-Identifier: AGPL-3.0-or-later
// One message and its thread, oldest first, each with its marking, sender
// and, for what was sent from here, each recipient's delivery and read
// receipt. Opening a received message is reading it: the API sends its
// read receipt. A reply goes to the peer of the last message received.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { href } from '../screen';
import type { Screen } from '../screen';
import { ApiForm, ClassLabel, useSession, when } from '../ui';
import {
  Deliveries, HandlingNote, MarkingFields, marking, nodeLabel, received, useDeliveries, useMailbox,
  useMessageReload,
} from '../mailbox';
import type { Node, Peer } from '../mailbox';
import './messages.css';

/* The opened message and every message of its thread the caller may see. */
async function loadThread(id: string): Promise<{ opened: any; messages: any[] }> {
  const opened = await api('GET', `/api/v1/messages/${encodeURIComponent(id)}`);
  const root = opened.thread_id ?? opened.id;
  const [first, rest] = await Promise.all([
    root === opened.id ? opened : api('GET', `/api/v1/messages/${root}`).catch(() => null),
    api('GET', `/api/v1/messages?thread_id=${root}&limit=100`),
  ]);
  const all = [first, ...rest.items].filter(Boolean).filter((m: any) => m.type !== 'receipt');
  const byId = new Map(all.map((m: any) => [m.id, m]));
  byId.set(opened.id, opened);
  return { opened, messages: [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

function Message({ m, self, peers, deliveries, opened }: {
  m: any; self: Node | null; peers: Peer[]; deliveries?: any[]; opened: boolean;
}) {
  return <article class={`message ${opened ? 'opened' : ''}`} data-testid="thread-message">
    <div class="head">
      <ClassLabel item={m} /> <strong>{m.subject}</strong>
      <span class="muted"> · {t(`value.${m.type}`)} · {nodeLabel(m.origin_node, self, peers, t('msg.here'))}
        {' '}· {when(m.created_at)} · {t(`value.${m.status}`)}</span>
      {m.priority === 'urgent' && <span class="urgent">{t('value.urgent')}</span>}
    </div>
    {m.handling === 'H3' && m.handling_note && <p class="handling">{t('msg.handling_note')}: {m.handling_note}</p>}
    {m.reply_by && <p class="muted">{t('msg.reply_by')} {when(m.reply_by)}</p>}
    <p class="body">{m.body}</p>
    {!received(m, self) && <Deliveries list={deliveries} peers={peers} />}
  </article>;
}

function Reply({ to, onSent }: { to: any; onSent: () => void }) {
  const [handling, setHandling] = useState(to.handling ?? 'H0');
  async function submit(f: FormData) {
    const body = { body: f.get('body'), ...marking(f, handling), priority: to.priority ?? 'normal' };
    await api('POST', `/api/v1/messages/${to.id}/reply`, body);
    onSent();
  }
  return <ApiForm title={t('msg.reply_title', { subject: to.subject })} submitLabel={t('msg.send_reply')}
    onSubmit={submit} testid="reply">
    <label>{t('msg.body')}<textarea name="body" rows={4} required /></label>
    <div class="row">
      <MarkingFields handling={handling} onHandling={setHandling} level={to.classification} />
    </div>
    <HandlingNote handling={handling} />
  </ApiForm>;
}

function Thread({ id }: { id: string }) {
  const { showLevel } = useSession();
  const { self, peers } = useMailbox();
  const [state, setState] = useState<{ opened: any; messages: any[] } | null>(null);
  const { deliveries, load, latest } = useDeliveries();
  const [error, setError] = useState('');
  const [sent, setSent] = useState(0);
  const reload = useMessageReload() + sent;
  useEffect(() => {
    let live = true;
    loadThread(id).then((s) => {
      if (!live) return;
      setState(s);
      setError('');
      showLevel(s.messages);
      return load(s.messages.map((m) => m.id));
    }).catch((e) => live && setError((e as Error).message));
    return () => { live = false; };
  }, [id, reload]);
  const last = state && self ? [...state.messages].reverse().find((m) => received(m, self)) : null;
  return <section class="panel wide thread">
    <p><a href={href('messages')}>{t('msg.back')}</a></p>
    {error && <p class="error" role="alert">{error}</p>}
    {state && <h1>{state.messages[0]?.subject}</h1>}
    {state?.messages.map((m) => <Message m={latest(m)} self={self} peers={peers} deliveries={deliveries[m.id]}
      opened={m.id === state.opened.id} />)}
    {last && <Reply key={`${last.id}-${reload}`} to={last} onSent={() => setSent((n) => n + 1)} />}
  </section>;
}

export const screen: Screen = {
  id: 'thread', title: 'msg.thread', roles: ['officer', 'supervisor', 'analyst'], order: 31, hidden: true,
  view: ({ arg }) => <Thread id={arg} />,
};

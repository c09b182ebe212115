// SPDX-License-Identifier: AGPL-3.0-or-later
// Messages between BLOs: the inbox (what peers sent), the outbox (what was
// written here, with each recipient's delivery and read receipt) and the
// form that composes an alert, request or notice to paired peers. Lists
// move live on message events, receipts in place as peers acknowledge and
// read; requests past their reply-by are flagged.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { href } from '../screen';
import type { Screen } from '../screen';
import { ApiForm, LEVELS, RecordList, useSession, when } from '../ui';
import type { Column, Filter } from '../ui';
import {
  AGENCIES, COMPOSE_TYPES, Deliveries, HandlingNote, MESSAGE_TYPES, MarkingFields, PRIORITIES,
  STATUSES, marking, nodeLabel, useDeliveries, useMailbox, useMessageReload, useOnChange,
} from '../mailbox';
import type { Node, Peer } from '../mailbox';
import './messages.css';

const filters = (): Filter[] => [
  { key: 'type', label: t('msg.type'), options: MESSAGE_TYPES },
  { key: 'priority', label: t('msg.priority'), options: PRIORITIES },
  { key: 'classification', label: t('list.classification'), options: LEVELS },
  { key: 'status', label: t('msg.status'), options: STATUSES },
];

const open = (row: any) => { location.hash = href('thread', row.id); };

function Overdue({ items }: { items: any[] }) {
  if (!items.length) return null;
  return <div class="overdue" role="alert" data-testid="overdue">
    <strong>{t('msg.overdue', { n: items.length })}</strong>
    <ul>{items.map((m) => <li><a href={href('thread', m.id)}>{m.subject}</a> · {t('msg.reply_by')} {when(m.reply_by)}</li>)}</ul>
  </div>;
}

function Inbox({ reload, self, peers, overdue }: {
  reload: number; self: Node | null; peers: Peer[]; overdue: Set<string>;
}) {
  const columns: Column[] = [
    { key: 'subject', label: t('msg.subject'), render: (m) => <>
      {m.priority === 'urgent' && <span class="urgent">{t('value.urgent')}</span>} {m.subject}
      {overdue.has(m.id) && <span class="flag" data-testid="overdue-flag">{t('msg.overdue_flag')}</span>}
    </> },
    { key: 'type', label: t('msg.type'), render: (m) => t(`value.${m.type}`) },
    { key: 'origin_node', label: t('msg.from'), render: (m) => nodeLabel(m.origin_node, self, peers, t('msg.here')) },
    { key: 'created_at', label: t('msg.received_at'), render: (m) => when(m.created_at) },
    { key: 'status', label: t('msg.status'), render: (m) => t(`value.${m.status}`) },
  ];
  return <RecordList type="messages" fixed={{ box: 'in', order: 'newest' }} filters={filters()} columns={columns}
    onPick={open} reload={reload} rowClass={(m) => (m.status === 'received' ? 'unread' : '')} />;
}

/* Receipts move in place as peers acknowledge and read (useDeliveries). */
function Outbox({ reload, peers }: { reload: number; peers: Peer[] }) {
  const { deliveries, load, latest } = useDeliveries();
  const columns: Column[] = [
    { key: 'subject', label: t('msg.subject') },
    { key: 'type', label: t('msg.type'), render: (m) => t(`value.${m.type}`) },
    { key: 'created_at', label: t('msg.sent_at'), render: (m) => when(m.created_at) },
    { key: 'status', label: t('msg.status'), render: (m) => t(`value.${latest(m).status}`) },
    { key: 'recipients', label: t('msg.to'), render: (m) => <Deliveries list={deliveries[m.id]} peers={peers} /> },
  ];
  return <RecordList type="messages" fixed={{ box: 'out', order: 'newest' }} filters={filters()} columns={columns}
    onPick={open} reload={reload} onItems={(items) => load(items.map((m) => m.id))} />;
}

const LOCAL_FORMAT = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

function Compose({ peers, onSent }: { peers: Peer[]; onSent: (m: any) => void }) {
  const [type, setType] = useState('alert');
  const [handling, setHandling] = useState('H0');
  const [to, setTo] = useState<string[]>([]);
  const [countries, setCountries] = useState('');
  const [edited, setEdited] = useState(false);
  const [sent, setSent] = useState<any>(null);
  function pick(id: string, on: boolean) {
    const next = on ? [...to, id] : to.filter((x) => x !== id);
    setTo(next);
    // releasable by default to the countries written to, until the user says otherwise
    if (!edited) setCountries([...new Set(peers.filter((p) => next.includes(p.node_id)).map((p) => p.country))].join(', '));
  }
  async function submit(f: FormData) {
    setSent(null);
    if (!to.length) throw new Error(t('msg.no_recipient'));
    const body: Record<string, unknown> = {
      type, recipients: to, subject: f.get('subject'), body: f.get('body'),
      ...marking(f, handling), priority: f.get('priority'),
      releasable_countries: countries.split(/[\s,;]+/).filter(Boolean).map((c) => c.toUpperCase()),
    };
    const agencies = f.getAll('releasable_agencies');
    if (agencies.length) body.releasable_agencies = agencies;
    const by = f.get('reply_by') as string | null;
    if (type === 'request' && by) body.reply_by = new Date(by).toISOString();
    const m = await api('POST', '/api/v1/messages', body);
    setSent(m);
    onSent(m);
  }
  return <ApiForm title={t('msg.compose')} submitLabel={t('msg.send')} onSubmit={submit} testid="compose">
    <label>{t('msg.type')}
      <select name="type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value)}>
        {COMPOSE_TYPES.map((x) => <option value={x}>{t(`value.${x}`)}</option>)}
      </select>
    </label>
    <fieldset class="recipients"><legend>{t('msg.to')}</legend>
      {peers.length === 0 && <p class="muted">{t('msg.no_peers')}</p>}
      {peers.map((p) => <label class="check"><input type="checkbox" name="recipient" value={p.node_id}
        checked={to.includes(p.node_id)} onChange={(e) => pick(p.node_id, (e.target as HTMLInputElement).checked)} />
        {p.name} ({p.country}, {t(`value.${p.agency}`)}) · {t('msg.accredited', { level: p.accreditation })}</label>)}
    </fieldset>
    <label>{t('msg.subject')}<input name="subject" required maxLength={300} /></label>
    <label>{t('msg.body')}<textarea name="body" rows={5} /></label>
    <div class="row">
      <MarkingFields handling={handling} onHandling={setHandling} />
      <label>{t('msg.priority')}
        <select name="priority">{PRIORITIES.map((p) => <option value={p} selected={p === 'normal'}>{t(`value.${p}`)}</option>)}</select>
      </label>
      {type === 'request' && <label>{t('msg.reply_by')}
        <input type="datetime-local" name="reply_by" min={LOCAL_FORMAT(new Date())} />
      </label>}
    </div>
    <HandlingNote handling={handling} />
    <label>{t('msg.countries')}
      <input name="releasable_countries" value={countries}
        onInput={(e) => { setEdited(true); setCountries((e.target as HTMLInputElement).value); }} />
    </label>
    <fieldset class="agencies"><legend>{t('msg.agencies')}</legend>
      {AGENCIES.map((a) => <label class="check"><input type="checkbox" name="releasable_agencies" value={a} />{t(`value.${a}`)}</label>)}
    </fieldset>
    {sent && <p class="ok" role="status" data-testid="sent">{t('msg.sent', { status: t(`value.${sent.status}`) })}{' '}
      <a href={href('thread', sent.id)}>{t('msg.open')}</a></p>}
  </ApiForm>;
}

function Messages({ arg }: { arg: string }) {
  const { self, peers } = useMailbox();
  const [sent, setSent] = useState(0);
  const reload = useMessageReload() + sent;
  const [overdue, setOverdue] = useState<any[]>([]);
  const { showLevel } = useSession();
  useOnChange(() => api('GET', '/api/v1/messages/overdue')
    .then((r) => { setOverdue(r.items); showLevel(r.items); }).catch(() => 0), reload);
  const tab = ['out', 'compose'].includes(arg) ? arg : 'in';
  const tabs = [['in', 'msg.inbox'], ['out', 'msg.outbox'], ['compose', 'msg.compose']];
  return <section class="panel wide messages">
    <h1>{t('nav.messages')}</h1>
    <div class="tabs" role="tablist">
      {tabs.map(([id, key]) => <a role="tab" href={href('messages', id === 'in' ? '' : id)}
        aria-selected={tab === id}>{t(key)}</a>)}
    </div>
    <Overdue items={overdue} />
    {tab === 'in' && <Inbox reload={reload} self={self} peers={peers} overdue={new Set(overdue.map((m) => m.id))} />}
    {tab === 'out' && <Outbox reload={reload} peers={peers} />}
    {tab === 'compose' && <Compose peers={peers} onSent={() => setSent((n) => n + 1)} />}
  </section>;
}

export const screen: Screen = {
  id: 'messages', title: 'nav.messages', roles: ['officer', 'supervisor', 'analyst'], order: 30,
  view: ({ arg }) => <Messages arg={arg} />,
};

// SPDX-License-Identifier: AGPL-3.0-or-later
// The administrator's exchange partners: this node's fingerprint, to read to
// the other side's administrator over the phone; the paired nodes with
// their state, outbox and whether the link to each works (up, degraded,
// down: in words, with a mark whose shape differs too) and when each last
// reached this node, the other way round; pairing with a node
// by URL and the fingerprint its administrator read out (the node refuses a
// mismatch); removing a peer.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Screen } from '../screen';
import { AGENCIES, ApiForm, Choice, LEVELS, RecordList, formFields, localLoader, when } from '../ui';
import './peers.css';

function ThisNode() {
  const [node, setNode] = useState<any>(null);
  const [error, setError] = useState('');
  useEffect(() => { api('GET', '/api/v1/node').then(setNode).catch((e) => setError(e.message)); }, []);
  if (error) return <p class="error" role="alert">{error}</p>;
  return <section class="peers-self" data-testid="this-node">
    <h2>{t('peers.self')}</h2>
    {node && <dl>
      <dt>{t('peers.name')}</dt><dd>{node.name} ({node.country}, {node.agency})</dd>
      <dt>{t('peers.node_id')}</dt><dd><code>{node.id}</code></dd>
      <dt>{t('peers.fingerprint')}</dt>
      <dd><code class="peers-fingerprint" data-testid="fingerprint">{node.fingerprint ?? t('peers.no_keys')}</code>
        <p class="peers-hint">{t('peers.read_out')}</p></dd>
    </dl>}
  </section>;
}

/* What waits for the peer: a backlog that is not moving is a link down. */
function outbox(p: any) {
  const o = p.outbox;
  if (!o) return '';
  return <span class={o.queued ? 'peers-queued' : ''} data-testid="outbox">
    {t('peers.outbox_value', { queued: o.queued, delivered: o.delivered })}
    {o.oldest_queued_at && <><br />{t('peers.outbox_since', { at: when(o.oldest_queued_at) })}</>}
  </span>;
}

const LINK_STATES = ['up', 'degraded', 'down'];

/* Their node reached this one after our oldest waiting message was queued:
   the peer is up, the fault lies on the way from here to it (the state
   stays about our messages; docs/exchange.md). */
const oneWay = (l: any) => l.state !== 'up' && !!l.last_heard_at && !!l.oldest_waiting_at &&
  l.last_heard_at > l.oldest_waiting_at;

/* The link state the node derived (docs/exchange.md), in words, and the
   facts it comes from, so the administrator sees why; then when the peer
   last reached this node. */
function link(p: any) {
  const l = p.link;
  if (!l) return '';
  const state = LINK_STATES.includes(l.state) ? l.state : 'unknown';
  return <div class={`peers-link peers-link-${state}`} data-testid="link" data-state={state}>
    <strong><span class="peers-link-mark" aria-hidden="true" />{t(`peers.link.${state}`)}</strong>
    {l.waiting > 0 && <small>{t('peers.link_waiting', { n: l.waiting, at: when(l.oldest_waiting_at) })}</small>}
    {l.attempts > 0 && l.next_attempt_at &&
      <small>{t('peers.link_attempts', { n: l.attempts, at: when(l.next_attempt_at) })}</small>}
    {l.last_error && <small class="peers-link-error">{t('peers.link_error', { error: l.last_error })}</small>}
    <small>{l.last_delivered_at ? t('peers.link_delivered', { at: when(l.last_delivered_at) }) : t('peers.link_never')}</small>
    <small data-testid="heard">{l.last_heard_at ? t('peers.link_heard', { at: when(l.last_heard_at) }) : t('peers.link_never_heard')}</small>
    {oneWay(l) && <small class="peers-link-oneway">{t('peers.link_one_way')}</small>}
  </div>;
}

/* Remove asks once more on the same button: an unpairing stops the exchange. */
function Remove({ id, onDone }: { id: string; onDone: (error?: string) => void }) {
  const [sure, setSure] = useState(false);
  return <button type="button" class={sure ? 'peers-confirm' : ''} onClick={async () => {
    if (!sure) { setSure(true); return; }
    try { await api('DELETE', `/api/v1/peers/${encodeURIComponent(id)}`); onDone(); }
    catch (e) { onDone((e as Error).message); }
  }}>{sure ? t('peers.confirm_remove') : t('peers.remove')}</button>;
}

function Peers() {
  const [reload, setReload] = useState(0);
  const [error, setError] = useState('');
  const [paired, setPaired] = useState('');
  const [downAfter, setDownAfter] = useState(3600);
  const load = useMemo(() => localLoader(async () => {
    const r = await api('GET', '/api/v1/peers');
    setDownAfter(r.link_down_after);
    return r.items;
  }), [reload]);
  const done = (e?: string) => { setError(e ?? ''); setReload((n) => n + 1); };
  /* a link goes down by the clock, with no event to say so */
  useEffect(() => {
    const timer = setInterval(() => setReload((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  return <div class="panel wide peers">
    <h1>{t('nav.peers')}</h1>
    <ThisNode />
    <h2>{t('peers.paired')}</h2>
    <p class="peers-hint">{t('peers.link_legend', { minutes: Math.round(downAfter / 60) })} {t('peers.heard_legend')}</p>
    {error && <p class="error" role="alert">{error}</p>}
    <RecordList type="peers" load={load} reload={reload} filters={[
      { key: 'name', label: t('peers.name') }, { key: 'country', label: t('peers.country') }]}
      columns={[
        { key: 'name', label: t('peers.name') },
        { key: 'country', label: t('peers.country') },
        { key: 'agency', label: t('peers.agency') },
        { key: 'accreditation', label: t('peers.accreditation') },
        { key: 'url', label: t('peers.url'), render: (p) => <span class="peers-url">{p.url}</span> },
        { key: 'fingerprint', label: t('peers.fingerprint'), render: (p) => <code>{p.fingerprint}</code> },
        { key: 'outbox', label: t('peers.outbox'), render: outbox },
        { key: 'link', label: t('peers.link'), render: link },
        { key: 'state', label: t('peers.state'), render: (p) => t(`peers.state.${p.state}`) === `peers.state.${p.state}` ? p.state : t(`peers.state.${p.state}`) },
        { key: 'node_id', label: '', render: (p) => <Remove id={p.node_id} onDone={done} /> },
      ]} />
    <ApiForm title={t('peers.pair')} submitLabel={t('peers.pair')} testid="pair" onSubmit={async (f) => {
      setPaired('');
      const p = await api('POST', '/api/v1/peers',
        formFields(f, ['url', 'fingerprint', 'accreditation', 'country', 'agency']));
      setPaired(t('peers.paired_with', { name: p.name }));
      done();
    }}>
      <p class="peers-hint">{t('peers.pair_hint')}</p>
      <div class="peers-grid">
        <label>{t('peers.url')}<input name="url" type="url" required placeholder="https://rics.example:8443" /></label>
        <label>{t('peers.their_fingerprint')}<input name="fingerprint" required autocomplete="off" /></label>
        <Choice name="accreditation" values={LEVELS} value="RESTRICTED" label={t('peers.accreditation')} />
        <label>{t('peers.country')}<input name="country" pattern="[A-Z]{2}" maxLength={2} /></label>
        <Choice name="agency" values={['', ...AGENCIES]} label={t('peers.agency')} />
      </div>
      {paired && <p class="peers-done" role="status">{paired}</p>}
    </ApiForm>
  </div>;
}

export const screen: Screen = {
  id: 'peers', title: 'nav.peers', roles: ['admin'], order: 85,
  view: () => <Peers />,
};

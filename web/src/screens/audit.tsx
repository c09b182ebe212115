// SPDX-License-Identifier: AGPL-3.0-or-later
// The auditor's view of the node's audit log: every entry, a page at a time,
// newest or oldest first, filtered by who, what and when (the node filters:
// GET /api/v1/audit), and a check of the hash chain that links each entry to
// the one before it.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Screen } from '../screen';
import { type Loader, RecordList } from '../ui';
import './audit.css';

/* The log pages by sequence number, not by cursor: after / next_after
   oldest first, before / next_before newest first. */
const load: Loader = async (query) => {
  const q = new URLSearchParams(query);
  const newest = q.get('order') === 'newest';
  q.delete('cursor');
  if (query.get('cursor')) q.set(newest ? 'before' : 'after', query.get('cursor')!);
  const r = await api('GET', `/api/v1/audit?${q}`);
  const next = newest ? r.next_before : r.next_after;
  return { items: r.items, next_cursor: next === null || next === undefined ? null : String(next) };
};

function Verify() {
  const [verdict, setVerdict] = useState<any>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    setError('');
    try { setVerdict(await api('GET', '/api/v1/audit/verify')); }
    catch (e) { setVerdict(null); setError((e as Error).message); }
    finally { setBusy(false); }
  }
  return <div class="audit-verify">
    <button type="button" onClick={verify} disabled={busy}>{t('audit.verify')}</button>
    {error && <p class="error" role="alert">{error}</p>}
    {verdict && (verdict.ok
      ? <p class="audit-ok" role="status" data-testid="verdict">{t('audit.intact', { n: verdict.checked })}</p>
      : <p class="audit-bad" role="alert" data-testid="verdict">
          {t('audit.broken', { seq: verdict.first_bad, n: verdict.checked })} {verdict.reason}</p>)}
  </div>;
}

function Audit() {
  const [order, setOrder] = useState('newest');
  return <div class="panel wide">
    <h1>{t('nav.audit')}</h1>
    <p class="audit-hint">{t('audit.hint')}</p>
    <Verify />
    <label class="audit-order">{t('audit.order')}
      <select name="order" value={order} onChange={(e) => setOrder((e.target as HTMLSelectElement).value)}>
        <option value="newest">{t('audit.newest')}</option>
        <option value="oldest">{t('audit.oldest')}</option>
      </select>
    </label>
    {/* a new order starts the list afresh: its page marks mean nothing in the other */}
    <RecordList key={order} type="audit" load={load} limit={50} fixed={{ order }} filters={[
      { key: 'actor', label: t('audit.actor') },
      { key: 'action', label: t('audit.action') },
      { key: 'since', label: t('audit.since'), time: true },
      { key: 'until', label: t('audit.until'), time: true },
    ]} columns={[
      { key: 'seq', label: '#' },
      { key: 'at', label: t('audit.at'), render: (e) => <span class="audit-when">{e.at.replace('T', ' ')}</span> },
      { key: 'actor', label: t('audit.actor'), render: (e) => <span class="audit-actor">{e.actor}</span> },
      { key: 'action', label: t('audit.action') },
      { key: 'object_type', label: t('audit.object'), render: (e) => <>{e.object_type} {e.object_id &&
        <code class="audit-id" title={e.object_id}>…{e.object_id.slice(-12)}</code>}</> },
      { key: 'outcome', label: t('audit.outcome'), render: (e) => <span class={e.outcome === 'ok' ? '' : 'audit-denied'}>{e.outcome}</span> },
      { key: 'remote', label: t('audit.remote') },
      { key: 'detail', label: t('audit.detail') },
    ]} />
  </div>;
}

export const screen: Screen = {
  id: 'audit', title: 'nav.audit', roles: ['auditor', 'admin'], order: 90,
  view: () => <Audit />,
};

// SPDX-License-Identifier: AGPL-3.0-or-later
// The supervisor's approval queue: messages at or above the approval level
// wait here until a supervisor other than their author approves them (they
// are sent) or rejects them (they never leave). The queue moves live.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { href } from '../screen';
import type { Screen } from '../screen';
import { RecordList, useSession, when } from '../ui';
import type { Column } from '../ui';
import { nodeLabel, useMailbox, useMessageReload } from '../mailbox';
import './messages.css';

function Approvals() {
  const { me } = useSession();
  const { self, peers } = useMailbox();
  const [decided, setDecided] = useState(0);
  const reload = useMessageReload() + decided;
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  async function decide(m: any, verdict: 'approve' | 'reject') {
    setError('');
    try {
      await api('POST', `/api/v1/messages/${m.id}/${verdict}`);
      setDone(t(`appr.${verdict}d`, { subject: m.subject }));
      setDecided((n) => n + 1);
    } catch (e) { setError((e as Error).message); }
  }
  const columns: Column[] = [
    { key: 'subject', label: t('msg.subject'), render: (m) => <a href={href('thread', m.id)}>{m.subject}</a> },
    { key: 'type', label: t('msg.type'), render: (m) => t(`value.${m.type}`) },
    { key: 'created_by', label: t('appr.author') },
    { key: 'recipients', label: t('msg.to'), render: (m) => m.recipients
      .map((r: string) => nodeLabel(r, self, peers, t('msg.here'))).join(', ') },
    { key: 'created_at', label: t('msg.written_at'), render: (m) => when(m.created_at) },
    { key: 'decide', label: t('appr.decide'), render: (m) => m.created_by === me.name
      ? <span class="muted">{t('appr.own')}</span>
      : <span class="actions">
          <button type="button" data-testid="approve" onClick={(e) => { e.stopPropagation(); decide(m, 'approve'); }}>{t('appr.approve')}</button>
          <button type="button" data-testid="reject" onClick={(e) => { e.stopPropagation(); decide(m, 'reject'); }}>{t('appr.reject')}</button>
        </span> },
  ];
  return <section class="panel wide approvals">
    <h1>{t('nav.approvals')}</h1>
    <p class="muted">{t('appr.intro')}</p>
    {error && <p class="error" role="alert">{error}</p>}
    {done && <p class="ok" role="status">{done}</p>}
    <RecordList type="messages" fixed={{ status: 'pending_approval', box: 'out' }} columns={columns}
      reload={reload} rowClass={(m) => (m.created_by === me.name ? 'own' : '')} />
  </section>;
}

export const screen: Screen = {
  id: 'approvals', title: 'nav.approvals', roles: ['supervisor'], order: 32,
  view: () => <Approvals />,
};

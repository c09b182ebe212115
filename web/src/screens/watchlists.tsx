// SPDX-License-Identifier: AGPL-3.0-or-later
// The watchlists: every entry the user may see, filtered and a page at a
// time; a supervisor adds entries and shares one with paired nodes (share,
// update or withdraw), picking the peers from the node's peer directory.
// Officers and analysts read only.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { href, type Screen } from '../screen';
import { ApiForm, ClassLabel, ClassificationSelect, RecordList, useReloadOn, useSession, valueLabel as value, when } from '../ui';
import './watchlists.css';

const SUBJECTS = ['person', 'document', 'vehicle'];
const ACTIONS = ['detain', 'inform', 'discreet_check', 'refuse_entry'];
const KINDS = ['share', 'update', 'withdraw'];
const EDITORS = ['supervisor'];

const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();
const words = (s: string) => s.split(/[\s,;]+/).filter(Boolean);

/* Who or what the entry names, in one line. */
function subjectLine(e: any): string {
  if (e.subject_type === 'person')
    return [e.surname, e.given_names].filter(Boolean).join(', ') + (e.birth_date ? ` (${e.birth_date})` : '');
  return e.subject_type === 'vehicle' ? e.plate ?? '' : e.document_number ?? '';
}

/* A new entry: only the fields of its subject type are sent. */
function entryBody(f: FormData): Record<string, unknown> {
  const subject = text(f, 'subject_type');
  const keys = { person: ['surname', 'given_names', 'birth_date', 'nationality'],
    document: ['document_number'], vehicle: ['plate'] }[subject] ?? [];
  const body: Record<string, unknown> = { subject_type: subject, reason: text(f, 'reason'),
    action: text(f, 'action'), classification: text(f, 'classification') };
  for (const k of ['list_name', 'owner', ...keys]) if (text(f, k)) body[k] = text(f, k);
  const countries = words(text(f, 'releasable_countries')).map((c) => c.toUpperCase());
  if (countries.length) body.releasable_countries = countries;
  return body;
}

function NewEntry({ onDone }: { onDone: () => void }) {
  const [subject, setSubject] = useState('person');
  return <details class="new-entry">
    <summary>{t('watchlists.new')}</summary>
    <ApiForm submitLabel={t('watchlists.create')} testid="new-entry" onSubmit={async (f, form) => {
      await api('POST', '/api/v1/watchlist', entryBody(f));
      form.reset();
      setSubject('person');
      onDone();
    }}>
      <div class="row">
        <label>{t('watchlists.subject')}
          <select name="subject_type" value={subject}
            onChange={(e) => setSubject((e.target as HTMLSelectElement).value)}>
            {SUBJECTS.map((s) => <option value={s}>{value(s)}</option>)}
          </select>
        </label>
        <label>{t('watchlists.list')}<input name="list_name" maxLength={100} /></label>
        <label>{t('watchlists.action')}
          <select name="action">{ACTIONS.map((a) => <option value={a}>{value(a)}</option>)}</select>
        </label>
        <ClassificationSelect />
      </div>
      {subject === 'person' && <div class="row">
        <label>{t('watchlists.surname')}<input name="surname" required maxLength={200} /></label>
        <label>{t('watchlists.given')}<input name="given_names" maxLength={200} /></label>
        <label>{t('watchlists.birth')}<input name="birth_date" type="date" /></label>
        <label>{t('watchlists.nationality')}<input name="nationality" maxLength={3} size={4} /></label>
      </div>}
      {subject === 'document' && <label>{t('watchlists.document')}<input name="document_number" required maxLength={40} /></label>}
      {subject === 'vehicle' && <label>{t('watchlists.plate')}<input name="plate" required maxLength={20} /></label>}
      <label>{t('watchlists.reason')}<textarea name="reason" required rows={2} maxLength={2000} /></label>
      <div class="row">
        <label>{t('watchlists.owner')}<input name="owner" maxLength={200} /></label>
        <label>{t('watchlists.releasable')}<input name="releasable_countries" placeholder="KG, TJ" /></label>
      </div>
    </ApiForm>
  </details>;
}

function EntryList() {
  const { me } = useSession();
  const live = useReloadOn(['watchlist.created', 'watchlist.updated', 'watchlist.imported']);
  const [added, setAdded] = useState(0);
  return <section class="panel wide watchlists">
    <h1>{t('nav.watchlists')}</h1>
    {EDITORS.includes(me.role) && <NewEntry onDone={() => setAdded((n) => n + 1)} />}
    <RecordList type="watchlist" reload={live + added} fixed={{ order: 'newest' }}
      onPick={(row) => { location.hash = href('watchlists', row.id); }}
      filters={[
        { key: 'subject_type', label: t('watchlists.subject'), options: SUBJECTS },
        { key: 'action', label: t('watchlists.action'), options: ACTIONS },
        { key: 'list_name', label: t('watchlists.list') },
        { key: 'plate', label: t('watchlists.plate') },
        { key: 'document_number', label: t('watchlists.document') },
      ]}
      columns={[
        { key: 'list_name', label: t('watchlists.list') },
        { key: 'subject_type', label: t('watchlists.subject'), render: (r) => value(r.subject_type) },
        { key: 'name', label: t('watchlists.names'), render: subjectLine },
        { key: 'action', label: t('watchlists.action'), render: (r) => value(r.action) },
        { key: 'reason', label: t('watchlists.reason'), render: (r) => <span class="why">{r.reason}</span> },
        { key: 'expires_at', label: t('watchlists.expires'), render: (r) => when(r.expires_at) },
      ]} />
  </section>;
}

/* The peers to share with: picked from the directory, or typed as node ids
   when the directory cannot be read. */
function Share({ entry }: { entry: any }) {
  const [peers, setPeers] = useState<any[] | null>(null);
  const [sent, setSent] = useState<any>(null);
  useEffect(() => {
    api('GET', '/api/v1/peers/directory').then((r) => setPeers(r.items)).catch(() => setPeers([]));
  }, []);
  return <ApiForm submitLabel={t('watchlists.send')} testid="share" onSubmit={async (f) => {
    setSent(null);
    const chosen = [...f.getAll('peer').map(String), ...words(text(f, 'peer_ids'))];
    setSent(await api('POST', `/api/v1/watchlist/${entry.id}/share`, { kind: text(f, 'kind'), peers: chosen }));
  }}>
    <h2>{t('watchlists.share')}</h2>
    <fieldset class="row">
      <legend>{t('watchlists.kind')}</legend>
      {KINDS.map((k, i) => <label class="choice">
        <input type="radio" name="kind" value={k} defaultChecked={i === 0} /> {t(`watchlists.kind.${k}`)}
      </label>)}
    </fieldset>
    <fieldset data-testid="peers">
      <legend>{t('watchlists.peers')}</legend>
      {peers?.map((p) => <label class="choice">
        <input type="checkbox" name="peer" value={p.node_id} />
        {p.name} ({p.country}, {p.agency}) <span class="muted">{t('watchlists.accredited', { level: p.accreditation })}</span>
      </label>)}
      {peers?.length === 0 && <label>{t('watchlists.peerids')}<input name="peer_ids" /></label>}
    </fieldset>
    {sent && <p class="saved" role="status" data-testid="sent">{t('watchlists.sent', { status: sent.status })}</p>}
  </ApiForm>;
}

function EntryView({ id }: { id: string }) {
  const { me, showLevel } = useSession();
  const [entry, setEntry] = useState<any>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api('GET', `/api/v1/watchlist/${encodeURIComponent(id)}`)
      .then((e) => { setEntry(e); showLevel([e]); }).catch((e) => setError(e.message));
  }, [id]);
  const rows: [string, any][] = entry ? [
    ['watchlists.subject', value(entry.subject_type)], ['watchlists.names', subjectLine(entry)],
    ['watchlists.list', entry.list_name], ['watchlists.action', value(entry.action)],
    ['watchlists.reason', entry.reason], ['watchlists.owner', entry.owner],
    ['watchlists.releasable', (entry.releasable_countries ?? []).join(', ')],
    ['watchlists.expires', when(entry.expires_at)], ['watchlists.origin', entry.origin_node],
  ] : [];
  return <section class="panel watchlist-entry" data-testid="entry-view">
    <a href={href('watchlists')}>{t('watchlists.back')}</a>
    {error && <p class="error" role="alert">{error}</p>}
    {entry && <>
      <h1>{t('watchlists.entry')} <ClassLabel item={entry} /></h1>
      <dl>{rows.filter(([, v]) => v).map(([k, v]) => <><dt>{t(k)}</dt><dd>{v}</dd></>)}</dl>
      {EDITORS.includes(me.role) && <Share entry={entry} />}
    </>}
  </section>;
}

export const screen: Screen = {
  id: 'watchlists', title: 'nav.watchlists', roles: ['supervisor', 'analyst', 'officer'], order: 40,
  view: ({ arg }) => (arg ? <EntryView id={arg} /> : <EntryList />),
};

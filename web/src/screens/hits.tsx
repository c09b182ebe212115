// SPDX-License-Identifier: AGPL-3.0-or-later
// Screening hits to decide: the list (new ones first, live as they are
// raised), and one hit with what was screened, why it matched, the entry's
// action on hit (or only "refer to a supervisor" when the entry is above the
// user's clearance: the API hides it) and the decision with a note, sent
// with If-Match so two officers cannot overwrite each other.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { href, type Screen } from '../screen';
import { ApiForm, ClassLabel, RecordList, useEvents, useReloadOn, useSession, valueLabel as value, when } from '../ui';
import './hits.css';

const STATUSES = ['new', 'confirmed', 'false_positive', 'closed'];
const DECISIONS = ['confirmed', 'false_positive', 'closed'];
const DECIDERS = ['officer', 'supervisor'];
const SUBJECTS: Record<string, string> = { person: 'persons', document: 'documents', vehicle: 'vehicles' };

const missing = () => null;

function HitList() {
  const [status, setStatus] = useState('new');
  const reload = useReloadOn(['hit.created', 'hit.updated']);
  const [fresh, setFresh] = useState(0);
  useEvents((e) => e.event === 'hit.created' && setFresh((n) => n + 1));
  return <section class="panel wide hits">
    <h1>{t('nav.hits')}</h1>
    <div class="filters">
      <label>{t('hits.status')}
        <select name="status" value={status}
          onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">{t('list.any')}</option>
          {STATUSES.map((s) => <option value={s}>{value(s)}</option>)}
        </select>
      </label>
      {fresh > 0 && <p class="fresh" role="status" data-testid="fresh">{t('hits.fresh', { n: fresh })}</p>}
    </div>
    <RecordList key={status} type="hits" reload={reload}
      fixed={status ? { status, order: 'newest' } : { order: 'newest' }}
      filters={[{ key: 'subject_type', label: t('hits.subject'), options: Object.keys(SUBJECTS) }]}
      onPick={(row) => { location.hash = href('hits', row.id); }}
      columns={[
        { key: 'created_at', label: t('hits.when'), render: (r) => when(r.created_at, true) },
        { key: 'subject_type', label: t('hits.subject'), render: (r) => value(r.subject_type) },
        { key: 'score', label: t('hits.score') },
        { key: 'explanation', label: t('hits.explanation'), render: (r) => <span class="why">{r.explanation}</span> },
        { key: 'status', label: t('hits.status'), render: (r) => <span class={`status-${r.status}`}>{value(r.status)}</span> },
      ]} />
  </section>;
}

/* What was screened, in one line: a person, a document or a plate. A plate
   read by a camera is a sighting, not a vehicle record. */
function subjectLine(s: any): string {
  if (!s) return '';
  if (s.surname) return `${s.surname}, ${s.given_names ?? ''} (${s.birth_date ?? '?'}, ${s.nationality ?? '?'})`;
  if (s.number) return `${s.doc_type ?? ''} ${s.number} (${s.issuing_country ?? ''})`;
  if (s.plate) return `${s.plate_read ?? s.plate} ${s.country ?? ''}${s.camera ? ` · ${s.camera}` : ''}`;
  return s.id;
}

interface Opened { hit: any; entry: any; subject: any; crossing: any }

async function openHit(id: string): Promise<Opened> {
  const hit = await api('GET', `/api/v1/hits/${encodeURIComponent(id)}`);
  const get = (path: string) => api('GET', path).catch(missing);
  const subjectPath = `/api/v1/${SUBJECTS[hit.subject_type] ?? 'persons'}/${hit.subject_id}`;
  const [entry, subject, crossing] = await Promise.all([
    get(`/api/v1/watchlist/${hit.watchlist_id}`),
    hit.subject_id ? get(subjectPath).then((s) => s ?? get(`/api/v1/sightings/${hit.subject_id}`)) : null,
    hit.crossing_id ? get(`/api/v1/crossings/${hit.crossing_id}`) : null,
  ]);
  return { hit, entry, subject, crossing };
}

function Decide({ hit, onDone }: { hit: any; onDone: (h: any) => void }) {
  const initial = hit.status === 'new' ? 'confirmed' : hit.status;
  return <ApiForm submitLabel={t('hits.save')} testid="decide" onSubmit={async (f) => {
    onDone(await api('PATCH', `/api/v1/hits/${hit.id}`,
      { status: f.get('decision'), notes: String(f.get('notes') ?? '') },
      { 'If-Match': String(hit.version) }));
  }}>
    <fieldset>
      <legend>{t('hits.decision')}</legend>
      {DECISIONS.map((d) => <label class="choice">
        <input type="radio" name="decision" value={d} defaultChecked={initial === d} /> {value(d)}
      </label>)}
    </fieldset>
    <label>{t('hits.notes')}
      <textarea name="notes" rows={3} defaultValue={hit.notes ?? ''} />
    </label>
  </ApiForm>;
}

function HitView({ id }: { id: string }) {
  const { me, showLevel } = useSession();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    setOpened(null);
    setSaved(false);
    openHit(id).then((o) => {
      setOpened(o);
      showLevel([o.hit, o.entry, o.subject, o.crossing].filter(Boolean));
    }).catch((e) => setError(e.message));
  }, [id]);
  if (error) return <section class="panel"><p class="error" role="alert">{error}</p>
    <a href={href('hits')}>{t('hits.back')}</a></section>;
  if (!opened) return <section class="panel"><p>{t('hits.loading')}</p></section>;
  const { hit, entry, subject, crossing } = opened;
  return <section class="panel hit-view" data-testid="hit-view">
    <a href={href('hits')}>{t('hits.back')}</a>
    <h1>{t('hits.one')} <ClassLabel item={hit} /></h1>
    <dl>
      <dt>{t('hits.status')}</dt><dd data-testid="hit-status" class={`status-${hit.status}`}>{value(hit.status)}</dd>
      <dt>{t('hits.screened')}</dt><dd data-testid="screened">{value(hit.subject_type)}: {subjectLine(subject)}</dd>
      {crossing && <><dt>{t('hits.crossing')}</dt>
        <dd>{crossing.bcp_code} · {value(crossing.direction)} · {when(crossing.crossed_at, true)}</dd></>}
      <dt>{t('hits.score')}</dt><dd>{hit.score}</dd>
      <dt>{t('hits.explanation')}</dt><dd data-testid="explanation">{hit.explanation}</dd>
      {hit.notes && <><dt>{t('hits.notes')}</dt><dd data-testid="hit-notes">{hit.notes}</dd></>}
    </dl>
    {entry
      ? <div class="hit" data-testid="entry">
          <p><strong>{t('hits.action')}: {value(entry.action)}</strong> <ClassLabel item={entry} /></p>
          <p>{t('hits.reason')}: {entry.reason}</p>
          {entry.owner && <p>{t('hits.owner')}: {entry.owner}</p>}
        </div>
      : <p class="hit" role="alert" data-testid="refer">{t('hits.refer')}</p>}
    {saved && <p class="saved" role="status">{t('hits.saved')}</p>}
    {DECIDERS.includes(me.role) && <Decide key={hit.version} hit={hit}
      onDone={(h) => { setOpened({ ...opened, hit: h }); setSaved(true); }} />}
  </section>;
}

export const screen: Screen = {
  id: 'hits', title: 'nav.hits', roles: ['officer', 'supervisor', 'analyst'], order: 20,
  view: ({ arg }) => (arg ? <HitView id={arg} /> : <HitList />),
};

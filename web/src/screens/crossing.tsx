// SPDX-License-Identifier: AGPL-3.0-or-later
// Record a crossing with the keyboard alone: a passport reader types the MRZ
// like a keyboard (or the officer pastes it), Enter records and screens it,
// and a hit shows in red with its action on hit.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Screen } from '../screen';
import { ClassLabel, useAutofocus, useSession } from '../ui';

function Crossing() {
  const { showLevel } = useSession();
  const [mrz, setMrz] = useState('');
  const [bcp, setBcp] = useState(localStorage.getItem('rics.bcp') ?? '');
  const [result, setResult] = useState<any>(null);
  const area = useAutofocus<HTMLTextAreaElement>();
  const [error, setError] = useState('');
  async function submit(e?: Event) {
    e?.preventDefault();
    setError('');
    try {
      localStorage.setItem('rics.bcp', bcp);
      const body: Record<string, unknown> = { mrz: mrz.trim(), record: true, direction: 'in' };
      if (bcp) body.bcp_code = bcp;
      const r = await api('POST', '/api/v1/mrz', body);
      setResult(r);
      showLevel([r.crossing, r.person_record, r.document_record, ...(r.screening?.hits ?? [])]);
      setMrz('');
      area.current?.focus();
    } catch (err) { setResult(null); setError((err as Error).message); }
  }
  function key(e: KeyboardEvent) {
    // a reader types two or three lines; Enter on a complete zone records it
    if (e.key === 'Enter' && !e.shiftKey && mrz.split('\n').filter(Boolean).length >= 2) submit(e);
  }
  const p = result?.mrz?.person, d = result?.mrz?.document, hits: any[] = result?.screening?.hits ?? [];
  return <form class="panel" onSubmit={submit}>
    <h1>{t('nav.crossing')}</h1>
    <label>{t('crossing.bcp')}
      <input name="bcp" value={bcp} onInput={(e) => setBcp((e.target as HTMLInputElement).value)} />
    </label>
    <label>{t('crossing.mrz')}
      <textarea name="mrz" ref={area} rows={3} autofocus spellcheck={false} value={mrz}
        onInput={(e) => setMrz((e.target as HTMLTextAreaElement).value)} onKeyDown={key} />
    </label>
    <button type="submit">{t('crossing.submit')}</button>
    {error && <p class="error" role="alert">{error}</p>}
    {result && <div class="result">
      <p>{t('crossing.recorded')}</p>
      <dl>
        <dt>{t('crossing.person')}</dt><dd data-testid="person">{p?.surname}, {p?.given_names} ({p?.birth_date}, {p?.nationality})</dd>
        <dt>{t('crossing.document')}</dt><dd data-testid="document">{d?.type} {d?.number} ({d?.issuing_state}, {d?.expiry_date})</dd>
      </dl>
      {hits.length === 0 && <p class="nohit">{t('crossing.nohit')}</p>}
      {hits.map((h) => <div class="hit" role="alert" data-testid="hit">
        <strong>{t('crossing.hit')}</strong> <ClassLabel item={h} />
        <p>{h.explanation}</p>
        <p>{t('crossing.action')}: <strong>{h.action}</strong></p>
      </div>)}
    </div>}
  </form>;
}

export const screen: Screen = {
  id: 'crossing', title: 'nav.crossing', roles: ['officer', 'supervisor'], order: 10,
  view: () => <Crossing />,
};

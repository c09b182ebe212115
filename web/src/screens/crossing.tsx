// SPDX-License-Identifier: AGPL-3.0-or-later
// The officer's desk, keyboard alone: a passport reader types the MRZ like a
// keyboard (or the officer pastes it) and Enter records and screens the
// crossing; a plate records a vehicle crossing, screened the same way; a hit
// shows in red with its action on hit. The currency declaration and the
// seizure forms take the traveller (and vehicle) just recorded, and a
// declaration at or over the node's cash threshold is flagged as the node's
// live event says.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import type { Screen } from '../screen';
import { ApiForm, ClassLabel, ClassificationSelect, useAutofocus, useEvents, useSession, valueLabel } from '../ui';
import './crossing.css';

const SUBSTANCES = ['heroin', 'opium', 'hashish', 'cannabis', 'methamphetamine', 'cocaine',
  'tramadol', 'precursor', 'other'];
const UNITS = ['kg', 'g', 'l', 'ml', 'tablets', 'units'];

const now = () => new Date().toISOString();
const text = (f: FormData, k: string) => String(f.get(k) ?? '').trim();

/* Each hit in red with its action; a match above the user's clearance
   comes from the API as a referral only, and is shown as such. */
function Hits({ hits }: { hits: any[] }) {
  if (hits.length === 0) return <p class="nohit">{t('crossing.nohit')}</p>;
  return <>{hits.map((h) => <div class="hit" role="alert" data-testid="hit">
    <strong>{t('crossing.hit')}</strong> {!h.refer_to_supervisor && <ClassLabel item={h} />}
    {h.refer_to_supervisor
      ? <p>{t('crossing.refer')}</p>
      : <>
          <p>{h.explanation}</p>
          <p>{t('crossing.action')}: <strong>{valueLabel(h.action)}</strong></p>
        </>}
  </div>)}</>;
}

interface Desk { bcp: string; person: any; vehicle: any; setPerson: (p: any) => void; setVehicle: (v: any) => void }

function Traveller({ desk }: { desk: Desk }) {
  const { showLevel } = useSession();
  const [mrz, setMrz] = useState('');
  const [result, setResult] = useState<any>(null);
  const area = useAutofocus<HTMLTextAreaElement>();
  const [error, setError] = useState('');
  async function submit(e?: Event) {
    e?.preventDefault();
    setError('');
    try {
      const body: Record<string, unknown> = { mrz: mrz.trim(), record: true, direction: 'in' };
      if (desk.bcp) body.bcp_code = desk.bcp;
      const r = await api('POST', '/api/v1/mrz', body);
      setResult(r);
      desk.setPerson({ id: r.crossing?.person_id, ...r.mrz?.person });
      showLevel([r.crossing, r.person_record, r.document_record, ...(r.screening?.hits ?? [])]);
      setMrz('');
      area.current?.focus();
    } catch (err) { setResult(null); setError((err as Error).message); }
  }
  function key(e: KeyboardEvent) {
    // a reader types two or three lines; Enter on a complete zone records it
    if (e.key === 'Enter' && !e.shiftKey && mrz.split('\n').filter(Boolean).length >= 2) submit(e);
  }
  const p = result?.mrz?.person, d = result?.mrz?.document;
  return <form class="panel" onSubmit={submit} data-testid="traveller">
    <h1>{t('nav.crossing')}</h1>
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
      <Hits hits={result.screening?.hits ?? []} />
    </div>}
  </form>;
}

/* A vehicle crossing: the plate's vehicle record (reused when the plate is
   known), then the crossing, which the node screens as it stores it. */
async function vehicleCrossing(bcp: string, f: FormData) {
  const plate = text(f, 'plate').toUpperCase(), country = text(f, 'country').toUpperCase();
  const known = await api('GET', `/api/v1/vehicles?${new URLSearchParams({ plate, limit: '1' })}`);
  const vehicle = known.items[0] ?? await api('POST', '/api/v1/vehicles',
    { plate, ...(country ? { country } : {}) });
  const crossing = await api('POST', '/api/v1/crossings', { bcp_code: bcp, direction: text(f, 'direction'),
    crossed_at: now(), mode: 'road', vehicle_id: vehicle.id, classification: text(f, 'classification') });
  return { vehicle, crossing };
}

function Plate({ desk }: { desk: Desk }) {
  const { showLevel } = useSession();
  const [shown, setShown] = useState<any>(null);
  return <ApiForm submitLabel={t('crossing.submit')} testid="plate"
    onSubmit={async (f, form) => {
      setShown(null);
      const r = await vehicleCrossing(desk.bcp, f);
      desk.setVehicle(r.vehicle);
      setShown(r);
      showLevel([r.vehicle, r.crossing, ...(r.crossing.screening?.hits ?? [])]);
      (form.elements.namedItem('plate') as HTMLInputElement).select();
    }}>
    <h2>{t('crossing.vehicle')}</h2>
    <div class="row">
      <label>{t('crossing.plate')}<input name="plate" required maxLength={20} autocomplete="off" /></label>
      <label>{t('crossing.country')}<input name="country" maxLength={3} size={4} /></label>
      <label>{t('crossing.direction')}
        <select name="direction"><option value="in">{t('crossing.in')}</option><option value="out">{t('crossing.out')}</option></select>
      </label>
      <ClassificationSelect />
    </div>
    {shown && <div class="result" data-testid="plate-result">
      <p>{t('crossing.recorded')}: {shown.vehicle.plate}</p>
      <Hits hits={shown.crossing.screening?.hits ?? []} />
    </div>}
  </ApiForm>;
}

function Subject({ desk }: { desk: Desk }) {
  const p = desk.person;
  return <p class="subject" data-testid="declarant">{t('crossing.declarant')}: {p
    ? <strong>{p.surname}, {p.given_names}</strong>
    : <em>{t('crossing.nodeclarant')}</em>}</p>;
}

function Declaration({ desk }: { desk: Desk }) {
  const { showLevel } = useSession();
  const [made, setMade] = useState<any>(null);
  const [over, setOver] = useState<string[]>([]);
  // the node, not the browser, knows the threshold: it says so on the live feed
  useEvents((e) => {
    if (e.event === 'declaration.over_threshold' && e.data?.record?.id) setOver((o) => [...o, e.data.record.id]);
  });
  return <ApiForm submitLabel={t('crossing.declare')} testid="declaration"
    onSubmit={async (f, form) => {
      setMade(null);
      const body: Record<string, unknown> = { person_id: desk.person?.id, bcp_code: desk.bcp,
        direction: text(f, 'direction'), declared_at: now(), currency: text(f, 'currency').toUpperCase(),
        amount: Number(text(f, 'amount')), classification: text(f, 'classification') };
      for (const k of ['source_of_funds', 'purpose']) if (text(f, k)) body[k] = text(f, k);
      const r = await api('POST', '/api/v1/declarations', body);
      setMade(r);
      showLevel([r]);
      form.reset();
    }}>
    <h2>{t('crossing.declaration')}</h2>
    <Subject desk={desk} />
    <div class="row">
      <label>{t('crossing.direction')}
        <select name="direction"><option value="out">{t('crossing.out')}</option><option value="in">{t('crossing.in')}</option></select>
      </label>
      <label>{t('crossing.currency')}<input name="currency" required maxLength={3} size={4} defaultValue="USD" /></label>
      <label>{t('crossing.amount')}<input name="amount" required type="number" min="0.01" step="0.01" /></label>
      <ClassificationSelect />
    </div>
    <label>{t('crossing.source')}<input name="source_of_funds" maxLength={500} /></label>
    <label>{t('crossing.purpose')}<input name="purpose" maxLength={500} /></label>
    {made && <p data-testid="declared" class={over.includes(made.id) ? 'over' : 'saved'} role="status">
      {t('crossing.declared', { amount: made.amount, currency: made.currency })}
      {over.includes(made.id) && <strong> {t('crossing.over')}</strong>}
    </p>}
  </ApiForm>;
}

function Seizure({ desk }: { desk: Desk }) {
  const { showLevel } = useSession();
  const [made, setMade] = useState<any>(null);
  return <ApiForm submitLabel={t('crossing.seize')} testid="seizure"
    onSubmit={async (f, form) => {
      setMade(null);
      const body: Record<string, unknown> = { bcp_code: desk.bcp, seized_at: now(),
        substance: text(f, 'substance'), quantity: Number(text(f, 'quantity')), unit: text(f, 'unit'),
        classification: text(f, 'classification') };
      for (const k of ['concealment', 'case_ref', 'notes']) if (text(f, k)) body[k] = text(f, k);
      if (f.get('with_person') && desk.person?.id) body.person_ids = [desk.person.id];
      if (f.get('with_vehicle') && desk.vehicle?.id) body.vehicle_ids = [desk.vehicle.id];
      const r = await api('POST', '/api/v1/seizures', body);
      setMade(r);
      showLevel([r]);
      form.reset();
    }}>
    <h2>{t('crossing.seizure')}</h2>
    <div class="row">
      <label>{t('crossing.substance')}
        <select name="substance">{SUBSTANCES.map((s) => <option value={s}>{t(`crossing.substance.${s}`)}</option>)}</select>
      </label>
      <label>{t('crossing.quantity')}<input name="quantity" required type="number" min="0" step="any" /></label>
      <label>{t('crossing.unit')}
        <select name="unit">{UNITS.map((u) => <option value={u}>{u}</option>)}</select>
      </label>
      <ClassificationSelect />
    </div>
    <label>{t('crossing.concealment')}<input name="concealment" maxLength={500} /></label>
    <div class="row">
      <label>{t('crossing.case')}<input name="case_ref" maxLength={64} /></label>
      {desk.person && <label class="check"><input type="checkbox" name="with_person" defaultChecked />
        {t('crossing.withperson', { name: desk.person.surname ?? '' })}</label>}
      {desk.vehicle && <label class="check"><input type="checkbox" name="with_vehicle" defaultChecked />
        {t('crossing.withvehicle', { plate: desk.vehicle.plate })}</label>}
    </div>
    <label>{t('crossing.notes')}<textarea name="notes" rows={2} maxLength={4000} /></label>
    {made && <p class="saved" role="status" data-testid="seized">
      {t('crossing.seized', { quantity: made.quantity, unit: made.unit })} <ClassLabel item={made} /></p>}
  </ApiForm>;
}

/* The officer's own BCP when the account names one (a shared workstation
   must not carry the last user's post), else the one this browser used. */
function CrossingDesk() {
  const { me } = useSession();
  const [bcp, setBcp] = useState(me.bcp_code || localStorage.getItem('rics.bcp') || '');
  const [person, setPerson] = useState<any>(null);
  const [vehicle, setVehicle] = useState<any>(null);
  const desk: Desk = { bcp, person, vehicle, setPerson, setVehicle };
  return <div class="desk">
    <label class="panel bcp">{t('crossing.bcp')}
      <input name="bcp" value={bcp} onInput={(e) => {
        const v = (e.target as HTMLInputElement).value;
        setBcp(v);
        localStorage.setItem('rics.bcp', v);
      }} />
    </label>
    <Traveller desk={desk} />
    <Plate desk={desk} />
    <Declaration desk={desk} />
    <Seizure desk={desk} />
  </div>;
}

export const screen: Screen = {
  id: 'crossing', title: 'nav.crossing', roles: ['officer', 'supervisor'], order: 10,
  view: () => <CrossingDesk />,
};

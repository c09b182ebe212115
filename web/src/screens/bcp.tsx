// SPDX-License-Identifier: AGPL-3.0-or-later
// A page per BCP (#/bcp/<id>, reached from the situation centre): its state,
// today's counts, hourly throughput over 24 hours and 7 days (uPlot), and
// its crossings, hits and ANPR sightings. Live events refresh the figures.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../api';
import { t } from '../i18n';
import { href } from '../screen';
import type { Screen } from '../screen';
import { ClassLabel, RecordList, useEvents, useSession, when } from '../ui';
import './situation.css';
import './bcp.css';

const SERIES: { key: string; stroke: string; dash?: number[] }[] = [
  { key: 'crossings_in', stroke: '#0033a0' },
  { key: 'crossings_out', stroke: '#007a33' },
  { key: 'hits', stroke: '#c8102e', dash: [8, 4] },
  { key: 'sightings', stroke: '#8a5a00' },
];

/* One uPlot chart of a throughput answer, as wide as its box. */
function Chart({ data, title, testid }: { data: any; title: string; testid: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !data) return;
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
    const opts: uPlot.Options = {
      width: el.clientWidth, height: Math.round(14 * rem),
      series: [{}, ...SERIES.map((s) => ({ label: t(`series.${s.key}`), stroke: s.stroke, width: 2,
        dash: s.dash, points: { show: false } }))],
      axes: [{ font: `${0.8 * rem}px system-ui` }, { font: `${0.8 * rem}px system-ui` }],
      legend: { show: true },
    };
    const plot = new uPlot(opts, [data.t, ...SERIES.map((s) => data[s.key])], el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: opts.height }));
    resize.observe(el);
    return () => { resize.disconnect(); plot.destroy(); };
  }, [data]);
  return <figure class="chart" data-testid={testid}>
    <figcaption>{title}</figcaption>
    <div ref={box} />
  </figure>;
}

function Bcp({ id }: { id: string }) {
  const { showLevel } = useSession();
  const [day, setDay] = useState<any>(null);
  const [week, setWeek] = useState<any>(null);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  const timer = useRef<number>(0);
  useEffect(() => {
    let live = true;
    const base = `/api/v1/stats/bcps/${encodeURIComponent(id)}/throughput`;
    Promise.all([api('GET', `${base}?hours=24`), api('GET', `${base}?hours=168`)])
      .then(([d, w]) => { if (live) { setDay(d); setWeek(w); showLevel([d.bcp]); setError(''); } })
      .catch((e) => live && setError(e.message));
    return () => { live = false; };
  }, [id, reload]);
  useEffect(() => () => clearTimeout(timer.current), []);
  // a burst of events reloads once
  useEvents(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setReload((n) => n + 1), 300) as unknown as number;
  });
  const b = day?.bcp;
  return <div class="bcp-page">
    <p><a href={href('situation')}>← {t('nav.situation')}</a></p>
    {error && <p class="error" role="alert">{error}</p>}
    {b && <>
      <h1>{b.code} — {b.name} <ClassLabel item={b} /></h1>
      {b.name_local && <p class="local">{b.name_local}</p>}
      <p data-testid="bcp-state">{t('bcp.state')}: <span class={`state-text state-${b.state}`}>
        {t(`state.${b.state}`)}</span> {b.reason && <span class="reason">{t(`reason.${b.reason}`)}</span>}
        {b.last_traffic && <> · {t('bcp.last_traffic')}: {when(b.last_traffic)}</>}
      </p>
      <dl class="bcp-today">
        {['crossings', 'hits', 'open_hits', 'sightings'].map((k) => <div>
          <dt>{t(`bcp.today.${k}`)}</dt><dd data-testid={`bcp-${k}`}>{b.today[k]}</dd></div>)}
      </dl>
      <div class="charts">
        <Chart data={day.series} title={t('bcp.chart24')} testid="chart-24" />
        <Chart data={week?.series} title={t('bcp.chart168')} testid="chart-168" />
      </div>
      <h2>{t('bcp.crossings')}</h2>
      <RecordList type="crossings" fixed={{ bcp_code: b.code, order: 'newest' }} limit={10} reload={reload}
        filters={[{ key: 'direction', label: t('bcp.direction'), options: ['in', 'out'] }]}
        columns={[{ key: 'crossed_at', label: t('bcp.when'), render: (r) => when(r.crossed_at, true) },
          { key: 'direction', label: t('bcp.direction'), render: (r) => t(`direction.${r.direction}`) },
          { key: 'mode', label: t('bcp.mode') }]} />
      <h2>{t('bcp.hits')}</h2>
      <RecordList type={`stats/bcps/${encodeURIComponent(b.id)}/hits`} fixed={{ order: 'newest' }}
        limit={10} reload={reload}
        filters={[{ key: 'status', label: t('bcp.status'), options: ['new', 'confirmed', 'false_positive', 'closed'] }]}
        columns={[{ key: 'created_at', label: t('bcp.when'), render: (r) => when(r.created_at, true) },
          { key: 'status', label: t('bcp.status') }, { key: 'score', label: t('bcp.score') },
          { key: 'explanation', label: t('bcp.explanation') }]} />
      <h2>{t('bcp.sightings')}</h2>
      <RecordList type="sightings" fixed={{ bcp_code: b.code, order: 'newest' }} limit={10} reload={reload}
        columns={[{ key: 'seen_at', label: t('bcp.when'), render: (r) => when(r.seen_at, true) }, { key: 'plate', label: t('bcp.plate') },
          { key: 'camera', label: t('bcp.camera') }]} />
    </>}
  </div>;
}

export const screen: Screen = {
  id: 'bcp', title: 'nav.bcp', roles: ['supervisor', 'analyst', 'admin'], order: 51, hidden: true,
  view: ({ arg }) => <Bcp id={arg} />,
};

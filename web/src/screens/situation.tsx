// SPDX-License-Identifier: AGPL-3.0-or-later
// The situation centre: a map of Central Asia drawn offline (world-atlas
// borders, d3-geo projection, SVG) with every BCP coloured and shaped by its
// state, the day's counters and a live feed. Server-sent events add to the
// feed and, a moment later, refresh counters and states in two requests,
// however many events came in the meantime.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { MAP_H as H, MAP_W as W, mapProjection } from '../map';
import type { MapShape } from '../map';
import { href } from '../screen';
import type { Screen } from '../screen';
import { ClassLabel, useEvents, useSession } from '../ui';
import type { LiveEvent } from '../ui';
import './situation.css';

export interface BcpStat {
  id: string; code: string; name: string; name_local: string | null; country: string;
  lat: number | null; lon: number | null; status: string | null; classification: string;
  state: 'normal' | 'alert' | 'link_down'; reason: string;
  today: { crossings: number; sightings: number; hits: number; open_hits: number };
  last_traffic: string | null;
}

const COUNTERS = ['crossings', 'hits_new', 'hits_confirmed', 'alerts_received', 'anpr_reads',
  'anpr_hits', 'cash_over_threshold', 'seizures'];
const STATES = ['normal', 'alert', 'link_down'] as const;
const FEED_MAX = 60;
const REFRESH_MS = 300;

/* The map's countries, drawn at build time (map-build.ts) and loaded once:
   a chunk of its own. */
let countries: Promise<MapShape[]> | null = null;
function loadCountries() {
  countries ??= import('virtual:rics-map').then((m) => m.default);
  return countries;
}

function useCountries() {
  const [list, setList] = useState<MapShape[]>([]);
  useEffect(() => { loadCountries().then(setList); }, []);
  return list;
}

const projection = mapProjection();

function BcpMark({ b }: { b: BcpStat }) {
  const p = b.lon != null && b.lat != null ? projection([b.lon, b.lat]) : null;
  if (!p) return null;
  const [x, y] = p;
  const label = `${b.code} ${b.name}: ${t(`state.${b.state}`)}`;
  return <a href={href('bcp', b.id)} class={`mark state-${b.state}`} data-testid="bcp-mark"
    data-code={b.code} data-state={b.state} aria-label={label}>
    <title>{label}</title>
    {b.state === 'link_down'
      ? <rect x={x - 5} y={y - 5} width={10} height={10} />
      : b.state === 'alert'
        ? <><circle class="ring" cx={x} cy={y} r={11} /><circle cx={x} cy={y} r={6.5} /></>
        : <circle cx={x} cy={y} r={5} />}
  </a>;
}

function SituationMap({ bcps }: { bcps: BcpStat[] }) {
  const shapes = useCountries();
  // alerts drawn last, on top of the quiet ones
  const order = [...bcps].sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state));
  return <svg class="map" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('situation.map')}
    data-testid="map" preserveAspectRatio="xMidYMid meet">
    {shapes.map((s) => <path class={`country ${s.kind}`} d={s.d} />)}
    {shapes.map((s) => s.label &&
      <text class={`country-name ${s.kind}`} x={s.label[0]} y={s.label[1]}>{t(`country.${s.id}`)}</text>)}
    {order.map((b) => <BcpMark b={b} />)}
  </svg>;
}

function Legend({ bcps }: { bcps: BcpStat[] }) {
  return <ul class="legend" data-testid="legend">
    {STATES.map((s) => <li>
      <svg viewBox="-12 -12 24 24" class={`mark state-${s}`} aria-hidden="true">
        {s === 'link_down' ? <rect x={-5} y={-5} width={10} height={10} />
          : s === 'alert' ? <><circle class="ring" r={11} /><circle r={6.5} /></> : <circle r={5} />}
      </svg>
      {t(`state.${s}`)} <strong data-testid={`legend-${s}`}>{bcps.filter((b) => b.state === s).length}</strong>
    </li>)}
  </ul>;
}

function Counters({ today }: { today: any }) {
  return <section class="counters" aria-label={t('situation.today')}>
    <h2>{t('situation.today')} <small>{today && t('situation.since', {
      time: new Date(today.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }),
      zone: today.timezone })}</small></h2>
    <dl>
      {COUNTERS.map((k) => <div class={`counter c-${k}`}>
        <dt>{t(`counter.${k}`)}</dt><dd data-testid={`count-${k}`}>{today ? today[k] : '…'}</dd>
      </div>)}
    </dl>
  </section>;
}

interface FeedItem { key: string; kind: string; at: string; text: string; record: any; link?: string }

/* One line of the feed for an event, or null for events the feed does not show. */
function feedItem(e: LiveEvent, bcpByCode: Map<string, BcpStat>): FeedItem | null {
  const r = e.data?.record;
  if (!r) return null;
  const at = new Date().toLocaleTimeString();
  const bcp = (code: string) => bcpByCode.get(code);
  const base = { key: e.id || `${e.event}-${r.id}`, at, record: r };
  switch (e.event) {
  case 'crossing.created':
    return { ...base, kind: 'crossing', link: bcp(r.bcp_code) && href('bcp', bcp(r.bcp_code)!.id),
      text: t('feed.crossing', { bcp: r.bcp_code, direction: t(`direction.${r.direction}`) }) };
  case 'hit.created':
    return { ...base, kind: r.crossing_id ? 'hit' : 'anpr_hit',
      text: t(r.crossing_id ? 'feed.hit' : 'feed.anpr_hit', { explanation: r.explanation ?? '' }) };
  case 'message.received':
    return r.type === 'alert' ? { ...base, kind: 'alert', text: t('feed.alert', { subject: r.subject }) } : null;
  case 'declaration.over_threshold':
    return { ...base, kind: 'cash', link: bcp(r.bcp_code) && href('bcp', bcp(r.bcp_code)!.id),
      text: t('feed.cash', { amount: r.amount, currency: r.currency, bcp: r.bcp_code }) };
  default:
    // a bulk import: one line, however many rows (api_import.c)
    return e.event.endsWith('.imported') ? { ...base, kind: 'import',
      text: t('feed.imported', { n: r.created, what: t(`imported.${e.data.type}`) }) } : null;
  }
}

/* Whether the feed is live is said in words: a wall that shows nothing new
   because its stream broke must not look like a quiet night. */
function Feed({ items, live }: { items: FeedItem[]; live: boolean }) {
  return <section class="feed" aria-label={t('situation.feed')}>
    <h2>{t('situation.feed')}{' '}
      <span class={live ? 'live' : 'offline'} role="status" data-testid="feed-state">
        {t(live ? 'feed.live' : 'feed.offline')}</span></h2>
    {items.length === 0 && <p class="empty">{t('feed.waiting')}</p>}
    <ol aria-live="polite">
      {items.map((i) => <li class={`feed-${i.kind}`} data-testid="feed-item">
        <time>{i.at}</time> <span class="kind">{t(`kind.${i.kind}`)}</span>{' '}
        {i.link ? <a href={i.link}>{i.text}</a> : i.text} <ClassLabel item={i.record} />
      </li>)}
    </ol>
  </section>;
}

/* Counters and states, fetched again after events settle and every minute
   (a BCP goes link down by the clock, not by an event). */
function useSituation() {
  const { showLevel } = useSession();
  const [today, setToday] = useState<any>(null);
  const [bcps, setBcps] = useState<BcpStat[]>([]);
  const [error, setError] = useState('');
  const timer = useRef<number>(0);
  async function load() {
    try {
      const [td, b] = await Promise.all([api('GET', '/api/v1/stats/today'), api('GET', '/api/v1/stats/bcps')]);
      setToday(td);
      setBcps(b.items);
      showLevel(b.items);
      setError('');
    } catch (e) { setError((e as Error).message); }
  }
  useEffect(() => {
    load();
    const every = setInterval(load, 60_000);
    return () => { clearInterval(every); clearTimeout(timer.current); };
  }, []);
  const soon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(load, REFRESH_MS) as unknown as number;
  };
  return { today, bcps, error, soon };
}

function Situation() {
  const { showLevel } = useSession();
  const { today, bcps, error, soon } = useSituation();
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const byCode = useMemo(() => new Map(bcps.map((b) => [b.code, b])), [bcps]);
  const live = useEvents((e) => {
    const item = feedItem(e, byCode);
    if (item) {
      setFeed((f) => [item, ...f.filter((x) => x.key !== item.key)].slice(0, FEED_MAX));
      showLevel([item.record]);
    }
    soon();
  }, soon); // opened again: what the counters missed meanwhile
  const attention = bcps.filter((b) => b.state !== 'normal');
  const unplaced = bcps.filter((b) => b.lat == null || b.lon == null);
  return <div class="situation">
    <h1 class="sr-only">{t('nav.situation')}</h1>
    {error && <p class="error" role="alert">{error}</p>}
    <section class="map-area">
      <SituationMap bcps={bcps} />
      <Legend bcps={bcps} />
      {unplaced.length > 0 && <p class="unplaced">{t('situation.unplaced')}{' '}
        {unplaced.map((b, i) => <>{i > 0 && ', '}<a href={href('bcp', b.id)}>{b.code}</a>
          {b.state !== 'normal' && <> ({t(`state.${b.state}`)})</>}</>)}</p>}
    </section>
    <aside>
      <Counters today={today} />
      <section class="attention" aria-label={t('situation.attention')}>
        <h2>{t('situation.attention')}</h2>
        {attention.length === 0 && <p class="empty">{t('situation.all_normal')}</p>}
        <ul>
          {attention.map((b) => <li data-testid="attention-item" data-code={b.code}>
            <a href={href('bcp', b.id)}>{b.code}</a> <span class={`state-text state-${b.state}`}>
              {t(`state.${b.state}`)}</span> {b.reason && <span class="reason">{t(`reason.${b.reason}`)}</span>}
          </li>)}
        </ul>
      </section>
      <Feed items={feed} live={live} />
    </aside>
  </div>;
}

export const screen: Screen = {
  id: 'situation', title: 'nav.situation', roles: ['supervisor', 'analyst', 'admin'], order: 50,
  view: () => <Situation />,
};

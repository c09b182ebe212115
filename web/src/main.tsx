// SPDX-License-Identifier: AGPL-3.0-or-later
// The shell: log in (changing a first password), then the screens the role
// may use, routed by the URL's hash and framed by the classification
// banners, which show the highest level of anything the screen shows.
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, onSessionEnded } from './api';
import { languages, language, setLanguage, t } from './i18n';
import { ChangePassword, LoggedIn, Login } from './login';
import type { Screen } from './screen';
import { Banner, LEVELS, SessionContext, highest } from './ui';
import './style.css';

const modules = import.meta.glob<Screen>('./screens/*.tsx', { eager: true, import: 'screen' });
const screens = Object.values(modules).sort((a, b) => a.order - b.order);

function route(): { id: string; arg: string } {
  const [, id = '', ...rest] = location.hash.split('/');
  return { id, arg: decodeURIComponent(rest.join('/')) };
}

function useRoute() {
  const [r, setR] = useState(route());
  useEffect(() => {
    const on = () => setR(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return r;
}

function Workspace({ me, onLogout, onLevel }: {
  me: LoggedIn; onLogout: () => void; onLevel: (l: string) => void;
}) {
  const mine = screens.filter((s) => s.roles.includes(me.role));
  const r = useRoute();
  const current = screens.find((s) => s.id === r.id && (s.hidden || mine.includes(s))) ?? mine[0];
  const session = useMemo(() => {
    let level = 0;
    return {
      me,
      // a screen may show several lists: the banner keeps the highest
      showLevel: (items: unknown[]) => {
        level = Math.max(level, LEVELS.indexOf(highest(items)));
        onLevel(LEVELS[level]);
      },
    };
  }, [me, current?.id, r.arg]);
  useEffect(() => onLevel('UNCLASSIFIED'), [current?.id, r.arg]);
  return <SessionContext.Provider value={session}>
    <nav>
      <div class="screens">
        {mine.filter((s) => !s.hidden).map((s) => <a href={`#/${s.id}`}
          aria-current={s === current ? 'page' : undefined}>{t(s.title)}</a>)}
      </div>
      <span>{me.name} · {t('user.role')}: {t(`role.${me.role}`)} · {t('user.clearance')}: {me.clearance}</span>
      <button type="button" onClick={onLogout}>{t('nav.logout')}</button>
    </nav>
    {current ? current.view({ arg: r.arg }) : <p class="panel">{t('nav.none')}</p>}
  </SessionContext.Provider>;
}

function App() {
  const [me, setMe] = useState<LoggedIn | null>(null);
  const [changed, setChanged] = useState(false);
  const [expired, setExpired] = useState(false);
  const [level, setLevel] = useState('UNCLASSIFIED');
  const [, redraw] = useState(0);
  useEffect(() => onSessionEnded(() => setExpired(true)), []);
  /* The same user carries on where they were; anyone else starts afresh. */
  function loggedInAgain(again: LoggedIn) {
    if (again.name !== me?.name || again.must_change_password) {
      setMe(again);
      setChanged(false);
    }
    setExpired(false);
  }
  // a reload keeps the session cookie: ask who we are before asking to log in
  useEffect(() => {
    api('GET', '/api/v1/auth/me')
      .then((r) => { if (!r.must_change_password && r.kind === 'user') setMe(r); }).catch(() => 0);
  }, []);
  async function logout() {
    await api('POST', '/api/v1/auth/logout').catch(() => 0);
    setMe(null);
    setChanged(false);
    setExpired(false);
    setLevel('UNCLASSIFIED');
  }
  let body;
  // a 401 that came after a logout must not greet the next login
  if (!me) body = <Login onDone={(m) => { setExpired(false); setMe(m); }} />;
  else if (me.must_change_password && !changed) body = <ChangePassword me={me} onDone={() => setChanged(true)} />;
  else body = <>
    {/* hidden, not gone: what the user typed waits for them under the login */}
    <div hidden={expired} inert={expired}>
      <Workspace key={me.name} me={me} onLogout={logout} onLevel={setLevel} />
    </div>
    {expired && <div class="relogin" role="dialog" aria-modal="true" aria-label={t('login.again')}>
      <Login name={me.name} onDone={loggedInAgain} />
    </div>}
  </>;
  return <>
    <Banner level={level} />
    <header><span>{t('app.title')}</span>
      <label>{t('lang')} <select value={language()} onChange={(e) => { setLanguage((e.target as HTMLSelectElement).value); redraw((n) => n + 1); }}>
        {languages.map((l) => <option value={l}>{l}</option>)}
      </select></label>
    </header>
    <main>{body}</main>
    <Banner level={level} />
  </>;
}

setLanguage(language());
render(<App />, document.getElementById('app')!);

// SPDX-License-Identifier: AGPL-3.0-or-later
// Every UI string comes from a catalogue; a missing key shows as itself so
// a gap is visible rather than silently English. Each screen keeps its own
// catalogue, i18n/<screen>.<lang>.json; they are merged here at build time,
// so a new language is one more file per screen.
const files = import.meta.glob<Record<string, string>>('./i18n/*.json', { eager: true, import: 'default' });

const catalogues: Record<string, Record<string, string>> = {};
for (const [file, strings] of Object.entries(files)) {
  const lang = file.replace(/^.*\.([a-z]{2})\.json$/, '$1');
  catalogues[lang] = { ...catalogues[lang], ...strings };
}
export const languages = Object.keys(catalogues).sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)));
let current = localStorage.getItem('rics.lang') ?? 'en';
if (!catalogues[current]) current = 'en';

export function setLanguage(lang: string): void {
  current = catalogues[lang] ? lang : 'en';
  localStorage.setItem('rics.lang', current);
  document.documentElement.lang = current;
}

export function language(): string {
  return current;
}

export function t(key: string, vars?: Record<string, string | number>): string {
  let s = catalogues[current]?.[key] ?? catalogues.en?.[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

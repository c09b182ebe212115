// SPDX-License-Identifier: AGPL-3.0-or-later
// Every UI string comes from a catalogue; a missing key shows as itself so
// a gap is visible rather than silently English.
import en from './i18n/en.json';
import ru from './i18n/ru.json';

const catalogues: Record<string, Record<string, string>> = { en, ru };
export const languages = Object.keys(catalogues);
let current = localStorage.getItem('rics.lang') ?? 'en';

export function setLanguage(lang: string): void {
  current = catalogues[lang] ? lang : 'en';
  localStorage.setItem('rics.lang', current);
  document.documentElement.lang = current;
}

export function t(key: string): string {
  return catalogues[current]?.[key] ?? en[key as keyof typeof en] ?? key;
}

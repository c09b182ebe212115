// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The web UI's message catalogues (web/src/i18n/<screen>.<lang>.json): every
 * language has every key English has and no other, no string is empty, a
 * translation keeps the {placeholders} of the English, and every key the
 * code asks for by name (t('...')) exists. A missing key would show as
 * itself on screen; a lost placeholder would drop a number from a sentence.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');
const I18N = path.join(SRC, 'i18n');

/* { screen: { lang: {key: string} } } */
function catalogues() {
  const all = {};
  for (const f of readdirSync(I18N).filter((n) => n.endsWith('.json'))) {
    const [, screen, lang] = /^(.+)\.([a-z]{2})\.json$/.exec(f) ?? [];
    assert.ok(screen, `${f}: named <screen>.<lang>.json`);
    (all[screen] ??= {})[lang] = JSON.parse(readFileSync(path.join(I18N, f), 'utf8'));
  }
  return all;
}

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/* The source files of the app, recursively. */
function sources(dir = SRC) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name))
      : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

describe('message catalogues', () => {
  const all = catalogues();

  it('give every screen English and Russian with the same keys', () => {
    for (const [screen, langs] of Object.entries(all)) {
      assert.ok(langs.en && langs.ru, `${screen}: en and ru`);
      const keys = Object.keys(langs.en).sort();
      for (const [lang, strings] of Object.entries(langs))
        assert.deepEqual(Object.keys(strings).sort(), keys, `${screen}.${lang}.json has the keys of ${screen}.en.json`);
    }
  });

  it('have no empty string, and keep the placeholders of the English', () => {
    for (const [screen, langs] of Object.entries(all))
      for (const [lang, strings] of Object.entries(langs))
        for (const [key, s] of Object.entries(strings)) {
          assert.ok(typeof s === 'string' && s.trim(), `${screen}.${lang}: ${key} is empty`);
          assert.deepEqual(placeholders(s), placeholders(langs.en[key]), `${screen}.${lang}: ${key}`);
        }
  });

  it('hold every key the code names', () => {
    const en = Object.assign({}, ...Object.values(all).map((l) => l.en));
    const missing = [];
    for (const file of sources())
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'$`{}]+)'/g))
        if (!(m[1] in en)) missing.push(`${path.relative(SRC, file)}: ${m[1]}`);
    assert.deepEqual(missing, []);
  });

  it('are found by this test (a check on the check)', () => {
    assert.ok(Object.keys(all).length >= 10, `${Object.keys(all).length} screens`);
    assert.ok(sources().length >= 10);
  });
});

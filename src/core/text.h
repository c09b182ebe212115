/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * Unicode text helpers over ICU: the search key of a name (NFKC with case
 * folding, spaces collapsed), so that exact and prefix search agree across
 * case and compatibility forms. Cross-script matching is screening's work.
 */
#ifndef RICS_CORE_TEXT_H
#define RICS_CORE_TEXT_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Append the folded search key of the UTF-8 string s to out. */
int rics_text_fold(const char *s, struct strbuf *out);

/* True if s[0..n) is well-formed UTF-8 with no NUL and no C0 control other
 * than tab, newline and carriage return. */
bool rics_text_valid(const char *s, size_t n);

/* Append code point cp to out in UTF-8; a surrogate or a value beyond
 * U+10FFFF becomes U+FFFD. 0 or -ENOMEM. */
int rics_text_put_utf8(struct strbuf *out, uint32_t cp);

#endif

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The screening service: the watchlist index kept in step with the store,
 * and the translation between records (JSON, as the API and the store
 * carry them) and the normalised forms of normalize.h and index.h.
 *
 * At open it reads every watchlist entry from the store and builds the
 * index; afterwards the caller hands it each watchlist record it writes
 * (screen_service_watch), so screening sees a change at once, with no
 * restart and no pause for queries. Thread-safe: ICU normalizers come from
 * a small pool, one per thread at a time.
 */
#ifndef RICS_SCREEN_SERVICE_H
#define RICS_SCREEN_SERVICE_H

#include "screen/index.h"
#include "store/store.h"

#include <jansson.h>

struct screen_service;

/* Build the index from every watchlist entry in store. */
int screen_service_open(struct store *store, struct screen_service **out);
/* Accepts NULL. */
void screen_service_free(struct screen_service *svc);

/* Index a watchlist record as stored (create or update), or drop it from
 * the index if it no longer names anything to screen for. */
int screen_service_watch(struct screen_service *svc, json_t *rec);
/* The same for many records, with one new index snapshot. */
int screen_service_watch_many(struct screen_service *svc, json_t *recs);

/*
 * Screen one subject. subject is "person", "document" or "vehicle"; fields
 * hold what is known of it: surname, given_names, patronymic, birth_date,
 * sex, nationality, document_number, issuing_country, plate (other keys are
 * ignored, so a stored person or crossing can be passed as it is). On
 * success *hits is an array, best first, of
 *   {watchlist_id, score, threshold, action, classification, explanation}
 * for every entry at or above its threshold, whatever its classification:
 * the caller decides what a principal may be shown. RICS_E_INVALID with
 * detail for an unknown subject or a field that cannot be read.
 */
int screen_service_screen(struct screen_service *svc, const char *subject, json_t *fields,
			  int64_t now_ms, size_t max, struct strbuf *detail, json_t **hits);

/*
 * What fields (as for screen_service_screen) say of a person or a document,
 * normalised into *p. RICS_E_INVALID with detail for a field that cannot be
 * read.
 */
int screen_person_from_fields(struct screen_normalizer *nz, json_t *fields,
			      struct screen_person *p, struct strbuf *detail);

void screen_service_stats(struct screen_service *svc, struct screen_index_stats *out);

#endif

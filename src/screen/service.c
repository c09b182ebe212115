// SPDX-License-Identifier: AGPL-3.0-or-later
/* The watchlist index kept in step with the store; see service.h. */
#include "screen/service.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

#define NZ_POOL 16

struct screen_service {
	struct store *store;
	struct screen_index *index;
	pthread_mutex_t lock;          /* the normalizer pool */
	pthread_cond_t freed;
	struct screen_normalizer *nz[NZ_POOL];
	bool busy[NZ_POOL];
};

static struct screen_normalizer *nz_get(struct screen_service *svc, int *slot)
{
	pthread_mutex_lock(&svc->lock);
	for (;;) {
		for (int i = 0; i < NZ_POOL; i++) {
			if (!svc->busy[i]) {
				svc->busy[i] = true;
				*slot = i;
				pthread_mutex_unlock(&svc->lock);
				return svc->nz[i];
			}
		}
		pthread_cond_wait(&svc->freed, &svc->lock);
	}
}

static void nz_put(struct screen_service *svc, int slot)
{
	pthread_mutex_lock(&svc->lock);
	svc->busy[slot] = false;
	pthread_cond_signal(&svc->freed);
	pthread_mutex_unlock(&svc->lock);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

/* ICAO documents and screening compare alpha-3 codes; records may hold
 * alpha-2 ones. The region and its neighbours; others stay unknown. */
static void nationality3(const char *code, char out[4])
{
	static const char *const map[][2] = {
		{ "KZ", "KAZ" }, { "KG", "KGZ" }, { "TJ", "TJK" }, { "TM", "TKM" }, { "UZ", "UZB" },
		{ "AF", "AFG" }, { "RU", "RUS" }, { "CN", "CHN" }, { "IR", "IRN" }, { "PK", "PAK" },
		{ "TR", "TUR" }, { "AZ", "AZE" }, { "GE", "GEO" }, { "UA", "UKR" }, { "BY", "BLR" },
		{ "IN", "IND" }, { "MN", "MNG" }, { "DE", "D" },
	};
	out[0] = '\0';
	if (!code)
		return;
	if (strlen(code) == 3) {
		snprintf(out, 4, "%s", code);
		return;
	}
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], code) == 0)
			snprintf(out, 4, "%s", map[i][1]);
}

static int parse_sex(const char *s, enum screen_sex *out)
{
	*out = !s ? SCREEN_SEX_UNKNOWN : !strcmp(s, "M") ? SCREEN_SEX_MALE
	       : !strcmp(s, "F") ? SCREEN_SEX_FEMALE : SCREEN_SEX_UNKNOWN;
	return 0;
}

int screen_person_from_fields(struct screen_normalizer *nz, json_t *f, struct screen_person *p,
			      struct strbuf *detail)
{
	static const struct { const char *key; enum screen_kind kind; } parts[] = {
		{ "surname", SCREEN_KIND_SURNAME },
		{ "given_names", SCREEN_KIND_GIVEN },
		{ "patronymic", SCREEN_KIND_PATRONYMIC },
		{ "name", SCREEN_KIND_UNKNOWN },
	};
	const char *doc = str(f, "document_number"), *birth = str(f, "birth_date");
	int rc = 0;

	memset(p, 0, sizeof *p);
	screen_name_init(&p->name);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && !rc; i++) {
		const char *v = str(f, parts[i].key);
		if (v && (rc = screen_name_append(nz, v, parts[i].kind, &p->name)))
			strbuf_addf(detail, "'%s' cannot be read as a name", parts[i].key);
	}
	if (!rc && birth && (rc = screen_date_parse(birth, &p->birth)))
		strbuf_addf(detail, "'birth_date' is not a date: '%s'", birth);
	if (!rc && doc && (rc = screen_doc_normalize(doc, p->doc)))
		strbuf_addf(detail, "'document_number' cannot be read: '%s'", doc);
	if (!rc) {
		parse_sex(str(f, "sex"), &p->sex);
		nationality3(str(f, "nationality") ? str(f, "nationality") : str(f, "issuing_country"),
			     p->nationality);
	}
	return rc;
}

static int subject_parse(const char *s, uint8_t *out)
{
	if (!s)
		return RICS_E_INVALID;
	if (!strcmp(s, "person"))
		*out = SCREEN_SUBJECT_PERSON;
	else if (!strcmp(s, "document"))
		*out = SCREEN_SUBJECT_DOCUMENT;
	else if (!strcmp(s, "vehicle"))
		*out = SCREEN_SUBJECT_VEHICLE;
	else
		return RICS_E_INVALID;
	return 0;
}

/* A person's other names (whole names, in any order), the first
 * SCREEN_ALIASES_MAX that can be read. */
static void aliases_from(struct screen_normalizer *nz, json_t *names, struct screen_listing *l)
{
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v) {
		const char *s = json_string_value(v);
		struct screen_name *a;
		if (l->naliases == SCREEN_ALIASES_MAX)
			break;
		a = &l->alias[l->naliases];
		screen_name_init(a);
		if (s && screen_name_normalize(nz, s, a) == 0 && a->ntokens)
			l->naliases++;
	}
}

/* A watchlist record as a listing; RICS_E_NOT_FOUND if it names nothing. */
static int listing_from(struct screen_normalizer *nz, json_t *rec, struct screen_listing *l)
{
	struct strbuf ignore;
	const char *id = str(rec, "id"), *expires = str(rec, "expires_at");
	const char *cls = str(rec, "classification"), *plate = str(rec, "plate");
	int rc;

	memset(l, 0, sizeof *l);
	if (!id || strlen(id) != RICS_UUID_LEN - 1 || subject_parse(str(rec, "subject_type"), &l->subject))
		return RICS_E_INVALID;
	snprintf(l->id, sizeof l->id, "%s", id);
	snprintf(l->action, sizeof l->action, "%s", str(rec, "action") ? str(rec, "action") : "");
	l->classification = (uint8_t)(cls ? classification_parse(cls) : 0);
	l->threshold = (uint8_t)json_integer_value(json_object_get(rec, "threshold"));
	if (expires && rics_time_parse(expires, &l->expires_ms))
		l->expires_ms = 0;
	strbuf_init(&ignore, 1024);
	rc = screen_person_from_fields(nz, rec, &l->person, &ignore);
	strbuf_release(&ignore);
	if (rc)
		return rc;
	if (l->subject == SCREEN_SUBJECT_PERSON)
		aliases_from(nz, json_object_get(rec, "other_names"), l);
	if (l->subject == SCREEN_SUBJECT_VEHICLE &&
	    (!plate || screen_plate_normalize(plate, l->plate)))
		return RICS_E_NOT_FOUND;
	if (l->subject == SCREEN_SUBJECT_DOCUMENT && !l->person.doc[0])
		return RICS_E_NOT_FOUND;
	if (l->subject == SCREEN_SUBJECT_PERSON && l->person.name.ntokens == 0 && !l->naliases)
		return RICS_E_NOT_FOUND;
	return 0;
}

/* The store's watchlist entries as a listing stream, a page at a time. */
struct load_ctx {
	struct store *store;
	struct screen_normalizer *nz;
	json_t *items;     /* the current page */
	size_t i;          /* next item of it */
	char after[RICS_UUID_LEN];
	bool last;         /* the current page is the last */
};

static int load_page(struct load_ctx *c)
{
	struct store_view all = { CLS_SECRET };
	struct store_query q = { .view = &all, .after = c->after[0] ? c->after : NULL, .limit = 1000 };
	char next[RICS_UUID_LEN] = "";
	json_t *items = NULL;
	int rc = store_record_list(c->store, model_type_by_name("watchlist"), &q, &items, next);
	if (rc)
		return rc;
	json_decref(c->items);
	c->items = items;
	c->i = 0;
	memcpy(c->after, next, sizeof c->after);
	c->last = !next[0];
	return 0;
}

static int load_next(void *ctx, struct screen_listing *out)
{
	struct load_ctx *c = ctx;
	int rc;
	for (;;) {
		while (c->items && c->i < json_array_size(c->items))
			if (listing_from(c->nz, json_array_get(c->items, c->i++), out) == 0)
				return 1;
		if (c->items && c->last)
			return 0;
		if ((rc = load_page(c)))
			return rc;
	}
}

/* Build the index from every watchlist entry, normalising as it reads. */
static int load_all(struct screen_service *svc)
{
	int slot, rc;
	struct load_ctx c = { .store = svc->store, .nz = nz_get(svc, &slot) };
	rc = screen_index_load_stream(svc->index, load_next, &c);
	json_decref(c.items);
	nz_put(svc, slot);
	return rc;
}

int screen_service_open(struct store *store, struct screen_service **out)
{
	struct screen_service *svc = rics_calloc(1, sizeof *svc);
	int rc = -ENOMEM;

	if (!svc)
		return -ENOMEM;
	svc->store = store;
	pthread_mutex_init(&svc->lock, NULL);
	pthread_cond_init(&svc->freed, NULL);
	rc = screen_index_new(&svc->index);
	if (!rc)
		rc = screen_normalizer_new(&svc->nz[0]);
	for (int i = 1; i < NZ_POOL && !rc; i++)
		rc = screen_normalizer_clone(svc->nz[0], &svc->nz[i]);
	if (!rc)
		rc = load_all(svc);
	if (rc) {
		screen_service_free(svc);
		return rc;
	}
	*out = svc;
	return 0;
}

void screen_service_free(struct screen_service *svc)
{
	if (!svc)
		return;
	screen_index_free(svc->index);
	for (int i = 0; i < NZ_POOL; i++)
		screen_normalizer_free(svc->nz[i]);
	pthread_mutex_destroy(&svc->lock);
	pthread_cond_destroy(&svc->freed);
	rics_free(svc);
}

int screen_service_watch_many(struct screen_service *svc, json_t *recs)
{
	size_t n = json_array_size(recs), k = 0, i;
	struct screen_listing *ls = rics_malloc((n ? n : 1) * sizeof *ls);
	json_t *rec;
	int slot, rc = 0;
	struct screen_normalizer *nz;

	if (!ls)
		return -ENOMEM;
	nz = nz_get(svc, &slot);
	json_array_foreach(recs, i, rec) {
		int lrc = listing_from(nz, rec, &ls[k]);
		if (lrc == 0)
			k++;
		else if (lrc == RICS_E_NOT_FOUND && str(rec, "id")) /* names nothing now */
			screen_index_remove(svc->index, str(rec, "id"));
	}
	nz_put(svc, slot);
	if (k)
		rc = screen_index_put_many(svc->index, ls, k);
	rics_free(ls);
	return rc;
}

int screen_service_watch(struct screen_service *svc, json_t *rec)
{
	json_t *one = json_pack("[O]", rec);
	int rc = one ? screen_service_watch_many(svc, one) : -ENOMEM;
	json_decref(one);
	return rc;
}

static json_t *hit_json(const struct screen_query *q, const struct screen_match *m)
{
	struct strbuf why;
	json_t *h;
	strbuf_init(&why, 8192);
	if (q->subject == SCREEN_SUBJECT_PERSON && m->alias)
		strbuf_addf(&why, "alias %s: ", m->listing.person.name.text);
	if (q->subject == SCREEN_SUBJECT_PERSON)
		screen_explain(&q->person, &m->listing.person, &m->result, &why);
	else
		strbuf_addf(&why, "%s %s ~ %s: score %d",
			    q->subject == SCREEN_SUBJECT_VEHICLE ? "plate" : "document number",
			    q->subject == SCREEN_SUBJECT_VEHICLE ? q->plate : q->person.doc,
			    q->subject == SCREEN_SUBJECT_VEHICLE ? m->listing.plate : m->listing.person.doc,
			    m->score);
	h = json_pack("{ss si si ss ss ss}", "watchlist_id", m->listing.id, "score", m->score,
		      "threshold", m->listing.threshold ? m->listing.threshold : SCREEN_THRESHOLD_DEFAULT,
		      "action", m->listing.action,
		      "classification", classification_name(m->listing.classification),
		      "explanation", why.buf);
	strbuf_release(&why);
	return h;
}

int screen_service_screen(struct screen_service *svc, const char *subject, json_t *fields,
			  int64_t now_ms, size_t max, struct strbuf *detail, json_t **hits)
{
	struct screen_query *q = rics_calloc(1, sizeof *q);
	struct screen_match *m = rics_calloc(max ? max : 1, sizeof *m);
	const char *plate = str(fields, "plate");
	json_t *arr = json_array();
	size_t n = 0;
	int slot, rc = -ENOMEM;

	if (!q || !m || !arr)
		goto out;
	rc = subject_parse(subject, &q->subject);
	if (rc) {
		strbuf_addf(detail, "'subject' must be person, document or vehicle");
		goto out;
	}
	q->now_ms = now_ms;
	struct screen_normalizer *nz = nz_get(svc, &slot);
	rc = screen_person_from_fields(nz, fields, &q->person, detail);
	nz_put(svc, slot);
	if (!rc && q->subject == SCREEN_SUBJECT_VEHICLE &&
	    (!plate || screen_plate_normalize(plate, q->plate))) {
		strbuf_addf(detail, "'plate' is missing or cannot be read");
		rc = RICS_E_INVALID;
	}
	if (!rc && q->subject == SCREEN_SUBJECT_DOCUMENT && !q->person.doc[0]) {
		strbuf_adds(detail, "'document_number' is required to screen a document");
		rc = RICS_E_INVALID;
	}
	if (!rc && q->subject == SCREEN_SUBJECT_PERSON && !q->person.name.ntokens && !q->person.doc[0]) {
		strbuf_adds(detail, "a name or a document number is required to screen a person");
		rc = RICS_E_INVALID;
	}
	if (rc)
		goto out;
	if ((rc = screen_index_query(svc->index, q, m, max, &n)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		json_t *h = hit_json(q, &m[i]);
		if (!h || json_array_append_new(arr, h)) {
			rc = -ENOMEM;
			goto out;
		}
	}
	*hits = arr;
	arr = NULL;
out:
	json_decref(arr);
	rics_free(q);
	rics_free(m);
	return rc;
}

void screen_service_stats(struct screen_service *svc, struct screen_index_stats *out)
{
	screen_index_stats(svc->index, out);
}

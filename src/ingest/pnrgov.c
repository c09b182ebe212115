// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The PNRGOV reader: turns the PNRGOV messages of an interchange into the
 * pushes described in pnrgov.h. Like paxlst.c it reads each transfer's
 * segments in order through a table of handlers, tracking where in the
 * message's groups it is: the message header (MSG, ORG, TVL, EQN), a PNR
 * (SRC, RCI), a traveller in it (TIF and the SSRs that follow), and its
 * itinerary (TVL and what follows, where a TIF is a check-in reference and
 * not a new traveller). SSR DOCS free text, where carriers put the API data
 * of a booking, is parsed into documents.
 */
#include "ingest/pnrgov.h"

#include "core/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PNRGOV_MAX_PROBLEMS 1000
/* Bounds on what one interchange can make the reader build: travellers in
 * all, travellers in one PNR (group bookings hold tens, not thousands) and
 * documents of one traveller. They keep memory and time linear in the
 * input whatever it holds. */
#define PNRGOV_MAX_TRAVELLERS 20000
#define PNRGOV_MAX_PNR_TRAVELLERS 999
#define PNRGOV_MAX_DOCUMENTS 99

enum scope { SCOPE_HEADER, SCOPE_PNR, SCOPE_TRAVELLER, SCOPE_ITINERARY };

struct reader {
	const struct edifact_interchange *ic;
	struct edifact_datetime ref_date;
	const struct edifact_datetime *ref; /* &ref_date, or NULL without one */
	struct edifact_problems *problems;  /* this push's */
	size_t *travellers_left;            /* shared by the interchange's pushes */
	size_t part;                        /* 0-based part being read */
	size_t part_pnrs;                   /* PNRs in the part being read */
	const struct edifact_segment *eqn;  /* the part's EQN */
	bool flight_seen_in_part;           /* a header TVL was read in this part */
	enum scope scope;
	json_t *push;
	json_t *pnrs; /* borrowed from push */
	json_t *pnr;  /* borrowed: the PNR being read */
	const struct edifact_segment *src;
	json_t *passenger; /* borrowed: the last traveller of the last TIF */
};

static const char *const time_keys[] = { "time", NULL };
static const char *const expiry_keys[] = { "expiry_date", NULL };

/* The string value of obj[key], "" when it is not a string. */
static const char *text_of(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

static bool is_null(json_t *obj, const char *key)
{
	return json_is_null(json_object_get(obj, key));
}

static json_t *new_object(const char *const *null_keys)
{
	json_t *o = json_object();

	if (o && edifact_json_set_nulls(o, null_keys)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int set_position(json_t *obj, const struct edifact_segment *seg)
{
	return edifact_json_set(obj, "segment", json_integer((json_int_t)seg->position));
}

/* ---- dates ------------------------------------------------------------------ */

static bool digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* PADIS dates are DDMMYY and times HHMM: rewritten as YYMMDD[HHMM] for
 * edifact_dtm_parse. An empty time gives a date alone. */
static int padis_datetime(const struct reader *r, const char *date, const char *time,
			  struct edifact_datetime *out)
{
	char value[11];

	if (!digits(date, 6) || (*time && !digits(time, 4)))
		return -EINVAL;
	snprintf(value, sizeof(value), "%.2s%.2s%.2s%s", date + 4, date + 2, date, time);
	return edifact_dtm_parse(value, "", r->ref, EDIFACT_CENTURY_NEAR, out);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* SSR DOCS dates: DDMMMYY ("10SEP72"). */
static int docs_date(const struct reader *r, const char *s, enum edifact_century rule,
		     struct edifact_datetime *out)
{
	static const char months[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
	char value[7];
	int month = 0;

	if (strlen(s) != 7 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[5]) ||
	    !is_digit(s[6]))
		return -EINVAL;
	for (int m = 0; m < 12; m++)
		if (strncmp(s + 2, months + 3 * m, 3) == 0)
			month = m + 1;
	if (!month)
		return -EINVAL;
	value[0] = s[5];
	value[1] = s[6];
	value[2] = (char)('0' + month / 10);
	value[3] = (char)('0' + month % 10);
	value[4] = s[0];
	value[5] = s[1];
	value[6] = '\0';
	return edifact_dtm_parse(value, "101", r->ref, rule, out);
}

/* ---- flights (TVL) ----------------------------------------------------------- */

/* departure and arrival from TVL C310 (date:time:date:time), C328, C328. A
 * third component of four digits and no fourth is read as the arrival time
 * on the departure date. */
static int set_flight_ends(struct reader *r, json_t *flight, const struct edifact_segment *tvl)
{
	const char *dep_date = edifact_component(tvl, 1, 0);
	const char *arr_date = edifact_component(tvl, 1, 2);
	const char *arr_time = edifact_component(tvl, 1, 3);
	json_t *dep = new_object(time_keys);
	json_t *arr = new_object(time_keys);
	struct edifact_datetime dt;
	char q[EDIFACT_QUOTE_LEN];
	int rc = edifact_json_set(flight, "departure", dep);

	if (!rc)
		rc = edifact_json_set(flight, "arrival", arr);
	else
		json_decref(arr);
	if (!rc)
		rc = edifact_json_set_text(dep, "airport", r->ic, edifact_element(tvl, 2));
	if (!rc)
		rc = edifact_json_set_text(arr, "airport", r->ic, edifact_element(tvl, 3));
	if (!rc && digits(arr_date, 4) && !*arr_time) {
		arr_time = arr_date;
		arr_date = dep_date;
	}
	if (!rc && *dep_date) {
		if (padis_datetime(r, dep_date, edifact_component(tvl, 1, 1), &dt))
			rc = edifact_problems_add(r->problems, tvl,
						  "invalid departure date '%s' in "
						  "TVL",
						  edifact_quote(dep_date, q));
		else
			rc = edifact_json_set_datetime(dep, "time", &dt);
	}
	if (!rc && *arr_date) {
		if (padis_datetime(r, arr_date, arr_time, &dt))
			rc = edifact_problems_add(r->problems, tvl,
						  "invalid arrival date '%s' in "
						  "TVL",
						  edifact_quote(arr_date, q));
		else
			rc = edifact_json_set_datetime(arr, "time", &dt);
	}
	return rc;
}

static int check_flight(struct reader *r, json_t *flight, const struct edifact_segment *tvl)
{
	json_t *dep = json_object_get(flight, "departure");
	json_t *arr = json_object_get(flight, "arrival");

	if (is_null(flight, "carrier") || is_null(flight, "number"))
		return edifact_problems_add(r->problems, tvl,
					    "missing carrier or flight number "
					    "in TVL");
	if (is_null(dep, "airport") || is_null(arr, "airport"))
		return edifact_problems_add(r->problems, tvl,
					    "missing departure or arrival "
					    "airport in TVL");
	if (is_null(dep, "time"))
		return edifact_problems_add(r->problems, tvl, "missing departure date in TVL");
	return 0;
}

/* A flight from TVL; with_booking adds operating carrier and booking class
 * (itinerary entries). */
static json_t *read_flight(struct reader *r, const struct edifact_segment *tvl, bool itinerary)
{
	json_t *f = json_object();
	int rc = f ? 0 : -ENOMEM;

	if (!rc)
		rc = edifact_json_set_text(f, "carrier", r->ic, edifact_component(tvl, 4, 0));
	if (!rc && itinerary)
		rc = edifact_json_set_text(f, "operating_carrier", r->ic,
					   edifact_component(tvl, 4, 1));
	if (!rc)
		rc = edifact_json_set_text(f, "number", r->ic, edifact_component(tvl, 5, 0));
	if (!rc && itinerary)
		rc = edifact_json_set_text(f, "booking_class", r->ic, edifact_component(tvl, 5, 1));
	if (!rc)
		rc = set_flight_ends(r, f, tvl);
	if (!rc)
		rc = check_flight(r, f, tvl);
	if (!rc && itinerary)
		rc = set_position(f, tvl);
	if (rc) {
		json_decref(f);
		return NULL;
	}
	return f;
}

/* The header TVL: the pushed flight. Later parts repeat it; their first
 * header TVL must name the same flight. */
static int read_header_flight(struct reader *r, const struct edifact_segment *tvl)
{
	json_t *have = json_object_get(r->push, "flight"), *f;
	char q1[EDIFACT_QUOTE_LEN], q2[EDIFACT_QUOTE_LEN];
	int rc = 0;

	if (r->flight_seen_in_part)
		return 0;
	r->flight_seen_in_part = true;
	f = read_flight(r, tvl, false);
	if (!f)
		return -ENOMEM;
	if (json_is_null(have))
		return edifact_json_set(r->push, "flight", f);
	if (!json_equal(json_object_get(have, "number"), json_object_get(f, "number")) ||
	    !json_equal(json_object_get(have, "carrier"), json_object_get(f, "carrier")))
		rc = edifact_problems_add(r->problems, tvl,
					  "different flight in part %zu: '%s', "
					  "where an earlier part has '%s %s'",
					  r->part + 1, edifact_quote(edifact_element(tvl, 5), q1),
					  edifact_quote(text_of(have, "carrier"), q2),
					  text_of(have, "number"));
	json_decref(f);
	return rc;
}

/* ---- travellers and documents ------------------------------------------------ */

static const char *const passenger_keys[] = {
	"surname", "given_names", "type", "traveller_ref", "birth_date", "sex", "nationality", NULL,
};

/* The traveller of C324 element of tif: 0 added, 1 left out (a bound was
 * reached), < 0 out of memory. */
static int add_passenger(struct reader *r, const struct edifact_segment *tif, size_t element)
{
	json_t *passengers = json_object_get(r->pnr, "passengers"), *p;
	int rc;

	r->passenger = NULL;
	if (*r->travellers_left == 0 || json_array_size(passengers) >= PNRGOV_MAX_PNR_TRAVELLERS)
		return 1;
	(*r->travellers_left)--;
	p = new_object(passenger_keys);
	rc = edifact_json_append(passengers, p);
	if (rc)
		return rc;
	r->passenger = p;
	rc = edifact_json_set_text(p, "surname", r->ic, edifact_component(tif, 1, 0));
	if (!rc)
		rc = edifact_json_set_text(p, "given_names", r->ic,
					   edifact_component(tif, element, 0));
	if (!rc)
		rc = edifact_json_set_text(p, "type", r->ic, edifact_component(tif, element, 1));
	if (!rc)
		rc = edifact_json_set_text(p, "traveller_ref", r->ic,
					   edifact_component(tif, element, 2));
	if (!rc)
		rc = edifact_json_set(p, "documents", json_array());
	if (!rc)
		rc = set_position(p, tif);
	return rc;
}

/* TIF: a surname (C322) and one traveller per C324 that follows. */
static int read_tif(struct reader *r, const struct edifact_segment *tif)
{
	size_t left_out = 0;
	int rc = 0;

	if (r->scope != SCOPE_PNR && r->scope != SCOPE_TRAVELLER)
		return 0; /* in the itinerary: a check-in reference, not a traveller */
	r->scope = SCOPE_TRAVELLER;
	if (!*edifact_component(tif, 1, 0))
		rc = edifact_problems_add(r->problems, tif, "missing surname in TIF");
	for (size_t i = 2; rc >= 0 && i < tif->element_count; i++) {
		rc = add_passenger(r, tif, i);
		left_out += rc == 1;
	}
	if (rc >= 0 && tif->element_count < 3) {
		rc = add_passenger(r, tif, 2);
		left_out += rc == 1;
	}
	if (rc >= 0 && left_out)
		rc = edifact_problems_add(r->problems, tif,
					  "too many travellers: %zu left out (the limits are %d per "
					  "PNR and %d per interchange)",
					  left_out, PNRGOV_MAX_PNR_TRAVELLERS,
					  PNRGOV_MAX_TRAVELLERS);
	return rc < 0 ? rc : 0;
}

/* The traveller an SSR is about: by reference (element 2, component 2), or
 * the traveller of the TIF it follows, or the PNR's only traveller. */
static json_t *ssr_traveller(struct reader *r, const struct edifact_segment *ssr)
{
	json_t *passengers = json_object_get(r->pnr, "passengers");
	const char *ref = edifact_component(ssr, 2, 2);
	size_t i;
	json_t *p;

	if (*ref) {
		json_array_foreach(passengers, i, p) {
			const char *have = json_string_value(json_object_get(p, "traveller_ref"));
			if (have && strcmp(have, ref) == 0)
				return p;
		}
	}
	if (r->scope == SCOPE_TRAVELLER)
		return r->passenger;
	return json_array_size(passengers) == 1 ? json_array_get(passengers, 0) : NULL;
}

/* The fields of SSR DOCS free text: /type/issuer/number/nationality/
 * birth date/sex/expiry/surname/given/middle. */
enum docs_field {
	DOCS_TYPE,
	DOCS_ISSUER,
	DOCS_NUMBER,
	DOCS_NATIONALITY,
	DOCS_BIRTH,
	DOCS_SEX,
	DOCS_EXPIRY,
	DOCS_FIELDS
};

/* Split text at '/' into fields (NUL-terminated copies in buf). */
static void docs_split(const char *text, char buf[256], const char *fields[DOCS_FIELDS])
{
	size_t n = 0;
	char *p;

	snprintf(buf, 256, "%s", text[0] == '/' ? text + 1 : text);
	for (p = buf; n < DOCS_FIELDS; n++) {
		char *slash = strchr(p, '/');
		fields[n] = p;
		if (!slash) {
			for (n++; n < DOCS_FIELDS; n++)
				fields[n] = "";
			return;
		}
		*slash = '\0';
		p = slash + 1;
	}
}

static int docs_document(struct reader *r, json_t *p, const struct edifact_segment *ssr,
			 const char *const *f, const struct edifact_datetime *expiry)
{
	json_t *docs = json_object_get(p, "documents"), *d, *have;
	size_t i;
	int rc;

	json_array_foreach(docs, i, have) {
		if (strcmp(text_of(have, "number"), f[DOCS_NUMBER]) == 0)
			return 0; /* the same document, repeated for another flight */
	}
	if (json_array_size(docs) >= PNRGOV_MAX_DOCUMENTS)
		return edifact_problems_add(r->problems, ssr,
					    "too many documents: the limit is %d "
					    "per traveller, this one is left out",
					    PNRGOV_MAX_DOCUMENTS);
	d = new_object(expiry_keys);
	rc = edifact_json_append(docs, d);
	if (!rc)
		rc = edifact_json_set_text(d, "type", r->ic, f[DOCS_TYPE]);
	if (!rc)
		rc = edifact_json_set_text(d, "number", r->ic, f[DOCS_NUMBER]);
	if (!rc)
		rc = edifact_json_set_text(d, "issuing_country", r->ic, f[DOCS_ISSUER]);
	if (!rc && expiry)
		rc = edifact_json_set_datetime(d, "expiry_date", expiry);
	if (!rc)
		rc = set_position(d, ssr);
	return rc;
}

/* Fill what the traveller lacks from the DOCS personal data. */
static int docs_person(struct reader *r, json_t *p, const char *const *f,
		       const struct edifact_datetime *birth)
{
	char sex[2] = { f[DOCS_SEX][0], '\0' };
	int rc = 0;

	if (is_null(p, "nationality"))
		rc = edifact_json_set_text(p, "nationality", r->ic, f[DOCS_NATIONALITY]);
	if (!rc && is_null(p, "sex") && sex[0] && strchr("MFUX", sex[0]))
		rc = edifact_json_set_text(p, "sex", r->ic, sex);
	if (!rc && is_null(p, "birth_date") && birth)
		rc = edifact_json_set_datetime(p, "birth_date", birth);
	return rc;
}

static int read_docs(struct reader *r, const struct edifact_segment *ssr)
{
	const char *text = edifact_component(ssr, 1, 8);
	json_t *p = ssr_traveller(r, ssr);
	struct edifact_datetime birth, expiry;
	bool has_birth, has_expiry;
	const char *f[DOCS_FIELDS];
	char buf[256], q[EDIFACT_QUOTE_LEN];
	int rc = 0;

	docs_split(text, buf, f);
	if (!*f[DOCS_NUMBER])
		return edifact_problems_add(r->problems, ssr,
					    "unreadable SSR DOCS text '%s': no "
					    "document number",
					    edifact_quote(text, q));
	if (!p)
		return edifact_problems_add(r->problems, ssr,
					    "SSR DOCS names no traveller of PNR "
					    "'%s'",
					    edifact_quote(text_of(r->pnr, "booking_ref"), q));
	has_birth = docs_date(r, f[DOCS_BIRTH], EDIFACT_CENTURY_PAST, &birth) == 0;
	has_expiry = docs_date(r, f[DOCS_EXPIRY], EDIFACT_CENTURY_NEAR, &expiry) == 0;
	if ((*f[DOCS_BIRTH] && !has_birth) || (*f[DOCS_EXPIRY] && !has_expiry))
		rc = edifact_problems_add(r->problems, ssr, "invalid date in SSR DOCS text '%s'",
					  edifact_quote(text, q));
	if (!rc)
		rc = docs_document(r, p, ssr, f, has_expiry ? &expiry : NULL);
	return rc ? rc : docs_person(r, p, f, has_birth ? &birth : NULL);
}

/* ---- PNRs --------------------------------------------------------------------- */

static int end_pnr(struct reader *r)
{
	json_t *pnr = r->pnr;
	char q[EDIFACT_QUOTE_LEN];

	if (!pnr)
		return 0;
	r->pnr = NULL;
	r->passenger = NULL;
	if (is_null(pnr, "booking_ref"))
		return edifact_problems_add(r->problems, r->src,
					    "missing RCI: the PNR has no "
					    "booking reference");
	if (json_array_size(json_object_get(pnr, "passengers")) == 0)
		return edifact_problems_add(r->problems, r->src,
					    "missing TIF: PNR '%s' names no "
					    "traveller",
					    edifact_quote(text_of(pnr, "booking_ref"), q));
	return 0;
}

static const char *const pnr_keys[] = { "booking_ref", "booking_system", NULL };

static int read_src(struct reader *r, const struct edifact_segment *src)
{
	json_t *pnr;
	int rc = end_pnr(r);

	if (rc)
		return rc;
	pnr = new_object(pnr_keys);
	rc = edifact_json_append(r->pnrs, pnr);
	if (rc)
		return rc;
	r->pnr = pnr;
	r->src = src;
	r->scope = SCOPE_PNR;
	r->part_pnrs++;
	rc = edifact_json_set(pnr, "locators", json_array());
	if (!rc)
		rc = edifact_json_set(pnr, "passengers", json_array());
	if (!rc)
		rc = edifact_json_set(pnr, "itinerary", json_array());
	return rc ? rc : set_position(pnr, src);
}

static int add_locator(struct reader *r, const struct edifact_segment *rci, size_t element)
{
	json_t *l = json_object();
	int rc = edifact_json_append(json_object_get(r->pnr, "locators"), l);

	if (!rc)
		rc = edifact_json_set_text(l, "system", r->ic, edifact_component(rci, element, 0));
	if (!rc)
		rc = edifact_json_set_text(l, "locator", r->ic, edifact_component(rci, element, 1));
	return rc;
}

/* RCI: one C330 (system:locator:type:date:time) per element; the first is
 * the booking reference. An RCI in the itinerary is a flight's own. */
static int read_rci(struct reader *r, const struct edifact_segment *rci)
{
	int rc = 0;

	if (r->scope != SCOPE_PNR)
		return 0;
	for (size_t i = 1; !rc && i < rci->element_count; i++)
		if (*edifact_component(rci, i, 1))
			rc = add_locator(r, rci, i);
	if (!rc && is_null(r->pnr, "booking_ref")) {
		rc = edifact_json_set_text(r->pnr, "booking_ref", r->ic,
					   edifact_component(rci, 1, 1));
		if (!rc)
			rc = edifact_json_set_text(r->pnr, "booking_system", r->ic,
						   edifact_component(rci, 1, 0));
	}
	return rc;
}

static int read_tvl(struct reader *r, const struct edifact_segment *tvl)
{
	json_t *f;

	if (!r->pnr)
		return read_header_flight(r, tvl);
	r->scope = SCOPE_ITINERARY;
	f = read_flight(r, tvl, true);
	return edifact_json_append(json_object_get(r->pnr, "itinerary"), f);
}

static int read_ssr(struct reader *r, const struct edifact_segment *ssr)
{
	if (!r->pnr || strcmp(edifact_component(ssr, 1, 0), "DOCS") != 0)
		return 0;
	return read_docs(r, ssr);
}

static int read_eqn(struct reader *r, const struct edifact_segment *eqn)
{
	const char *v = edifact_component(eqn, 1, 0);
	char q[EDIFACT_QUOTE_LEN];
	long n = 0;
	size_t i;

	if (r->pnr)
		return 0;
	for (i = 0; v[i] >= '0' && v[i] <= '9' && i < 9; i++)
		n = n * 10 + (v[i] - '0');
	if (i == 0 || v[i])
		return edifact_problems_add(r->problems, eqn, "invalid number of PNRs '%s' in EQN",
					    edifact_quote(v, q));
	r->eqn = eqn;
	return edifact_json_set(r->push, "declared_pnrs", json_integer(n));
}

static const struct segment_handler {
	const char *tag;
	int (*read)(struct reader *r, const struct edifact_segment *seg);
} segment_handlers[] = {
	{ "SRC", read_src }, { "RCI", read_rci }, { "TIF", read_tif },
	{ "TVL", read_tvl }, { "SSR", read_ssr }, { "EQN", read_eqn },
};

static int read_segment(struct reader *r, const struct edifact_segment *seg)
{
	for (size_t i = 0; i < sizeof(segment_handlers) / sizeof(segment_handlers[0]); i++)
		if (strcmp(seg->tag, segment_handlers[i].tag) == 0)
			return segment_handlers[i].read(r, seg);
	return 0; /* MSG, ORG, DAT, IFT, FTI, TKT, ...: not covered */
}

/* ---- pushes ------------------------------------------------------------------- */

/* EQN counts the PNRs of its part (or, some carriers, of the flight). */
static int check_eqn(struct reader *r)
{
	json_int_t said = json_integer_value(json_object_get(r->push, "declared_pnrs"));

	if (!r->eqn || said < 0 || (size_t)said == r->part_pnrs ||
	    (size_t)said == json_array_size(r->pnrs))
		return 0;
	return edifact_problems_add(r->problems, r->eqn,
				    "wrong number of PNRs in EQN: it says "
				    "%lld, the message has %zu",
				    (long long)said, r->part_pnrs);
}

static int read_part(struct reader *r, const struct edifact_message *m)
{
	size_t end = m->has_trailer ? m->segment_count - 1 : m->segment_count;
	int rc = 0;

	r->scope = SCOPE_HEADER;
	r->part_pnrs = 0;
	r->eqn = NULL;
	r->flight_seen_in_part = false;
	for (size_t i = 1; !rc && i < end; i++)
		rc = read_segment(r, &m->segments[i]);
	if (!rc)
		rc = end_pnr(r);
	if (!rc)
		rc = check_eqn(r);
	r->part++;
	return rc;
}

static const char *const push_keys[] = { "access_ref", "flight", "declared_pnrs", NULL };

static int start_push(struct reader *r, const struct edifact_transfer *t)
{
	json_t *refs = json_array();
	int rc = edifact_json_set(r->push, "message_refs", refs);

	for (size_t i = 0; !rc && i < t->part_count; i++)
		rc = edifact_json_append(refs, edifact_json_text(r->ic, t->parts[i]->reference));
	if (!rc)
		rc = edifact_json_set_nulls(r->push, push_keys);
	if (!rc)
		rc = edifact_json_set_text(r->push, "access_ref", r->ic, t->parts[0]->access_ref);
	if (!rc)
		rc = edifact_json_set(r->push, "pnrs", r->pnrs = json_array());
	return rc;
}

static int read_push(const struct edifact_interchange *ic, const struct edifact_transfer *t,
		     struct edifact_problems *problems, size_t *travellers_left, json_t *pushes)
{
	struct reader r = { .ic = ic, .problems = problems, .travellers_left = travellers_left };
	char q[EDIFACT_QUOTE_LEN];
	int rc;

	r.push = json_object();
	rc = edifact_json_append(pushes, r.push);
	if (rc)
		return rc;
	if (edifact_reference_date(ic, &r.ref_date) == 0)
		r.ref = &r.ref_date;
	rc = start_push(&r, t);
	for (size_t i = 0; !rc && i < t->part_count; i++)
		rc = read_part(&r, t->parts[i]);
	if (!rc && is_null(r.push, "flight"))
		rc = edifact_problems_add(problems, &t->parts[0]->segments[0],
					  "missing TVL: message "
					  "'%s' names no flight",
					  edifact_quote(t->parts[0]->reference, q));
	if (rc)
		return rc;
	edifact_problems_sort(problems);
	return edifact_json_set(r.push, "errors", edifact_json_problems(problems));
}

int pnrgov_read(const struct edifact_interchange *ic, json_t **out)
{
	return edifact_read_transfers(ic, "PNRGOV", PNRGOV_MAX_PROBLEMS, PNRGOV_MAX_TRAVELLERS, read_push, out);
}

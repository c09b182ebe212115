// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The PAXLST reader: turns the PAXLST messages of an interchange into the
 * manifests described in paxlst.h. Each transfer (a message, or the parts of
 * a multi-part one) is one manifest. Its segments are read in order by a
 * table of handlers, one per tag; the segment groups of the message
 * (header, TDT itinerary, NAD traveller, DOC document) are tracked as a
 * scope, because the same tag (LOC, DTM, RFF) means different things in
 * each. The JSON being built doubles as the reader's state: mandatory
 * values are checked by looking for nulls when a traveller, document or
 * leg ends.
 */
#include "ingest/paxlst.h"

#include "core/strbuf.h"

#include <errno.h>
#include <string.h>

#define PAXLST_MAX_PROBLEMS 1000
/* Travellers read from one interchange (an A380 seats 853): a bound on the
 * memory a hostile interchange can make the JSON take. */
#define PAXLST_MAX_TRAVELLERS 20000

enum scope { SCOPE_HEADER, SCOPE_LEG, SCOPE_PERSON, SCOPE_DOCUMENT, SCOPE_SKIP };

struct reader {
	const struct edifact_interchange *ic;
	struct edifact_datetime ref_date;
	const struct edifact_datetime *ref; /* &ref_date, or NULL without one */
	struct edifact_problems *problems;  /* this manifest's */
	size_t *travellers_left;            /* shared by the interchange's manifests */
	bool over_limit;                    /* travellers were left out */
	size_t part;                        /* 0-based part being read */
	enum scope scope;
	bool saw_bgm;
	bool itinerary_done; /* legs came in an earlier part */
	bool leg_compared;   /* this later part's flight was compared */
	json_t *manifest;
	json_t *legs;       /* borrowed from manifest */
	json_t *passengers; /* borrowed from manifest */
	json_t *leg;        /* borrowed: the leg being read */
	const struct edifact_segment *leg_seg, *dep_seg, *arr_seg;
	json_t *flight_dep, *flight_arr; /* borrowed: LOC+125 and LOC+87 ends */
	json_t *person;                  /* borrowed: the traveller being read */
	const struct edifact_segment *person_seg;
	json_t *document; /* borrowed: the document being read */
	const struct edifact_segment *doc_seg;
};

static bool is_blank_text(const char *s)
{
	while (*s == ' ')
		s++;
	return !*s;
}

static bool is_null(json_t *obj, const char *key)
{
	return json_is_null(json_object_get(obj, key));
}

/* Components from..to of element i, non-blank ones joined by a space. */
static int join_components(const struct edifact_segment *seg, size_t i, size_t from, size_t to,
			   struct strbuf *out)
{
	int rc = 0;

	for (size_t j = from; !rc && j <= to; j++) {
		const char *c = edifact_component(seg, i, j);
		while (*c == ' ')
			c++;
		if (!*c)
			continue;
		if (out->len)
			rc = strbuf_addch(out, ' ');
		if (!rc)
			rc = strbuf_adds(out, c);
	}
	return rc;
}

static int set_joined(struct reader *r, json_t *obj, const char *key,
		      const struct edifact_segment *seg, size_t i, size_t from, size_t to)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb, 0);
	rc = join_components(seg, i, from, to, &sb);
	if (!rc)
		rc = edifact_json_set_text(obj, key, r->ic, sb.buf);
	strbuf_release(&sb);
	return rc;
}

static int set_date(struct reader *r, json_t *obj, const char *key,
		    const struct edifact_segment *dtm, enum edifact_century rule)
{
	const char *value = edifact_component(dtm, 1, 1);
	struct edifact_datetime dt;
	char q[EDIFACT_QUOTE_LEN];

	if (edifact_dtm_parse(value, edifact_component(dtm, 1, 2), r->ref, rule, &dt))
		return edifact_problems_add(r->problems, dtm, "invalid date '%s' in DTM+%s",
					    edifact_quote(value, q), edifact_component(dtm, 1, 0));
	return edifact_json_set_datetime(obj, key, &dt);
}

/* ---- documents and travellers -------------------------------------------- */

static int end_document(struct reader *r)
{
	json_t *d = r->document;
	char q[EDIFACT_QUOTE_LEN];
	int rc = 0;

	if (!d)
		return 0;
	r->document = NULL;
	r->scope = SCOPE_PERSON;
	edifact_quote(edifact_element(r->doc_seg, 2), q);
	if (is_null(d, "number"))
		return edifact_problems_add(r->problems, r->doc_seg,
					    "missing document number in DOC");
	if (is_null(d, "type"))
		rc = edifact_problems_add(r->problems, r->doc_seg,
					  "missing document type in DOC for '%s'", q);
	if (!rc && is_null(d, "expiry_date"))
		rc = edifact_problems_add(r->problems, r->doc_seg,
					  "missing expiry date (DTM+36) for document '%s'", q);
	if (!rc && is_null(d, "issuing_country"))
		rc = edifact_problems_add(r->problems, r->doc_seg,
					  "missing issuing country (LOC+91) for document '%s'", q);
	return rc;
}

static const char *const person_keys[] = {
	"surname",         "given_names",       "birth_date",  "sex",
	"nationality",     "residence_country", "birth_place", "embarkation",
	"debarkation",     "clearance",         "address",     "crew_function",
	"reservation_ref", "passenger_ref",     "seat",        NULL,
};

/* What a traveller must have, checked when it ends. */
static const struct {
	const char *key;
	const char *what;
} person_mandatory[] = {
	{ "sex", "sex (ATT+2)" },
	{ "birth_date", "date of birth (DTM+329)" },
	{ "nationality", "nationality (NAT+2)" },
};

static int end_person(struct reader *r)
{
	json_t *p = r->person;
	char q[EDIFACT_QUOTE_LEN];
	int rc = end_document(r);

	if (rc || !p)
		return rc;
	r->person = NULL;
	r->scope = SCOPE_HEADER;
	if (is_null(p, "surname"))
		return edifact_problems_add(r->problems, r->person_seg,
					    "missing name in NAD+%s: the surname is empty",
					    edifact_element(r->person_seg, 1));
	edifact_quote(edifact_component(r->person_seg, 4, 0), q);
	for (size_t i = 0; !rc && i < sizeof(person_mandatory) / sizeof(person_mandatory[0]); i++)
		if (is_null(p, person_mandatory[i].key))
			rc = edifact_problems_add(r->problems, r->person_seg,
						  "missing %s for traveller '%s'",
						  person_mandatory[i].what, q);
	if (!rc && json_array_size(json_object_get(p, "documents")) == 0)
		rc = edifact_problems_add(r->problems, r->person_seg,
					  "missing travel document (DOC) for traveller '%s'", q);
	return rc;
}

static int set_address(struct reader *r, json_t *p, const struct edifact_segment *nad)
{
	json_t *a;
	int rc;

	for (size_t i = 5; i <= 9; i++)
		if (nad->element_count > i && !is_blank_text(edifact_element(nad, i)))
			goto present;
	if (nad->element_count > 7 && !is_blank_text(edifact_component(nad, 7, 3)))
		goto present;
	return edifact_json_set(p, "address", json_null());
present:
	a = json_object();
	rc = edifact_json_set(p, "address", a);
	if (!rc)
		rc = set_joined(r, a, "street", nad, 5, 0, 3);
	if (!rc)
		rc = edifact_json_set_text(a, "city", r->ic, edifact_element(nad, 6));
	if (!rc)
		rc = edifact_json_set_text(a, "region", r->ic,
					   *edifact_element(nad, 7) ? edifact_element(nad, 7) :
								      edifact_component(nad, 7, 3));
	if (!rc)
		rc = edifact_json_set_text(a, "postal_code", r->ic, edifact_element(nad, 8));
	if (!rc)
		rc = edifact_json_set_text(a, "country", r->ic, edifact_element(nad, 9));
	return rc;
}

static int start_person(struct reader *r, const struct edifact_segment *nad, bool crew,
			bool transit)
{
	json_t *p;
	int rc;

	if (*r->travellers_left == 0) {
		r->scope = SCOPE_SKIP;
		if (r->over_limit)
			return 0;
		r->over_limit = true;
		return edifact_problems_add(r->problems, nad,
					    "too many travellers: the limit is %d per interchange, "
					    "this one and those after it are left out",
					    PAXLST_MAX_TRAVELLERS);
	}
	(*r->travellers_left)--;
	p = json_object();
	rc = edifact_json_append(r->passengers, p);
	if (rc)
		return rc;
	r->person = p;
	r->person_seg = nad;
	r->scope = SCOPE_PERSON;
	rc = edifact_json_set(p, "role", json_string(crew ? "crew" : "passenger"));
	if (!rc)
		rc = edifact_json_set_text(p, "party", r->ic, edifact_element(nad, 1));
	if (!rc)
		rc = edifact_json_set(p, "in_transit", json_boolean(transit));
	if (!rc)
		rc = edifact_json_set_nulls(p, person_keys);
	if (!rc)
		rc = edifact_json_set_text(p, "surname", r->ic, edifact_component(nad, 4, 0));
	if (!rc)
		rc = set_joined(r, p, "given_names", nad, 4, 1, 4);
	if (!rc)
		rc = set_address(r, p, nad);
	if (!rc)
		rc = edifact_json_set(p, "documents", json_array());
	if (!rc)
		rc = edifact_json_set(p, "segment", json_integer((json_int_t)nad->position));
	return rc;
}

static int read_reporting_party(struct reader *r, const struct edifact_segment *nad)
{
	json_t *party;
	int rc;

	if (r->part > 0)
		return 0;
	party = json_object();
	rc = edifact_json_set(r->manifest, "reporting_party", party);
	if (!rc)
		rc = set_joined(r, party, "name", nad, 4, 0, 4);
	if (!rc)
		rc = edifact_json_set_text(party, "id", r->ic, edifact_element(nad, 2));
	return rc;
}

/* ---- the flight ----------------------------------------------------------- */

static json_t *leg_end_new(void)
{
	json_t *e = json_object();

	if (e && (edifact_json_set(e, "airport", json_null()) ||
		  edifact_json_set(e, "time", json_null()))) {
		json_decref(e);
		return NULL;
	}
	return e;
}

/* Carrier and number from TDT 8028 ("KC123") and C040 3127 ("KC"): the
 * number is what follows the carrier; without a carrier element, the
 * designator's first two characters (three letters when a digit follows
 * them, an ICAO designator) are the carrier. An identifier that does not
 * start with the carrier is kept whole as the number. */
static const char *split_designator(const char *designator, const char *carrier_elem,
				    char derived[4], const char **number)
{
	size_t clen = strlen(carrier_elem);

	*number = designator;
	if (clen) {
		if (clen < strlen(designator) && strncmp(designator, carrier_elem, clen) == 0)
			*number = designator + clen;
		return carrier_elem;
	}
	clen = strlen(designator) < 3 ? 0 : 2;
	if (clen && designator[0] >= 'A' && designator[0] <= 'Z' && designator[1] >= 'A' &&
	    designator[1] <= 'Z' && designator[2] >= 'A' && designator[2] <= 'Z' &&
	    designator[3] >= '0' && designator[3] <= '9')
		clen = 3;
	memcpy(derived, designator, clen);
	derived[clen] = '\0';
	*number = designator + clen;
	return derived;
}

static int start_leg(struct reader *r, const struct edifact_segment *tdt)
{
	const char *designator = edifact_element(tdt, 2), *number, *carrier;
	char derived[4];
	json_t *leg = json_object();
	int rc = edifact_json_append(r->legs, leg);

	if (rc)
		return rc;
	while (*designator == ' ')
		designator++;
	carrier = split_designator(designator, edifact_element(tdt, 5), derived, &number);
	r->leg = leg;
	r->leg_seg = tdt;
	r->dep_seg = r->arr_seg = NULL;
	r->scope = SCOPE_LEG;
	rc = edifact_json_set_text(leg, "carrier", r->ic, carrier);
	if (!rc)
		rc = edifact_json_set_text(leg, "number", r->ic, number);
	if (!rc)
		rc = edifact_json_set_text(leg, "designator", r->ic, designator);
	if (!rc)
		rc = edifact_json_set(leg, "departure", leg_end_new());
	if (!rc)
		rc = edifact_json_set(leg, "arrival", leg_end_new());
	if (!rc)
		rc = edifact_json_set(leg, "final_destination", json_null());
	if (!rc && !*designator)
		rc = edifact_problems_add(r->problems, tdt,
					  "missing flight identification (8028) in TDT");
	return rc;
}

static int check_leg_end(struct reader *r, const char *which, const struct edifact_segment *loc,
			 const char *what_loc, const char *what_time)
{
	json_t *end = json_object_get(r->leg, which);
	char q[EDIFACT_QUOTE_LEN];

	edifact_quote(edifact_element(r->leg_seg, 2), q);
	if (!loc)
		return edifact_problems_add(r->problems, r->leg_seg,
					    "missing %s airport (%s) for flight '%s'", which,
					    what_loc, q);
	if (is_null(end, "time"))
		return edifact_problems_add(r->problems, loc,
					    "missing %s time (%s) for flight '%s'", which,
					    what_time, q);
	return 0;
}

static int end_leg(struct reader *r)
{
	int rc;

	if (!r->leg)
		return 0;
	rc = check_leg_end(r, "departure", r->dep_seg, "LOC+125", "DTM+189");
	if (!rc)
		rc = check_leg_end(r, "arrival", r->arr_seg, "LOC+87", "DTM+232");
	r->leg = NULL;
	return rc;
}

/* A later part repeats the flight: it must be the same one. */
static int compare_leg(struct reader *r, const struct edifact_segment *tdt)
{
	json_t *first = json_array_get(r->legs, 0);
	const char *want = json_string_value(json_object_get(first, "designator"));
	json_t *got = edifact_json_text(r->ic, edifact_element(tdt, 2));
	char q1[EDIFACT_QUOTE_LEN], q2[EDIFACT_QUOTE_LEN];
	int rc = 0;

	if (!got)
		return -ENOMEM;
	if (want && json_is_string(got) && strcmp(want, json_string_value(got)) != 0)
		rc = edifact_problems_add(
			r->problems, tdt,
			"different flight in part %zu: '%s', where part 1 has '%s'", r->part + 1,
			edifact_quote(json_string_value(got), q1), edifact_quote(want, q2));
	json_decref(got);
	return rc;
}

static int read_leg_loc(struct reader *r, const struct edifact_segment *loc)
{
	const char *q = edifact_element(loc, 1);
	bool dep = strcmp(q, "125") == 0, arr = strcmp(q, "87") == 0;
	json_t *end;

	if (strcmp(q, "92") == 0) {
		dep = r->dep_seg == NULL;
		arr = !dep;
	}
	if (strcmp(q, "130") == 0)
		return edifact_json_set_text(r->leg, "final_destination", r->ic,
					     edifact_element(loc, 2));
	if (!dep && !arr)
		return 0;
	end = json_object_get(r->leg, dep ? "departure" : "arrival");
	if (dep)
		r->dep_seg = loc;
	else
		r->arr_seg = loc;
	if (strcmp(q, "125") == 0)
		r->flight_dep = end;
	if (strcmp(q, "87") == 0)
		r->flight_arr = end;
	return edifact_json_set_text(end, "airport", r->ic, edifact_element(loc, 2));
}

static int read_leg_dtm(struct reader *r, const struct edifact_segment *dtm)
{
	const char *q = edifact_component(dtm, 1, 0);

	if (strcmp(q, "189") == 0)
		return set_date(r, json_object_get(r->leg, "departure"), "time", dtm,
				EDIFACT_CENTURY_NEAR);
	if (strcmp(q, "232") == 0)
		return set_date(r, json_object_get(r->leg, "arrival"), "time", dtm,
				EDIFACT_CENTURY_NEAR);
	return 0;
}

/* ---- segment handlers ------------------------------------------------------ */

static bool in_person(const struct reader *r)
{
	return r->scope == SCOPE_PERSON || r->scope == SCOPE_DOCUMENT;
}

static int read_bgm(struct reader *r, const struct edifact_segment *bgm)
{
	const char *code = edifact_element(bgm, 1);
	const char *list = "other";
	json_t *doc;
	int rc;

	if (r->saw_bgm)
		return 0;
	r->saw_bgm = true;
	if (strcmp(code, "745") == 0)
		list = "passengers";
	else if (strcmp(code, "250") == 0 || strcmp(code, "336") == 0)
		list = "crew";
	doc = json_object();
	rc = edifact_json_set(r->manifest, "document", doc);
	if (!rc)
		rc = edifact_json_set_text(doc, "code", r->ic, code);
	if (!rc)
		rc = edifact_json_set(doc, "list", json_string(list));
	if (!rc)
		rc = edifact_json_set_text(doc, "function", r->ic, edifact_element(bgm, 2));
	return rc;
}

static int read_rff(struct reader *r, const struct edifact_segment *rff)
{
	static const struct {
		const char *qualifier, *key;
	} person_refs[] = {
		{ "AVF", "reservation_ref" },
		{ "ABO", "passenger_ref" },
		{ "SEA", "seat" },
	};
	const char *q = edifact_component(rff, 1, 0), *v = edifact_component(rff, 1, 1);

	if (!in_person(r)) {
		if (strcmp(q, "TN") == 0 && r->part == 0)
			return edifact_json_set_text(r->manifest, "transaction_ref", r->ic, v);
		return 0;
	}
	for (size_t i = 0; i < sizeof(person_refs) / sizeof(person_refs[0]); i++)
		if (strcmp(q, person_refs[i].qualifier) == 0 &&
		    is_null(r->person, person_refs[i].key))
			return edifact_json_set_text(r->person, person_refs[i].key, r->ic, v);
	return 0;
}

static int read_nad(struct reader *r, const struct edifact_segment *nad)
{
	const char *q = edifact_element(nad, 1);
	char quoted[EDIFACT_QUOTE_LEN];
	int rc = end_person(r);

	if (!rc)
		rc = end_leg(r);
	if (rc)
		return rc;
	r->scope = SCOPE_HEADER;
	if (strcmp(q, "MS") == 0)
		return read_reporting_party(r, nad);
	if (strcmp(q, "FL") == 0 || strcmp(q, "DDU") == 0)
		return start_person(r, nad, false, strcmp(q, "DDU") == 0);
	if (strcmp(q, "FM") == 0 || strcmp(q, "DDT") == 0)
		return start_person(r, nad, true, strcmp(q, "DDT") == 0);
	r->scope = SCOPE_SKIP;
	return edifact_problems_add(r->problems, nad,
				    "unknown party qualifier '%s' in NAD: the party is skipped",
				    edifact_quote(q, quoted));
}

static int read_tdt(struct reader *r, const struct edifact_segment *tdt)
{
	int rc = end_person(r);

	if (!rc)
		rc = end_leg(r);
	if (rc)
		return rc;
	if (r->itinerary_done) {
		r->scope = SCOPE_SKIP; /* its LOC and DTM repeat the first part's */
		if (r->leg_compared)
			return 0;
		r->leg_compared = true;
		return compare_leg(r, tdt);
	}
	return start_leg(r, tdt);
}

static int read_loc(struct reader *r, const struct edifact_segment *loc)
{
	static const struct {
		const char *qualifier, *key;
	} person_locs[] = {
		{ "22", "clearance" },
		{ "174", "residence_country" },
		{ "178", "embarkation" },
		{ "179", "debarkation" },
	};
	const char *q = edifact_element(loc, 1);

	if (r->scope == SCOPE_LEG)
		return read_leg_loc(r, loc);
	if (r->scope == SCOPE_DOCUMENT && strcmp(q, "91") == 0) {
		int rc = edifact_json_set_text(r->document, "issuing_country", r->ic,
					       edifact_element(loc, 2));
		return rc ? rc :
			    edifact_json_set_text(r->document, "issuing_place", r->ic,
						  edifact_component(loc, 2, 3));
	}
	if (!in_person(r))
		return 0;
	if (strcmp(q, "180") == 0)
		return edifact_json_set_text(r->person, "birth_place", r->ic,
					     *edifact_component(loc, 2, 3) ?
						     edifact_component(loc, 2, 3) :
						     edifact_element(loc, 2));
	for (size_t i = 0; i < sizeof(person_locs) / sizeof(person_locs[0]); i++)
		if (strcmp(q, person_locs[i].qualifier) == 0)
			return edifact_json_set_text(r->person, person_locs[i].key, r->ic,
						     edifact_element(loc, 2));
	return 0;
}

static int read_dtm(struct reader *r, const struct edifact_segment *dtm)
{
	const char *q = edifact_component(dtm, 1, 0);

	if (r->scope == SCOPE_LEG)
		return read_leg_dtm(r, dtm);
	if (r->scope == SCOPE_DOCUMENT && strcmp(q, "36") == 0)
		return set_date(r, r->document, "expiry_date", dtm, EDIFACT_CENTURY_NEAR);
	if (r->scope == SCOPE_DOCUMENT && strcmp(q, "182") == 0)
		return set_date(r, r->document, "issue_date", dtm, EDIFACT_CENTURY_PAST);
	if (in_person(r) && strcmp(q, "329") == 0)
		return set_date(r, r->person, "birth_date", dtm, EDIFACT_CENTURY_PAST);
	return 0;
}

static int read_att(struct reader *r, const struct edifact_segment *att)
{
	const char *sex = edifact_component(att, 3, 0);
	char q[EDIFACT_QUOTE_LEN];

	if (!in_person(r) || strcmp(edifact_element(att, 1), "2") != 0)
		return 0;
	if (strlen(sex) != 1 || !strchr("MFUX", sex[0]))
		return edifact_problems_add(r->problems, att,
					    "invalid sex '%s' in ATT+2: M, F, U or X expected",
					    edifact_quote(sex, q));
	return edifact_json_set_text(r->person, "sex", r->ic, sex);
}

static int read_nat(struct reader *r, const struct edifact_segment *nat)
{
	if (!in_person(r) || strcmp(edifact_element(nat, 1), "2") != 0)
		return 0;
	return edifact_json_set_text(r->person, "nationality", r->ic, edifact_element(nat, 2));
}

static int read_emp(struct reader *r, const struct edifact_segment *emp)
{
	if (!in_person(r))
		return 0;
	return edifact_json_set_text(r->person, "crew_function", r->ic, edifact_element(emp, 2));
}

static const char *const document_keys[] = {
	"type", "number", "issuing_country", "issuing_place", "issue_date", "expiry_date", NULL,
};

static int read_doc(struct reader *r, const struct edifact_segment *doc)
{
	json_t *d;
	int rc;

	if (!in_person(r))
		return r->scope == SCOPE_SKIP ?
			       0 :
			       edifact_problems_add(
				       r->problems, doc,
				       "document outside any traveller: DOC before NAD");
	rc = end_document(r);
	if (rc)
		return rc;
	d = json_object();
	rc = edifact_json_append(json_object_get(r->person, "documents"), d);
	if (rc)
		return rc;
	r->document = d;
	r->doc_seg = doc;
	r->scope = SCOPE_DOCUMENT;
	rc = edifact_json_set_nulls(d, document_keys);
	if (!rc)
		rc = edifact_json_set_text(d, "type", r->ic, edifact_element(doc, 1));
	if (!rc)
		rc = edifact_json_set_text(d, "number", r->ic, edifact_element(doc, 2));
	if (!rc)
		rc = edifact_json_set(d, "segment", json_integer((json_int_t)doc->position));
	return rc;
}

static int read_cnt(struct reader *r, const struct edifact_segment *cnt)
{
	const char *q = edifact_component(cnt, 1, 0), *v = edifact_component(cnt, 1, 1);
	const char *key = strcmp(q, "42") == 0 ? "declared_passengers" :
			  strcmp(q, "41") == 0 ? "declared_crew" :
						 NULL;
	char quoted[EDIFACT_QUOTE_LEN];
	long n = 0;
	size_t i;
	int rc = end_person(r);

	if (rc || !key)
		return rc;
	r->scope = SCOPE_SKIP;
	for (i = 0; v[i] >= '0' && v[i] <= '9' && i < 9; i++)
		n = n * 10 + (v[i] - '0');
	if (i == 0 || v[i])
		return edifact_problems_add(r->problems, cnt, "invalid count '%s' in CNT+%s",
					    edifact_quote(v, quoted), q);
	return edifact_json_set(r->manifest, key, json_integer(n));
}

static const struct segment_handler {
	const char *tag;
	int (*read)(struct reader *r, const struct edifact_segment *seg);
} segment_handlers[] = {
	{ "BGM", read_bgm }, { "RFF", read_rff }, { "NAD", read_nad }, { "TDT", read_tdt },
	{ "LOC", read_loc }, { "DTM", read_dtm }, { "ATT", read_att }, { "NAT", read_nat },
	{ "EMP", read_emp }, { "DOC", read_doc }, { "CNT", read_cnt },
};

static int read_segment(struct reader *r, const struct edifact_segment *seg)
{
	for (size_t i = 0; i < sizeof(segment_handlers) / sizeof(segment_handlers[0]); i++)
		if (strcmp(seg->tag, segment_handlers[i].tag) == 0)
			return segment_handlers[i].read(r, seg);
	return 0; /* COM, MEA, GEI, FTX, QTY...: not part of the manifest */
}

/* ---- manifests -------------------------------------------------------------- */

static int read_part(struct reader *r, const struct edifact_message *m)
{
	size_t end = m->has_trailer ? m->segment_count - 1 : m->segment_count;
	int rc = 0;

	r->scope = SCOPE_HEADER;
	r->leg_compared = false;
	for (size_t i = 1; !rc && i < end; i++)
		rc = read_segment(r, &m->segments[i]);
	if (!rc)
		rc = end_person(r);
	if (!rc)
		rc = end_leg(r);
	if (json_array_size(r->legs))
		r->itinerary_done = true;
	r->part++;
	return rc;
}

static const char *const manifest_keys[] = {
	"access_ref",      "document", "transaction_ref",
	"reporting_party", "flight",   "declared_passengers",
	"declared_crew",   NULL,
};

static int start_manifest(struct reader *r, const struct edifact_transfer *t)
{
	json_t *refs = json_array();
	int rc = edifact_json_set(r->manifest, "message_refs", refs);

	for (size_t i = 0; !rc && i < t->part_count; i++)
		rc = edifact_json_append(refs, edifact_json_text(r->ic, t->parts[i]->reference));
	if (!rc)
		rc = edifact_json_set_nulls(r->manifest, manifest_keys);
	if (!rc)
		rc = edifact_json_set_text(r->manifest, "access_ref", r->ic,
					   t->parts[0]->access_ref);
	if (!rc)
		rc = edifact_json_set(r->manifest, "legs", r->legs = json_array());
	if (!rc)
		rc = edifact_json_set(r->manifest, "passengers", r->passengers = json_array());
	return rc;
}

static int set_flight(struct reader *r)
{
	json_t *first = json_array_get(r->legs, 0);
	json_t *last = json_array_get(r->legs, json_array_size(r->legs) - 1);
	json_t *flight = json_object();
	int rc = edifact_json_set(r->manifest, "flight", flight);
	static const char *const copied[] = { "carrier", "number", "designator" };

	for (size_t i = 0; !rc && i < 3; i++)
		rc = edifact_json_set(flight, copied[i],
				      json_incref(json_object_get(first, copied[i])));
	if (!rc)
		rc = edifact_json_set(flight, "departure",
				      json_deep_copy(r->flight_dep ?
							     r->flight_dep :
							     json_object_get(first, "departure")));
	if (!rc)
		rc = edifact_json_set(flight, "arrival",
				      json_deep_copy(r->flight_arr ?
							     r->flight_arr :
							     json_object_get(last, "arrival")));
	return rc;
}

static int finish_manifest(struct reader *r, const struct edifact_transfer *t)
{
	const struct edifact_segment *unh = &t->parts[0]->segments[0];
	char q[EDIFACT_QUOTE_LEN];
	int rc = 0;

	edifact_quote(t->parts[0]->reference, q);
	if (!r->saw_bgm)
		rc = edifact_problems_add(r->problems, unh, "missing BGM in message '%s'", q);
	if (!rc && json_array_size(r->legs) == 0)
		rc = edifact_problems_add(r->problems, unh,
					  "missing TDT: message '%s' names no flight", q);
	else if (!rc)
		rc = set_flight(r);
	if (rc)
		return rc;
	edifact_problems_sort(r->problems);
	return edifact_json_set(r->manifest, "errors", edifact_json_problems(r->problems));
}

static int read_manifest(const struct edifact_interchange *ic, const struct edifact_transfer *t,
			 struct edifact_problems *problems, size_t *travellers_left,
			 json_t *manifests)
{
	struct reader r = { .ic = ic, .problems = problems, .travellers_left = travellers_left };
	int rc;

	r.manifest = json_object();
	rc = edifact_json_append(manifests, r.manifest);
	if (rc)
		return rc;
	if (edifact_reference_date(ic, &r.ref_date) == 0)
		r.ref = &r.ref_date;
	rc = start_manifest(&r, t);
	for (size_t i = 0; !rc && i < t->part_count; i++)
		rc = read_part(&r, t->parts[i]);
	return rc ? rc : finish_manifest(&r, t);
}

/* ---- the interchange ---------------------------------------------------------- */

int paxlst_read(const struct edifact_interchange *ic, json_t **out)
{
	return edifact_read_transfers(ic, "PAXLST", PAXLST_MAX_PROBLEMS, PAXLST_MAX_TRAVELLERS, read_manifest, out);
}

// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * The descriptions of every record type (see model.h). Adding a field means
 * a line here and a migration adding its column; the schema test fails if
 * the two disagree.
 */
#include "model/model.h"

#include <string.h>

static const char *const cls_values[] = { "UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL",
					  "SECRET", NULL };
static const char *const handling_values[] = { "H0", "H1", "H2", "H3", NULL };
static const char *const reliability_values[] = { "A", "B", "C", "X", NULL };
const char *const model_agencies[] = { "border", "customs", "drug_control", "police",
					     "foreign_affairs", NULL };
static const char *const sex_values[] = { "M", "F", "X", NULL };
static const char *const direction_values[] = { "in", "out", NULL };
static const char *const crossing_status_values[] = { "recorded", "expected", NULL };
static const char *const mode_values[] = { "road", "rail", "air", "pedestrian", "river", NULL };
static const char *const doc_type_values[] = { "passport", "id_card", "visa",
					       "residence_permit", "travel_document",
					       "other", NULL };
static const char *const vehicle_kind_values[] = { "car", "truck", "bus", "van", "motorcycle",
						   "other", NULL };
static const char *const bcp_status_values[] = { "open", "closed", "restricted", NULL };
static const char *const substance_values[] = { "heroin", "opium", "hashish", "cannabis",
						"methamphetamine", "cocaine", "tramadol",
						"precursor", "other", NULL };
static const char *const unit_values[] = { "kg", "g", "l", "ml", "tablets", "units", NULL };
static const char *const subject_values[] = { "person", "document", "vehicle", NULL };
static const char *const action_values[] = { "detain", "inform", "discreet_check",
					     "refuse_entry", NULL };
static const char *const hit_status_values[] = { "new", "confirmed", "false_positive",
						 "closed", NULL };
static const char *const message_type_values[] = { "alert", "request", "reply", "notice",
						   "report", "receipt", "watchlist_share", "watchlist_update",
						   "watchlist_withdraw", "hit_query", "hit_answer",
						   NULL };
static const char *const priority_values[] = { "urgent", "normal", NULL };
static const char *const message_status_values[] = { "draft", "pending_approval", "queued",
						     "sent", "delivered", "read",
						     "received", "rejected", NULL };

#define T(n, k, fl, len, doc) { n, k, fl, len, NULL, 0, 0, NULL, doc, NULL }
#define E(n, vals, fl, doc) { n, FK_ENUM, fl, 0, vals, 0, 0, NULL, doc, NULL }
#define N(n, k, fl, lo, hi, doc) { n, k, fl, 0, NULL, lo, hi, NULL, doc, NULL }
#define REF(n, type, fl, doc) { n, FK_ID, fl, 0, NULL, 0, 0, type, doc, NULL }
#define LEN(a) (sizeof(a) / sizeof((a)[0]))

const struct field_desc model_common_fields[] = {
	T("id", FK_ID, FF_SERVER, 0, "UUIDv7, set by the node"),
	T("origin_node", FK_ID, FF_SERVER | FF_FILTER, 0, "the node that created the record"),
	{ "classification", FK_ENUM, FF_FILTER | FF_UPDATABLE, 0, cls_values, 0, 0, NULL,
	  "UNCLASSIFIED (default), RESTRICTED, CONFIDENTIAL or SECRET", "UNCLASSIFIED" },
	{ "handling", FK_ENUM, FF_UPDATABLE, 0, handling_values, 0, 0, NULL,
	  "H0 (default) prevent or combat crime only; H1 not for court; H2 no onward sharing; H3 stated",
	  "H0" },
	T("handling_note", FK_TEXT, FF_UPDATABLE, 500, "the restriction, required with H3"),
	E("reliability", reliability_values, FF_UPDATABLE, "source reliability A, B, C or X"),
	N("assessment", FK_INT, FF_UPDATABLE, 1, 4, "information assessment 1 to 4"),
	T("releasable_countries", FK_TEXT_LIST, FF_UPDATABLE, 16,
	  "country codes that may receive the record; empty: national only"),
	{ "releasable_agencies", FK_TEXT_LIST, FF_UPDATABLE, 5, model_agencies, 0, 0, NULL,
	  "agencies that may receive the record", NULL },
	T("created_at", FK_TIME, FF_SERVER, 0, "when the node stored it"),
	T("updated_at", FK_TIME, FF_SERVER, 0, "last change"),
	T("created_by", FK_TEXT, FF_SERVER, 0, "user or device that created it"),
	N("version", FK_INT, FF_SERVER, 1, 1e15, "incremented by every update"),
};
const size_t model_common_nfields = LEN(model_common_fields);

static const struct field_desc bcp_fields[] = {
	T("code", FK_TEXT, FF_REQUIRED | FF_FILTER | FF_UNIQUE, 40, "short code, e.g. KZ-KORDAY"),
	T("name", FK_TEXT, FF_REQUIRED | FF_UPDATABLE, 200, "name in English"),
	T("name_local", FK_TEXT, FF_UPDATABLE, 200, "name in the national language"),
	T("country", FK_CODE, FF_REQUIRED | FF_FILTER, 2, "ISO 3166 alpha-2 country"),
	T("neighbour", FK_CODE, FF_FILTER | FF_UPDATABLE, 2, "country across the border"),
	T("counterpart", FK_TEXT, FF_UPDATABLE, 200, "codes of the BCPs opposite, ';'-separated"),
	T("kind", FK_TEXT, FF_UPDATABLE, 100, "road, rail, air, pedestrian; ';'-separated"),
	N("lat", FK_REAL, FF_UPDATABLE, -90, 90, "latitude, WGS 84"),
	N("lon", FK_REAL, FF_UPDATABLE, -180, 180, "longitude, WGS 84"),
	E("status", bcp_status_values, FF_FILTER | FF_UPDATABLE, "open, closed or restricted"),
};

static const struct field_desc person_fields[] = {
	T("surname", FK_TEXT, FF_REQUIRED | FF_UPDATABLE, 200, "surname as written in the source"),
	T("given_names", FK_TEXT, FF_UPDATABLE, 200, "given names"),
	T("patronymic", FK_TEXT, FF_UPDATABLE, 200, "patronymic or father's name"),
	T("other_names", FK_TEXT_LIST, FF_UPDATABLE, 32, "the name in other scripts and spellings"),
	T("birth_date", FK_DATE, FF_FILTER | FF_UPDATABLE, 0, "YYYY-MM-DD"),
	T("birth_place", FK_TEXT, FF_UPDATABLE, 200, "place of birth"),
	E("sex", sex_values, FF_FILTER | FF_UPDATABLE, "M, F or X"),
	T("nationality", FK_CODE, FF_FILTER | FF_UPDATABLE, 3, "ICAO 9303 / ISO 3166 code"),
	T("notes", FK_TEXT, FF_UPDATABLE, 4000, "free text"),
};

static const struct field_desc document_fields[] = {
	REF("person_id", "person", FF_FILTER | FF_UPDATABLE, "holder"),
	E("doc_type", doc_type_values, FF_REQUIRED | FF_FILTER, "passport, id_card, visa, ..."),
	T("number", FK_TEXT, FF_REQUIRED | FF_FILTER, 40, "document number as printed"),
	T("issuing_country", FK_CODE, FF_REQUIRED | FF_FILTER, 3, "issuing state code"),
	T("nationality", FK_CODE, FF_UPDATABLE, 3, "holder's nationality on the document"),
	T("issue_date", FK_DATE, FF_UPDATABLE, 0, "YYYY-MM-DD"),
	T("expiry_date", FK_DATE, FF_UPDATABLE, 0, "YYYY-MM-DD"),
	T("mrz", FK_TEXT, 0, 200, "machine readable zone, lines joined by newlines"),
};

static const struct field_desc vehicle_fields[] = {
	T("plate", FK_TEXT, FF_REQUIRED | FF_FILTER, 20, "registration plate as read"),
	T("country", FK_CODE, FF_FILTER | FF_UPDATABLE, 3, "registration country"),
	E("kind", vehicle_kind_values, FF_FILTER | FF_UPDATABLE, "car, truck, bus, ..."),
	T("make", FK_TEXT, FF_UPDATABLE, 100, "manufacturer"),
	T("model", FK_TEXT, FF_UPDATABLE, 100, "model"),
	T("colour", FK_TEXT, FF_UPDATABLE, 50, "colour"),
	T("vin", FK_TEXT, FF_FILTER | FF_UPDATABLE, 17, "vehicle identification number"),
	REF("owner_id", "person", FF_FILTER | FF_UPDATABLE, "registered owner"),
};

static const struct field_desc crossing_fields[] = {
	T("bcp_code", FK_TEXT, FF_REQUIRED | FF_FILTER, 40, "border crossing point"),
	E("direction", direction_values, FF_REQUIRED | FF_FILTER, "in or out"),
	T("crossed_at", FK_TIME, FF_REQUIRED | FF_FILTER, 0, "RFC 3339 time of the crossing"),
	E("mode", mode_values, FF_FILTER, "road, rail, air, pedestrian or river"),
	REF("person_id", "person", FF_FILTER, "traveller"),
	REF("document_id", "document", FF_FILTER, "document presented"),
	REF("vehicle_id", "vehicle", FF_FILTER, "vehicle"),
	T("group_ref", FK_TEXT, FF_FILTER, 64, "travellers crossing together share it"),
	{ "status", FK_ENUM, FF_FILTER | FF_UPDATABLE, 0, crossing_status_values, 0, 0, NULL,
	  "recorded (default): it happened; expected: announced by a passenger manifest", "recorded" },
	T("notes", FK_TEXT, FF_UPDATABLE, 4000, "free text"),
};

static const struct field_desc declaration_fields[] = {
	REF("person_id", "person", FF_REQUIRED | FF_FILTER, "declarant"),
	T("bcp_code", FK_TEXT, FF_REQUIRED | FF_FILTER, 40, "border crossing point"),
	E("direction", direction_values, FF_REQUIRED | FF_FILTER, "in or out"),
	T("declared_at", FK_TIME, FF_REQUIRED | FF_FILTER, 0, "RFC 3339"),
	T("currency", FK_CODE, FF_REQUIRED | FF_FILTER, 3, "ISO 4217 code"),
	N("amount", FK_REAL, FF_REQUIRED, 0.01, 1e15, "amount in that currency"),
	T("source_of_funds", FK_TEXT, FF_UPDATABLE, 500, "as declared"),
	T("purpose", FK_TEXT, FF_UPDATABLE, 500, "as declared"),
};

static const struct field_desc seizure_fields[] = {
	T("bcp_code", FK_TEXT, FF_REQUIRED | FF_FILTER, 40, "where it was seized"),
	T("seized_at", FK_TIME, FF_REQUIRED | FF_FILTER, 0, "RFC 3339"),
	E("substance", substance_values, FF_REQUIRED | FF_FILTER, "heroin, opium, hashish, ..."),
	N("quantity", FK_REAL, FF_REQUIRED | FF_UPDATABLE, 0, 1e12, "amount seized"),
	E("unit", unit_values, FF_REQUIRED | FF_UPDATABLE, "kg, g, l, ml, tablets, units"),
	T("concealment", FK_TEXT, FF_UPDATABLE, 500, "how it was hidden"),
	{ "person_ids", FK_ID_LIST, FF_UPDATABLE, 100, NULL, 0, 0, "person", "persons involved", NULL },
	{ "vehicle_ids", FK_ID_LIST, FF_UPDATABLE, 100, NULL, 0, 0, "vehicle", "vehicles involved",
	  NULL },
	T("case_ref", FK_TEXT, FF_FILTER | FF_UPDATABLE, 64, "case or joint operation"),
	T("notes", FK_TEXT, FF_UPDATABLE, 4000, "free text"),
};

static const struct field_desc relation_fields[] = {
	E("from_type", subject_values, FF_REQUIRED | FF_FILTER, "person, document or vehicle"),
	T("from_id", FK_ID, FF_REQUIRED | FF_FILTER, 0, "record at one end"),
	E("to_type", subject_values, FF_REQUIRED | FF_FILTER, "person, document or vehicle"),
	T("to_id", FK_ID, FF_REQUIRED | FF_FILTER, 0, "record at the other end"),
	T("kind", FK_TEXT, FF_REQUIRED | FF_FILTER, 64, "travelled_with, owns, drives, shares_phone, ..."),
	T("note", FK_TEXT, FF_UPDATABLE, 2000, "why the link is believed"),
};

static const struct field_desc watchlist_fields[] = {
	E("subject_type", subject_values, FF_REQUIRED | FF_FILTER, "person, document or vehicle"),
	T("list_name", FK_TEXT, FF_FILTER | FF_UPDATABLE, 100, "watchlist the entry belongs to"),
	T("surname", FK_TEXT, FF_UPDATABLE, 200, "person: surname"),
	T("given_names", FK_TEXT, FF_UPDATABLE, 200, "person: given names"),
	T("other_names", FK_TEXT_LIST, FF_UPDATABLE, 32, "person: other spellings"),
	T("birth_date", FK_DATE, FF_UPDATABLE, 0, "person: YYYY-MM-DD"),
	T("nationality", FK_CODE, FF_UPDATABLE, 3, "person: nationality"),
	T("document_number", FK_TEXT, FF_FILTER | FF_UPDATABLE, 40, "document: number"),
	T("plate", FK_TEXT, FF_FILTER | FF_UPDATABLE, 20, "vehicle: plate"),
	T("reason", FK_TEXT, FF_REQUIRED | FF_UPDATABLE, 2000, "why the subject is listed"),
	E("action", action_values, FF_REQUIRED | FF_FILTER | FF_UPDATABLE,
	  "detain, inform, discreet_check or refuse_entry"),
	T("owner", FK_TEXT, FF_UPDATABLE, 200, "who to contact"),
	T("expires_at", FK_TIME, FF_UPDATABLE, 0, "RFC 3339; absent: no expiry"),
	N("threshold", FK_INT, FF_UPDATABLE, 1, 100, "score from which a match is a hit (default 75)"),
};

static const struct field_desc hit_fields[] = {
	REF("watchlist_id", "watchlist", FF_REQUIRED | FF_FILTER, "entry that matched"),
	E("subject_type", subject_values, FF_REQUIRED, "person, document or vehicle"),
	T("subject_id", FK_ID, FF_FILTER, 0, "record screened"),
	REF("crossing_id", "crossing", FF_FILTER, "crossing that was screened"),
	N("score", FK_INT, FF_REQUIRED, 0, 100, "0 to 100"),
	T("explanation", FK_TEXT, 0, 4000, "why it matched"),
	{ "status", FK_ENUM, FF_FILTER | FF_UPDATABLE, 0, hit_status_values, 0, 0, NULL,
	  "new (default), confirmed, false_positive or closed", "new" },
	T("notes", FK_TEXT, FF_UPDATABLE, 4000, "the deciding officer's notes"),
};

static const struct field_desc message_fields[] = {
	E("type", message_type_values, FF_REQUIRED | FF_FILTER,
	  "alert, request, reply, notice, report, receipt (exchange: delivered/read), watchlist_share/update/withdraw, hit_query, hit_answer"),
	T("subject", FK_TEXT, FF_REQUIRED, 300, "one line"),
	T("body", FK_TEXT, 0, 65536, "text"),
	T("recipients", FK_TEXT_LIST, FF_REQUIRED, 32, "node ids or BCP codes"),
	T("thread_id", FK_ID, FF_FILTER, 0, "first message of the thread"),
	E("priority", priority_values, FF_FILTER, "urgent or normal"),
	T("reply_by", FK_TIME, 0, 0, "deadline for a reply"),
	{ "status", FK_ENUM, FF_FILTER | FF_UPDATABLE, 0, message_status_values, 0, 0, NULL,
	  "draft, queued (default), sent, ...", "queued" },
};

static const struct field_desc sighting_fields[] = {
	T("plate", FK_TEXT, FF_REQUIRED | FF_FILTER, 20, "plate normalised (separators dropped, Cyrillic look-alikes as Latin)"),
	T("plate_read", FK_TEXT, FF_REQUIRED, 40, "the plate as the camera read it"),
	T("country", FK_CODE, FF_FILTER, 3, "registration country, if the camera knows it"),
	N("confidence", FK_REAL, 0, 0, 1, "the camera's confidence in its reading, 0 to 1"),
	T("camera", FK_TEXT, FF_REQUIRED | FF_FILTER, 64, "camera that read it"),
	T("lane", FK_TEXT, 0, 16, "lane"),
	T("seen_at", FK_TIME, FF_REQUIRED | FF_FILTER, 0, "RFC 3339"),
	T("bcp_code", FK_TEXT, FF_REQUIRED | FF_FILTER, 40, "the camera's border crossing point"),
	T("image_ref", FK_TEXT, 0, 500, "where the camera keeps the image"),
};

#define RT(nm, pl, tbl, fl, flags, d) \
	static const struct record_type rt_##nm = { #nm, pl, tbl, d, fl, LEN(fl), flags }

RT(bcp, "bcps", "bcp", bcp_fields, 0, "border crossing points");
RT(person, "persons", "person", person_fields, RT_NAME_SEARCH, "people who cross or are of interest");
RT(document, "documents", "document", document_fields, 0, "travel and identity documents");
RT(vehicle, "vehicles", "vehicle", vehicle_fields, 0, "vehicles");
RT(crossing, "crossings", "crossing", crossing_fields, 0, "a person, document or vehicle crossing a BCP");
RT(declaration, "declarations", "declaration", declaration_fields, 0, "currency declarations");
RT(seizure, "seizures", "seizure", seizure_fields, 0, "seizures of drugs and precursors");
RT(relation, "relations", "relation", relation_fields, 0, "typed links between records");
RT(watchlist, "watchlist", "watchlist", watchlist_fields, 0, "watchlist entries");
RT(hit, "hits", "hit", hit_fields, 0, "screening hits");
RT(message, "messages", "message", message_fields, 0, "alerts, requests, replies, notices");
RT(sighting, "sightings", "sighting", sighting_fields, 0, "vehicle plates read by ANPR cameras");

const struct record_type *const model_types[] = {
	&rt_bcp, &rt_person, &rt_document, &rt_vehicle, &rt_crossing, &rt_declaration,
	&rt_seizure, &rt_relation, &rt_watchlist, &rt_hit, &rt_message, &rt_sighting, NULL,
};

/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * PAXLST: the Advance Passenger Information message of the WCO/IATA/ICAO API
 * guidelines (UN/EDIFACT directories D02B to D15B), read from an interchange
 * into one JSON document per flight manifest, for the border liaison office
 * to check travellers before the aircraft lands.
 *
 * Result of paxlst_read:
 *
 *   { "manifests": [ manifest, ... ],
 *     "errors": [ error, ... ] }      problems outside any PAXLST message
 *
 *   manifest = {
 *     "message_refs": [ "PAX001", ... ],   UNH references of its parts
 *     "access_ref": "KC123/260301/1200" | null,
 *     "document": { "code": "745", "list": "passengers" | "crew" | "other",
 *                   "function": "CP" | null },
 *     "transaction_ref": string | null,                  RFF+TN
 *     "reporting_party": { "name", "id" } | null,        NAD+MS
 *     "flight": { "carrier", "number", "designator",
 *                 "departure": { "airport", "time" },
 *                 "arrival":   { "airport", "time" } } | null,
 *     "legs": [ { "carrier", "number", "designator", "departure",
 *                 "arrival", "final_destination" }, ... ],
 *     "passengers": [ person, ... ],
 *     "declared_passengers": int | null,   CNT+42, the flight's total
 *     "declared_crew": int | null,         CNT+41
 *     "errors": [ error, ... ] }
 *
 *   person = { "role": "passenger" | "crew", "party": "FL", "in_transit",
 *     "surname", "given_names", "birth_date", "sex", "nationality",
 *     "residence_country", "birth_place", "embarkation", "debarkation",
 *     "clearance", "address": { "street", "city", "region", "postal_code",
 *     "country" } | null, "crew_function", "reservation_ref",
 *     "passenger_ref", "seat", "documents": [ { "type", "number",
 *     "issuing_country", "issuing_place", "issue_date", "expiry_date",
 *     "segment" } ], "segment" }
 *
 *   error = { "segment": N | null, "message_segment": M (when in a
 *             message), "message": "..." }
 *
 * Invariants: every documented key is present, null when the message does
 * not give it; strings are valid UTF-8 (converted from the interchange's
 * character set), trimmed, never empty; dates are "YYYY-MM-DD" and times
 * "YYYY-MM-DDTHH:MM" in the airport's local time, as PAXLST gives them;
 * "segment" is the 1-based position in the interchange. A multi-part message
 * (UNH S010) is one manifest. A missing mandatory segment or value is an
 * error naming the segment where it was due, and the rest of the manifest
 * (other travellers) still comes through: callers decide what to accept.
 */
#ifndef RICS_INGEST_PAXLST_H
#define RICS_INGEST_PAXLST_H

#include "ingest/edifact.h"

#include <jansson.h>

/* 0 and *out (a new reference) on success, even when there are no PAXLST
 * messages (an empty "manifests" and an error saying so); -ENOMEM. */
int paxlst_read(const struct edifact_interchange *ic, json_t **out);

#endif

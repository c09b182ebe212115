/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * PNRGOV: the IATA/WCO/ICAO PNR push message (UN/EDIFACT syntax, IATA PADIS
 * directory), in which a carrier sends the reservation records (PNRs) of
 * the travellers booked on a flight. Read from an interchange into one JSON
 * document per pushed flight, in the style of paxlst.h. The coverage (which
 * segments are read, which are not) is in docs/internals/edifact.md.
 *
 * Result of pnrgov_read:
 *
 *   { "manifests": [ push, ... ],
 *     "errors": [ error, ... ] }      problems outside any PNRGOV message
 *
 *   push = {
 *     "message_refs": [ "1", ... ], "access_ref": string | null,
 *     "flight": { "carrier", "number", "departure": { "airport", "time" },
 *                 "arrival": { "airport", "time" } } | null,    header TVL
 *     "declared_pnrs": int | null,                             EQN
 *     "pnrs": [ pnr, ... ],
 *     "errors": [ error, ... ] }
 *
 *   pnr = { "booking_ref": "2LS6KP" | null, "booking_system": "1A" | null,
 *     "locators": [ { "system", "locator" } ],                 RCI
 *     "passengers": [ { "surname", "given_names", "type", "traveller_ref",
 *         "birth_date", "sex", "nationality", "documents": [ { "type",
 *         "number", "issuing_country", "expiry_date", "segment" } ],
 *         "segment" } ],                                        TIF, SSR DOCS
 *     "itinerary": [ { "carrier", "operating_carrier", "number",
 *         "booking_class", "departure": { "airport", "time" },
 *         "arrival": { "airport", "time" }, "segment" } ],      TVL
 *     "segment" }                                               SRC
 *
 *   error = { "segment": N | null, "message_segment": M, "message": "..." }
 *
 * Invariants as in paxlst.h: every documented key present (null when not
 * given), valid UTF-8, trimmed, dates "YYYY-MM-DD", times
 * "YYYY-MM-DDTHH:MM" local, segments 1-based interchange positions, a
 * multi-part message is one push, and a missing mandatory segment is an
 * error naming its segment while the other PNRs still come through.
 */
#ifndef RICS_INGEST_PNRGOV_H
#define RICS_INGEST_PNRGOV_H

#include "ingest/edifact.h"

#include <jansson.h>

/* 0 and *out (a new reference) on success, even when there are no PNRGOV
 * messages (an empty "manifests" and an error saying so); -ENOMEM. */
int pnrgov_read(const struct edifact_interchange *ic, json_t **out);

#endif

// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Record bodies for the unit tests, built from the type descriptions of
 * model.h, so that a type or field added there is covered without touching
 * the tests. Shared by test_model and test_store; not part of RICS.
 */
#ifndef RICS_TEST_FIXTURES_H
#define RICS_TEST_FIXTURES_H

#include "model/model.h"

#include <jansson.h>
#include <stdbool.h>

/*
 * A request body for a new record of type t that model_validate accepts.
 * full = false: the required fields only; full = true: every field a request
 * may carry (type-specific and common). seq makes unique fields unique.
 * refs maps a type name to the id of an existing record of that type, used
 * for references (FK_ID with ref_type); a reference with no entry in refs is
 * left out unless required, when a random UUID stands in. Never NULL.
 */
json_t *fixture_body(const struct record_type *t, unsigned seq, bool full, json_t *refs);

#endif

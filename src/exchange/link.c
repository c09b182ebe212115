// SPDX-License-Identifier: AGPL-3.0-or-later
/*
 * Whether the link to a peer works, derived from what the outbox already
 * knows rather than from a probe: a probe would say only that the peer
 * answers now, while the outbox says whether messages actually get there.
 * The rule is exchange_link_state's, in one place; the API shows it with
 * the facts it was derived from, so an officer can see why. When the
 * peer's node last reached this one is shown beside them but stays out of
 * the rule: a peer that sends to us while our messages wait for it is a
 * link that fails one way, still down or degraded for what we send.
 */
#include "exchange/exchange.h"

#include "core/clock.h"

static const char *const names[] = {
	[EXCHANGE_LINK_UP] = "up",
	[EXCHANGE_LINK_DEGRADED] = "degraded",
	[EXCHANGE_LINK_DOWN] = "down",
};

enum exchange_link exchange_link_state(const struct store_peer_link *f, int64_t now_ms,
				       int64_t down_after_ms)
{
	if (f->waiting <= 0)
		return EXCHANGE_LINK_UP;
	if (now_ms - f->oldest_ms > down_after_ms)
		return EXCHANGE_LINK_DOWN;
	/* a message waits but no attempt failed yet: it is on its way */
	return f->attempts > 0 ? EXCHANGE_LINK_DEGRADED : EXCHANGE_LINK_UP;
}

const char *exchange_link_name(enum exchange_link l)
{
	return names[l];
}

static json_t *time_or_null(int64_t ms, bool known)
{
	char when[RICS_TIME_LEN];
	if (!known)
		return json_null();
	rics_time_format(ms, when);
	return json_string(when);
}

json_t *exchange_link_json(const struct store_peer_link *f, int64_t now_ms, int64_t down_after_ms)
{
	bool waits = f->waiting > 0;
	return json_pack("{ss sI so si so ss? so so}", "state",
			 exchange_link_name(exchange_link_state(f, now_ms, down_after_ms)),
			 "waiting", (json_int_t)f->waiting, "oldest_waiting_at",
			 time_or_null(f->oldest_ms, waits), "attempts", waits ? f->attempts : 0,
			 "next_attempt_at", time_or_null(f->next_ms, waits && f->attempts > 0),
			 "last_error", waits && f->last_error[0] ? f->last_error : NULL,
			 "last_delivered_at", time_or_null(f->last_delivered_ms,
							   f->last_delivered_ms > 0),
			 "last_heard_at", time_or_null(f->last_heard_ms, f->last_heard_ms > 0));
}

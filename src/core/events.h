/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*
 * The in-process event bus. A lower layer that must let a higher one know
 * that something happened (a record was created, a hit was raised, a
 * message came in) publishes an event here; the SSE stream, the screening
 * index and the metrics listen. So calls still go down the layer table.
 *
 * Events sit in a ring of the last `capacity` events, numbered in
 * publication order from the bus's first number on. A reader keeps the
 * number of the last event it has seen and reads what came after; one that
 * fell more than `capacity` behind is told so and continues from the oldest
 * event still held. A number this bus never gave (a browser reconnecting
 * with the last id of the node's previous run) reads from the start of
 * this run: the server numbers each run from after the last, by the clock,
 * so that such a reader is never skipped past events it has not seen. Listeners are
 * woken (their wake function called, from the publishing thread, after the
 * event is in the ring) and must not block: they only schedule a read.
 *
 * Thread-safe. The bus belongs to one server context; there is no global bus.
 */
#ifndef RICS_CORE_EVENTS_H
#define RICS_CORE_EVENTS_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event_bus;
struct event_listener;

/* Its events are numbered from first_after + 1. */
int event_bus_new(size_t capacity, uint64_t first_after, struct event_bus **out);
/* All listeners must be gone. Accepts NULL. */
void event_bus_free(struct event_bus *bus);

/* Publish an event of type (e.g. "crossing.created") whose payload is the
 * JSON text data, visible to readers cleared for classification or above. */
int event_bus_publish(struct event_bus *bus, const char *type, int classification,
		      const char *data);

/* Number of the newest event (first_after if none yet). */
uint64_t event_bus_last(struct event_bus *bus);

/*
 * Append to out, as server-sent-event frames ("id: N\nevent: T\ndata: D\n\n"),
 * the events after *after that a reader cleared to max_classification may
 * see, at most max_events of them; *after moves to the last event examined.
 * Returns the number of frames written, or a negative error. A reader that
 * fell behind the ring gets an "event: lost" frame first.
 */
int event_bus_read(struct event_bus *bus, uint64_t *after, int max_classification,
		   size_t max_events, struct strbuf *out);

/* wake(ctx) is called after each publish and on event_bus_wake_all. */
int event_bus_listen(struct event_bus *bus, void (*wake)(void *ctx), void *ctx,
		     struct event_listener **out);
/* After this returns, wake is never called again for l. Accepts NULL. */
void event_bus_unlisten(struct event_bus *bus, struct event_listener *l);
/* Wake every listener (heartbeats, shutdown). */
void event_bus_wake_all(struct event_bus *bus);

#endif

// SPDX-License-Identifier: AGPL-3.0-or-later
/* The event ring and its listeners; see events.h. */
#include "core/events.h"

#include "core/alloc.h"
#include "core/error.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>

struct event {
	uint64_t seq;
	int classification;
	char *type;
	char *data;
};

struct event_listener {
	void (*wake)(void *ctx);
	void *ctx;
	struct event_listener *next;
};

struct event_bus {
	pthread_mutex_t lock;        /* the ring */
	pthread_mutex_t listen_lock; /* the listeners; never held with lock */
	struct event *ring;
	size_t capacity;
	uint64_t base; /* the number before this bus's first event */
	uint64_t last;
	struct event_listener *listeners;
};

int event_bus_new(size_t capacity, uint64_t first_after, struct event_bus **out)
{
	struct event_bus *bus;
	if (capacity == 0)
		return -EINVAL;
	bus = rics_calloc(1, sizeof *bus);
	if (!bus)
		return -ENOMEM;
	bus->ring = rics_calloc(capacity, sizeof *bus->ring);
	if (!bus->ring) {
		rics_free(bus);
		return -ENOMEM;
	}
	bus->capacity = capacity;
	bus->base = bus->last = first_after;
	pthread_mutex_init(&bus->lock, NULL);
	pthread_mutex_init(&bus->listen_lock, NULL);
	*out = bus;
	return 0;
}

void event_bus_free(struct event_bus *bus)
{
	if (!bus)
		return;
	for (size_t i = 0; i < bus->capacity; i++) {
		rics_free(bus->ring[i].type);
		rics_free(bus->ring[i].data);
	}
	rics_free(bus->ring);
	pthread_mutex_destroy(&bus->lock);
	pthread_mutex_destroy(&bus->listen_lock);
	rics_free(bus);
}

void event_bus_wake_all(struct event_bus *bus)
{
	pthread_mutex_lock(&bus->listen_lock);
	for (struct event_listener *l = bus->listeners; l; l = l->next)
		l->wake(l->ctx);
	pthread_mutex_unlock(&bus->listen_lock);
}

int event_bus_publish(struct event_bus *bus, const char *type, int classification,
		      const char *data)
{
	char *t = rics_strdup(type), *d = rics_strdup(data);
	struct event *slot;
	if (!t || !d) {
		rics_free(t);
		rics_free(d);
		return -ENOMEM;
	}
	pthread_mutex_lock(&bus->lock);
	slot = &bus->ring[bus->last % bus->capacity];
	rics_free(slot->type);
	rics_free(slot->data);
	slot->seq = ++bus->last;
	slot->classification = classification;
	slot->type = t;
	slot->data = d;
	pthread_mutex_unlock(&bus->lock);
	event_bus_wake_all(bus);
	return 0;
}

uint64_t event_bus_last(struct event_bus *bus)
{
	uint64_t last;
	pthread_mutex_lock(&bus->lock);
	last = bus->last;
	pthread_mutex_unlock(&bus->lock);
	return last;
}

int event_bus_read(struct event_bus *bus, uint64_t *after, int max_classification,
		   size_t max_events, struct strbuf *out)
{
	uint64_t seq = *after, oldest;
	int written = 0, rc = 0;

	pthread_mutex_lock(&bus->lock);
	if (seq < bus->base || seq > bus->last)
		seq = bus->base; /* a number of another run: all of this one */
	oldest = bus->last - bus->base > bus->capacity ? bus->last - bus->capacity + 1
							 : bus->base + 1;
	if (seq + 1 < oldest) {
		rc = strbuf_addf(out, "event: lost\ndata: {\"missed\":%llu}\n\n",
				 (unsigned long long)(oldest - seq - 1));
		seq = oldest - 1;
	}
	while (!rc && seq < bus->last && (size_t)written < max_events) {
		const struct event *e = &bus->ring[seq % bus->capacity];
		size_t before = out->len;
		if (e->classification <= max_classification) {
			rc = strbuf_addf(out, "id: %llu\nevent: %s\ndata: %s\n\n",
					 (unsigned long long)e->seq, e->type, e->data);
			if (rc == -E2BIG && written > 0) {
				/* full: stop before this frame, the reader comes back */
				out->len = before;
				out->buf[before] = '\0';
				rc = 0;
				break;
			}
			written++;
		}
		seq++;
	}
	pthread_mutex_unlock(&bus->lock);
	if (rc)
		return rc;
	*after = seq;
	return written;
}

int event_bus_listen(struct event_bus *bus, void (*wake)(void *ctx), void *ctx,
		     struct event_listener **out)
{
	struct event_listener *l = rics_calloc(1, sizeof *l);
	if (!l)
		return -ENOMEM;
	l->wake = wake;
	l->ctx = ctx;
	pthread_mutex_lock(&bus->listen_lock);
	l->next = bus->listeners;
	bus->listeners = l;
	pthread_mutex_unlock(&bus->listen_lock);
	*out = l;
	return 0;
}

void event_bus_unlisten(struct event_bus *bus, struct event_listener *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&bus->listen_lock);
	for (struct event_listener **p = &bus->listeners; *p; p = &(*p)->next) {
		if (*p == l) {
			*p = l->next;
			break;
		}
	}
	pthread_mutex_unlock(&bus->listen_lock);
	rics_free(l);
}

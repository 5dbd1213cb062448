// SPDX-License-Identifier: GPL-2.0
/*
 * stream_mix.c - the benchmark's record stream (see stream_mix.h).
 *
 * A 1 ms time step drives three devices; each emits its frames at its own
 * rate, so the mix by count is roughly 60% mouse, 35% touchpad and 5%
 * keyboard -- the proportions of a session where the pointer moves most
 * of the time and the user types now and then.
 */
#include <linux/input.h>
#include <string.h>
#include "stream_mix.h"

enum { DEV_MOUSE = 1, DEV_TOUCHPAD, DEV_KEYBOARD };

struct mix {
	struct trace_record *out;
	size_t n, cap, events;
	uint64_t rng;
	uint64_t now_ns;
};

/* xorshift64*: a fixed, fast PRNG, so every run sees the same stream. */
static uint32_t rnd(struct mix *m, uint32_t bound)
{
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (uint32_t)((m->rng * 2685821657736338717ULL) >> 32) % bound;
}

static void device(struct mix *m, uint32_t id, const char *name,
		   uint16_t bus, uint16_t vendor, uint16_t product)
{
	struct trace_record *r;

	if (m->n == m->cap)
		return;
	r = &m->out[m->n++];
	memset(r, 0, sizeof(*r));
	r->kind = INPUTTRACE_REC_DEVICE;
	r->dev.head.kind = INPUTTRACE_REC_DEVICE;
	r->dev.head.size = sizeof(r->dev);
	r->dev.head.dev_id = id;
	r->dev.head.time_ns = m->now_ns;
	r->dev.minor = id + 2;
	r->dev.bustype = bus;
	r->dev.vendor = vendor;
	r->dev.product = product;
	r->dev.version = 0x111;
	strncpy(r->dev.name, name, sizeof(r->dev.name) - 1);
	strncpy(r->dev.phys, "usb-0000:00:14.0-1/input0", sizeof(r->dev.phys) - 1);
}

static void ev(struct mix *m, uint32_t dev, uint16_t type, uint16_t code,
	       int32_t value, uint64_t t)
{
	struct trace_record *r;

	if (m->n == m->cap)
		return;
	r = &m->out[m->n++];
	memset(r, 0, sizeof(*r));
	r->kind = INPUTTRACE_REC_EVENT;
	r->ev.head.kind = INPUTTRACE_REC_EVENT;
	r->ev.head.size = sizeof(r->ev);
	r->ev.head.dev_id = dev;
	/* evdev timestamps have microsecond resolution */
	r->ev.head.time_ns = t / 1000 * 1000;
	r->ev.read_ns = t + 50000 + rnd(m, 500000);
	r->ev.cgroup_id = 7421;
	r->ev.pid = 1834;
	r->ev.tgid = 1834;
	r->ev.cpu = rnd(m, 2);
	r->ev.type = type;
	r->ev.code = code;
	r->ev.value = value;
	r->ev.clock = INPUTTRACE_CLOCK_MONOTONIC;
	r->ev.level = INPUTTRACE_LEVEL_FULL;
	strncpy(r->ev.comm, "gnome-shell", sizeof(r->ev.comm) - 1);
	m->events++;
}

static void mouse_frame(struct mix *m, uint64_t t)
{
	ev(m, DEV_MOUSE, EV_REL, REL_X, (int32_t)rnd(m, 9) - 4, t);
	ev(m, DEV_MOUSE, EV_REL, REL_Y, (int32_t)rnd(m, 7) - 3, t);
	ev(m, DEV_MOUSE, EV_SYN, SYN_REPORT, 0, t);
}

static void touchpad_frame(struct mix *m, uint64_t t, int32_t *x, int32_t *y)
{
	int slot;

	for (slot = 0; slot < 2; slot++) {
		x[slot] += (int32_t)rnd(m, 21) - 10;
		y[slot] += (int32_t)rnd(m, 21) - 10;
		ev(m, DEV_TOUCHPAD, EV_ABS, ABS_MT_SLOT, slot, t);
		ev(m, DEV_TOUCHPAD, EV_ABS, ABS_MT_POSITION_X, x[slot], t);
		ev(m, DEV_TOUCHPAD, EV_ABS, ABS_MT_POSITION_Y, y[slot], t);
	}
	ev(m, DEV_TOUCHPAD, EV_ABS, ABS_X, x[0], t);
	ev(m, DEV_TOUCHPAD, EV_ABS, ABS_Y, y[0], t);
	ev(m, DEV_TOUCHPAD, EV_MSC, MSC_TIMESTAMP, (int32_t)(t / 1000), t);
	ev(m, DEV_TOUCHPAD, EV_SYN, SYN_REPORT, 0, t);
}

static void key_frame(struct mix *m, uint64_t t, uint16_t key, int32_t value)
{
	ev(m, DEV_KEYBOARD, EV_MSC, MSC_SCAN, 0x70000 + key, t);
	ev(m, DEV_KEYBOARD, EV_KEY, key, value, t);
	ev(m, DEV_KEYBOARD, EV_SYN, SYN_REPORT, 0, t);
}

size_t stream_mix(struct trace_record *out, size_t n, uint64_t seed)
{
	struct mix m = { .out = out, .cap = n, .rng = seed | 1,
			 .now_ns = 3600ULL * 1000000000ULL };
	int32_t x[2] = { 1200, 2400 }, y[2] = { 800, 900 };
	uint64_t ms, key_down = 50, key_up = 0, repeat = 0;
	uint16_t key = KEY_A;
	unsigned int typed = 0;

	device(&m, DEV_MOUSE, "Logitech G Pro Wireless", BUS_USB, 0x046d, 0xc088);
	device(&m, DEV_TOUCHPAD, "SYNA8004:00 06CB:CD8B Touchpad", BUS_I2C, 0x06cb, 0xcd8b);
	device(&m, DEV_KEYBOARD, "AT Translated Set 2 keyboard", BUS_I8042, 0x0001, 0x0001);
	for (ms = 0; m.n < m.cap; ms++) {
		uint64_t t = m.now_ns + ms * 1000000ULL;

		mouse_frame(&m, t + 150000);
		if (ms % 8 == 0)
			touchpad_frame(&m, t + 400000, x, y);
		if (ms == key_down) {
			key = KEY_A + rnd(&m, 26);
			key_frame(&m, t + 700000, key, 1);
			/* one key in twenty is held long enough to repeat */
			key_up = ms + (rnd(&m, 20) ? 40 + rnd(&m, 50) : 600);
			repeat = ms + 250;
		} else if (ms == key_up) {
			key_frame(&m, t + 700000, key, 0);
			/* bursts of ~12 keys, then a pause to think */
			key_down = ms + (++typed % 12 ? 60 + rnd(&m, 140) : 1000 + rnd(&m, 2000));
		} else if (key_up > ms && ms >= repeat) {
			key_frame(&m, t + 700000, key, 2);
			repeat = ms + 30;
		}
	}
	return m.events;
}

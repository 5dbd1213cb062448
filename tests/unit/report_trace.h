/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_trace.h - a known recording for the report tests, written by the
 * real writer: a mouse switching between 125 Hz and 1 kHz read by two
 * readers, a keyboard read at level redacted with a 1 ms quantum (its
 * DEVICE record after its first event), LOSS and PAUSE records; split in
 * two rotated files of a directory, plaintext or encrypted.
 */
#ifndef __REPORT_TRACE_H
#define __REPORT_TRACE_H

#include "unit_helpers.h"
#include <linux/input.h>

#define RT_MOUSE	1
#define RT_KBD		2
#define RT_T0		10000000000ll	/* 10 s */

struct rt_writer {
	struct tracefile_writer *w[2];
	int64_t split;		/* records from this time go to the second file */
};

static inline void rt_put(struct rt_writer *rw, struct trace_record *r)
{
	assert_int_equal(tracefile_append(rw->w[r->head.time_ns >= (uint64_t)rw->split], r), 0);
}

/* One event of @reader (0 Xorg, 1 libinput, 2 gnome-shell) at @t. */
static inline void rt_event(struct rt_writer *rw, int reader, uint32_t dev, int64_t t,
			    uint16_t type, uint16_t code, int32_t value, int64_t lat)
{
	static const char *const comm[] = { "Xorg", "libinput", "gnome-shell" };
	struct trace_record r = mk_event(t, dev, type, code, value);

	r.ev.read_ns = t + lat;
	r.ev.tgid = 700 + 100 * reader;
	r.ev.pid = r.ev.tgid;
	r.ev.cgroup_id = 10 + reader;
	strcpy(r.ev.comm, comm[reader]);
	if (reader == 2) {
		r.ev.level = INPUTTRACE_LEVEL_REDACTED;
		r.ev.quantum_ns = 1000000;
		r.ev.head.time_ns -= r.ev.head.time_ns % 1000000;
		r.ev.read_ns -= r.ev.read_ns % 1000000;
		if (type == EV_KEY) {
			r.ev.flags = INPUTTRACE_EV_REDACTED;
			r.ev.code = INPUTTRACE_KC_LETTER;
		}
	}
	rt_put(rw, &r);
}

/* Deterministic latency spread: 20 us plus up to ~2 ms, a long tail. */
static inline int64_t rt_lat(int i, int reader)
{
	int64_t x = (int64_t)((unsigned int)(i * 7919 + reader * 104729) % 1000);

	return 20000 + reader * 60000 + x * 200 + (x > 990 ? 3000000 : 0);
}

/*
 * Write the recording into @dir as two files (inputtrace-*.itr, the
 * rotation's names) of format @version (0: the default), encrypted to @pk
 * unless NULL.  Paths in @paths[2].
 */
static inline void write_report_trace_v(const char *dir, const unsigned char *pk,
					uint16_t version, char *paths[2])
{
	struct tracefile_opts o = { .compress = true, .sync = TRACEFILE_SYNC_NONE,
				    .recipient_pk = pk, .version = version };
	struct trace_record r, mouse = mk_device(RT_T0, RT_MOUSE, 5, "Example Mouse"),
			       kbd = mk_device(RT_T0, RT_KBD, 3, "Example Keyboard");
	struct rt_writer rw = { .split = RT_T0 + 3000000000ll };
	int64_t t = RT_T0;
	int i, k;

	paths[0] = path_join(dir, "inputtrace-20260101-000000-1.itr");
	paths[1] = path_join(dir, "inputtrace-20260101-000003-1.itr");
	for (i = 0; i < 2; i++)
		assert_int_equal(tracefile_create(paths[i], NULL, &o, &rw.w[i]), 0);
	/* each file starts with the devices seen so far, as on rotation */
	assert_int_equal(tracefile_append(rw.w[0], &mouse), 0);
	assert_int_equal(tracefile_append(rw.w[1], &mouse), 0);
	assert_int_equal(tracefile_append(rw.w[1], &kbd), 0);
	/* mouse: 300 frames at 8 ms, 2000 at 1 ms, 300 at 8 ms; two readers */
	for (i = 0; i < 2600; i++) {
		t += i < 300 || i >= 2300 ? 8000000 : 1000000;
		for (k = 0; k < 2; k++) {
			rt_event(&rw, k, RT_MOUSE, t, EV_REL, REL_X, i % 7 - 3, rt_lat(2 * i, k));
			rt_event(&rw, k, RT_MOUSE, t, EV_SYN, SYN_REPORT, 0, rt_lat(2 * i + 1, k));
		}
		if (i == 100) {	/* the keyboard's first event, before its DEVICE record */
			rt_event(&rw, 2, RT_KBD, t + 300000, EV_KEY, KEY_A, 1, 400000);
			rt_put(&rw, &kbd);
		}
		if (i == 1000) {
			r = mk_loss(t, INPUTTRACE_LOSS_RING_FULL, 1, 5);
			rt_put(&rw, &r);
		}
		if (i == 2500) {
			r = mk_loss(t, INPUTTRACE_LOSS_WRITE, UINT32_MAX, 2);
			rt_put(&rw, &r);
			r = mk_pause(t, t - 200000000, 17);
			rt_put(&rw, &r);
			r = mk_pause(t + 100000, 0, 3);
			rt_put(&rw, &r);
		}
	}
	/* keyboard: 40 more presses, each MSC_SCAN, KEY and SYN */
	for (i = 0; i < 40; i++) {
		int64_t kt = RT_T0 + 250000000ll + i * 97000000ll;

		rt_event(&rw, 2, RT_KBD, kt, EV_MSC, MSC_SCAN, 0x70004, rt_lat(i, 2) * 10);
		rt_event(&rw, 2, RT_KBD, kt, EV_KEY, KEY_A, i % 2, rt_lat(i, 2) * 10);
		rt_event(&rw, 2, RT_KBD, kt, EV_SYN, SYN_REPORT, 0, rt_lat(i, 2) * 10);
	}
	for (i = 0; i < 2; i++)
		assert_int_equal(tracefile_close(rw.w[i]), 0);
}

static inline void write_report_trace(const char *dir, const unsigned char *pk, char *paths[2])
{
	write_report_trace_v(dir, pk, 0, paths);
}

#endif /* __REPORT_TRACE_H */

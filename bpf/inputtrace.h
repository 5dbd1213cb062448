/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * inputtrace.h - the record layout, written once for both sides.
 *
 * Included by bpf/inputtrace.bpf.c (kernel side), by userspace/ and, for
 * the levels, flags and key classes it puts into records, by inputtrace.ko.
 * Only what crosses the ring buffer (and the event the reader joins from it)
 * is here: the kfunc's verdict and the
 * timestamp quantum are in include/inputtrace_verdict.h.  Fixed-width
 * types only (the includer provides them), no vmlinux.h, timestamp first.  The BPF program
 * writes these structs into the per-CPU ring buffers in host byte order;
 * the reader turns them into the portable on-disk encoding (see
 * userspace/record_codec.h), so this layout may change between versions
 * without breaking old trace files.
 */
#ifndef __INPUTTRACE_H
#define __INPUTTRACE_H

#define INPUTTRACE_COMM_LEN	16
#define INPUTTRACE_NAME_LEN	64	/* input_dev->name, truncated */
#define INPUTTRACE_PHYS_LEN	32	/* input_dev->phys, truncated */
#define INPUTTRACE_UNIQ_LEN	32	/* input_dev->uniq, truncated */

/* Ring record kinds (first __u16 after the timestamp). */
enum inputtrace_kind {
	INPUTTRACE_REC_EVENT	= 1,	/* one input_event delivered to a reader */
	INPUTTRACE_REC_DEVICE	= 2,	/* a device's metadata, once per device */
	INPUTTRACE_REC_LOSS	= 3,	/* userspace only: records that were lost */
	INPUTTRACE_REC_PAUSE	= 4,	/* userspace only: events suppressed by a pause */
	INPUTTRACE_REC_READER	= 5,	/* ring only: a reader context, see below */
	INPUTTRACE_REC_CAPS	= 6,	/* a device's capabilities, after DEVICE */
};

/* Clock of the evdev client (enum input_clock_type in the kernel). */
enum inputtrace_clock {
	INPUTTRACE_CLOCK_REALTIME	= 0,
	INPUTTRACE_CLOCK_MONOTONIC	= 1,
	INPUTTRACE_CLOCK_BOOTTIME	= 2,
};

/* Capture levels, as decided by inputtrace.ko for the reader's cgroup. */
enum inputtrace_level {
	INPUTTRACE_LEVEL_REDACTED	= 0,
	INPUTTRACE_LEVEL_FULL		= 1,
};

/* inputtrace_event.flags */
#define INPUTTRACE_EV_REDACTED		0x01	/* code is a key class, not a key */
#define INPUTTRACE_EV_VALUE_CLEARED	0x02	/* value withheld (e.g. MSC_SCAN) */

/*
 * Redacted key classes.  With level=redacted an EV_KEY event of a keyboard
 * key carries one of these in .code (and INPUTTRACE_EV_REDACTED in .flags)
 * instead of the key code.  They are decided by inputtrace.ko, not by BPF.
 */
enum inputtrace_key_class {
	INPUTTRACE_KC_OTHER		= 0,
	INPUTTRACE_KC_LETTER		= 1,
	INPUTTRACE_KC_DIGIT		= 2,
	INPUTTRACE_KC_PUNCTUATION	= 3,
	INPUTTRACE_KC_WHITESPACE	= 4,	/* space, tab, enter */
	INPUTTRACE_KC_MODIFIER		= 5,	/* shift, ctrl, alt, meta, locks */
	INPUTTRACE_KC_NAVIGATION	= 6,	/* arrows, home/end, page up/down */
	INPUTTRACE_KC_EDITING		= 7,	/* backspace, delete, insert */
	INPUTTRACE_KC_FUNCTION		= 8,	/* F1..F24, escape */
	INPUTTRACE_KC_MEDIA		= 9,	/* volume, play, brightness, ... */
	INPUTTRACE_KC_COUNT
};

/* Common head of every ring record. */
struct inputtrace_rec_head {
	__u64 time_ns;		/* event time (EVENT) / first sight (DEVICE) */
	__u16 kind;		/* enum inputtrace_kind */
	__u16 size;		/* sizeof the whole record */
	__u32 dev_id;		/* small per-session device id, see DEVICE */
};

/*
 * INPUTTRACE_REC_EVENT as the ring carries it: what changes from event to
 * event.  Who read it (pid, comm, cgroup, clock) and what the policy applied
 * (level, quantum) change rarely: they travel once, in the READER record
 * that ctx_id names, which the BPF program submits to the same ring before
 * the first event that uses it.  The reader joins the two into a struct
 * inputtrace_event.
 */
struct inputtrace_ring_event {
	struct inputtrace_rec_head head;	/* time_ns as in inputtrace_event */
	__u64 read_ns;		/* CLOCK_MONOTONIC at delivery (copy to user) */
	__u32 ctx_id;		/* the READER record that describes the reader */
	__u16 type;
	__u16 code;		/* a key class if flags & INPUTTRACE_EV_REDACTED */
	__s32 value;
	__u8 flags;		/* INPUTTRACE_EV_* */
	__u8 __pad;
	__u16 cpu;		/* CPU of the ring it was written to */
};

/*
 * INPUTTRACE_REC_READER (ring only): one reader task's context.  A task
 * gets a new ctx_id, and a new READER record, whenever one of these fields
 * changes (a policy change of level or quantum, a cgroup move, a new comm,
 * an evdev client with another clock).  Ids count up from 1 per load of
 * the BPF program and are never reused.
 */
struct inputtrace_reader {
	struct inputtrace_rec_head head;	/* time_ns: CLOCK_MONOTONIC; dev_id 0 */
	__u64 cgroup_id;	/* cgroup v2 id of the reading task */
	__u32 ctx_id;
	__u32 pid;		/* reading thread id */
	__u32 tgid;		/* reading process id */
	__u32 quantum_ns;	/* timestamp quantum applied, 0 = exact */
	__u8 clock;		/* enum inputtrace_clock of the reader's client */
	__u8 level;		/* enum inputtrace_level applied */
	__u8 __pad[6];
	char comm[INPUTTRACE_COMM_LEN];
};

/*
 * INPUTTRACE_REC_EVENT as the reader holds it and the trace file codecs
 * encode it (userspace/lib/record_codec*.h): a ring event joined with its
 * reader context.
 */
struct inputtrace_event {
	struct inputtrace_rec_head head;
	/*
	 * head.time_ns is the event's own timestamp (input_event.time).  In
	 * the ring it is in the reader's evdev clock (.clock), microsecond
	 * resolution; the reader converts it to CLOCK_MONOTONIC.  With a
	 * quantum, head.time_ns and read_ns are rounded down to a multiple
	 * of it in the kernel (and again after the clock conversion).
	 */
	__u64 read_ns;		/* CLOCK_MONOTONIC at delivery (copy to user) */
	__u64 cgroup_id;	/* cgroup v2 id of the reading task */
	__u32 pid;		/* reading thread id */
	__u32 tgid;		/* reading process id */
	__u32 cpu;
	__u16 type;
	__u16 code;		/* a key class if flags & INPUTTRACE_EV_REDACTED */
	__s32 value;
	__u8 clock;		/* enum inputtrace_clock of the reader's client */
	__u8 flags;		/* INPUTTRACE_EV_* */
	__u8 level;		/* enum inputtrace_level applied */
	__u8 __pad;
	char comm[INPUTTRACE_COMM_LEN];
	__u32 quantum_ns;	/* timestamp quantum applied, 0 = exact */
	__u32 __pad2;
};

/* INPUTTRACE_REC_DEVICE: emitted before the first event of a device. */
struct inputtrace_device {
	struct inputtrace_rec_head head;	/* time_ns: CLOCK_MONOTONIC */
	__u32 minor;		/* N of /dev/input/eventN */
	__u16 bustype;
	__u16 vendor;
	__u16 product;
	__u16 version;
	char name[INPUTTRACE_NAME_LEN];
	char phys[INPUTTRACE_PHYS_LEN];
	char uniq[INPUTTRACE_UNIQ_LEN];
};

/*
 * Sizes of the kernel's capability bitmaps (EV_CNT, KEY_CNT, ... in
 * <linux/input-event-codes.h>), in 64-bit words.  Bit N of a bitmap is bit
 * N % 64 of word N / 64, as in the kernel's unsigned long bitmaps on a
 * 64-bit machine.
 */
#define INPUTTRACE_ABS_CNT	64	/* ABS_CNT */
#define INPUTTRACE_EV_WORDS	1	/* EV_CNT 32 */
#define INPUTTRACE_KEY_WORDS	12	/* KEY_CNT 768 */
#define INPUTTRACE_REL_WORDS	1	/* REL_CNT 16 */
#define INPUTTRACE_ABS_WORDS	(INPUTTRACE_ABS_CNT / 64)
#define INPUTTRACE_MSC_WORDS	1	/* MSC_CNT 8 */
#define INPUTTRACE_LED_WORDS	1	/* LED_CNT 16 */
#define INPUTTRACE_SND_WORDS	1	/* SND_CNT 8 */
#define INPUTTRACE_FF_WORDS	2	/* FF_CNT 128 */
#define INPUTTRACE_SW_WORDS	1	/* SW_CNT 17 */
#define INPUTTRACE_PROP_WORDS	1	/* INPUT_PROP_CNT 32 */

/* struct input_absinfo, field for field. */
struct inputtrace_absinfo {
	__s32 value;		/* the axis' value when the device was first seen */
	__s32 minimum;
	__s32 maximum;
	__s32 fuzz;
	__s32 flat;
	__s32 resolution;
};

/*
 * INPUTTRACE_REC_CAPS: what a replay needs to recreate the device, read by
 * the BPF program from the kernel's struct input_dev when it announces the
 * device, and submitted to the same ring right after the DEVICE record
 * (both or neither).  The recorder writes it after the DEVICE record in
 * every file.  absinfo[N] is meaningful only where bit N of absbit is set;
 * rep_* are the kernel's (250/33 for every device unless changed), an
 * autorepeat only where evbit has EV_REP.
 */
struct inputtrace_caps {
	struct inputtrace_rec_head head;	/* time_ns: CLOCK_MONOTONIC */
	__u64 evbit[INPUTTRACE_EV_WORDS];
	__u64 keybit[INPUTTRACE_KEY_WORDS];
	__u64 relbit[INPUTTRACE_REL_WORDS];
	__u64 absbit[INPUTTRACE_ABS_WORDS];
	__u64 mscbit[INPUTTRACE_MSC_WORDS];
	__u64 ledbit[INPUTTRACE_LED_WORDS];
	__u64 sndbit[INPUTTRACE_SND_WORDS];
	__u64 ffbit[INPUTTRACE_FF_WORDS];
	__u64 swbit[INPUTTRACE_SW_WORDS];
	__u64 propbit[INPUTTRACE_PROP_WORDS];
	__u32 rep_delay;	/* input_dev->rep[REP_DELAY], ms; 0: none */
	__u32 rep_period;	/* input_dev->rep[REP_PERIOD], ms */
	struct inputtrace_absinfo absinfo[INPUTTRACE_ABS_CNT];
};

/* Where a record was lost (inputtrace_loss.source). */
enum inputtrace_loss_source {
	INPUTTRACE_LOSS_RING_FULL	= 1,	/* BPF ring reserve failed */
	INPUTTRACE_LOSS_DEVICE_MAP	= 2,	/* device table full: events kept, dev_id 0 */
	INPUTTRACE_LOSS_READER		= 3,	/* reader could not keep a record */
	INPUTTRACE_LOSS_WRITE		= 4,	/* could not be written (disk full) */
};

/*
 * INPUTTRACE_REC_LOSS: written by the reader into the stream whenever a
 * loss counter moved; count is the number lost since the previous LOSS
 * record for the same (source, cpu).
 */
struct inputtrace_loss {
	struct inputtrace_rec_head head;	/* time_ns: when noticed */
	__u32 source;		/* enum inputtrace_loss_source */
	__u32 cpu;		/* CPU whose counter moved, or ~0u */
	__u64 count;
};

/*
 * INPUTTRACE_REC_PAUSE: written by the reader when it sees tracing resumed
 * (or at the end of the recording) and the suppressed counter moved: while
 * /sys/kernel/inputtrace/paused is 1, events of readers in scope are only
 * counted.  count is the number suppressed since the previous PAUSE record.
 */
struct inputtrace_pause {
	struct inputtrace_rec_head head;	/* time_ns: resume noticed */
	__u64 since_ns;		/* pause first noticed; 0: began and ended
				 * between two looks of the reader */
	__u64 count;
};

/*
 * Indexes of the BPF per-CPU counter array ("counters" map).  Only events of
 * readers in scope are ever counted: how much an untraced person types is
 * not the tracer's business either.
 */
enum inputtrace_counter {
	INPUTTRACE_CNT_EMITTED		= 0,	/* records submitted */
	INPUTTRACE_CNT_LOST_RING	= 1,	/* ring reserve failures */
	INPUTTRACE_CNT_LOST_DEVMAP	= 2,	/* device table full */
	INPUTTRACE_CNT_FILTERED		= 3,	/* in scope, dropped by filters */
	INPUTTRACE_CNT_SUPPRESSED	= 4,	/* in scope, dropped: paused */
	INPUTTRACE_CNT_MAX
};

/*
 * The ring layout is an ABI between the BPF object and the reader that loads
 * it: a field added or moved must be a deliberate change, seen here.
 */
_Static_assert(sizeof(struct inputtrace_rec_head) == 16, "rec_head size");
_Static_assert(sizeof(struct inputtrace_ring_event) == 40, "ring event size");
_Static_assert(sizeof(struct inputtrace_reader) == 64, "reader record size");
_Static_assert(sizeof(struct inputtrace_event) == 80, "event record size");
_Static_assert(sizeof(struct inputtrace_device) == 160, "device record size");
_Static_assert(sizeof(struct inputtrace_absinfo) == 24, "absinfo size");
_Static_assert(sizeof(struct inputtrace_caps) == 16 + 22 * 8 + 8 + 64 * 24, "caps record size");
_Static_assert(sizeof(struct inputtrace_loss) == 32, "loss record size");
_Static_assert(sizeof(struct inputtrace_pause) == 32, "pause record size");

#endif /* __INPUTTRACE_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace.bpf.c - consumer-side tracing of evdev input events
 *
 * Hooks the evdev read path, so everything about the record (pid, comm,
 * cgroup) describes the task that *receives* the input, not whatever task an
 * interrupt landed on:
 *
 *   fentry/evdev_read           remember which evdev client this task reads
 *   fentry/input_event_to_user  one call per event copied to that reader:
 *                               ask inputtrace.ko, filter, emit
 *   fexit/evdev_read            forget the client
 *
 * input_event_to_user() is also used by uinput for force-feedback reads;
 * those happen outside evdev_read() and are ignored.  Policy is decided by
 * the module's kfunc in the reader's context, its answers remembered per
 * type and code until the policy or the reader's cgroup changes (see
 * decide()); records go to a ring buffer of the current CPU and every
 * failed reserve is counted.
 *
 * A submit does not wake the recorder (see submit()): it drains every ring
 * each time its poll times out, and is woken early only as a ring fills.
 * One read() copies many events of one device: what is the same for all of
 * them (device id, device filter, who the reader is) is looked up once per
 * read() and kept in the reader's task storage.  Who the reader is, and the
 * level and quantum applied, go into the ring once, as a READER record, and
 * each event names it by ctx_id (see reader_ctx()).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "inputtrace.h"
#include "inputtrace_verdict.h"

char LICENSE[] SEC("license") = "GPL";

#define EV_KEY_TYPE	0x01
#define EVDEV_MINOR_BASE	64
#define EVDEV_MINORS		32
#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)
#define MAX_DEVICES	1024

/* Knobs set by the reader through skel->rodata before load. */
const volatile __u32 type_mask = ~0U;	/* bit n: record events of type n */
const volatile bool filter_devices;	/* only minors in device_filter */
const volatile __u32 code_types;	/* bit n: type n narrowed by code_filter */
const volatile __u64 wake_bytes;	/* wake the recorder per this much fill */

/* Implemented by inputtrace.ko: the policy for the current reader. */
extern s64 inputtrace_decide(u32 type, u32 code) __ksym;
extern u64 inputtrace_policy_generation(void) __ksym;

struct ringbuf {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
};

/* One ring per CPU, filled in by the reader after load (key: CPU id). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct ringbuf);
} rings SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, INPUTTRACE_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/*
 * A remembered inputtrace_decide() answer: key is VERDICT_KEY(type, code),
 * 0 for an empty slot.  Direct-mapped by VERDICT_SLOT(): the codes one
 * device sends in a frame (REL_X, REL_Y, SYN_REPORT; the MT axes) land in
 * different slots.
 */
#define VERDICT_SLOTS		32
#define VERDICT_KEY(type, code)	(1ULL << 32 | (__u64)(type) << 16 | (code))
#define VERDICT_SLOT(type, code)	(((code) + (type) * 11) & (VERDICT_SLOTS - 1))

struct verdict_slot {
	__u64 key;
	__s64 verdict;
};

/*
 * A reader task.  client, dev_id, dev_match and ident_checked are reset by
 * every evdev_read(): what it reads stays the same throughout.  clock,
 * level, quantum, pid_tgid, cgroup_id and comm describe the READER record
 * ctx_id (0: none yet, or it changed).  verdicts hold for policy generation
 * verdict_gen and cgroup verdict_cgroup.
 */
struct reader {
	struct evdev_client *client;	/* set only inside evdev_read() */
	__u32 dev_id;		/* device_id() of client's device, 0: unknown */
	__u8 dev_match;		/* device filter verdict: 0 unknown, 1 in, 2 out */
	__u8 ident_checked;	/* this read()'s task and client compared */
	__u8 clock;
	__u8 level;
	__u32 ctx_id;
	__u32 quantum;
	__u64 pid_tgid;
	__u64 cgroup_id;
	__u64 comm[INPUTTRACE_COMM_LEN / 8];
	__u64 emitted;		/* events submitted, counted at evdev_read() exit */
	__u64 verdict_gen;
	__u64 verdict_cgroup;
	struct verdict_slot verdicts[VERDICT_SLOTS];
};

enum { DEV_MATCH_UNKNOWN, DEV_MATCH_IN, DEV_MATCH_OUT };

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct reader);
} readers SEC(".maps");

struct devinfo {
	__u32 id;
	__u32 announced;	/* a DEVICE record is in (or on its way to) a ring */
};

/* input_dev address -> per-session id; the address never leaves the kernel */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_DEVICES);
	__type(key, __u64);
	__type(value, struct devinfo);
} devices SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);		/* evdev minor (N of eventN) */
	__type(value, __u8);
} device_filter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);		/* type << 16 | code, as recorded */
	__type(value, __u8);
} code_filter SEC(".maps");

__u32 next_dev_id;
__u32 next_ctx_id;

static __always_inline void count_n(__u32 idx, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&counters, &idx);

	if (v)
		__sync_fetch_and_add(v, n);
}

static __always_inline void count(__u32 idx)
{
	count_n(idx, 1);
}

/* N of /dev/input/eventN, numbered as evdev_connect() names it */
static __always_inline __u32 evdev_num(struct evdev *evdev)
{
	__u32 minor = BPF_CORE_READ(evdev, dev.devt) & MINORMASK;

	if (minor < EVDEV_MINOR_BASE + EVDEV_MINORS)
		return minor - EVDEV_MINOR_BASE;
	return minor;
}

/*
 * A record of @size in the ring of this CPU (*ring, CPU *cpu), or NULL,
 * counted.
 */
static __always_inline void *reserve(void **ring, __u32 *cpu, __u64 size)
{
	void *rec = NULL;

	*cpu = bpf_get_smp_processor_id();
	*ring = bpf_map_lookup_elem(&rings, cpu);
	if (*ring)
		rec = bpf_ringbuf_reserve(*ring, size, 0);
	if (!rec)
		count(INPUTTRACE_CNT_LOST_RING);
	return rec;
}

/* Bytes a record of @size takes in a ring: an 8-byte header, 8-aligned. */
#define RING_SPACE(size)	(((size) + BPF_RINGBUF_HDR_SZ + 7) & ~7ULL)

/*
 * Submit without a wakeup, unless this record made the unread part of the
 * ring cross a multiple of wake_bytes (a quarter of the ring): a wakeup
 * costs an irq_work and a context switch of the recorder, per record when
 * it keeps up.  The fill counts records reserved here, so the space each
 * adds tiles it and a steady stream crosses every multiple once; a
 * crossing missed (a nested producer on this CPU reserved in between) is
 * caught at the next multiple or by the recorder's poll timeout.  The
 * first wakeup leaves three quarters of the ring for the recorder to get
 * scheduled in.
 */
static __always_inline void submit(void *ring, void *rec, __u64 size)
{
	__u64 fill = bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA);
	__u64 before = fill - RING_SPACE(size);

	if (fill >= RING_SPACE(size) && before / wake_bytes < fill / wake_bytes)
		bpf_ringbuf_submit(rec, BPF_RB_FORCE_WAKEUP);
	else
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
}

/*
 * What a replay needs to recreate @dev (struct inputtrace_caps): its
 * bitmaps, its repeat settings, and the absinfo of every axis.  Read here,
 * from the struct input_dev, because nothing else has all of it: sysfs
 * shows the bitmaps but no absinfo, and EVIOCGABS would make the recorder
 * an evdev client of every device it traces.
 */
static __always_inline void fill_caps(struct inputtrace_caps *c,
				      struct input_dev *dev)
{
	struct input_absinfo *abs = BPF_CORE_READ(dev, absinfo);

	BPF_CORE_READ_INTO(&c->evbit, dev, evbit);
	BPF_CORE_READ_INTO(&c->keybit, dev, keybit);
	BPF_CORE_READ_INTO(&c->relbit, dev, relbit);
	BPF_CORE_READ_INTO(&c->absbit, dev, absbit);
	BPF_CORE_READ_INTO(&c->mscbit, dev, mscbit);
	BPF_CORE_READ_INTO(&c->ledbit, dev, ledbit);
	BPF_CORE_READ_INTO(&c->sndbit, dev, sndbit);
	BPF_CORE_READ_INTO(&c->ffbit, dev, ffbit);
	BPF_CORE_READ_INTO(&c->swbit, dev, swbit);
	BPF_CORE_READ_INTO(&c->propbit, dev, propbit);
	c->rep_delay = BPF_CORE_READ(dev, rep[0]);	/* REP_DELAY */
	c->rep_period = BPF_CORE_READ(dev, rep[1]);	/* REP_PERIOD */
	/*
	 * A device without EV_ABS has no absinfo array (NULL): the read fails
	 * and the helper zeroes what it could not read (1.5 KiB, more than
	 * clang would inline as a memset).
	 */
	bpf_probe_read_kernel(c->absinfo, sizeof(c->absinfo), abs);
}

/*
 * The DEVICE record and, right after it in the same ring, the CAPS record
 * of a device seen for the first time.  Both or neither: a reader must
 * not meet a device it cannot describe, so if either reservation fails
 * (counted) the other is given back and the next event tries again.
 */
static __always_inline void announce(struct devinfo *di, struct evdev *evdev,
				     struct input_dev *dev, __u64 now)
{
	struct inputtrace_device *rec;
	struct inputtrace_caps *caps;
	void *ring;
	__u32 cpu;

	rec = reserve(&ring, &cpu, sizeof(*rec));
	if (!rec) {
		di->announced = 0;	/* lost (counted): try again next time */
		return;
	}
	caps = bpf_ringbuf_reserve(ring, sizeof(*caps), 0);
	if (!caps) {
		count(INPUTTRACE_CNT_LOST_RING);
		bpf_ringbuf_discard(rec, BPF_RB_NO_WAKEUP);
		di->announced = 0;
		return;
	}
	rec->head.time_ns = now;
	rec->head.kind = INPUTTRACE_REC_DEVICE;
	rec->head.size = sizeof(*rec);
	rec->head.dev_id = di->id;
	rec->minor = evdev_num(evdev);
	rec->bustype = BPF_CORE_READ(dev, id.bustype);
	rec->vendor = BPF_CORE_READ(dev, id.vendor);
	rec->product = BPF_CORE_READ(dev, id.product);
	rec->version = BPF_CORE_READ(dev, id.version);
	/*
	 * _str reads leave the bytes after the NUL as the ring had them (older
	 * records); the reader's encoder writes only up to the NUL and pads.
	 */
	bpf_probe_read_kernel_str(rec->name, sizeof(rec->name),
				  BPF_CORE_READ(dev, name));
	bpf_probe_read_kernel_str(rec->phys, sizeof(rec->phys),
				  BPF_CORE_READ(dev, phys));
	bpf_probe_read_kernel_str(rec->uniq, sizeof(rec->uniq),
				  BPF_CORE_READ(dev, uniq));
	caps->head.time_ns = now;
	caps->head.kind = INPUTTRACE_REC_CAPS;
	caps->head.size = sizeof(*caps);
	caps->head.dev_id = di->id;
	fill_caps(caps, dev);
	submit(ring, rec, sizeof(*rec));
	submit(ring, caps, sizeof(*caps));
	count(INPUTTRACE_CNT_EMITTED);
	count(INPUTTRACE_CNT_EMITTED);
}

/*
 * The per-session id of @dev, announcing the device on first sight.
 * *settled: the id is there and so is its DEVICE record (in a ring, or on
 * its way from another CPU); else ask again, and retry the announcement.
 */
static __always_inline __u32 device_id(struct evdev *evdev,
				       struct input_dev *dev, __u64 now,
				       bool *settled)
{
	__u64 key = (__u64)dev;
	struct devinfo *di, fresh = {};

	di = bpf_map_lookup_elem(&devices, &key);
	if (!di) {
		fresh.id = __sync_fetch_and_add(&next_dev_id, 1) + 1;
		/* a concurrent first sight may win; then use its id */
		bpf_map_update_elem(&devices, &key, &fresh, BPF_NOEXIST);
		di = bpf_map_lookup_elem(&devices, &key);
		if (!di) {
			count(INPUTTRACE_CNT_LOST_DEVMAP);
			*settled = false;
			return 0;
		}
	}
	/* one CPU wins the announcement when several see the device at once */
	if (!di->announced &&
	    !__sync_val_compare_and_swap(&di->announced, 0, 1))
		announce(di, evdev, dev, now);
	*settled = di->announced;
	return di->id;
}

/*
 * inputtrace_decide(type, code), asked once per policy, cgroup, type and
 * code: the module's answer depends on nothing else, and asking costs a
 * quarter of the program (171 of 699 ns/event under make bench).
 * The module counts policies published, so an answer is reused only under
 * the policy that gave it (or a newer one whose count the reader did not
 * see yet, as if the event came just before it).  The cgroup is read per
 * event; an answer is kept only if the reader was in that cgroup before
 * and after asking, so a move in between is not remembered as the wrong
 * cgroup's answer.
 */
static __always_inline s64 decide(struct reader *r, __u32 type, __u32 code)
{
	__u64 gen = inputtrace_policy_generation();
	__u64 cgroup = bpf_get_current_cgroup_id();
	__u64 key = VERDICT_KEY(type, code);
	struct verdict_slot *slot;
	s64 verdict;
	int i;

	if (gen != r->verdict_gen || cgroup != r->verdict_cgroup) {
		for (i = 0; i < VERDICT_SLOTS; i++)
			r->verdicts[i].key = 0;
		r->verdict_gen = gen;
		r->verdict_cgroup = cgroup;
	}
	slot = &r->verdicts[VERDICT_SLOT(type, code)];
	if (slot->key == key)
		return slot->verdict;
	verdict = inputtrace_decide(type, code);
	if (bpf_get_current_cgroup_id() == cgroup) {
		slot->key = key;
		slot->verdict = verdict;
	}
	return verdict;
}

/* Once per read(): a new ctx_id if the task or its client changed. */
static __always_inline void check_identity(struct reader *r,
					   struct evdev_client *client)
{
	__u64 comm[INPUTTRACE_COMM_LEN / 8];	/* compared as two words */
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 cgroup_id = bpf_get_current_cgroup_id();
	__u8 clock = BPF_CORE_READ(client, clk_type);

	bpf_get_current_comm(comm, sizeof(comm));
	r->ident_checked = 1;
	if (pid_tgid == r->pid_tgid && cgroup_id == r->cgroup_id &&
	    clock == r->clock && comm[0] == r->comm[0] && comm[1] == r->comm[1])
		return;
	r->pid_tgid = pid_tgid;
	r->cgroup_id = cgroup_id;
	r->clock = clock;
	__builtin_memcpy(r->comm, comm, sizeof(comm));
	r->ctx_id = 0;
}

/*
 * The ctx_id describing this reader with @level and @quantum, submitting a
 * READER record first when it is new; 0 when that record could not be
 * reserved (counted as the loss of the event that needed it: the event is
 * not written, and the next one tries again).  The READER record goes to
 * this CPU's ring before the event, so the recorder sees it first there; an
 * event of the same task on another CPU's ring later may still be drained
 * before it, which the recorder allows for (userspace/recorder/ring_join.c).
 */
static __always_inline __u32 reader_ctx(struct reader *r, __u8 level,
					__u32 quantum, __u64 now)
{
	struct inputtrace_reader *rec;
	void *ring;
	__u32 cpu;

	if (r->ctx_id && r->level == level && r->quantum == quantum)
		return r->ctx_id;
	r->ctx_id = 0;
	rec = reserve(&ring, &cpu, sizeof(*rec));
	if (!rec)
		return 0;
	r->level = level;
	r->quantum = quantum;
	r->ctx_id = __sync_fetch_and_add(&next_ctx_id, 1) + 1;
	rec->head.time_ns = now;
	rec->head.kind = INPUTTRACE_REC_READER;
	rec->head.size = sizeof(*rec);
	rec->head.dev_id = 0;
	rec->cgroup_id = r->cgroup_id;
	rec->ctx_id = r->ctx_id;
	rec->pid = (__u32)r->pid_tgid;
	rec->tgid = r->pid_tgid >> 32;
	rec->quantum_ns = quantum;
	rec->clock = r->clock;
	rec->level = level;
	__builtin_memset(rec->__pad, 0, sizeof(rec->__pad));
	__builtin_memcpy(rec->comm, r->comm, sizeof(rec->comm));
	submit(ring, rec, sizeof(*rec));
	count(INPUTTRACE_CNT_EMITTED);
	return r->ctx_id;
}

SEC("fentry/evdev_read")
int BPF_PROG(evdev_read_enter, struct file *file)
{
	struct reader *r;

	r = bpf_task_storage_get(&readers, bpf_get_current_task_btf(), 0,
				 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (r) {
		r->client = file->private_data;
		r->dev_id = 0;
		r->dev_match = DEV_MATCH_UNKNOWN;
		r->ident_checked = 0;
	}
	return 0;
}

SEC("fexit/evdev_read")
int BPF_PROG(evdev_read_exit, struct file *file)
{
	struct reader *r;

	r = bpf_task_storage_get(&readers, bpf_get_current_task_btf(), 0, 0);
	if (!r)
		return 0;
	r->client = NULL;
	/* one counter update per read(), not per event: only `status` shows it */
	if (r->emitted) {
		count_n(INPUTTRACE_CNT_EMITTED, r->emitted);
		r->emitted = 0;
	}
	return 0;
}

SEC("fentry/input_event_to_user")
int BPF_PROG(event_to_user, char *buffer, const struct input_event *event)
{
	struct inputtrace_ring_event *rec;
	__u32 type, code, minor, key, quantum, dev_id, ctx_id, cpu;
	struct evdev_client *client;
	__u64 now, sec, usec;
	struct evdev *evdev = NULL;	/* a probe read: once per read(), when needed */
	struct reader *r;
	bool settled;
	s64 verdict;
	__s32 value;
	void *ring;

	r = bpf_task_storage_get(&readers, bpf_get_current_task_btf(), 0, 0);
	if (!r || !r->client)
		return 0;
	client = r->client;

	type = event->type;
	code = event->code;
	value = event->value;

	/*
	 * The module decides first: nothing about a reader out of scope may
	 * leave this program, not even in a counter.  While paused, events
	 * of readers in scope are only counted.
	 */
	verdict = decide(r, type, code);
	if (verdict < 0) {
		if (verdict == INPUTTRACE_VERDICT_PAUSED)
			count(INPUTTRACE_CNT_SUPPRESSED);
		return 0;
	}
	/* exact timings never leave the kernel when a quantum applies */
	quantum = INPUTTRACE_VERDICT_QUANTUM(verdict);
	now = inputtrace_quantize(bpf_ktime_get_ns(), quantum);

	if (type >= 32 || !(type_mask & (1U << type))) {
		count(INPUTTRACE_CNT_FILTERED);
		return 0;
	}
	if (filter_devices) {
		if (r->dev_match == DEV_MATCH_UNKNOWN) {
			evdev = BPF_CORE_READ(client, evdev);
			minor = evdev_num(evdev);
			r->dev_match = bpf_map_lookup_elem(&device_filter, &minor) ?
				       DEV_MATCH_IN : DEV_MATCH_OUT;
		}
		if (r->dev_match != DEV_MATCH_IN) {
			count(INPUTTRACE_CNT_FILTERED);
			return 0;
		}
	}
	code = INPUTTRACE_VERDICT_CODE(verdict);

	/*
	 * The codes filter narrows the types it names and sees what would be
	 * recorded, so it never matches a redacted key: naming KEY_A must not
	 * reveal when KEY_A was typed.
	 */
	if (code_types & (1U << type)) {
		key = type << 16 | code;
		if ((INPUTTRACE_VERDICT_FLAGS(verdict) & INPUTTRACE_EV_REDACTED) ||
		    !bpf_map_lookup_elem(&code_filter, &key)) {
			count(INPUTTRACE_CNT_FILTERED);
			return 0;
		}
	}

	dev_id = r->dev_id;
	if (!dev_id) {
		if (!evdev)
			evdev = BPF_CORE_READ(client, evdev);
		dev_id = device_id(evdev, BPF_CORE_READ(evdev, handle.dev), now,
				   &settled);
		if (settled)
			r->dev_id = dev_id;
	}

	if (!r->ident_checked)
		check_identity(r, client);
	ctx_id = reader_ctx(r, INPUTTRACE_VERDICT_LEVEL(verdict), quantum, now);
	if (!ctx_id)
		return 0;

	rec = reserve(&ring, &cpu, sizeof(*rec));
	if (!rec)
		return 0;
	sec = event->__sec;
	usec = event->__usec;
	rec->head.time_ns = inputtrace_quantize(sec * 1000000000ULL +
						usec * 1000ULL, quantum);
	rec->head.kind = INPUTTRACE_REC_EVENT;
	rec->head.size = sizeof(*rec);
	rec->head.dev_id = dev_id;
	rec->read_ns = now;
	rec->ctx_id = ctx_id;
	rec->type = type;
	rec->code = code;
	rec->flags = INPUTTRACE_VERDICT_FLAGS(verdict);
	rec->value = rec->flags & INPUTTRACE_EV_VALUE_CLEARED ? 0 : value;
	rec->__pad = 0;
	rec->cpu = cpu;
	submit(ring, rec, sizeof(*rec));
	r->emitted++;
	return 0;
}

/*
 * A freed input_dev's address may be reused: forget it when its evdev is
 * freed, after its last reader closed it, just before the evdev lets go of
 * the input_dev.  Not at input_unregister_device(): a reader already in
 * evdev_read() still copies events after that and would put the device
 * back into the table for good (a leak, and a stale id and no DEVICE
 * record for the next device at that address).
 */
SEC("fentry/evdev_free")
int BPF_PROG(device_gone, struct device *dev)
{
	/* container_of(dev, struct evdev, dev), as evdev_free() does */
	struct evdev *evdev = (void *)((__u64)dev -
				       bpf_core_field_offset(struct evdev, dev));
	__u64 key = (__u64)BPF_CORE_READ(evdev, handle.dev);

	bpf_map_delete_elem(&devices, &key);
	return 0;
}

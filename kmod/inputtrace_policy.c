// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing, policy snapshots, scope and redaction for inputtrace.ko
 *
 * No BPF, BTF, sysfs or cgroup-core calls here: the glue in inputtrace_main.c
 * and inputtrace_kfunc.c feeds this code, and KUnit tests it directly.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/input-event-codes.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "inputtrace_policy.h"

static const char * const itp_level_names[] = {
	[INPUTTRACE_LEVEL_REDACTED]	= "redacted",
	[INPUTTRACE_LEVEL_FULL]		= "full",
};

/* "0" or "1", one optional trailing newline; kstrtobool is too lenient. */
int itp_parse_switch(const char *buf, bool *enabled)
{
	if (sysfs_streq(buf, "0"))
		*enabled = false;
	else if (sysfs_streq(buf, "1"))
		*enabled = true;
	else
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_switch);

int itp_parse_level(const char *buf, int *level)
{
	int i = sysfs_match_string(itp_level_names, buf);

	if (i < 0)
		return -EINVAL;
	*level = i;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_level);

/*
 * A timestamp quantum in ns: decimal digits only (kstrtou32 alone would take
 * a leading '+'), one optional trailing newline, at most ITP_QUANTUM_MAX.
 */
int itp_parse_quantum(const char *buf, u32 *quantum_ns)
{
	u32 v;
	int ret;

	if (!isdigit(buf[0]))
		return -EINVAL;
	ret = kstrtou32(buf, 10, &v);
	if (ret)
		return ret;
	if (v > ITP_QUANTUM_MAX)
		return -ERANGE;
	*quantum_ns = v;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_quantum);

const char *itp_level_name(int level)
{
	if (level < 0 || level >= ARRAY_SIZE(itp_level_names))
		return "?";
	return itp_level_names[level];
}
EXPORT_SYMBOL_IF_KUNIT(itp_level_name);

/*
 * A canonical absolute cgroup v2 path: "/" or "/a/b", no empty, "." or ".."
 * components, no trailing slash, printable non-space ASCII only (a listing
 * line must never be ambiguous, and spaces separate options).
 */
static int itp_check_path(const char *p, size_t len)
{
	size_t i, comp = 0;

	if (len == 0 || p[0] != '/')
		return -EINVAL;
	if (len >= ITP_PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 1)
		return 0;
	if (p[len - 1] == '/')
		return -EINVAL;
	for (i = 1; i <= len; i++) {
		if (i == len || p[i] == '/') {
			size_t clen = i - comp - 1;
			const char *c = p + comp + 1;

			if (clen == 0 || (clen == 1 && c[0] == '.') ||
			    (clen == 2 && c[0] == '.' && c[1] == '.'))
				return -EINVAL;
			comp = i;
			continue;
		}
		/* the kernel's isgraph() also accepts Latin-1 0xa1..0xff */
		if (!isascii(p[i]) || !isgraph(p[i]))
			return -EINVAL;
	}
	return 0;
}

/* An exact level name: sysfs_match_string would accept a newline in it. */
static int itp_match_level(const char *val)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(itp_level_names); i++)
		if (!strcmp(val, itp_level_names[i]))
			return i;
	return -EINVAL;
}

/* One "key=value" option of an add command, @len bytes at @opt. */
static int itp_parse_cgroup_opt(const char *opt, size_t len,
				struct itp_cgroup_cmd *cmd)
{
	static const char level_key[] = "level=";
	static const char quantum_key[] = "time_quantum_ns=";
	const char *eq = memchr(opt, '=', len);
	char val[16];
	size_t klen, vlen;
	u32 q;
	int ret;

	if (!eq)
		return -EINVAL;
	klen = eq - opt + 1;
	vlen = len - klen;
	if (vlen == 0 || vlen >= sizeof(val))
		return -EINVAL;
	memcpy(val, eq + 1, vlen);
	val[vlen] = '\0';

	if (klen == sizeof(level_key) - 1 && !memcmp(opt, level_key, klen)) {
		if (cmd->level != ITP_LEVEL_INHERIT)
			return -EINVAL;		/* given twice */
		ret = itp_match_level(val);
		if (ret < 0)
			return ret;
		cmd->level = ret;
		return 0;
	}
	if (klen == sizeof(quantum_key) - 1 && !memcmp(opt, quantum_key, klen)) {
		if (cmd->quantum_ns != ITP_QUANTUM_INHERIT)
			return -EINVAL;
		/* no newline may hide inside: only the whole write ends in one */
		if (strchr(val, '\n'))
			return -EINVAL;
		ret = itp_parse_quantum(val, &q);
		if (ret)
			return ret;
		cmd->quantum_ns = q;
		return 0;
	}
	return -EINVAL;
}

/*
 * "+/path [level=full|redacted] [time_quantum_ns=N]" or "-/path", options
 * separated by single spaces in any order, each at most once, with at most
 * one trailing newline - cgroup.subtree_control's syntax, one path a write.
 */
int itp_parse_cgroup_cmd(const char *buf, size_t count,
			 struct itp_cgroup_cmd *cmd)
{
	const char *path, *opt, *end;
	size_t plen;
	int ret;

	if (count && buf[count - 1] == '\n')
		count--;
	if (count < 2 || memchr(buf, '\0', count))
		return -EINVAL;
	if (buf[0] != '+' && buf[0] != '-')
		return -EINVAL;

	cmd->add = buf[0] == '+';
	cmd->level = ITP_LEVEL_INHERIT;
	cmd->quantum_ns = ITP_QUANTUM_INHERIT;
	path = buf + 1;
	end = buf + count;
	opt = memchr(path, ' ', end - path);
	plen = opt ? (size_t)(opt - path) : (size_t)(end - path);

	ret = itp_check_path(path, plen);
	if (ret)
		return ret;
	if (opt && !cmd->add)
		return -EINVAL;

	while (opt) {
		const char *next;

		opt++;
		next = memchr(opt, ' ', end - opt);
		ret = itp_parse_cgroup_opt(opt, (next ? next : end) - opt, cmd);
		if (ret)
			return ret;
		opt = next;
	}

	memcpy(cmd->path, path, plen);
	cmd->path[plen] = '\0';
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_parse_cgroup_cmd);

struct itp_state *itp_state_alloc(unsigned int cap, gfp_t gfp)
{
	struct itp_state *st;

	st = kzalloc(struct_size(st, entries, cap), gfp);
	if (!st)
		return NULL;
	st->level = INPUTTRACE_LEVEL_REDACTED;
	st->cap = cap;
	return st;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_alloc);

/* A private, editable copy with room for @extra more entries. */
struct itp_state *itp_state_clone(const struct itp_state *old,
				  unsigned int extra, gfp_t gfp)
{
	struct itp_state *st = itp_state_alloc(old->n + extra, gfp);

	if (!st)
		return NULL;
	st->enabled = old->enabled;
	st->paused = old->paused;
	st->level = old->level;
	st->quantum_ns = old->quantum_ns;
	st->n = old->n;
	memcpy(st->entries, old->entries, old->n * sizeof(old->entries[0]));
	return st;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_clone);

static struct itp_entry *itp_find_path(struct itp_state *st, const char *path)
{
	unsigned int i;

	for (i = 0; i < st->n; i++)
		if (!strcmp(st->entries[i].path, path))
			return &st->entries[i];
	return NULL;
}

/* Longest listing line: path, both options, newline, NUL. */
#define ITP_LINE_MAX	(ITP_PATH_MAX + sizeof(" level=redacted") + \
			 sizeof(" time_quantum_ns=1000000000") + 1)

/*
 * One `cgroups` listing line for @e, newline included, in the syntax a write
 * accepts: the path, then the options it overrides.  Returns its length.
 */
static int itp_format_entry(const struct itp_entry *e, char *line)
{
	int len = scnprintf(line, ITP_LINE_MAX, "%s", e->path);

	if (e->level != ITP_LEVEL_INHERIT)
		len += scnprintf(line + len, ITP_LINE_MAX - len, " level=%s",
				 itp_level_name(e->level));
	if (e->quantum_ns != ITP_QUANTUM_INHERIT)
		len += scnprintf(line + len, ITP_LINE_MAX - len,
				 " time_quantum_ns=%lld", e->quantum_ns);
	len += scnprintf(line + len, ITP_LINE_MAX - len, "\n");
	return len;
}

/*
 * Add (or, for a path already present, refresh id and level of) an entry.
 * Refused with -ENOSPC when the listing would no longer fit one sysfs page.
 */
int itp_state_add(struct itp_state *st, const struct itp_cgroup_cmd *cmd,
		  u64 id, int depth)
{
	struct itp_entry *e = itp_find_path(st, cmd->path);
	char line[ITP_LINE_MAX];
	struct itp_entry tmp;
	size_t total = 0;
	unsigned int i;

	tmp.id = id;
	tmp.depth = depth;
	tmp.level = cmd->level;
	tmp.quantum_ns = cmd->quantum_ns;
	strscpy(tmp.path, cmd->path, sizeof(tmp.path));

	for (i = 0; i < st->n; i++)
		if (&st->entries[i] != e)
			total += itp_format_entry(&st->entries[i], line);
	if (total + itp_format_entry(&tmp, line) >= ITP_SHOW_MAX)
		return -ENOSPC;

	if (!e) {
		if (st->n >= st->cap || st->n >= ITP_MAX_CGROUPS)
			return -ENOSPC;
		e = &st->entries[st->n++];
	}
	*e = tmp;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_add);

int itp_state_remove(struct itp_state *st, const char *path)
{
	struct itp_entry *e = itp_find_path(st, path);
	unsigned int idx;

	if (!e)
		return -ENOENT;
	idx = e - st->entries;
	memmove(e, e + 1, (st->n - idx - 1) * sizeof(*e));
	st->n--;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_remove);

/* The `cgroups` listing: one line per entry, see itp_format_entry(). */
int itp_state_show_cgroups(const struct itp_state *st, char *buf, size_t size)
{
	char line[ITP_LINE_MAX];
	unsigned int i;
	int len = 0;

	for (i = 0; i < st->n; i++) {
		itp_format_entry(&st->entries[i], line);
		len += scnprintf(buf + len, size - len, "%s", line);
	}
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(itp_state_show_cgroups);

/*
 * What applies to a reader: -ENOENT when it is out of scope, else @d filled
 * in and ITP_PAUSED when tracing is paused, 0 when it is not.  The
 * deepest enabled ancestor (or the cgroup itself) decides, so a subtree can
 * carry its own level and quantum below a differently configured parent.
 */
int itp_decide(const struct itp_state *st, const struct itp_subject *s,
	       struct itp_decision *d)
{
	const struct itp_entry *best = NULL;
	unsigned int i;

	if (!st || !st->enabled)
		return -ENOENT;

	for (i = 0; i < st->n; i++) {
		const struct itp_entry *e = &st->entries[i];

		if (e->depth > s->depth || (best && e->depth <= best->depth))
			continue;
		if (s->id_at(s, e->depth) == e->id)
			best = e;
	}
	if (!best)
		return -ENOENT;
	d->entry = best;
	d->level = best->level == ITP_LEVEL_INHERIT ? st->level : best->level;
	d->quantum_ns = best->quantum_ns == ITP_QUANTUM_INHERIT ?
			st->quantum_ns : (u32)best->quantum_ns;
	/* paused still says what would apply: the `self` attributes show it */
	return st->paused ? ITP_PAUSED : 0;
}
EXPORT_SYMBOL_IF_KUNIT(itp_decide);

/*
 * Pointer, joystick, gamepad and tablet buttons are not keyboard keys: they
 * stay exact in every level.  Everything else in EV_KEY is a key.
 */
bool itp_key_is_keyboard(unsigned int code)
{
	if (code >= BTN_MISC && code < KEY_OK)
		return false;
	if (code >= BTN_DPAD_UP && code <= BTN_DPAD_RIGHT)
		return false;
	if (code >= BTN_TRIGGER_HAPPY && code <= BTN_TRIGGER_HAPPY40)
		return false;
	return code <= KEY_MAX;
}
EXPORT_SYMBOL_IF_KUNIT(itp_key_is_keyboard);

#define KC(c)	INPUTTRACE_KC_##c

/*
 * Classes of the classic keyboard range.  Unlisted codes below KEY_STOP are
 * KC(OTHER); unlisted codes from KEY_STOP (128) up are media/application keys.
 */
static const u8 itp_low_classes[256] = {
	[KEY_ESC] = KC(FUNCTION),
	[KEY_1 ... KEY_0] = KC(DIGIT),
	[KEY_MINUS] = KC(PUNCTUATION), [KEY_EQUAL] = KC(PUNCTUATION),
	[KEY_BACKSPACE] = KC(EDITING),
	[KEY_TAB] = KC(WHITESPACE),
	[KEY_Q ... KEY_P] = KC(LETTER),
	[KEY_LEFTBRACE] = KC(PUNCTUATION), [KEY_RIGHTBRACE] = KC(PUNCTUATION),
	[KEY_ENTER] = KC(WHITESPACE),
	[KEY_LEFTCTRL] = KC(MODIFIER),
	[KEY_A ... KEY_L] = KC(LETTER),
	[KEY_SEMICOLON ... KEY_GRAVE] = KC(PUNCTUATION),
	[KEY_LEFTSHIFT] = KC(MODIFIER),
	[KEY_BACKSLASH] = KC(PUNCTUATION),
	[KEY_Z ... KEY_M] = KC(LETTER),
	[KEY_COMMA ... KEY_SLASH] = KC(PUNCTUATION),
	[KEY_RIGHTSHIFT] = KC(MODIFIER),
	[KEY_KPASTERISK] = KC(PUNCTUATION),
	[KEY_LEFTALT] = KC(MODIFIER),
	[KEY_SPACE] = KC(WHITESPACE),
	[KEY_CAPSLOCK] = KC(MODIFIER),
	[KEY_F1 ... KEY_F10] = KC(FUNCTION),
	[KEY_NUMLOCK] = KC(MODIFIER), [KEY_SCROLLLOCK] = KC(MODIFIER),
	[KEY_KP7 ... KEY_KP9] = KC(DIGIT),
	[KEY_KPMINUS] = KC(PUNCTUATION),
	[KEY_KP4 ... KEY_KP6] = KC(DIGIT),
	[KEY_KPPLUS] = KC(PUNCTUATION),
	[KEY_KP1 ... KEY_KP0] = KC(DIGIT),
	[KEY_KPDOT] = KC(PUNCTUATION),
	[KEY_102ND] = KC(PUNCTUATION),
	[KEY_F11] = KC(FUNCTION), [KEY_F12] = KC(FUNCTION),
	[KEY_RO] = KC(PUNCTUATION),
	[KEY_KPENTER] = KC(WHITESPACE),
	[KEY_RIGHTCTRL] = KC(MODIFIER),
	[KEY_KPSLASH] = KC(PUNCTUATION),
	[KEY_SYSRQ] = KC(FUNCTION),
	[KEY_RIGHTALT] = KC(MODIFIER),
	[KEY_HOME ... KEY_PAGEDOWN] = KC(NAVIGATION),
	[KEY_INSERT] = KC(EDITING), [KEY_DELETE] = KC(EDITING),
	[KEY_MUTE ... KEY_POWER] = KC(MEDIA),
	[KEY_KPEQUAL] = KC(PUNCTUATION), [KEY_KPPLUSMINUS] = KC(PUNCTUATION),
	[KEY_PAUSE] = KC(FUNCTION),
	[KEY_KPCOMMA] = KC(PUNCTUATION),
	[KEY_YEN] = KC(PUNCTUATION),
	[KEY_LEFTMETA ... KEY_COMPOSE] = KC(MODIFIER),
	[KEY_KPLEFTPAREN] = KC(PUNCTUATION),
	[KEY_KPRIGHTPAREN] = KC(PUNCTUATION),
	[KEY_F13 ... KEY_F24] = KC(FUNCTION),
};

unsigned int itp_key_class(unsigned int code)
{
	unsigned int kc;

	if (code < ARRAY_SIZE(itp_low_classes)) {
		kc = itp_low_classes[code];
		if (kc == KC(OTHER) && code >= KEY_STOP)
			return KC(MEDIA);
		return kc;
	}
	if (code >= KEY_NUMERIC_0 && code <= KEY_NUMERIC_9)
		return KC(DIGIT);
	if (code == KEY_NUMERIC_STAR || code == KEY_NUMERIC_POUND)
		return KC(PUNCTUATION);
	if (code == KEY_FN)
		return KC(MODIFIER);
	return KC(OTHER);
}
EXPORT_SYMBOL_IF_KUNIT(itp_key_class);

#undef KC

/*
 * What may leave the kernel for one event at @level.  Keyboard key codes
 * become their class and scan codes lose their value unless level is full;
 * everything else (buttons, motion, SYN, autorepeat values) stays exact.
 */
s64 itp_verdict(int level, unsigned int type, unsigned int code)
{
	u32 flags = 0;

	if (level != INPUTTRACE_LEVEL_FULL) {
		level = INPUTTRACE_LEVEL_REDACTED;
		if (type == EV_KEY && itp_key_is_keyboard(code)) {
			code = itp_key_class(code);
			flags |= INPUTTRACE_EV_REDACTED;
		} else if (type == EV_MSC && (code == MSC_SCAN || code == MSC_RAW)) {
			flags |= INPUTTRACE_EV_VALUE_CLEARED;
		}
	}
	return (s64)((u32)level << 24 | flags << 16 | (code & 0xffff));
}
EXPORT_SYMBOL_IF_KUNIT(itp_verdict);

/* itp_verdict() plus the timestamp quantum the BPF program must apply. */
s64 itp_event_verdict(const struct itp_decision *d, unsigned int type,
		      unsigned int code)
{
	return itp_verdict(d->level, type, code) | (s64)d->quantum_ns << 32;
}
EXPORT_SYMBOL_IF_KUNIT(itp_event_verdict);

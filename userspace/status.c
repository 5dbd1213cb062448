// SPDX-License-Identifier: GPL-2.0
/*
 * status.c - `inputtrace status`: is anything traced, and am I?
 *
 * Works for any user: the module's sysfs attributes are world-readable, so a
 * person can see that (and how) their input is traced.  Root additionally
 * sees the attached inputtrace programs and their counters.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../bpf/inputtrace.h"
#include "cli.h"

#define SYSFS_DIR	"/sys/kernel/inputtrace"
#define MAIN_PROG	"event_to_user"	/* the program that emits records */
#define SELF_VALUE_MAX	512	/* a self/ value: a cgroup path is < 256 */

static const char status_usage[] =
"Usage: inputtrace status [--help]\n"
"\n"
"Show whether inputtrace.ko is loaded, the master switch, the pause switch,\n"
"the capture level and timestamp quantum, the enabled cgroups, whether the\n"
"caller's own cgroup is traced (at which level and quantum) and, for root,\n"
"the attached programs and their counters.\n"
"\n"
"EXAMPLES:\n"
"    inputtrace status          # as any user: am I traced?\n"
"    sudo inputtrace status     # also programs and counters\n";

/* Read a small sysfs/procfs file into @buf, without the trailing newline. */
static int read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, size - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

/* The caller's cgroup v2 path, from the "0::" line of /proc/self/cgroup. */
static int own_cgroup(char *buf, size_t size)
{
	char text[4096], *line, *save = NULL;
	int err = read_text("/proc/self/cgroup", text, sizeof(text));

	if (err)
		return err;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "0::", 3)) {
			snprintf(buf, size, "%s", line + 3);
			return 0;
		}
	}
	return -ENOENT;
}

/* The module's scalar settings, as sysfs shows them. */
struct module_settings {
	char enabled[16], paused[16], level[32], quantum[32];
};

static void print_quantum(const char *q)
{
	if (!strcmp(q, "0"))
		printf("exact timestamps");
	else
		printf("timestamps rounded down to %s ns", q);
}

/*
 * Whether the caller's input is traced, and how: the module answers in
 * self/, for the task that reads it, exactly as it decides for events.  The
 * caller's cgroup path is only shown: it is relative to the caller's cgroup
 * namespace (inside a container it reads "/"), so it cannot decide.
 */
static void print_self(const struct module_settings *m)
{
	char self[4096] = "(unknown)", subtree[SELF_VALUE_MAX], level[SELF_VALUE_MAX];
	char quantum[SELF_VALUE_MAX];

	own_cgroup(self, sizeof(self));
	if (read_text(SYSFS_DIR "/self/subtree", subtree, sizeof(subtree)) ||
	    read_text(SYSFS_DIR "/self/level", level, sizeof(level)) ||
	    read_text(SYSFS_DIR "/self/time_quantum_ns", quantum,
		      sizeof(quantum))) {
		printf("you:       unknown: cannot read %s/self/: %s\n",
		       SYSFS_DIR, strerror(errno));
		return;
	}
	if (!strcmp(level, "none")) {
		printf("you:       cgroup %s is NOT traced%s\n", self,
		       strcmp(m->enabled, "1") ? " (tracing is switched off)" : "");
		return;
	}
	printf("you:       cgroup %s IS TRACED (subtree %s, level %s, ", self,
	       subtree, level);
	print_quantum(quantum);
	printf(")\n");
	if (!strcmp(m->paused, "1"))
		printf("           but tracing is PAUSED now: your input is only counted, not recorded\n");
}

static int sum_counter(int map_fd, __u32 idx, int ncpus, unsigned long long *sum)
{
	unsigned long long *vals = calloc(ncpus, sizeof(*vals));
	int cpu;

	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(map_fd, &idx, vals)) {
		free(vals);
		return -errno;
	}
	*sum = 0;
	for (cpu = 0; cpu < ncpus; cpu++)
		*sum += vals[cpu];
	free(vals);
	return 0;
}

/* The "counters" map of one attached inputtrace program. */
static void print_counters(int prog_fd)
{
	static const char * const names[INPUTTRACE_CNT_MAX] = {
		"emitted", "lost(ring full)", "lost(device table)",
		"filtered", "suppressed(paused)",
	};
	__u32 map_ids[16], i, len;
	struct bpf_prog_info info;
	int ncpus = libbpf_num_possible_cpus();

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 16;
	info.map_ids = (__u64)(unsigned long)map_ids;
	len = sizeof(info);
	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len) || ncpus <= 0)
		return;
	for (i = 0; i < info.nr_map_ids && i < 16; i++) {
		struct bpf_map_info minfo;
		unsigned long long v = 0;
		__u32 mlen = sizeof(minfo);
		int fd = bpf_map_get_fd_by_id(map_ids[i]);
		__u32 c;

		if (fd < 0)
			continue;
		memset(&minfo, 0, sizeof(minfo));
		if (!bpf_obj_get_info_by_fd(fd, &minfo, &mlen) &&
		    !strcmp(minfo.name, "counters")) {
			printf("counters: ");
			for (c = 0; c < INPUTTRACE_CNT_MAX; c++)
				if (!sum_counter(fd, c, ncpus, &v))
					printf("%s%s %llu", c ? ", " : "",
					       names[c], v);
			printf("\n");
		}
		close(fd);
	}
}

/* Attached inputtrace recorders: programs named MAIN_PROG (needs root). */
static void print_programs(void)
{
	__u32 id = 0;
	int found = 0;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    !strcmp(info.name, MAIN_PROG)) {
			printf("recorder:  BPF program id %u attached\n", id);
			print_counters(fd);
			found++;
		}
		close(fd);
	}
	if (errno == EPERM)
		printf("recorder:  (run as root to list attached programs)\n");
	else if (!found)
		printf("recorder:  none attached: nothing is being recorded now\n");
}

int cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct module_settings m;
	char cgroups[8192];
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h') {
			fputs(status_usage, stdout);
			return 0;
		}
		fputs(status_usage, stderr);
		return 2;
	}
	if (optind < argc) {
		fprintf(stderr, "inputtrace: status: unexpected argument '%s'\n",
			argv[optind]);
		return 2;
	}

	if (access(SYSFS_DIR, F_OK)) {
		printf("module:    inputtrace is not loaded: nothing is traced\n");
		return 0;
	}
	if (read_text(SYSFS_DIR "/enabled", m.enabled, sizeof(m.enabled)) ||
	    read_text(SYSFS_DIR "/paused", m.paused, sizeof(m.paused)) ||
	    read_text(SYSFS_DIR "/level", m.level, sizeof(m.level)) ||
	    read_text(SYSFS_DIR "/time_quantum_ns", m.quantum, sizeof(m.quantum)) ||
	    read_text(SYSFS_DIR "/cgroups", cgroups, sizeof(cgroups))) {
		fprintf(stderr, "inputtrace: status: cannot read %s: %s\n",
			SYSFS_DIR, strerror(errno));
		return 1;
	}
	printf("module:    inputtrace loaded\n");
	printf("enabled:   %s\n", m.enabled);
	printf("paused:    %s\n", m.paused);
	printf("level:     %s\n", m.level);
	printf("quantum:   %s ns (", m.quantum);
	print_quantum(m.quantum);
	printf(")\n");
	if (!*cgroups) {
		printf("cgroups:   (none)\n");
	} else {
		char *line, *save = NULL, copy[8192];
		bool first = true;

		snprintf(copy, sizeof(copy), "%s", cgroups);
		for (line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save), first = false)
			printf("%s%s\n", first ? "cgroups:   " : "           ",
			       line);
	}
	print_self(&m);
	print_programs();
	return 0;
}

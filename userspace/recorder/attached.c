// SPDX-License-Identifier: GPL-2.0
/*
 * attached.c - what `inputtrace status` says about running recorders: the
 * attached inputtrace programs and their counters.  Needs libbpf, so it
 * lives beside the recorder, not in commands/status.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "commands.h"
#include "inputtrace.skel.h"

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

/* The counters map (named @map_name) of one attached inputtrace program. */
static void print_counters(int prog_fd, const char *map_name)
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
		    !strcmp(minfo.name, map_name)) {
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

/*
 * Attached inputtrace recorders (needs root): programs with the name of
 * the skeleton's record-emitting program.  The names come from the
 * skeleton, so renaming the program or the map in bpf/ cannot silently
 * make status blind.
 */
void recorder_print_attached(void)
{
	char prog_name[BPF_OBJ_NAME_LEN], map_name[BPF_OBJ_NAME_LEN];
	struct inputtrace_bpf *skel;
	__u32 id = 0;
	int found = 0;

	libbpf_set_print(NULL);		/* status prints its own lines only */
	skel = inputtrace_bpf__open();

	if (!skel) {
		printf("recorder:  unknown: cannot open the BPF object\n");
		return;
	}
	/* the kernel keeps BPF_OBJ_NAME_LEN - 1 bytes of a name */
	snprintf(prog_name, sizeof(prog_name), "%s",
		 bpf_program__name(skel->progs.event_to_user));
	snprintf(map_name, sizeof(map_name), "%s", bpf_map__name(skel->maps.counters));
	inputtrace_bpf__destroy(skel);

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) &&
		    !strcmp(info.name, prog_name)) {
			printf("recorder:  BPF program id %u attached\n", id);
			print_counters(fd, map_name);
			found++;
		}
		close(fd);
	}
	if (errno == EPERM)
		printf("recorder:  (run as root to list attached programs)\n");
	else if (!found)
		printf("recorder:  none attached: nothing is being recorded now\n");
}

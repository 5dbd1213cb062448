// SPDX-License-Identifier: GPL-2.0
/*
 * bench-bpf - load and attach one of `make bench`'s reference programs
 * until SIGINT/SIGTERM:
 *
 *   bench-bpf empty   bench_empty.bpf.c: an fentry that does nothing
 *   bench-bpf bare    bench_bare.bpf.c: reserve + submit one record per
 *                     event; the records are consumed and counted here
 *
 * Prints "attached" once the program runs, and at exit how many records
 * it consumed and how many reserves failed.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "bench_empty.skel.h"
#include "bench_bare.skel.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int count_record(void *ctx, void *data, size_t size)
{
	(void)data;
	(void)size;
	++*(unsigned long long *)ctx;
	return 0;
}

static int run_empty(void)
{
	struct bench_empty_bpf *skel = bench_empty_bpf__open_and_load();

	if (!skel || bench_empty_bpf__attach(skel)) {
		fprintf(stderr, "bench-bpf: empty: %s\n", strerror(errno));
		bench_empty_bpf__destroy(skel);
		return 1;
	}
	printf("attached\n");
	fflush(stdout);
	while (!stop)
		pause();
	bench_empty_bpf__destroy(skel);
	return 0;
}

static int run_bare(void)
{
	struct bench_bare_bpf *skel = bench_bare_bpf__open_and_load();
	unsigned long long records = 0;
	struct ring_buffer *rb = NULL;
	int err = 0;

	if (!skel || bench_bare_bpf__attach(skel))
		goto fail;
	rb = ring_buffer__new(bpf_map__fd(skel->maps.bare_ring), count_record,
			      &records, NULL);
	if (!rb)
		goto fail;
	printf("attached\n");
	fflush(stdout);
	while (!stop) {
		err = ring_buffer__poll(rb, 100);
		if (err < 0 && err != -EINTR)
			break;
	}
	ring_buffer__consume(rb);
	printf("records %llu lost %llu\n", records,
	       (unsigned long long)skel->bss->bare_lost);
	ring_buffer__free(rb);
	bench_bare_bpf__destroy(skel);
	return err < 0 && err != -EINTR;
fail:
	fprintf(stderr, "bench-bpf: bare: %s\n", strerror(errno));
	ring_buffer__free(rb);
	bench_bare_bpf__destroy(skel);
	return 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (argc != 2 || (strcmp(argv[1], "empty") && strcmp(argv[1], "bare"))) {
		fprintf(stderr, "usage: bench-bpf empty|bare\n");
		return 2;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return strcmp(argv[1], "empty") ? run_bare() : run_empty();
}

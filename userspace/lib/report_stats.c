// SPDX-License-Identifier: GPL-2.0
/*
 * report_stats.c - percentiles, frame intervals and their histogram for
 * `inputtrace report` (definitions in report_stats.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "report_stats.h"

const unsigned int report_pct_permille[REPORT_NPCT] = { 500, 900, 990, 999 };
const char *const report_pct_name[REPORT_NPCT] = { "p50", "p90", "p99", "p99.9" };

int report_i64s_push(struct report_i64s *a, int64_t x)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 256;
		int64_t *p = realloc(a->v, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		a->v = p;
		a->cap = cap;
	}
	a->v[a->n++] = x;
	return 0;
}

void report_i64s_free(struct report_i64s *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

static int i64_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

void report_sort_i64(int64_t *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), i64_cmp);
}

size_t report_sort_unique_i64(int64_t *v, size_t n)
{
	size_t i, j;

	if (n < 2)
		return n;
	report_sort_i64(v, n);
	for (i = 1, j = 1; i < n; i++)
		if (v[i] != v[j - 1])
			v[j++] = v[i];
	return j;
}

int64_t report_percentile(const int64_t *sorted, size_t n, unsigned int permille)
{
	/* rank = ceil(n * q / 1000) in integers: no rounding of a double */
	size_t rank = (n * permille + 999) / 1000;

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

/*
 * Lower edge of bin i (1..26): 1 ms * 2^(j/2 - 1/4) with j = i - 1 + FIRST_J,
 * so bin i is centred on 1 ms * 2^(j/2).  Computed by repeated
 * multiplication (the library needs no libm), once.
 */
static uint64_t hist_edges[REPORT_HIST_BINS];

static void hist_edges_init(void)
{
	static const double sqrt2 = 1.41421356237309504880;
	static const double fourth_root2 = 1.18920711500272106672;
	unsigned int i;
	int k, steps;

	if (hist_edges[1])
		return;
	for (i = 1; i < REPORT_HIST_BINS; i++) {
		double e = 1e6 / fourth_root2;

		steps = (int)i - 1 + REPORT_HIST_FIRST_J;
		for (k = 0; k < steps; k++)
			e *= sqrt2;
		for (k = 0; k > steps; k--)
			e /= sqrt2;
		hist_edges[i] = (uint64_t)(e + 0.5);
	}
}

uint64_t report_hist_edge(unsigned int i)
{
	hist_edges_init();
	return i < REPORT_HIST_BINS ? hist_edges[i] : UINT64_MAX;
}

unsigned int report_hist_bin(uint64_t interval_ns)
{
	unsigned int lo = 0, hi = REPORT_HIST_BINS - 1, mid;

	hist_edges_init();
	/* the last i with edge[i] <= interval (edge[0] = 0) */
	while (lo < hi) {
		mid = (lo + hi + 1) / 2;
		if (hist_edges[mid] <= interval_ns)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

double report_hist_centre_hz(unsigned int i)
{
	/* the geometric middle of the bin: its lower edge * 2^(1/4) */
	return 1e9 / ((double)report_hist_edge(i) * 1.18920711500272106672);
}

void report_frame_rate(const int64_t *t, size_t n, struct report_rate *out)
{
	uint64_t idle = REPORT_IDLE_NS, sum = 0;
	size_t i;

	*out = (struct report_rate){ .frames = n };
	for (i = 1; i < n; i++) {
		uint64_t d = (uint64_t)(t[i] - t[i - 1]);

		out->hist[report_hist_bin(d)]++;
		if (d >= idle) {
			out->gaps++;
			continue;
		}
		sum += d;
		out->intervals++;
	}
	if (!out->intervals || !sum)
		return;
	out->mean_interval_ns = (sum + out->intervals / 2) / out->intervals;
	out->rate_hz = 1e9 * (double)out->intervals / (double)sum;
}

size_t report_hist_peaks(const struct report_rate *r, unsigned int *peaks, size_t max)
{
	uint64_t total = r->intervals, left, right;
	size_t n = 0, a, b;
	unsigned int i;

	for (i = 1; i < REPORT_HIST_BINS - 1 && total; i++) {
		left = i > 1 ? r->hist[i - 1] : 0;
		right = i < REPORT_HIST_BINS - 2 ? r->hist[i + 1] : 0;
		/* ties: the first bin of a plateau is the peak */
		if (r->hist[i] * 10 < total || r->hist[i] <= left || r->hist[i] < right)
			continue;
		if (n < max)
			peaks[n++] = i;
	}
	/* largest first (insertion sort: a handful of peaks) */
	for (a = 1; a < n; a++)
		for (b = a; b > 0 && r->hist[peaks[b]] > r->hist[peaks[b - 1]]; b--) {
			unsigned int tmp = peaks[b];

			peaks[b] = peaks[b - 1];
			peaks[b - 1] = tmp;
		}
	return n;
}

bool report_quantum_note(uint32_t quantum_ns, char *buf, size_t len)
{
	if (!quantum_ns) {
		if (len)
			buf[0] = '\0';
		return false;
	}
	snprintf(buf, len, "times in %u ns steps: latency below %u ns is meaningless",
		 quantum_ns, quantum_ns);
	return true;
}

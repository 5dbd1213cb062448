// SPDX-License-Identifier: GPL-2.0
/*
 * test_report_stats.c - the statistics of `inputtrace report` on known
 * data: nearest-rank percentiles, the report rate from the mean interval
 * (and why not from the mean of per-frame rates, evhz's way), the
 * interval histogram of 125 Hz / 1 kHz / 8 kHz and of a mouse switching
 * between 8 ms and 1 ms, and the quantum note.
 */
#include "unit_helpers.h"
#include "report_stats.h"

static void test_percentiles_exact(void **state)
{
	int64_t v[1000];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++)
		v[i] = 1000 - i;	/* 1000 .. 1, sorted below */
	report_sort_i64(v, 1000);
	/* rank ceil(n q): the 500th, 900th, 990th and 999th smallest */
	assert_int_equal(report_percentile(v, 1000, 500), 500);
	assert_int_equal(report_percentile(v, 1000, 900), 900);
	assert_int_equal(report_percentile(v, 1000, 990), 990);
	assert_int_equal(report_percentile(v, 1000, 999), 999);
	assert_int_equal(report_percentile(v, 1000, 1000), 1000);
	/* few values: p99.9 of 10 is the largest, p50 of 3 the middle one */
	assert_int_equal(report_percentile(v, 10, 999), 10);
	assert_int_equal(report_percentile(v, 3, 500), 2);
	assert_int_equal(report_percentile(v, 1, 500), 1);
	/* 4 values: rank ceil(2) = 2, never interpolated to 2.5 */
	assert_int_equal(report_percentile(v, 4, 500), 2);
}

static void test_percentiles_negative(void **state)
{
	int64_t v[] = { 5, -3, 7, 0, -10 };

	(void)state;
	report_sort_i64(v, 5);
	assert_int_equal(v[0], -10);
	assert_int_equal(report_percentile(v, 5, 500), 0);
	assert_int_equal(report_percentile(v, 5, 900), 7);
}

static void test_unique(void **state)
{
	int64_t v[] = { 3, 1, 3, 2, 1, 3 };

	(void)state;
	assert_int_equal(report_sort_unique_i64(v, 6), 3);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], 3);
}

/* Frame times: @n intervals of @step ns each after @t0. */
static size_t frames(int64_t *t, size_t at, int64_t t0, int64_t step, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[at + i] = t0 + (int64_t)(i + 1) * step;
	return at + n;
}

/*
 * 999 intervals of 1 ms and one of 10 us (a frame split in two): the mean
 * of per-frame rates says 1099 Hz, the mean interval 1001 Hz.
 */
static void test_mean_interval_not_mean_rate(void **state)
{
	static int64_t t[1001];
	struct report_rate r;
	double mean_of_rates = 0;
	size_t n = 1, i;

	(void)state;
	t[0] = 1000000000;
	n = frames(t, n, t[0], 1000000, 999);
	t[n] = t[n - 1] + 10000;
	n++;
	report_frame_rate(t, n, &r);
	for (i = 1; i < n; i++)
		mean_of_rates += 1e9 / (double)(t[i] - t[i - 1]);
	mean_of_rates /= (double)(n - 1);
	assert_int_equal(r.frames, 1001);
	assert_int_equal(r.intervals, 1000);
	assert_int_equal(r.gaps, 0);
	assert_int_equal(r.mean_interval_ns, 999010);
	assert_true(r.rate_hz > 1000.98 && r.rate_hz < 1001.0);
	assert_true(mean_of_rates > 1098.9 && mean_of_rates < 1099.1);
}

/* Idle time is no report interval: a 2 s pause between two bursts. */
static void test_idle_gaps(void **state)
{
	static int64_t t[202];
	struct report_rate r;
	size_t n = 1;

	(void)state;
	t[0] = 0;
	n = frames(t, n, 0, 8000000, 100);
	n = frames(t, n, t[n - 1] + 2000000000, 8000000, 100);
	n--;	/* the second burst's first frame ends the gap */
	report_frame_rate(t, n, &r);
	assert_int_equal(r.gaps, 1);
	assert_int_equal(r.intervals, n - 2);
	assert_int_equal(r.mean_interval_ns, 8000000);
	assert_true(r.rate_hz > 124.99 && r.rate_hz < 125.01);
	assert_int_equal(r.hist[REPORT_HIST_BINS - 1], 1);
}

static void test_histogram_rates_distinct(void **state)
{
	static const uint64_t intervals[] = { 125000, 250000, 500000, 1000000, 2000000,
					      4000000, 8000000 };
	unsigned int bins[7], i, j;

	(void)state;
	for (i = 0; i < 7; i++) {
		bins[i] = report_hist_bin(intervals[i]);
		assert_true(bins[i] > 0 && bins[i] < REPORT_HIST_BINS - 1);
		/* the nominal rate is the bin's centre, and 15 % jitter stays */
		assert_true(report_hist_centre_hz(bins[i]) > 1e9 / intervals[i] * 0.999);
		assert_true(report_hist_centre_hz(bins[i]) < 1e9 / intervals[i] * 1.001);
		assert_int_equal(report_hist_bin(intervals[i] * 115 / 100), bins[i]);
		assert_int_equal(report_hist_bin(intervals[i] * 85 / 100), bins[i]);
		for (j = 0; j < i; j++)
			assert_int_not_equal(bins[i], bins[j]);
	}
	/* edges grow by sqrt(2): two bins an octave */
	assert_int_equal(bins[6] - bins[3], 6);
	assert_int_equal(bins[3] - bins[0], 6);
	assert_int_equal(report_hist_bin(0), 0);
	assert_int_equal(report_hist_bin(UINT64_MAX), REPORT_HIST_BINS - 1);
	for (i = 1; i < REPORT_HIST_BINS; i++) {
		assert_int_equal(report_hist_bin(report_hist_edge(i)), i);
		assert_int_equal(report_hist_bin(report_hist_edge(i) - 1), i - 1);
	}
}

/* A mouse at 125 Hz, then 1 kHz, then 125 Hz again: two peaks. */
static void test_histogram_switching_mouse(void **state)
{
	static int64_t t[1 + 300 + 2000 + 300];
	unsigned int peaks[4];
	struct report_rate r;
	size_t n = 1;

	(void)state;
	t[0] = 5000000000;
	n = frames(t, n, t[n - 1], 8000000, 300);
	n = frames(t, n, t[n - 1], 1000000, 2000);
	n = frames(t, n, t[n - 1], 8000000, 300);
	report_frame_rate(t, n, &r);
	assert_int_equal(r.intervals, 2600);
	assert_int_equal(r.hist[report_hist_bin(1000000)], 2000);
	assert_int_equal(r.hist[report_hist_bin(8000000)], 600);
	assert_int_equal(report_hist_peaks(&r, peaks, 4), 2);
	assert_int_equal(peaks[0], report_hist_bin(1000000));	/* largest first */
	assert_int_equal(peaks[1], report_hist_bin(8000000));
	/* the mean interval: (600 * 8 + 2000 * 1) ms / 2600 */
	assert_int_equal(r.mean_interval_ns, 2615385);
	/* a steady 1 kHz mouse has one */
	n = frames(t, 1, t[0], 1000000, 2000);
	report_frame_rate(t, n, &r);
	assert_int_equal(report_hist_peaks(&r, peaks, 4), 1);
}

static void test_too_few_frames(void **state)
{
	int64_t t[1] = { 42 };
	struct report_rate r;

	(void)state;
	report_frame_rate(t, 1, &r);
	assert_int_equal(r.frames, 1);
	assert_int_equal(r.intervals, 0);
	assert_int_equal(r.mean_interval_ns, 0);
	assert_true(r.rate_hz == 0);
	report_frame_rate(t, 0, &r);
	assert_int_equal(r.frames, 0);
}

static void test_quantum_note(void **state)
{
	char buf[96];

	(void)state;
	assert_false(report_quantum_note(0, buf, sizeof(buf)));
	assert_string_equal(buf, "");
	assert_true(report_quantum_note(1000000, buf, sizeof(buf)));
	assert_string_equal(buf, "times in 1000000 ns steps: latency below 1000000 ns is meaningless");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentiles_exact),
		cmocka_unit_test(test_percentiles_negative),
		cmocka_unit_test(test_unique),
		cmocka_unit_test(test_mean_interval_not_mean_rate),
		cmocka_unit_test(test_idle_gaps),
		cmocka_unit_test(test_histogram_rates_distinct),
		cmocka_unit_test(test_histogram_switching_mouse),
		cmocka_unit_test(test_too_few_frames),
		cmocka_unit_test(test_quantum_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report_stats.h - the statistics of `inputtrace report`, pure functions
 * over arrays so the unit tests can check them on known data.
 *
 * Percentiles are nearest-rank: the value at 1-based rank ceil(n * q),
 * one of the data, never interpolated, so another program (the test's
 * python) gets exactly the same figure.
 *
 * A device's report rate comes from the mean interval between its frames
 * (distinct SYN_REPORT timestamps): 1 / mean(interval).  evhz averages the
 * per-frame rates 1 / interval instead, which a few short intervals (a
 * frame split in two, jitter) pull far up: 999 intervals of 1 ms and one
 * of 10 us give 1099 Hz there, 1001 Hz here.  Idle time is no report
 * interval: intervals of REPORT_IDLE_NS and more are counted as gaps and
 * left out of the mean (they still show in the histogram's last bin).
 *
 * The interval histogram has two bins an octave, centred on 1 ms * 2^(j/2):
 * 8 kHz (125 us), 4 kHz, 2 kHz, 1 kHz, 500 Hz, 250 Hz and 125 Hz (8 ms)
 * each sit in the middle of a bin of their own, a factor 2^(1/4) (19 %)
 * of jitter from either edge.
 */
#ifndef __REPORT_STATS_H
#define __REPORT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growable array of signed 64-bit values (ns, latencies). */
struct report_i64s {
	int64_t *v;
	size_t n, cap;
};

int report_i64s_push(struct report_i64s *a, int64_t x);	/* 0 or -ENOMEM */
void report_i64s_free(struct report_i64s *a);
void report_sort_i64(int64_t *v, size_t n);
/* Sort and drop repeated values (the same frame seen by several readers). */
size_t report_sort_unique_i64(int64_t *v, size_t n);

/* Nearest-rank percentile of sorted @v (n >= 1), @permille in 1..1000. */
int64_t report_percentile(const int64_t *sorted, size_t n, unsigned int permille);

/* The percentiles every latency line shows, in this order. */
#define REPORT_NPCT	4
extern const unsigned int report_pct_permille[REPORT_NPCT];	/* 500 900 990 999 */
extern const char *const report_pct_name[REPORT_NPCT];		/* p50 ... p99.9 */

/* Histogram bins: 0 below the first edge, 1..25 the regular ones, 26 gaps. */
#define REPORT_HIST_FIRST_J	(-10)	/* centre 31.25 us (32 kHz) */
#define REPORT_HIST_LAST_J	14	/* centre 128 ms */
#define REPORT_HIST_BINS	(REPORT_HIST_LAST_J - REPORT_HIST_FIRST_J + 3)
/* Lower edge of bin @i (1..REPORT_HIST_BINS-1), ns; bin 0 starts at 0. */
uint64_t report_hist_edge(unsigned int i);
/* Intervals from here up are idle gaps: the last bin's lower edge, 152 ms. */
#define REPORT_IDLE_NS		report_hist_edge(REPORT_HIST_BINS - 1)
unsigned int report_hist_bin(uint64_t interval_ns);
/* Rate (Hz) at the centre of regular bin @i. */
double report_hist_centre_hz(unsigned int i);

struct report_rate {
	uint64_t frames;	/* distinct frame times */
	uint64_t intervals;	/* between consecutive frames, below REPORT_IDLE_NS */
	uint64_t gaps;		/* intervals of REPORT_IDLE_NS or more */
	uint64_t mean_interval_ns;	/* 0 without intervals */
	double rate_hz;		/* 1e9 / mean interval; 0 without intervals */
	uint64_t hist[REPORT_HIST_BINS];	/* every interval, gaps included */
};

/* From sorted, distinct frame times @t (report_sort_unique_i64()). */
void report_frame_rate(const int64_t *t, size_t n, struct report_rate *out);

/*
 * Local maxima of the histogram's regular bins holding at least 10 % of
 * the intervals, largest first: a mouse switching between 8 ms and 1 ms
 * has two.  Returns how many (at most @max) bin indexes are in @peaks.
 */
size_t report_hist_peaks(const struct report_rate *r, unsigned int *peaks, size_t max);

/*
 * The note a latency figure needs when timestamps were quantised: "times
 * in N ns steps: latency below N ns is meaningless".  Writes it into @buf
 * and returns true when @quantum_ns is not 0; else false, @buf "".
 */
bool report_quantum_note(uint32_t quantum_ns, char *buf, size_t len);

#endif /* __REPORT_STATS_H */

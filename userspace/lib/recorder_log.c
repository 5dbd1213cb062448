// SPDX-License-Identifier: GPL-2.0
/*
 * recorder_log.c - `inputtrace record` tells the system log (the journal on
 * systemd machines) when it starts and stops, with its filters and output,
 * and every file it rotates or deletes: whoever reviews the machine can see
 * that input was traced, by whom, and where the traces went.
 *
 * LOG_AUTHPRIV: the messages name trace files; classic syslog setups keep
 * that facility readable by administrators only.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>

#include "recorder.h"

void record_log(int prio, const char *fmt, ...)
{
	static bool opened;
	va_list ap;

	if (!opened) {
		openlog("inputtrace", LOG_PID, LOG_AUTHPRIV);
		opened = true;
	}
	va_start(ap, fmt);
	vsyslog(prio, fmt, ap);
	va_end(ap);
}

void record_note(const struct recorder *rc, int prio, const char *fmt, ...)
{
	char msg[PATH_MAX * 2 + 256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (prio <= LOG_WARNING || !rc->opts->quiet)
		fprintf(stderr, "%sinputtrace: %s\n", rc->run.status_line ? "\n" : "",
			msg);
	record_log(prio, "%s", msg);
}

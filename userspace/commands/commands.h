/* SPDX-License-Identifier: GPL-2.0 */
/*
 * commands.h - the subcommands main() dispatches to, one file each in
 * this folder, each with its own option table (struct cli_spec).
 *
 * Every cmd_*() returns its exit status (cli.h: 0 success, 1 failure,
 * 2 usage error, unless the command documents otherwise).
 */
#ifndef __COMMANDS_H
#define __COMMANDS_H

#include "recorder.h"

int cmd_record(int argc, char **argv);	/* userspace/recorder/record.c */
int cmd_status(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_resume(int argc, char **argv);
int cmd_policy(int argc, char **argv);

/*
 * Parse `record` options (argv[0] is "record"; commands/record.c).
 * Returns 0 and fills @o, 1 when --help was printed (exit 0), or -EINVAL
 * after printing one line "inputtrace: record: ..." on stderr; @o is
 * untouched unless 0.
 */
int record_parse_args(int argc, char **argv, struct record_opts *o);

/* `status`'s view of attached recorders: needs libbpf (recorder/). */
void recorder_print_attached(void);
/* `status`'s kernel line and feature list (recorder/kernel_support.c). */
void recorder_print_kernel_support(void);

#endif /* __COMMANDS_H */

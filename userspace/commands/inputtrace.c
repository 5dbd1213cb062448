// SPDX-License-Identifier: GPL-2.0
/*
 * inputtrace.c - main(): pick the subcommand.  Everything else lives in
 * the subcommand files (this folder) and the library, so it can be
 * unit-tested without this table.
 */
#include "cli.h"
#include "commands.h"

static const struct cli_command commands[] = {
	{ "record", cmd_record, "trace input events into a file" },
	{ "dump", cmd_dump, "print trace files as text or JSON Lines" },
	{ "report", cmd_report, "summarise trace files: rates, latency, losses (text, JSON, plot)" },
	{ "export", cmd_export, "write one device's events for evemu-play or libinput replay" },
	{ "status", cmd_status, "show module state, traced cgroups and counters" },
	{ "verify", cmd_verify, "check trace files for damage, truncation and tampering" },
	{ "keygen", cmd_keygen, "create a key pair for encrypted trace files" },
	{ "pause", cmd_pause, "stop recording anyone's input (secure input: root)" },
	{ "resume", cmd_resume, "record again after pause (root)" },
	{ "policy", cmd_policy, "apply, show or change the tracing policy (persistent file)" },
};

int main(int argc, char **argv)
{
	return cli_dispatch(argc, argv, commands, sizeof(commands) / sizeof(commands[0]));
}

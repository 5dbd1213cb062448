/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace_operands.h - the FILE|DIR... operands and --key of the commands
 * that read many trace files as one stream (report, export): operands
 * expanded to file paths (report_expand()), the secret key opened.
 */
#ifndef __TRACE_OPERANDS_H
#define __TRACE_OPERANDS_H

#include <stddef.h>

struct trace_operands {
	char **paths;		/* in stream order: operand order, a DIR by name */
	size_t npaths;
	unsigned char *sk;	/* keyfile_secret_open()'s, or NULL */
};

/*
 * Expand argv[@first..@argc) and open @key_path (may be NULL).  0, or 1
 * after printing one line "inputtrace: @cmd: ..." (no operand, a DIR
 * without trace files, unreadable DIR or key); @o is empty then.
 */
int trace_operands_open(struct trace_operands *o, const char *cmd, int argc, char **argv,
			int first, const char *key_path);
void trace_operands_free(struct trace_operands *o);

#endif /* __TRACE_OPERANDS_H */

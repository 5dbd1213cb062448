// SPDX-License-Identifier: GPL-2.0
/*
 * test_follow.c - the live view without BPF: the stream writer
 * (`record -o -`) and `dump --follow` of a file another thread grows
 * block by block, of a pipe, of a block cut off mid-write, encrypted too.
 *
 * Nothing here waits for a time: the test hands the writer its next
 * block only after dump has printed the previous one, so a dump that
 * printed nothing before the writer closed would hang (the alarm() is
 * only a guard against that hang, not a measurement).
 */
#include "unit_helpers.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <linux/input.h>
#include <pty.h>
#include <sys/wait.h>
#include "cli.h"
#include "commands.h"
#include "dump.h"
#include "keyfile.h"
#include "recorder.h"
#include "tracefile.h"
#include "tracefile_helpers.h"

#define BLOCKS		4
#define PER_BLOCK	5
#define HANG_GUARD_S	120

static volatile sig_atomic_t never;

/* Record @j of block @b: a DEVICE opens block 0, events after. */
static struct trace_record live_record(int b, int j)
{
	if (!b && !j)
		return mk_device(1000, 1, 3, "Live Keyboard");
	return mk_event(2000 + b * 100 + j, 1, EV_KEY, KEY_A + j, b);
}

struct grower {
	const char *path;
	const unsigned char *pk;
	int go;			/* read end: one byte per block wanted */
	bool stream;		/* through tracefile_create_stream() */
	int fd;			/* ... to this fd */
};

/* Writes block b once told to; END after the last. */
static void *grow_file(void *arg)
{
	struct grower *g = arg;
	struct tracefile_opts o = { .compress = true, .sync = TRACEFILE_SYNC_NONE,
				    .recipient_pk = g->pk };
	struct tracefile_meta m = { .cmdline = "record -o -" };
	struct tracefile_writer *w;
	struct trace_record r;
	char c;
	int b, j;

	assert_int_equal(g->stream ? tracefile_create_stream(g->fd, &m, &o, &w) :
			 tracefile_create(g->path, &m, &o, &w), 0);
	for (b = 0; b < BLOCKS; b++) {
		assert_int_equal(read(g->go, &c, 1), 1);
		for (j = 0; j < PER_BLOCK; j++) {
			r = live_record(b, j);
			assert_int_equal(tracefile_append(w, &r), 0);
		}
		assert_int_equal(tracefile_flush(w), 0);
	}
	assert_int_equal(read(g->go, &c, 1), 1);
	assert_int_equal(tracefile_close(w), 0);
	return NULL;
}

struct follower {
	const char *path;
	const unsigned char *sk;
	FILE *out;
	int ret;
};

static void *follow_file(void *arg)
{
	struct follower *f = arg;

	f->ret = dump_follow(f->out, stderr, f->path, DUMP_JSON, f->sk, true, &never);
	fclose(f->out);
	return NULL;
}

/* Each JSON line: one object of a known kind. */
static void check_json_line(const char *line, int b, int j)
{
	char want[64];

	assert_int_equal(line[0], '{');
	assert_int_equal(line[strlen(line) - 2], '}');
	if (!b && !j) {
		assert_non_null(strstr(line, "{\"kind\":\"device\",\"time_ns\":1000,"));
		return;
	}
	assert_non_null(strstr(line, "{\"kind\":\"event\","));
	snprintf(want, sizeof(want), "\"time_ns\":%d,", 2000 + b * 100 + j);
	assert_non_null(strstr(line, want));
	/* the device is named from its DEVICE record on */
	assert_non_null(strstr(line, "\"device\":\"Live Keyboard\""));
}

/* Block by block: dump shows each block before the writer writes the next. */
static void follow_growing(const char *dir, const char *name, const struct keypair *kp)
{
	char *path = path_join(dir, name), line[4096];
	int go[2], out[2], b, j;
	pthread_t wt, dt;
	struct grower g = { .path = path, .pk = kp ? kp->pk : NULL };
	struct follower f = { .path = path, .sk = kp ? kp->sk : NULL };
	FILE *in;

	alarm(HANG_GUARD_S);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(out), 0);
	g.go = go[0];
	f.out = fdopen(out[1], "w");
	in = fdopen(out[0], "r");
	assert_non_null(f.out);
	assert_non_null(in);
	assert_int_equal(pthread_create(&wt, NULL, grow_file, &g), 0);
	/* dump waits for the header too: it may start before the file exists */
	while (access(path, F_OK))
		sched_yield();
	assert_int_equal(pthread_create(&dt, NULL, follow_file, &f), 0);
	for (b = 0; b < BLOCKS; b++) {
		assert_int_equal(write(go[1], "b", 1), 1);
		for (j = 0; j < PER_BLOCK; j++) {
			assert_non_null(fgets(line, sizeof(line), in));
			check_json_line(line, b, j);
		}
	}
	assert_int_equal(write(go[1], "e", 1), 1);	/* now END */
	assert_null(fgets(line, sizeof(line), in));	/* ... and dump stops */
	pthread_join(wt, NULL);
	pthread_join(dt, NULL);
	assert_int_equal(f.ret, DUMP_OK);
	alarm(0);
	fclose(in);
	close(go[0]);
	close(go[1]);
	free(path);
}

static void test_follow_growing_file(void **state)
{
	follow_growing(*state, "grow.itr", NULL);
}

static void test_follow_growing_encrypted(void **state)
{
	struct keypair kp;

	keypair_new(&kp);
	follow_growing(*state, "grow-enc.itr", &kp);
}

/* The whole of a file as dump (not following) prints it. */
static char *dump_json(const char *dir, const char *path, const unsigned char *sk)
{
	char *outp = path_join(dir, "dump.json"), *text;
	FILE *out = fopen(outp, "w");

	assert_int_equal(dump_file(out, stderr, path, DUMP_JSON, sk), DUMP_OK);
	fclose(out);
	text = (char *)slurp(outp, NULL);
	free(outp);
	return text;
}

/* A stream and a file of the same records differ in the header only. */
static void test_stream_writer(void **state)
{
	const char *dir = *state;
	char *file = path_join(dir, "f.itr"), *spool = path_join(dir, "s.itr"), *ja, *jb;
	struct grower gf = { .path = file }, gs = { .stream = true };
	unsigned char *a, *b;
	size_t alen, blen, ha, hb;
	int go[2], i;

	gs.fd = open(spool, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_true(gs.fd >= 0);
	assert_int_equal(pipe(go), 0);
	for (i = 0; i <= BLOCKS; i++)
		assert_int_equal(write(go[1], "xx", 2), 2);
	gf.go = gs.go = go[0];
	grow_file(&gf);
	grow_file(&gs);		/* closes gs.fd */
	a = slurp(file, &alen);
	b = slurp(spool, &blen);
	ha = get_le32(a + 12);
	hb = get_le32(b + 12);
	assert_int_equal(ha, hb);
	assert_int_equal(alen, blen);
	assert_memory_equal(a + ha, b + hb, alen - ha);
	/* the file was marked CLEAN in place, the stream never rewrites */
	assert_int_equal(a[10], TRACEFILE_CLEAN);
	assert_int_equal(b[10], TRACEFILE_ONLINE);
	free(a);
	free(b);
	/* and reads the same: the END block is what says closed */
	ja = dump_json(dir, file, NULL);
	jb = dump_json(dir, spool, NULL);
	assert_string_equal(ja, jb);
	free(ja);
	free(jb);
	close(go[0]);
	close(go[1]);
	free(file);
	free(spool);
}

/* A reader that went away: the next block's write says EPIPE, no signal. */
static void test_stream_epipe(void **state)
{
	struct tracefile_opts o = { .sync = TRACEFILE_SYNC_BLOCK };
	struct tracefile_writer *w;
	struct trace_record r = live_record(0, 0);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int p[2];

	(void)state;
	assert_int_equal(pipe(p), 0);
	/* sync on a pipe would be EINVAL: the stream does not try */
	assert_int_equal(tracefile_create_stream(p[1], NULL, &o, &w), 0);
	assert_int_equal(tracefile_append(w, &r), 0);
	assert_int_equal(tracefile_flush(w), 0);
	close(p[0]);
	assert_int_equal(tracefile_append(w, &r), 0);
	assert_int_equal(tracefile_flush(w), -EPIPE);
	assert_int_equal(tracefile_close(w), -EPIPE);
	signal(SIGPIPE, old);
}

/* `dump --follow -f json -` from a pipe equals dump of the same file. */
static void follow_pipe(const char *dir, const struct keypair *kp, const char *keyfile)
{
	char *file = path_join(dir, "p.itr"), *out, *err, *want;
	char *argv[] = { "dump", "--follow", "-f", "json", "-", NULL, NULL, NULL };
	int argc = 5, go[2], data[2], in0 = dup(0), i;
	struct grower gf = { .path = file, .pk = kp ? kp->pk : NULL };
	struct grower gs = { .stream = true, .pk = kp ? kp->pk : NULL };
	pthread_t wt;

	if (keyfile) {
		argv[4] = "--key";
		argv[5] = (char *)keyfile;
		argv[6] = "-";
		argc = 7;
	}
	alarm(HANG_GUARD_S);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(data), 0);
	for (i = 0; i <= BLOCKS; i++)
		assert_int_equal(write(go[1], "xx", 2), 2);
	gf.go = gs.go = go[0];
	grow_file(&gf);
	gs.fd = data[1];
	assert_int_equal(pthread_create(&wt, NULL, grow_file, &gs), 0);
	dup2(data[0], 0);
	close(data[0]);
	assert_int_equal(capture(dir, cmd_dump, argc, argv, &out, &err), DUMP_OK);
	dup2(in0, 0);
	close(in0);
	pthread_join(wt, NULL);
	alarm(0);
	assert_string_equal(err, "");
	want = dump_json(dir, file, kp ? kp->sk : NULL);
	assert_string_equal(out, want);
	assert_int_equal(count_lines(out), BLOCKS * PER_BLOCK);
	free(want);
	free(out);
	free(err);
	close(go[0]);
	close(go[1]);
	unlink(file);
	free(file);
}

static void test_follow_pipe(void **state)
{
	follow_pipe(*state, NULL, NULL);
}

static void test_follow_pipe_encrypted(void **state)
{
	const char *dir = *state;
	char *pub = path_join(dir, "k.pub"), *sec = path_join(dir, "k.key"), msg[256];
	struct keypair kp;
	unsigned char *sk;

	/* --key reads the keyfile format: make the pair as keygen does */
	assert_int_equal(keyfile_write_pair(pub, sec, NULL), 0);
	assert_int_equal(keyfile_load_public(pub, kp.pk, msg, sizeof(msg)), 0);
	sk = keyfile_secret_open("test", sec);
	assert_non_null(sk);
	memcpy(kp.sk, sk, sizeof(kp.sk));
	keyfile_secret_free(sk);
	follow_pipe(dir, &kp, sec);
	free(pub);
	free(sec);
}

/*
 * A block cut off at the end of a file being written is waited for, not
 * damage: the rest of its bytes arrive later and it reads whole.
 */
static void cut_block(const char *dir, const char *name, const struct keypair *kp)
{
	char *full = path_join(dir, "full.itr"), *path = path_join(dir, name);
	struct follower f = { .path = path, .sk = kp ? kp->sk : NULL };
	struct grower g = { .path = full, .pk = kp ? kp->pk : NULL };
	unsigned char *bytes;
	struct blk blks[16];
	size_t len, cut;
	int go[2], out[2], i, fd;
	char line[4096];
	pthread_t dt;
	FILE *in;

	alarm(HANG_GUARD_S);
	assert_int_equal(pipe(go), 0);
	for (i = 0; i <= BLOCKS; i++)
		assert_int_equal(write(go[1], "xx", 2), 2);
	g.go = go[0];
	grow_file(&g);
	bytes = slurp(full, &len);
	assert_int_equal(walk_blocks(bytes, len, blks, 16), BLOCKS + 1);
	/* header and block 0, then half of block 1 */
	cut = blks[1].off + blks[1].len / 2;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	assert_int_equal(write(fd, bytes, cut), (ssize_t)cut);

	assert_int_equal(pipe(out), 0);
	f.out = fdopen(out[1], "w");
	in = fdopen(out[0], "r");
	assert_int_equal(pthread_create(&dt, NULL, follow_file, &f), 0);
	for (i = 0; i < PER_BLOCK; i++) {
		assert_non_null(fgets(line, sizeof(line), in));
		check_json_line(line, 0, i);
	}
	/* dump now sits at the cut; the rest arrives */
	assert_int_equal(write(fd, bytes + cut, len - cut), (ssize_t)(len - cut));
	close(fd);
	for (i = 0; i < (BLOCKS - 1) * PER_BLOCK; i++) {
		assert_non_null(fgets(line, sizeof(line), in));
		check_json_line(line, 1 + i / PER_BLOCK, i % PER_BLOCK);
	}
	assert_null(fgets(line, sizeof(line), in));
	pthread_join(dt, NULL);
	alarm(0);
	assert_int_equal(f.ret, DUMP_OK);	/* no damage reported */
	fclose(in);
	close(go[0]);
	close(go[1]);
	free(bytes);
	unlink(full);
	free(full);
	free(path);
}

static void test_follow_cut_block(void **state)
{
	cut_block(*state, "cut.itr", NULL);
}

static void test_follow_cut_block_encrypted(void **state)
{
	struct keypair kp;

	keypair_new(&kp);
	cut_block(*state, "cut-enc.itr", &kp);
}

/* The pipe's writer died mid-block: that is judged when the pipe ends. */
static void test_follow_pipe_torn(void **state)
{
	const char *dir = *state;
	char *full = path_join(dir, "torn.itr"), *out, *err;
	char *argv[] = { "dump", "--follow", "-", NULL };
	struct grower g = { .path = full };
	int go[2], data[2], in0 = dup(0), i;
	struct blk blks[16];
	unsigned char *bytes;
	size_t len, cut;

	assert_int_equal(pipe(go), 0);
	for (i = 0; i <= BLOCKS; i++)
		assert_int_equal(write(go[1], "xx", 2), 2);
	g.go = go[0];
	grow_file(&g);
	bytes = slurp(full, &len);
	walk_blocks(bytes, len, blks, 16);
	cut = blks[2].off + 7;
	assert_int_equal(pipe(data), 0);
	assert_int_equal(write(data[1], bytes, cut), (ssize_t)cut);	/* < pipe buffer */
	close(data[1]);
	dup2(data[0], 0);
	close(data[0]);
	assert_int_equal(capture(dir, cmd_dump, 3, argv, &out, &err), DUMP_DAMAGED);
	dup2(in0, 0);
	close(in0);
	assert_non_null(strstr(err, "inputtrace: dump: stdin: damaged range at offset"));
	assert_non_null(strstr(err, "no END block"));
	assert_int_equal(count_lines(out), 2 + 2 * PER_BLOCK + 1);	/* + damage line */
	free(out);
	free(err);
	free(bytes);
	close(go[0]);
	close(go[1]);
	free(full);
}

static int parse_record(int argc, char **argv)
{
	struct record_opts o;

	return record_parse_args(argc, argv, &o);
}

/* -o - takes no directory options and refuses a terminal, creating nothing. */
static void test_record_stdout_args(void **state)
{
	const char *dir = *state;
	char *argv[] = { "record", "-o", "-", "--rotate-size", "1M", NULL };
	char *out, *err, *dash;
	int so = dup(1), master, slave;
	struct record_opts o;

	assert_int_equal(capture(dir, parse_record, 5, argv, &out, &err), -EINVAL);
	assert_string_equal(err, "inputtrace: record: rotation and retention need -o DIR (an existing directory), not stdout\n");
	free(out);
	free(err);
	argv[3] = "--on-disk-full=rotate";
	assert_int_equal(capture(dir, parse_record, 4, argv, &out, &err), -EINVAL);
	assert_non_null(strstr(err, "--on-disk-full=rotate needs -o DIR"));
	free(out);
	free(err);

	/* capture() makes stdout a file: accepted */
	assert_int_equal(capture(dir, parse_record, 3, argv, &out, &err), 0);
	assert_string_equal(err, "");
	free(out);
	free(err);
	assert_int_equal(record_parse_args(3, argv, &o), 0);
	assert_true(o.output_stdout);
	assert_false(o.output_is_dir);

	/* a terminal is not a place for the binary format */
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	fflush(stdout);
	dup2(slave, 1);
	{
		char *pe = path_join(dir, "tty.err");
		int se = dup(2), fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(fe, 2);
		assert_int_equal(record_parse_args(3, argv, &o), -EINVAL);
		fflush(stderr);
		dup2(se, 2);
		close(se);
		close(fe);
		err = (char *)slurp(pe, NULL);
		assert_string_equal(err, "inputtrace: record: -o -: stdout is a terminal; pipe it (| inputtrace dump --follow -) or redirect it to a file\n");
		free(err);
		free(pe);
	}
	dup2(so, 1);
	close(so);
	close(master);
	close(slave);
	dash = path_join(dir, "-");
	assert_int_equal(access(dash, F_OK), -1);
	free(dash);
}

/*
 * The recorder on -o -: its reader closing the pipe stops it (reader_gone),
 * seen by the next flush round even with nothing to write.
 */
static void test_recorder_reader_gone(void **state)
{
	struct record_opts o = { .output = "-", .output_stdout = true,
				 .sync = TRACEFILE_SYNC_BLOCK,
				 .block_bytes = TRACEFILE_BLOCK_MIN, .quiet = true,
				 .plaintext = true };
	char *argv[] = { "record", "-o", "-", NULL }, hdr[8];
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	int so = dup(1), p[2];
	struct recorder rc;

	(void)state;
	assert_int_equal(pipe(p), 0);
	dup2(p[1], 1);
	close(p[1]);
	assert_int_equal(recorder_init(&rc, &o), 0);
	assert_int_equal(recorder_check_output(&rc), 0);
	assert_string_equal(rc.files.path, "stdout");
	assert_int_equal(recorder_open_output(&rc, 3, argv), 0);
	assert_int_equal(read(p[0], hdr, sizeof(hdr)), (ssize_t)sizeof(hdr));
	assert_memory_equal(hdr, "ITRACE\x1a\n", 8);
	recorder_flush_round(&rc, 1);
	assert_false(rc.run.reader_gone);
	close(p[0]);
	recorder_flush_round(&rc, 2);
	assert_true(rc.run.reader_gone);
	assert_int_equal(recorder_close_output(&rc), -EPIPE);
	recorder_free(&rc);
	dup2(so, 1);
	close(so);
	signal(SIGPIPE, old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_writer),
		cmocka_unit_test(test_stream_epipe),
		cmocka_unit_test(test_follow_growing_file),
		cmocka_unit_test(test_follow_growing_encrypted),
		cmocka_unit_test(test_follow_pipe),
		cmocka_unit_test(test_follow_pipe_encrypted),
		cmocka_unit_test(test_follow_cut_block),
		cmocka_unit_test(test_follow_cut_block_encrypted),
		cmocka_unit_test(test_follow_pipe_torn),
		cmocka_unit_test(test_record_stdout_args),
		cmocka_unit_test(test_recorder_reader_gone),
	};

	return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}

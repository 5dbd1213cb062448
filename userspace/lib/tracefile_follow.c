// SPDX-License-Identifier: GPL-2.0
/*
 * tracefile_follow.c - a trace that is still being written (see
 * tracefile_follow.h): wait for its header, then for each block.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tracefile_fmt.h"
#include "tracefile_follow.h"

#define PIPE_CHUNK	(64 * 1024)
/* the spool is punched out in these steps, behind the reader */
#define PUNCH_STEP	(1024 * 1024)

struct tracefile_follow {
	struct tracefile_reader *r;
	int fd;			/* what was opened: the file, or the pipe */
	int spool;		/* pipe: memfd the reader reads, else -1 */
	uint64_t spooled;	/* ... bytes in it */
	uint64_t punched;	/* ... bytes already given back */
	bool pipe;
	bool wait;		/* regular file: its end is not final */
	bool final;		/* EOF of the pipe or *stop: nothing more comes */
	bool stopped;		/* ... by *stop */
	const volatile sig_atomic_t *stop;
};

/* Whether the *@stop flag ended the wait; marks the end final then. */
static bool check_stop(struct tracefile_follow *f)
{
	if (f->stop && *f->stop && !f->final) {
		f->final = true;
		f->stopped = true;
	}
	return f->final;
}

/* Pipe: move what is there (waiting up to a poll period) into the spool. */
static int pump(struct tracefile_follow *f)
{
	unsigned char buf[PIPE_CHUNK];
	struct pollfd p = { .fd = f->fd, .events = POLLIN };
	ssize_t n;
	size_t done;

	if (check_stop(f))
		return 0;
	if (poll(&p, 1, TRACEFILE_FOLLOW_POLL_MS) < 0)
		return errno == EINTR ? 0 : -errno;
	if (!p.revents)
		return 0;
	n = read(f->fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		f->final = true;	/* the writer closed the pipe */
		return 0;
	}
	for (done = 0; done < (size_t)n; ) {
		ssize_t w = pwrite(f->spool, buf + done, n - done, f->spooled + done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		done += w;
	}
	f->spooled += n;
	return 0;
}

/* The size of what the reader can read so far. */
static int source_size(struct tracefile_follow *f, uint64_t *size)
{
	struct stat st;

	if (f->pipe) {
		*size = f->spooled;
		return 0;
	}
	if (fstat(f->fd, &st) < 0)
		return -errno;
	*size = st.st_size;
	return 0;
}

/* One wait for more data: the pipe's next chunk, or a poll period. */
static int wait_more(struct tracefile_follow *f)
{
	if (f->pipe)
		return pump(f);
	if (!f->wait)
		f->final = true;
	if (check_stop(f))
		return 0;
	if (poll(NULL, 0, TRACEFILE_FOLLOW_POLL_MS) < 0 && errno != EINTR)
		return -errno;
	check_stop(f);
	return 0;
}

/* The whole file header is there (or what is there will never be one). */
static int header_ready(struct tracefile_follow *f, bool *ready)
{
	int rfd = f->pipe ? f->spool : f->fd;
	unsigned char h[TF_OFF_HDRLEN + 4];
	uint64_t size = 0;
	uint32_t len;
	int err = source_size(f, &size);

	*ready = false;
	if (err || size < sizeof(h))
		return err;
	err = tf_pread_all(rfd, h, sizeof(h), 0);
	if (err)
		return err;
	len = le32_get(h + TF_OFF_HDRLEN);
	/* not a header: the reader says what is wrong with it */
	*ready = memcmp(h, TF_MAGIC, TF_MAGIC_LEN) || len < TF_HDR_FIXED ||
		 len > TF_HDR_MAX || size >= len;
	return 0;
}

static int open_source(struct tracefile_follow *f, const char *path)
{
	struct stat st;

	f->fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) :
				    fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
	if (f->fd < 0)
		return -errno;
	if (fstat(f->fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (isatty(f->fd))
		return -ENOTTY;
	if (S_ISREG(st.st_mode))
		return 0;
	f->pipe = true;
	f->spool = memfd_create("inputtrace-follow", MFD_CLOEXEC);
	return f->spool < 0 ? -errno : 0;
}

int tracefile_follow_open(const char *path, const unsigned char *sk, bool wait,
			  const volatile sig_atomic_t *stop,
			  struct tracefile_follow **out)
{
	struct tracefile_follow *f = calloc(1, sizeof(*f));
	bool ready = false;
	int err, rfd;

	if (!f)
		return -ENOMEM;
	f->spool = -1;
	f->wait = wait;
	f->stop = stop;
	err = open_source(f, path);
	while (!err) {
		err = header_ready(f, &ready);
		if (err || ready || f->final)
			break;
		err = wait_more(f);
	}
	if (err)
		goto err_free;
	rfd = fcntl(f->pipe ? f->spool : f->fd, F_DUPFD_CLOEXEC, 0);
	if (rfd < 0) {
		err = -errno;
		goto err_free;
	}
	err = tracefile_open_fd_key(rfd, sk, &f->r);
	if (err)
		goto err_free;
	tracefile_reader_follow(f->r, !f->final || f->stopped);
	*out = f;
	return 0;

err_free:
	tracefile_follow_close(f);
	return err;
}

struct tracefile_reader *tracefile_follow_reader(struct tracefile_follow *f)
{
	return f->r;
}

/* Give back the spool's pages the reader is done with. */
static void punch_behind(struct tracefile_follow *f)
{
	uint64_t upto = tracefile_reader_offset(f->r) / PUNCH_STEP * PUNCH_STEP;

	if (upto <= f->punched)
		return;
	/* only memory: if the kernel cannot, the spool just stays bigger */
	if (!fallocate(f->spool, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		       (off_t)f->punched, (off_t)(upto - f->punched)))
		f->punched = upto;
}

int tracefile_follow_wait(struct tracefile_follow *f)
{
	int err = wait_more(f);

	if (!err)
		err = tracefile_reader_refresh(f->r);
	if (!err && f->pipe)
		punch_behind(f);
	/* stopped by the user: a block still cut off is not judged */
	if (f->final && !f->stopped)
		tracefile_reader_follow(f->r, false);
	return err;
}

bool tracefile_follow_stopped(const struct tracefile_follow *f)
{
	return f->stopped;
}

void tracefile_follow_close(struct tracefile_follow *f)
{
	if (!f)
		return;
	tracefile_reader_close(f->r);
	if (f->spool >= 0)
		close(f->spool);
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

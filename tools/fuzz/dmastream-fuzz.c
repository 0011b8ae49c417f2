// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream-fuzz: random use and misuse of /dev/dmastream.
 *
 *   dmastream-fuzz [-n ITERATIONS] [-t THREADS] [-s SEED] [-d DEVICE]
 *                  [--no-slave] [--no-rings] [--heap NAME] [--max-live-mb N]
 *                  [-v]
 *
 * THREADS threads (pthreads) each run ITERATIONS random operations: open and
 * close the device, every ioctl with random, boundary and hostile arguments
 * (sizes, offsets, kinds, directions, roles, fds of every kind, user
 * pointers that are NULL, unmapped, read-only, kernel addresses, or inside
 * dma-buf mappings), random ioctl numbers, mmap/munmap of dma-buf fds with
 * random lengths, offsets and protections, DMA_BUF_IOCTL_SYNC with random
 * flags, poll, read/write, dup and close in any order, including fds other
 * threads are using and buffers with transfers in flight.  Streaming
 * rings too: each thread creates, starts, dequeues from, queues to, stops
 * and destroys rings on a file of its own (capture and playback, on a
 * loopback FIFO buffer or the peripheral's), misuses them (indices out of
 * range or not held, queue without dequeue, double start and stop, ring
 * ioctls on files without one, a second ring on a file) and closes files
 * whose ring runs.  On QEMU's stock PL330 nothing paces a ring: dma330's
 * test gates do (debugfs, as `dmastream stream --pace-us`), armed for the
 * whole run when they exist; without them rings are never started.  Every call must
 * return success or an errno from the set that call may legitimately return;
 * anything else (an unlisted errno, a positive return, a hang) fails the run.
 * Every 64 operations a thread also runs a well-formed memcpy with
 * verification on its own file: the device must keep moving data correctly.
 *
 * The seed is printed; thread i uses seed + i.  With -t 1 a run is exactly
 * replayable (same seed, same operation sequence; -v prints each one).
 *
 * Exit status: 0 clean, 1 an unexpected result or data mismatch, 2 usage,
 * 4 a call hung (no progress for 60 s; the stuck operations are printed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "../../client/uapi/dmastream.h"

#define MAX_THREADS	16
#define NSLOTS		48	/* shared fds */
#define NMAPS		16	/* per-thread mappings */
#define VERIFY_EVERY	64
#define HANG_SECONDS	60
#define RING_HELD	8	/* periods a thread remembers holding */
/* Gates every 4 KiB, released every 200 us: rings and copies ~20 MB/s. */
#define GATE_EVERY	4096u
#define GATE_PACE_NS	200000u

/* S_OWN: as a wanted type, a dma-buf of ours only (never a heap's). */
enum slot_type { S_FREE, S_DEV, S_BUF, S_HEAP, S_OTHER, S_OWN };

struct slot {
	int fd;
	enum slot_type type;
	uint64_t size;		/* S_BUF, S_HEAP */
};

struct map {
	void *addr;
	size_t len;
	int writable;
};

/* A thread's own ring: on a file of its own, never in the shared table. */
struct tring {
	int dev;		/* the file with the ring, -1 */
	int fd;			/* the ring's dma-buf, -1 */
	int fifo;		/* loopback FIFO buffer (on @dev), -1 */
	void *map;
	size_t len;
	uint32_t periods, period_bytes;
	int capture, loopback, have;
	int unknown;		/* holds a period it could not read back */
	uint32_t held[RING_HELD];
	unsigned int nheld;
	unsigned long created, started, dequeued, queued, closed_running;
};

struct thread {
	pthread_t tid;
	unsigned int idx;
	uint64_t rng;
	unsigned long iter;
	volatile const char *op;	/* current operation (hang report) */
	volatile unsigned long progress;
	struct map maps[NMAPS];
	int own_dev;		/* private file for the verified memcpy */
	struct tring ring;
	unsigned char scratch[1024] __attribute__((aligned(8)));
	unsigned long ops, ok, errs, verified, cancelled;
};

static struct {
	const char *dev;
	const char *heap;
	unsigned long iterations;
	unsigned int threads;
	uint32_t seed;
	int slave;
	int verbose;
	uint64_t max_live;
	uint64_t max_buf;
	int cdns;
	int rings;		/* ring operations in the mix */
	int paced;		/* dma330's gates pace rings: they may start */
	char gate_dir[300];
} cfg = {
	.dev = "/dev/dmastream",
	.heap = "/dev/dma_heap/system",
	.iterations = 10000,
	.threads = 4,
	.slave = 1,
	.max_live = 64ull << 20,
	.max_buf = 16ull << 20,
	.rings = 1,
};

/*
 * Locks are spin-and-yield, never glibc's futex-based mutexes or stdio
 * locks: armhf glibc waits on contended locks with the time32 futex
 * syscall, which a kernel without CONFIG_COMPAT_32BIT_TIME lacks (glibc
 * then aborts: "The futex facility returned an unexpected error code").
 * Threads are detached and counted, never joined, for the same reason.
 */
static pthread_spinlock_t lock, out_lock;

static void lock_take(pthread_spinlock_t *l)
{
	while (pthread_spin_trylock(l))
		sched_yield();
}

static void lock_drop(pthread_spinlock_t *l)
{
	pthread_spin_unlock(l);
}

static volatile unsigned int finished;
static struct slot slots[NSLOTS];
static uint64_t live_bytes;
static volatile int failures;
static struct thread threads[MAX_THREADS];
static char *ro_page;		/* PROT_READ: copy_to_user must fault */
static char *guard;		/* page followed by an unmapped page */
#define USERPOOL	(1u << 20)
static unsigned char *userpool;	/* memory given to IMPORT_USER only */
static long page;

/* ---- random numbers (xorshift64*, per thread: replayable) ---- */
static uint64_t rnd(struct thread *t)
{
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545F4914F6CDD1Dull;
}

static uint64_t below(struct thread *t, uint64_t n)
{
	return n ? rnd(t) % n : 0;
}

static int chance(struct thread *t, unsigned int pct)
{
	return below(t, 100) < pct;
}

/* A size: mostly small, often on boundaries, sometimes absurd. */
static uint64_t rnd_size(struct thread *t, uint64_t limit)
{
	static const uint64_t edge[] = { 0, 1, 2, 3, 4, 7, 8, 63, 64, 65, 4095,
		4096, 4097, 65535, 65536, 65537, 1u << 20, (1u << 20) + 1,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
		0xffffffffffffffffull, 0x8000000000000000ull };

	switch (below(t, 8)) {
	case 0:
		return edge[below(t, sizeof(edge) / sizeof(edge[0]))];
	case 1:
		return limit + below(t, 3) - 1;	/* around the limit */
	case 2:
		return rnd(t);
	case 3: case 4:
		return 1 + below(t, 4096);
	default:
		return 1 + below(t, limit ? limit : 1);
	}
}

/* ---- reporting ---- */
/* One line to stdout with write(2), under out_lock. */
static void out(const char *prefix, const char *fmt, va_list ap)
{
	char b[512];
	int n = snprintf(b, sizeof(b), "%s", prefix);

	n += vsnprintf(b + n, sizeof(b) - n - 1, fmt, ap);
	if (n > (int)sizeof(b) - 2)
		n = sizeof(b) - 2;
	b[n++] = '\n';
	lock_take(&out_lock);
	if (write(1, b, n) < 0)
		(void)0;	/* nowhere left to report it */
	lock_drop(&out_lock);
}

static void vlog(struct thread *t, const char *fmt, ...)
{
	char p[48];
	va_list ap;

	if (!cfg.verbose)
		return;
	snprintf(p, sizeof(p), "[t%u #%lu] ", t->idx, t->iter);
	va_start(ap, fmt);
	out(p, fmt, ap);
	va_end(ap);
}

static void fail(struct thread *t, const char *fmt, ...)
{
	char p[64];
	va_list ap;

	snprintf(p, sizeof(p), "FAIL [t%u #%lu seed %u] ", t->idx, t->iter,
		 cfg.seed + t->idx);
	va_start(ap, fmt);
	out(p, fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&failures, 1, __ATOMIC_SEQ_CST);
}

/*
 * Result check: @ret is a syscall result (-1 with errno on error).  @allowed
 * is a 0-terminated list of errnos this call may return.  EBADF and ENOTTY
 * are always allowed for calls on shared fds: another thread may have closed
 * the fd (and the number reused for another file) in between, by design.
 */
static void expect(struct thread *t, const char *what, long ret,
		   const int *allowed)
{
	int e = errno;

	t->ops++;
	if (ret == 0) {
		t->ok++;
		return;
	}
	if (ret != -1) {
		fail(t, "%s returned %ld (not 0 or -1)", what, ret);
		return;
	}
	t->errs++;
	for (; *allowed; allowed++)
		if (*allowed == e)
			return;
	if (e == EBADF || e == ENOTTY || e == EINTR)
		return;
	fail(t, "%s: unexpected errno %d (%s)", what, e, strerror(e));
}

#define E(...) ((const int[]){ __VA_ARGS__, 0 })

/* ---- shared fd table ---- */
static int slot_pick(struct thread *t, enum slot_type want, uint64_t *size)
{
	unsigned int i, start = below(t, NSLOTS);
	int fd = -1;

	lock_take(&lock);
	for (i = 0; i < NSLOTS; i++) {
		struct slot *s = &slots[(start + i) % NSLOTS];

		if (s->type == S_FREE)
			continue;
		if (want == S_OWN ? s->type != S_BUF :
		    want != S_FREE && s->type != want &&
		    !(want == S_BUF && s->type == S_HEAP))
			continue;
		fd = s->fd;
		if (size)
			*size = s->size;
		break;
	}
	lock_drop(&lock);
	return fd;
}

/* Any fd for an argument: usually a fitting one, sometimes anything. */
static int rnd_fd(struct thread *t, enum slot_type want, uint64_t *size)
{
	/* Never 0..2: a read on the console would block, a write spam it. */
	static const int odd[] = { -1, -2, 1023, 1 << 20, 0x7fffffff, -0x7fffffff - 1 };

	if (size)
		*size = 0;
	switch (below(t, 10)) {
	case 0:
		return odd[below(t, sizeof(odd) / sizeof(odd[0]))];
	case 1:
		return slot_pick(t, S_FREE, size);	/* any kind */
	default:
		return slot_pick(t, want, size);
	}
}

static void slot_add(struct thread *t, int fd, enum slot_type type,
		     uint64_t size)
{
	unsigned int i, start = below(t, NSLOTS);

	lock_take(&lock);
	for (i = 0; i < NSLOTS; i++) {
		struct slot *s = &slots[(start + i) % NSLOTS];

		if (s->type == S_FREE) {
			s->fd = fd;
			s->type = type;
			s->size = size;
			if (type == S_BUF)
				live_bytes += size;
			lock_drop(&lock);
			return;
		}
	}
	lock_drop(&lock);
	close(fd);	/* table full */
}

/* Remove a random slot (of @type, or any) and close its fd. */
static void slot_close(struct thread *t, enum slot_type type)
{
	unsigned int i, start = below(t, NSLOTS);
	int fd = -1;

	lock_take(&lock);
	for (i = 0; i < NSLOTS; i++) {
		struct slot *s = &slots[(start + i) % NSLOTS];

		if (s->type == S_FREE || (type != S_FREE && s->type != type))
			continue;
		fd = s->fd;
		if (s->type == S_BUF)
			live_bytes -= s->size;
		s->type = S_FREE;
		break;
	}
	lock_drop(&lock);
	if (fd >= 0) {
		vlog(t, "close(%d)", fd);
		if (close(fd) && errno != EBADF)
			fail(t, "close(%d): %s", fd, strerror(errno));
	}
}

/* ---- user pointers ---- */
static void *user_ptr(struct thread *t, void *good, size_t len)
{
	unsigned int i;

	switch (below(t, 16)) {
	case 0:
		return NULL;
	case 1:
		return (void *)(uintptr_t)16;
	case 2:
		return (void *)(uintptr_t)0xc0000000u;	/* kernel space */
	case 3:
		return ro_page;				/* copy_to_user faults */
	case 4:
		return guard + page - len / 2;		/* straddles a hole */
	case 5:
		for (i = 0; i < NMAPS; i++) {		/* a dma-buf mapping */
			struct map *m = &t->maps[(i + t->iter) % NMAPS];

			if (m->addr && m->len >= len)
				return m->addr;
		}
		return good;
	case 6:		/* unaligned: a copy, one byte in, with room after it */
		if (len + 1 > sizeof(t->scratch))
			return good;
		memcpy(t->scratch + 1, good, len);
		return t->scratch + 1;
	default:
		return good;
	}
}

/*
 * What the kernel wrote at @p (from user_ptr(t, @good, ...)) can be read
 * back only from @good or the thread's unaligned copy: a dma-buf mapping
 * is shared memory another thread's transfer may overwrite meanwhile.
 */
static int user_ptr_readable(const struct thread *t, const void *good,
			     const void *p)
{
	return p == good || p == (const void *)(t->scratch + 1);
}

/* Fill @p (an ioctl argument) with random words: reserved fields too. */
static void scribble(struct thread *t, void *p, size_t len)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = rnd(t);
}

/* ---- operations ---- */
static void op_open(struct thread *t)
{
	static const int flags[] = { O_RDWR, O_RDONLY, O_WRONLY,
		O_RDWR | O_NONBLOCK, O_RDWR | O_CLOEXEC };
	int f = flags[below(t, 5)];
	int fd;

	t->op = "open";
	fd = open(cfg.dev, f);
	vlog(t, "open(%s, 0x%x) = %d", cfg.dev, f, fd);
	t->ops++;
	if (fd < 0) {
		if (errno != EMFILE && errno != ENFILE && errno != ENOMEM &&
		    errno != EACCES)
			fail(t, "open: unexpected errno %d (%s)", errno,
			     strerror(errno));
		return;
	}
	t->ok++;
	slot_add(t, fd, S_DEV, 0);
}

static void op_query(struct thread *t)
{
	struct dmastream_chan_info ci[DMASTREAM_CHAN_COUNT + 2];
	struct dmastream_query q;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&q, 0, sizeof(q));
	if (chance(t, 10))
		scribble(t, &q, sizeof(q));
	q.chans = (uintptr_t)user_ptr(t, ci, sizeof(ci));
	q.nr_chans = chance(t, 20) ? rnd(t) : below(t, DMASTREAM_CHAN_COUNT + 2);
	t->op = "query";
	vlog(t, "QUERY fd %d chans %#" PRIx64 " n %u", fd, (uint64_t)q.chans,
	     q.nr_chans);
	r = ioctl(fd, DMASTREAM_IOC_QUERY, user_ptr(t, &q, sizeof(q)));
	expect(t, "QUERY", r, E(EFAULT, EINVAL));
}

static void op_alloc(struct thread *t)
{
	struct dmastream_alloc a;
	int fd = rnd_fd(t, S_DEV, NULL);
	uint64_t live;
	void *p;
	long r;

	memset(&a, 0, sizeof(a));
	if (chance(t, 5))
		scribble(t, &a, sizeof(a));
	a.size = rnd_size(t, chance(t, 10) ? cfg.max_buf : 256 * 1024);
	a.kind = chance(t, 90) ? below(t, 3) : rnd(t);
	a.dir = chance(t, 90) ? 1 + below(t, 3) : below(t, 6);
	a.chan = chance(t, 80) ? DMASTREAM_CHAN_MEMCPY :
		 chance(t, 80) ? below(t, 3) : rnd(t);
	if (!cfg.slave && a.chan != DMASTREAM_CHAN_MEMCPY && a.chan < 3)
		a.chan = DMASTREAM_CHAN_MEMCPY;
	lock_take(&lock);
	live = live_bytes;
	lock_drop(&lock);
	/* Stay clear of the OOM killer: it would end the run, not test it. */
	if (a.size <= cfg.max_buf && live + a.size > cfg.max_live) {
		slot_close(t, S_BUF);
		return;
	}
	t->op = "alloc";
	vlog(t, "ALLOC fd %d size %" PRIu64 " kind %u dir %u chan %u", fd,
	     (uint64_t)a.size, a.kind, a.dir, a.chan);
	p = user_ptr(t, &a, sizeof(a));
	r = ioctl(fd, DMASTREAM_IOC_ALLOC, p);
	if (r == 0 && p != (void *)&a)
		memcpy(&a, p, sizeof(a));	/* the kernel wrote the fd there */
	/* EFAULT after success leaks nothing: the fd is never installed. */
	expect(t, "ALLOC", r, E(EFAULT, EINVAL, E2BIG, ENOMEM, ENODEV, EMFILE,
				ENOSPC));
	if (r == 0 && a.fd >= 0)
		slot_add(t, a.fd, S_BUF, a.size);
}

static void op_heap(struct thread *t)
{
	struct dma_heap_allocation_data h;
	int hfd;

	if (!cfg.heap)
		return;
	hfd = open(cfg.heap, O_RDWR);
	if (hfd < 0)
		return;
	memset(&h, 0, sizeof(h));
	h.len = 4096 * (1 + below(t, 64));
	h.fd_flags = O_RDWR | O_CLOEXEC;
	t->op = "heap alloc";
	if (!ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &h))
		slot_add(t, h.fd, S_HEAP, h.len);
	close(hfd);
}

static void op_import(struct thread *t)
{
	struct dmastream_import im;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&im, 0, sizeof(im));
	if (chance(t, 5))
		scribble(t, &im, sizeof(im));
	im.fd = rnd_fd(t, chance(t, 50) ? S_HEAP : S_BUF, NULL);
	im.chan = chance(t, 90) ? DMASTREAM_CHAN_MEMCPY : rnd(t) % 5;
	t->op = "import";
	vlog(t, "IMPORT fd %d buf %d chan %u", fd, im.fd, im.chan);
	r = ioctl(fd, DMASTREAM_IOC_IMPORT, user_ptr(t, &im, sizeof(im)));
	expect(t, "IMPORT", r, E(EFAULT, EINVAL, ENOMEM, ENODEV, EEXIST,
				 EXDEV, E2BIG, ERANGE, EBUSY));
}

static void op_unimport(struct thread *t)
{
	int32_t bfd = rnd_fd(t, S_HEAP, NULL);
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	t->op = "unimport";
	vlog(t, "UNIMPORT fd %d buf %d", fd, bfd);
	r = ioctl(fd, DMASTREAM_IOC_UNIMPORT, user_ptr(t, &bfd, sizeof(bfd)));
	expect(t, "UNIMPORT", r, E(EFAULT, EINVAL, ENOENT, EBUSY));
}

static void op_submit(struct thread *t)
{
	struct dmastream_submit s;
	uint64_t ssize, dsize;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&s, 0, sizeof(s));
	if (chance(t, 5))
		scribble(t, &s, sizeof(s));
	s.op = chance(t, 90) ? (cfg.slave ? below(t, 3) : 0) : rnd(t);
	s.src_fd = rnd_fd(t, S_BUF, &ssize);
	s.dst_fd = chance(t, 10) ? s.src_fd : rnd_fd(t, S_BUF, &dsize);
	if (s.dst_fd == s.src_fd)
		dsize = ssize;
	s.len = chance(t, 70) ? 1 + below(t, ssize < dsize ? ssize : dsize) :
		rnd_size(t, ssize);
	if (s.op == DMASTREAM_OP_RX && chance(t, 80))
		s.len = 1 + below(t, 64);	/* the FIFO holds 64 bytes */
	/*
	 * QEMU runs the whole program inside the MMIO write that starts it,
	 * and its UART costs a host write() per byte (~4 us): a 16 MiB TX
	 * would freeze the guest CPU for a minute and trip RCU's stall
	 * detector.  Lengths beyond the buffer still test the refusals.
	 */
	if (s.op == DMASTREAM_OP_TX && s.len <= ssize && s.len > 65536)
		s.len = 1 + below(t, 65536);
	s.src_off = chance(t, 70) ? below(t, ssize - (s.len < ssize ? s.len : 0) + 1) :
		    rnd_size(t, ssize);
	s.dst_off = chance(t, 70) ? below(t, dsize - (s.len < dsize ? s.len : 0) + 1) :
		    rnd_size(t, dsize);
	s.timeout_ms = chance(t, 90) ? below(t, 200) : rnd(t);
	s.burst = chance(t, 80) ? below(t, 17) : rnd(t);
	s.user_data = rnd(t);
	t->op = "submit";
	vlog(t, "SUBMIT fd %d op %u src %d+%" PRIu64 " dst %d+%" PRIu64
	     " len %" PRIu64 " timeout %u burst %u", fd, s.op, s.src_fd,
	     (uint64_t)s.src_off, s.dst_fd, (uint64_t)s.dst_off,
	     (uint64_t)s.len, s.timeout_ms, s.burst);
	r = ioctl(fd, DMASTREAM_IOC_SUBMIT, user_ptr(t, &s, sizeof(s)));
	expect(t, "SUBMIT", r, E(EFAULT, EINVAL, ENOENT, EXDEV, EOVERFLOW,
				 ENODEV, EAGAIN, ENOMEM, ERANGE, EBUSY,
				 EACCES, E2BIG, EOPNOTSUPP));
}


/* The program's own memory, pinned by the client (or refused). */
static void op_import_user(struct thread *t)
{
	struct dmastream_import_user iu;
	int fd = rnd_fd(t, S_DEV, NULL);
	struct map *m;
	long r;

	memset(&iu, 0, sizeof(iu));
	if (chance(t, 5))
		scribble(t, &iu, sizeof(iu));
	iu.size = chance(t, 80) ? 1 + below(t, 256 * 1024) : rnd_size(t, USERPOOL);
	switch (below(t, 10)) {
	case 0:
		iu.addr = 0;
		break;
	case 1:
		iu.addr = 0xc0000000u;			/* kernel space */
		break;
	case 2:
		iu.addr = (uintptr_t)ro_page;		/* read-only */
		break;
	case 3:
		iu.addr = (uintptr_t)guard + page - 16;	/* runs into a hole */
		break;
	case 4:
		m = &t->maps[below(t, NMAPS)];		/* a dma-buf mapping */
		iu.addr = m->addr ? (uintptr_t)m->addr : (uintptr_t)userpool;
		break;
	default:
		iu.addr = (uintptr_t)userpool + below(t, USERPOOL);
		if (iu.addr + iu.size > (uintptr_t)userpool + USERPOOL &&
		    chance(t, 90))
			iu.size = (uintptr_t)userpool + USERPOOL - iu.addr;
		break;
	}
	if (!iu.size)
		iu.size = 1;
	iu.dir = chance(t, 90) ? 1 + below(t, 3) : below(t, 6);
	iu.chan = chance(t, 90) ? DMASTREAM_CHAN_MEMCPY : below(t, 4);
	if (!cfg.slave && iu.chan < 3)
		iu.chan = DMASTREAM_CHAN_MEMCPY;
	t->op = "import user";
	vlog(t, "IMPORT_USER fd %d addr %#" PRIx64 " size %" PRIu64 " dir %u",
	     fd, (uint64_t)iu.addr, (uint64_t)iu.size, iu.dir);
	r = ioctl(fd, DMASTREAM_IOC_IMPORT_USER, &iu);
	expect(t, "IMPORT_USER", r, E(EFAULT, EINVAL, E2BIG, ENOMEM, ENODEV,
				      EMFILE, EOPNOTSUPP, EINTR, EBUSY));
	if (r == 0 && iu.fd >= 0)
		slot_add(t, iu.fd, S_BUF, iu.size);
}

/* A range hand-over on any fd. */
static void op_sync_range(struct thread *t)
{
	struct dmastream_sync sy;
	uint64_t size;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&sy, 0, sizeof(sy));
	sy.fd = rnd_fd(t, S_BUF, &size);
	sy.flags = chance(t, 85) ? (chance(t, 50) ? DMASTREAM_SYNC_START |
				    (unsigned int)below(t, 4) * 4 :
				    DMASTREAM_SYNC_END) : rnd(t);
	sy.off = chance(t, 80) ? below(t, size + 1) : rnd_size(t, size);
	sy.len = chance(t, 80) ? below(t, size - (sy.off < size ? sy.off : size) + 1) :
		 rnd_size(t, size);
	t->op = "range sync";
	vlog(t, "SYNC fd %d buf %d flags %#x off %" PRIu64 " len %" PRIu64,
	     fd, sy.fd, sy.flags, (uint64_t)sy.off, (uint64_t)sy.len);
	r = ioctl(fd, DMASTREAM_IOC_SYNC, user_ptr(t, &sy, sizeof(sy)));
	expect(t, "DMASTREAM_IOC_SYNC", r, E(EFAULT, EINVAL, ENOENT, ERANGE,
					     EBUSY, EACCES));
}

static void op_reap(struct thread *t)
{
	struct dmastream_status st[8];
	struct dmastream_reap rp;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&rp, 0, sizeof(rp));
	if (chance(t, 5))
		scribble(t, &rp, sizeof(rp));
	rp.status = (uintptr_t)user_ptr(t, st, sizeof(st));
	rp.max = chance(t, 90) ? below(t, 9) : rnd(t);
	/* Never let the kernel write past st[] or its unaligned copy. */
	if (rp.max > 8 && ((void *)(uintptr_t)rp.status == st ||
			   (unsigned char *)(uintptr_t)rp.status == t->scratch + 1))
		rp.max = 8;
	rp.flags = chance(t, 70) ? 0 : chance(t, 90) ? DMASTREAM_REAP_WAIT :
		   rnd(t);
	t->op = (rp.flags & DMASTREAM_REAP_WAIT) ? "reap (wait)" : "reap";
	vlog(t, "REAP fd %d max %u flags %#x", fd, rp.max, rp.flags);
	r = ioctl(fd, DMASTREAM_IOC_REAP, user_ptr(t, &rp, sizeof(rp)));
	expect(t, "REAP", r, E(EFAULT, EINVAL, EAGAIN));
}

static void op_fifo(struct thread *t)
{
	struct dmastream_fifo f;
	int fd = rnd_fd(t, S_DEV, NULL);
	long r;

	memset(&f, 0, sizeof(f));
	if (chance(t, 5))
		scribble(t, &f, sizeof(f));
	f.bytes = chance(t, 80) ? below(t, 70) : rnd(t);
	f.timeout_ms = 1 + below(t, 20);	/* nobody feeds the FIFO here */
	f.flags = chance(t, 80) ? below(t, 2) : rnd(t);
	t->op = "fifo wait";
	vlog(t, "FIFO_WAIT fd %d bytes %u flags %#x", fd, f.bytes, f.flags);
	r = ioctl(fd, DMASTREAM_IOC_FIFO_WAIT, user_ptr(t, &f, sizeof(f)));
	expect(t, "FIFO_WAIT", r, E(EFAULT, EINVAL, ETIMEDOUT, EOPNOTSUPP,
				    ENODEV));
}

static void op_bad_ioctl(struct thread *t)
{
	unsigned char arg[256];
	unsigned int cmd;
	int fd = rnd_fd(t, chance(t, 70) ? S_DEV : cfg.threads > 1 ? S_OWN : S_BUF,
			NULL);
	long r;

	scribble(t, arg, sizeof(arg));
	switch (below(t, 3)) {
	case 0:		/* our magic, wrong number or size or direction */
		cmd = _IOC(below(t, 4), DMASTREAM_IOC_MAGIC, below(t, 32),
			   below(t, 256));
		break;
	case 1:		/* dma-buf's magic on any fd */
		cmd = _IOC(below(t, 4), 'b', below(t, 8), below(t, 64));
		break;
	default:
		cmd = rnd(t);
		break;
	}
	/* Never issue generic fd ioctls that would change our process. */
	if (((cmd >> 8) & 0xff) == 'T' ||
	    (cmd & 0xffff) == 0x5421 || (cmd & 0xffff) == 0x5450 ||
	    (cmd & 0xffff) == 0x5451 || (cmd & 0xffff) == 0x5452 ||
	    (cmd & 0xffff) == 0x541b || (cmd & 0xffff) == 0x5460 ||
	    (cmd & 0xffff) == 0x5473)
		cmd = _IO(DMASTREAM_IOC_MAGIC, 0x7f);
	/*
	 * Real commands are fuzzed with structure by the other operations;
	 * the ring commands (0x0a..0x10) are not fuzzed yet (their own
	 * errnos, ENOENT without a ring, are not in this set).
	 */
	if (((cmd >> 8) & 0xff) == DMASTREAM_IOC_MAGIC &&
	    ((cmd & 0xff) <= 6 ||
	     ((cmd & 0xff) >= 0x0a && (cmd & 0xff) <= 0x10)))
		cmd = _IO(DMASTREAM_IOC_MAGIC, 0x7f);
	/* Real dma-buf commands too; when threaded, never (see op_sync()). */
	if (((cmd >> 8) & 0xff) == 'b' && (cmd & 0xff) <= 2 &&
	    (cfg.threads > 1 || chance(t, 50)))
		cmd = _IO('b', 0x7f);
	t->op = "bad ioctl";
	vlog(t, "ioctl fd %d cmd %#x", fd, cmd);
	r = ioctl(fd, cmd, user_ptr(t, arg, sizeof(arg)));
	if (r > 0)	/* some generic ioctls return values; none of ours */
		r = 0;
	expect(t, "random ioctl", r, E(EINVAL, EFAULT, ENOTTY,
				       EOPNOTSUPP, EPERM, EBUSY, ENOMEM));
}

static void op_sync(struct thread *t)
{
	static const unsigned long long good[] = {
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ,
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE,
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW,
		DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ,
		DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE,
		DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW,
	};
	struct dma_buf_sync s;
	int fd;
	long r;

	/*
	 * A heap buffer is synced only when nothing runs concurrently: the
	 * 6.12 system heap maps and unmaps attachments outside the lock its
	 * CPU-access syncs hold, so a SYNC racing the release of an import
	 * syncs an unmapped table (a DMA-API debug report from the heap, not
	 * from us).  Our own exporter serialises both; it is raced freely.
	 */
	if (cfg.threads > 1)
		fd = chance(t, 90) ? slot_pick(t, S_OWN, NULL) : rnd_fd(t, S_DEV, NULL);
	else
		fd = rnd_fd(t, S_BUF, NULL);

	s.flags = chance(t, 85) ? good[below(t, 6)] : rnd(t);
	t->op = "dma-buf sync";
	vlog(t, "SYNC fd %d flags %#llx", fd, (unsigned long long)s.flags);
	r = ioctl(fd, DMA_BUF_IOCTL_SYNC, user_ptr(t, &s, sizeof(s)));
	/* EBUSY/EPERM: the device owns it (in flight); EINVAL: unbalanced. */
	expect(t, "DMA_BUF_IOCTL_SYNC", r, E(EINVAL, EFAULT, EBUSY, EPERM,
					     EAGAIN, EACCES, ETIMEDOUT));
}

static void op_mmap(struct thread *t)
{
	struct map *m = &t->maps[below(t, NMAPS)];
	uint64_t size;
	int fd = rnd_fd(t, S_BUF, &size);
	size_t len;
	off_t off;
	int prot;
	void *p;

	if (m->addr) {	/* unmap first, sometimes only a part */
		size_t cut = chance(t, 30) && m->len > (size_t)page ?
			     page * below(t, m->len / page) : 0;

		t->op = "munmap";
		if (cut) {
			if (munmap((char *)m->addr + cut, m->len - cut))
				fail(t, "munmap: %s", strerror(errno));
			m->len = cut;
		} else {
			if (munmap(m->addr, m->len))
				fail(t, "munmap: %s", strerror(errno));
			m->addr = NULL;
		}
		return;
	}
	len = chance(t, 70) && size ? size : page * (1 + below(t, 8));
	off = chance(t, 80) ? 0 : page * below(t, 4);
	prot = chance(t, 70) ? PROT_READ | PROT_WRITE :
	       chance(t, 50) ? PROT_READ : PROT_WRITE | PROT_EXEC;
	t->op = "mmap";
	vlog(t, "mmap fd %d len %zu off %lld prot %d", fd, len,
	     (long long)off, prot);
	p = mmap(NULL, len, prot, chance(t, 90) ? MAP_SHARED : MAP_PRIVATE,
		 fd, off);
	t->ops++;
	if (p == MAP_FAILED) {
		t->errs++;
		if (errno != EINVAL && errno != EBADF && errno != EACCES &&
		    errno != ENODEV && errno != ENOMEM && errno != EPERM &&
		    errno != ENXIO && errno != EOVERFLOW)
			fail(t, "mmap: unexpected errno %d (%s)", errno,
			     strerror(errno));
		return;
	}
	t->ok++;
	m->addr = p;
	m->len = len;
	m->writable = !!(prot & PROT_WRITE) && (prot & PROT_READ);
	/*
	 * Touch it: the fd may have been another thread's, reused for a file
	 * that is not a dma-buf (a /dev/dmastream fd cannot be mapped, so a
	 * success means a dma-buf of ours or of the heap).
	 */
	t->op = "touch mapping";
	if (m->writable)
		memset(p, (int)t->iter, len < 4096 ? len : 4096);
	else if (prot & PROT_READ)
		(void)*(volatile char *)p;
}

static void op_poll(struct thread *t)
{
	struct pollfd p = { .fd = rnd_fd(t, S_DEV, NULL),
			    .events = POLLIN | POLLOUT | POLLPRI };
	int r;

	t->op = "poll";
	r = poll(&p, 1, below(t, 5));
	t->ops++;
	if (r < 0 && errno != EINTR && errno != ENOMEM)
		fail(t, "poll: %s", strerror(errno));
}

static void op_rw(struct thread *t)
{
	char b[64];
	int fd = rnd_fd(t, S_DEV, NULL);
	ssize_t r;

	t->op = "read/write";
	r = chance(t, 50) ? read(fd, user_ptr(t, b, sizeof(b)), sizeof(b)) :
			    write(fd, user_ptr(t, b, sizeof(b)), sizeof(b));
	t->ops++;
	if (r < 0 && errno != EINVAL && errno != EBADF && errno != EFAULT &&
	    errno != EPERM && errno != EOPNOTSUPP && errno != EAGAIN)
		fail(t, "read/write: unexpected errno %d (%s)", errno,
		     strerror(errno));
}

static void op_dup(struct thread *t)
{
	uint64_t size;
	int fd = slot_pick(t, S_FREE, &size), nfd;

	if (fd < 0)
		return;
	t->op = "dup";
	nfd = dup(fd);
	if (nfd >= 0)	/* may be another file by now: typed as "other" */
		slot_add(t, nfd, S_OTHER, 0);
}

/* ---- streaming rings ---- */

/* Tear down what a thread's ring left: its mapping, fds, state. */
static void ring_forget(struct thread *t)
{
	struct tring *r = &t->ring;

	if (r->map)
		munmap(r->map, r->len);
	if (r->fd >= 0)
		close(r->fd);
	r->map = NULL;
	r->fd = -1;
	r->have = 0;
	r->nheld = 0;
	r->unknown = 0;
}

/* Close the ring's file, whatever its ring is doing (running, held). */
static void ring_close_dev(struct thread *t)
{
	struct tring *r = &t->ring;

	if (r->dev < 0)
		return;
	t->op = "ring close";
	vlog(t, "close ring file %d (ring %s)", r->dev,
	     r->have ? "present" : "none");
	if (r->have)
		r->closed_running++;
	/* In either order: the dma-buf may outlive the file, or not. */
	if (chance(t, 50))
		ring_forget(t);
	if (r->fifo >= 0)
		close(r->fifo);
	r->fifo = -1;
	close(r->dev);
	r->dev = -1;
	ring_forget(t);
}

static int ring_open_dev(struct thread *t)
{
	struct tring *r = &t->ring;
	struct dmastream_alloc a;

	if (r->dev >= 0)
		return 0;
	r->dev = open(cfg.dev, O_RDWR);
	if (r->dev < 0) {
		if (errno != EMFILE && errno != ENFILE && errno != ENOMEM)
			fail(t, "ring: open: %s", strerror(errno));
		return -1;
	}
	/* The loopback FIFO: read by capture, written by playback. */
	memset(&a, 0, sizeof(a));
	a.size = 4096;
	a.kind = DMASTREAM_BUF_SINGLE;
	a.dir = DMASTREAM_DIR_BIDIR;
	a.chan = DMASTREAM_CHAN_MEMCPY;
	r->fifo = ioctl(r->dev, DMASTREAM_IOC_ALLOC, &a) ? -1 : a.fd;
	return 0;
}

static void op_ring_create(struct thread *t)
{
	struct tring *r = &t->ring;
	struct dmastream_ring_setup rs;
	int fd, own = chance(t, 85);
	long ret;
	void *p;

	if (own && ring_open_dev(t))
		return;
	fd = own ? r->dev : rnd_fd(t, S_DEV, NULL);
	memset(&rs, 0, sizeof(rs));
	rs.dir = chance(t, 95) ? below(t, 2) : rnd(t);
	rs.periods = chance(t, 90) ? 2 + below(t, 7) :
		     chance(t, 50) ? below(t, 3) : rnd(t) % 2048;
	rs.period_bytes = chance(t, 90) ? 1024 * (1 + below(t, 4)) :
			  chance(t, 50) ? 4 * below(t, 64) : rnd(t);
	rs.burst = chance(t, 90) ? below(t, 5) : rnd(t) % 512;
	/* The loopback FIFO, the peripheral's, or any fd at all. */
	rs.fifo_fd = own && chance(t, 80) ? r->fifo :
		     chance(t, 50) ? -1 : rnd_fd(t, S_BUF, NULL);
	/* No playback into UART0 (its bytes are checked on the host). */
	if (!own && rs.fifo_fd < 0)
		rs.dir = DMASTREAM_RING_CAPTURE;
	if (chance(t, 5))
		rs.flags = rnd(t);
	if (chance(t, 5))
		rs.reserved[below(t, 3)] = rnd(t);
	t->op = "ring create";
	vlog(t, "RING_CREATE fd %d dir %u periods %u bytes %u burst %u fifo %d",
	     fd, rs.dir, rs.periods, rs.period_bytes, rs.burst, rs.fifo_fd);
	p = user_ptr(t, &rs, sizeof(rs));
	ret = ioctl(fd, DMASTREAM_IOC_RING_CREATE, p);
	if (ret == 0 && p != (void *)&rs)
		memcpy(&rs, p, sizeof(rs));
	if (ret == 0 && !user_ptr_readable(t, &rs, p))
		rs.fd = -1;	/* unknown: closed with the process */
	expect(t, "RING_CREATE", ret, E(EFAULT, EINVAL, E2BIG, ENOMEM, ENODEV,
					EEXIST, EOPNOTSUPP, EXDEV, EACCES,
					ENOENT, EMFILE, ENOSPC, EBUSY));
	if (ret)
		return;
	if (!own) {
		/* Another thread's file may have it: leave it to close(). */
		if (rs.fd >= 0)
			slot_add(t, rs.fd, S_OTHER, 0);
		return;
	}
	if (r->have)
		fail(t, "RING_CREATE: a second ring on one file");
	r->fd = rs.fd;
	r->have = 1;
	r->created++;
	r->periods = rs.periods;
	r->period_bytes = rs.period_bytes;
	r->capture = rs.dir == DMASTREAM_RING_CAPTURE;
	r->loopback = rs.fifo_fd >= 0;
	r->nheld = 0;
	r->unknown = 0;
	r->len = (size_t)rs.periods * rs.period_bytes;
	if (rs.fd < 0)
		return;
	r->map = mmap(NULL, r->len, PROT_READ | (r->capture ? 0 : PROT_WRITE),
		      MAP_SHARED, rs.fd, 0);
	if (r->map == MAP_FAILED) {
		fail(t, "mmap of a new ring (%zu bytes): %s", r->len,
		     strerror(errno));
		r->map = NULL;
	}
	/* A capture ring's buffer is the device's to write: no PROT_WRITE. */
	if (r->capture && chance(t, 10)) {
		p = mmap(NULL, r->len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 rs.fd, 0);
		if (p != MAP_FAILED)
			fail(t, "capture ring mapped writable");
		else if (errno != EACCES)
			fail(t, "writable mmap of a capture ring: errno %d",
			     errno);
		else
			t->ops++, t->errs++;
	}
}

/* START, STOP, DESTROY on the thread's ring, or on any file. */
static void op_ring_ctl(struct thread *t)
{
	static const unsigned long cmds[] = { DMASTREAM_IOC_RING_START,
		DMASTREAM_IOC_RING_STOP, DMASTREAM_IOC_RING_DESTROY };
	static const char * const names[] = { "RING_START", "RING_STOP",
		"RING_DESTROY" };
	struct tring *r = &t->ring;
	int own = r->dev >= 0 && chance(t, 90);
	unsigned int c = below(t, 3);
	int fd = own ? r->dev : rnd_fd(t, S_DEV, NULL);
	long ret;

	/*
	 * Started only where something paces it (a loopback FIFO under the
	 * gates): the peripheral's FIFO is UART0, whose bytes the host checks.
	 */
	if (c == 0 && (!own || !cfg.paced || !r->have || !r->loopback))
		c = 1 + below(t, 2);
	/* Other files' rings are left to their owners (or close()). */
	if (!own && c == 2)
		c = 1;
	t->op = names[c];
	vlog(t, "%s fd %d", names[c], fd);
	ret = ioctl(fd, cmds[c]);
	expect(t, names[c], ret, E(ENOENT, EBUSY, ESHUTDOWN, EIO, EINVAL,
				   ENOMEM));
	if (!own)
		return;
	if (ret == 0 && c == 0)
		r->started++;
	if (c == 2) {
		if (ret == 0 && !r->have)
			fail(t, "RING_DESTROY succeeded without a ring");
		if (ret && errno == ENOENT && r->have)
			fail(t, "RING_DESTROY: ENOENT with a ring");
		/* Its dma-buf stays valid (mapped or not) until closed. */
		if (chance(t, 50))
			ring_forget(t);
		r->have = 0;
		r->nheld = 0;
		r->unknown = 0;
	}
}

static void op_ring_dequeue(struct thread *t)
{
	struct tring *r = &t->ring;
	struct dmastream_period pr;
	int own = r->dev >= 0 && chance(t, 90);
	int fd = own ? r->dev : rnd_fd(t, S_DEV, NULL);
	volatile unsigned char sink;
	long ret;
	void *p;

	/* a random pick may land on this ring's own file: it counts */
	own = r->dev >= 0 && fd == r->dev;
	memset(&pr, 0, sizeof(pr));
	if (chance(t, 5))
		scribble(t, &pr, sizeof(pr));
	pr.flags = chance(t, 90) ? below(t, 2) : rnd(t);
	pr.timeout_ms = chance(t, 95) ? 1 + below(t, 20) : rnd(t);
	t->op = pr.flags & DMASTREAM_RING_WAIT ? "ring dequeue (wait)" :
						   "ring dequeue";
	vlog(t, "RING_DEQUEUE fd %d flags %#x timeout %u", fd, pr.flags,
	     pr.timeout_ms);
	p = user_ptr(t, &pr, sizeof(pr));
	ret = ioctl(fd, DMASTREAM_IOC_RING_DEQUEUE, p);
	if (ret == 0 && p != (void *)&pr)
		memcpy(&pr, p, sizeof(pr));
	expect(t, "RING_DEQUEUE", ret, E(EFAULT, EINVAL, EAGAIN, ETIMEDOUT, EIO,
					 ESHUTDOWN, ENOENT, EINTR));
	/* EFAULT may come from the copy-out, after the period was taken. */
	if (ret && errno == EFAULT && own && r->have)
		r->unknown = 1;
	if (ret || !own || !r->have)
		return;
	r->dequeued++;
	if (!user_ptr_readable(t, &pr, p)) {
		/* Held, but which one is unknown. */
		r->unknown = 1;
		return;
	}
	if (pr.index >= r->periods ||
	    pr.offset != (uint64_t)pr.index * r->period_bytes ||
	    pr.len != r->period_bytes) {
		fail(t, "RING_DEQUEUE: period %u at %" PRIu64 " of %" PRIu64
		     " bytes in a ring of %u x %u", pr.index, pr.offset,
		     pr.len, r->periods, r->period_bytes);
		return;
	}
	/* The CPU's now: touch it. */
	if (r->map) {
		if (r->capture)
			sink = ((unsigned char *)r->map)[pr.offset + pr.len - 1];
		else
			memset((char *)r->map + pr.offset, (int)pr.seq, pr.len);
	}
	(void)sink;
	if (r->nheld < RING_HELD)
		r->held[r->nheld++] = pr.index;
}

static void op_ring_queue(struct thread *t)
{
	struct tring *r = &t->ring;
	struct dmastream_period pr;
	int own = r->dev >= 0 && chance(t, 90);
	int fd = own ? r->dev : rnd_fd(t, S_DEV, NULL);
	unsigned int k = 0, held = 0;
	long ret;
	void *p;

	/* a random pick may land on this ring's own file: it counts */
	own = r->dev >= 0 && fd == r->dev;
	memset(&pr, 0, sizeof(pr));
	if (own && r->nheld && chance(t, 85)) {
		k = below(t, r->nheld);
		pr.index = r->held[k];
		held = 1;
	} else {
		/* Not held (queue without dequeue), or out of range. */
		pr.index = chance(t, 50) ? below(t, r->periods + 2) : rnd(t);
	}
	if (chance(t, 5))
		pr.flags = 1 + below(t, 0xff);
	t->op = "ring queue";
	vlog(t, "RING_QUEUE fd %d index %u (held %d) flags %#x", fd, pr.index,
	     held, pr.flags);
	p = user_ptr(t, &pr, sizeof(pr));
	ret = ioctl(fd, DMASTREAM_IOC_RING_QUEUE, p);
	expect(t, "RING_QUEUE", ret, E(EFAULT, EINVAL, EBUSY, ENOENT));
	if (!own || !r->have)
		return;
	/*
	 * Through another pointer the kernel read another index (a
	 * read-only page's zeros, a dma-buf mapping's bytes) and may have
	 * queued that period, failing only at the copy-out (EFAULT): which
	 * periods this thread still holds is no longer known.
	 */
	if (!user_ptr_readable(t, &pr, p) && (ret == 0 || errno == EFAULT)) {
		r->nheld = 0;
		r->unknown = 1;
		return;
	}
	/*
	 * Other threads pick this file from the shared slots too and may
	 * dequeue or queue its periods: what this thread believes it holds
	 * is exact only when it runs alone.
	 */
	if (ret == 0 && !held && cfg.threads == 1) {
		/* Not one this thread held: only if it forgot one. */
		if (r->nheld < RING_HELD && !r->unknown)
			fail(t, "RING_QUEUE of period %u nobody held succeeded",
			     pr.index);
	}
	if (held && (ret == 0 || (errno != EFAULT && errno != EINVAL))) {
		if (ret && errno == EBUSY && cfg.threads == 1)
			fail(t, "RING_QUEUE of held period %u: EBUSY", pr.index);
		r->held[k] = r->held[--r->nheld];
		r->queued += !ret;
	}
}

static void op_ring_status(struct thread *t)
{
	struct tring *r = &t->ring;
	struct dmastream_ring_info ri;
	int own = r->dev >= 0 && chance(t, 90);
	int fd = own ? r->dev : rnd_fd(t, S_DEV, NULL);
	long ret;

	void *p = user_ptr(t, &ri, sizeof(ri));

	memset(&ri, 0, sizeof(ri));
	t->op = "ring status";
	vlog(t, "RING_STATUS fd %d", fd);
	ret = ioctl(fd, DMASTREAM_IOC_RING_STATUS, p);
	expect(t, "RING_STATUS", ret, E(EFAULT, ENOENT));
	if (ret || !own || !r->have || !user_ptr_readable(t, &ri, p))
		return;
	if (p != (void *)&ri)
		memcpy(&ri, p, sizeof(ri));
	if (ri.periods != r->periods || ri.period_bytes != r->period_bytes ||
	    ri.hw_index >= ri.periods || ri.held > ri.periods ||
	    ri.available > ri.periods || ri.queued > ri.dequeued ||
	    ri.held != ri.dequeued - ri.queued)
		fail(t, "RING_STATUS: %u x %u, hw_index %u, held %u, available %u, dequeued %" PRIu64 ", queued %" PRIu64,
		     ri.periods, ri.period_bytes, ri.hw_index, ri.held,
		     ri.available, (uint64_t)ri.dequeued, (uint64_t)ri.queued);
}

static void op_ring_poll(struct thread *t)
{
	struct tring *r = &t->ring;
	struct pollfd pfd;

	if (r->dev < 0)
		return;
	pfd.fd = r->dev;
	pfd.events = POLLIN | POLLOUT;
	t->op = "ring poll";
	t->ops++;
	if (poll(&pfd, 1, below(t, 3)) < 0 && errno != EINTR)
		fail(t, "poll of a ring file: %s", strerror(errno));
}

/* One ring operation; the thread's own ring mostly, any file sometimes. */
static void op_ring(struct thread *t)
{
	unsigned int w = below(t, 100);

	if (t->ring.dev < 0 || (!t->ring.have && w < 40))
		op_ring_create(t);
	else if (w < 20)
		op_ring_ctl(t);
	else if (w < 45)
		op_ring_dequeue(t);
	else if (w < 70)
		op_ring_queue(t);
	else if (w < 80)
		op_ring_status(t);
	else if (w < 86)
		op_ring_poll(t);
	else if (w < 90)
		op_ring_create(t);	/* a second ring on a file: EEXIST */
	else
		ring_close_dev(t);	/* running, stopped or none */
}

/*
 * dma330's test gates (debugfs) pace the whole controller: a gate every
 * GATE_EVERY bytes of every program started from now, released every
 * GATE_PACE_NS by the provider's timer.  Rings need it on stock QEMU,
 * whose PL330 would run a cyclic transfer flat out.
 */
static void gates_put(const char *name, const char *val)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cfg.gate_dir, name);
	f = fopen(path, "w");
	if (!f || fputs(val, f) < 0 || fclose(f))
		cfg.paced = 0;
}

static void gates_arm(void)
{
	char path[400], line[128], v[32];
	int ev = -1;
	FILE *f;
	DIR *d = opendir("/sys/kernel/debug/dma330");
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			snprintf(cfg.gate_dir, sizeof(cfg.gate_dir),
				 "/sys/kernel/debug/dma330/%s", e->d_name);
			break;
		}
	closedir(d);
	if (!cfg.gate_dir[0])
		return;
	snprintf(path, sizeof(path), "%s/stats", cfg.gate_dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "first_free_event: %d", &ev) == 1)
			break;
	fclose(f);
	if (ev < 0)
		return;
	cfg.paced = 1;
	snprintf(v, sizeof(v), "%u", GATE_EVERY);
	gates_put("gate_every", v);
	snprintf(v, sizeof(v), "%d", ev);
	gates_put("gate_event", v);
	snprintf(v, sizeof(v), "%u", GATE_PACE_NS);
	gates_put("pace_ns", v);
}

static void gates_off(void)
{
	if (!cfg.gate_dir[0])
		return;
	gates_put("pace_ns", "0");
	gates_put("gate_event", "18446744073709551615");
}

/*
 * A well-formed memcpy on the thread's own file, checked byte for byte:
 * whatever the other threads do, the device keeps moving data correctly.
 */
static int verified_copy(struct thread *t)
{
	struct dmastream_alloc a[2];
	struct dmastream_submit s;
	struct dmastream_status st;
	struct dmastream_reap rp;
	size_t len = 1 + below(t, 64 * 1024), soff = below(t, 64), doff = below(t, 64);
	size_t size = len + 64, i;
	unsigned char *m[2] = { NULL, NULL };
	struct dma_buf_sync sy;
	int ret = -1, k;
	/*
	 * The destination is either read-only to the CPU (FROM_DEV: the
	 * device only writes it; it starts zeroed) or BIDIR, pre-filled
	 * with 0x5a that must survive outside the copied range.
	 */
	int bidir = chance(t, 50);
	unsigned char bg = bidir ? 0x5a : 0;

	t->op = "verified copy";
	memset(a, 0, sizeof(a));
	a[0].fd = a[1].fd = -1;
	for (k = 0; k < 2; k++) {
		a[k].size = size;
		a[k].kind = below(t, 2);	/* single or sg */
		a[k].dir = !k ? DMASTREAM_DIR_TO_DEV :
			   bidir ? DMASTREAM_DIR_BIDIR : DMASTREAM_DIR_FROM_DEV;
		a[k].chan = DMASTREAM_CHAN_MEMCPY;
		if (ioctl(t->own_dev, DMASTREAM_IOC_ALLOC, &a[k])) {
			if (errno == ENOMEM)
				ret = 0;	/* memory pressure: not a failure */
			else
				fail(t, "verified copy: ALLOC %zu: %s", size,
				     strerror(errno));
			a[k].fd = -1;
			goto out;
		}
		m[k] = mmap(NULL, size, k && !bidir ? PROT_READ :
			    PROT_READ | PROT_WRITE, MAP_SHARED, a[k].fd, 0);
		if (m[k] == MAP_FAILED) {
			m[k] = NULL;
			fail(t, "verified copy: mmap: %s", strerror(errno));
			goto out;
		}
	}
	for (k = 0; k < 1 + bidir; k++) {
		sy.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
		if (ioctl(a[k].fd, DMA_BUF_IOCTL_SYNC, &sy)) {
			fail(t, "verified copy: SYNC START: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < size; i++)
			m[k][i] = k ? bg : (unsigned char)rnd(t);
		sy.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
		if (ioctl(a[k].fd, DMA_BUF_IOCTL_SYNC, &sy)) {
			fail(t, "verified copy: SYNC END: %s", strerror(errno));
			goto out;
		}
	}
	memset(&s, 0, sizeof(s));
	s.op = DMASTREAM_OP_MEMCPY;
	s.src_fd = a[0].fd;
	s.dst_fd = a[1].fd;
	s.src_off = soff;
	s.dst_off = doff;
	s.len = len;
	s.timeout_ms = 5000;
	if (ioctl(t->own_dev, DMASTREAM_IOC_SUBMIT, &s)) {
		fail(t, "verified copy: SUBMIT %zu bytes: %s", len,
		     strerror(errno));
		goto out;
	}
	memset(&rp, 0, sizeof(rp));
	rp.status = (uintptr_t)&st;
	rp.max = 1;
	rp.flags = DMASTREAM_REAP_WAIT;
	do {
		if (ioctl(t->own_dev, DMASTREAM_IOC_REAP, &rp) && errno != EINTR) {
			fail(t, "verified copy: REAP: %s", strerror(errno));
			goto out;
		}
	} while (!rp.count);
	/*
	 * The copy shares the client's memcpy channel with every thread: when
	 * another thread's transfer times out, dmaengine terminates the whole
	 * channel and a copy already started there ends -ECANCELED
	 * (client/README.md, "Errors are results").  Nothing to verify then.
	 */
	if (st.result == -ECANCELED && st.id == s.id) {
		t->cancelled++;
		ret = 0;
		goto out;
	}
	if (st.result || st.bytes != len || st.id != s.id) {
		fail(t, "verified copy: status result %d bytes %" PRIu64
		     " id %" PRIu64 " (want 0, %zu, %" PRIu64 ")", st.result,
		     (uint64_t)st.bytes, (uint64_t)st.id, len, (uint64_t)s.id);
		goto out;
	}
	for (k = 0; k < 2; k++) {
		sy.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ;
		if (ioctl(a[k].fd, DMA_BUF_IOCTL_SYNC, &sy)) {
			fail(t, "verified copy: SYNC START: %s", strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < size; i++) {
		unsigned char want = (i >= doff && i < doff + len) ?
				     m[0][soff + i - doff] : bg;

		if (m[1][i] != want) {
			fail(t, "verified copy: %zu bytes %zu->%zu: byte %zu is %#x, want %#x",
			     len, soff, doff, i, m[1][i], want);
			goto out;
		}
	}
	for (k = 0; k < 2; k++) {
		sy.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
		ioctl(a[k].fd, DMA_BUF_IOCTL_SYNC, &sy);
	}
	t->verified++;
	ret = 0;
out:
	for (k = 0; k < 2; k++) {
		if (m[k])
			munmap(m[k], size);
		if (a[k].fd >= 0)
			close(a[k].fd);
	}
	return ret;
}

static void *worker(void *arg)
{
	struct thread *t = arg;

	t->own_dev = open(cfg.dev, O_RDWR);
	if (t->own_dev < 0) {
		fail(t, "open %s: %s", cfg.dev, strerror(errno));
		return NULL;
	}
	for (t->iter = 0; t->iter < cfg.iterations && !failures; t->iter++) {
		unsigned int w = below(t, 100);

		if (w < 6)
			op_open(t);
		else if (w < 10)
			slot_close(t, S_FREE);
		else if (w < 13)
			slot_close(t, S_DEV);
		else if (w < 16)
			op_query(t);
		else if (w < 30)
			op_alloc(t);
		else if (w < 33)
			op_heap(t);
		else if (w < 37)
			op_import(t);
		else if (w < 39)
			op_unimport(t);
		else if (w < 51)
			op_submit(t);
		else if (w < 57)
			cfg.rings ? op_ring(t) : op_submit(t);
		else if (w < 59)
			op_import_user(t);
		else if (w < 60)
			op_sync_range(t);
		else if (w < 68)
			op_reap(t);
		else if (w < 70)
			op_fifo(t);
		else if (w < 76)
			op_bad_ioctl(t);
		else if (w < 84)
			op_sync(t);
		else if (w < 92)
			op_mmap(t);
		else if (w < 95)
			op_poll(t);
		else if (w < 97)
			op_rw(t);
		else
			op_dup(t);
		if (t->iter % VERIFY_EVERY == VERIFY_EVERY - 1)
			verified_copy(t);
		t->op = "idle";
		t->progress++;
	}
	/* Its ring's file closed last, the ring perhaps running. */
	ring_close_dev(t);
	t->op = "done";
	__atomic_add_fetch(&finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Sleeping and clocks that need no time32 syscall (see lock_take()). */
static void nap(int ms)
{
	poll(NULL, 0, ms);
}

static uint64_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Watchdog: a call that never returns is a failure, and says which. */
static void *watchdog(void *arg)
{
	unsigned long last[MAX_THREADS] = { 0 };
	uint64_t since = now_s();

	(void)arg;
	for (;;) {
		unsigned int i, stuck = 0;
		int idle;

		nap(5000);
		for (i = 0; i < cfg.threads; i++) {
			struct thread *t = &threads[i];

			if (strcmp((const char *)t->op, "done") &&
			    t->progress == last[i])
				stuck++;
			last[i] = t->progress;
		}
		if (!stuck)
			since = now_s();
		idle = now_s() - since;
		if (idle >= HANG_SECONDS) {
			char b[160];

			for (i = 0; i < cfg.threads; i++) {
				int n = snprintf(b, sizeof(b), "HANG thread %u iteration %lu in %s\n",
					     i, threads[i].iter,
					     (const char *)threads[i].op);
				if (write(1, b, n) < 0)
					break;
			}
			i = snprintf(b, sizeof(b), "dmastream-fuzz: no progress for %d s (seed %u)\n",
				     HANG_SECONDS, cfg.seed);
			if (write(1, b, i) < 0)
				_exit(4);
			_exit(4);
		}
	}
	return NULL;
}

/* A crash of the fuzzer itself: say where, so it can be replayed. */
static void on_fatal(int sig)
{
	char b[160];
	unsigned int i;

	for (i = 0; i < cfg.threads; i++) {
		int n = snprintf(b, sizeof(b), "CRASH signal %d: thread %u iteration %lu in %s (seed %u)\n",
			     sig, i, threads[i].iter, (const char *)threads[i].op,
			     cfg.seed);
		if (write(1, b, n) < 0)
			break;
	}
	_exit(1);
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: dmastream-fuzz [-n ITERATIONS] [-t THREADS] [-s SEED] [-d DEVICE]\n"
"                      [--no-slave] [--no-rings] [--heap NAME|none]\n"
"                      [--max-live-mb N] [-v]\n"
"  -n N        operations per thread (default 10000)\n"
"  -t N        threads, 1..%d (default 4)\n"
"  -s SEED     random seed (default: from the clock; always printed)\n"
"  -d PATH     device (default /dev/dmastream)\n"
"  --no-slave  no TX/RX operations (memcpy only)\n"
"  --no-rings  no streaming-ring operations\n"
"  --heap NAME DMA-BUF heap to import from (default system; none: no heap)\n"
"  --max-live-mb N  cap on live buffer memory (default 64)\n"
"  -v          print every operation (use with -t 1 to replay)\n"
"Exit: 0 clean, 1 unexpected result, 2 usage, 4 hang.\n", MAX_THREADS);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "no-slave", no_argument, NULL, 'S' },
		{ "no-rings", no_argument, NULL, 'R' },
		{ "heap", required_argument, NULL, 'H' },
		{ "max-live-mb", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dmastream_query q;
	unsigned long total = 0, ok = 0, errs = 0, verified = 0, cancelled = 0;
	unsigned long iters = 0;
	unsigned long rcreated = 0, rstarted = 0, rdeq = 0, rq = 0, rclosed = 0;
	pthread_attr_t attr;
	pthread_t wd;
	unsigned int i;
	char heap[128];
	int c, fd, seeded = 0;

	while ((c = getopt_long(argc, argv, "n:t:s:d:vh", lo, NULL)) != -1) {
		switch (c) {
		case 'n': cfg.iterations = strtoul(optarg, NULL, 0); break;
		case 't': cfg.threads = strtoul(optarg, NULL, 0); break;
		case 's': cfg.seed = strtoul(optarg, NULL, 0); seeded = 1; break;
		case 'd': cfg.dev = optarg; break;
		case 'v': cfg.verbose = 1; break;
		case 'S': cfg.slave = 0; break;
		case 'R': cfg.rings = 0; break;
		case 'M': cfg.max_live = strtoull(optarg, NULL, 0) << 20; break;
		case 'H':
			if (!strcmp(optarg, "none")) {
				cfg.heap = NULL;
			} else {
				snprintf(heap, sizeof(heap), "/dev/dma_heap/%s",
					 optarg);
				cfg.heap = heap;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc || !cfg.threads || cfg.threads > MAX_THREADS ||
	    !cfg.iterations) {
		usage(stderr);
		return 2;
	}
	if (!seeded) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		cfg.seed = (uint32_t)(ts.tv_sec ^ ts.tv_nsec);
	}
	page = sysconf(_SC_PAGESIZE);
	ro_page = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	guard = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	userpool = mmap(NULL, USERPOOL, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro_page == MAP_FAILED || guard == MAP_FAILED ||
	    userpool == MAP_FAILED ||
	    munmap(guard + page, page)) {
		perror("dmastream-fuzz: mmap");
		return 1;
	}
	fd = open(cfg.dev, O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "dmastream-fuzz: %s: %s\n", cfg.dev, strerror(errno));
		return 1;
	}
	memset(&q, 0, sizeof(q));
	if (!ioctl(fd, DMASTREAM_IOC_QUERY, &q)) {
		if (q.max_buf_size)
			cfg.max_buf = q.max_buf_size;
		cfg.cdns = !!(q.flags & DMASTREAM_QF_CDNS_UART);
		if (!(q.flags & DMASTREAM_QF_SLAVE))
			cfg.slave = 0;
	}
	close(fd);
	if (cfg.heap && access(cfg.heap, R_OK))
		cfg.heap = NULL;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGSEGV, on_fatal);
	signal(SIGBUS, on_fatal);
	if (cfg.rings)
		gates_arm();
	printf("dmastream-fuzz: seed %u, %u threads x %lu operations, slave %s, heap %s, rings %s\n",
	       cfg.seed, cfg.threads, cfg.iterations, cfg.slave ? "on" : "off",
	       cfg.heap ? cfg.heap : "none",
	       !cfg.rings ? "off" : cfg.paced ? "on (paced by dma330's gates)" :
	       "on (never started: no gates to pace them)");
	printf("dmastream-fuzz: replay with: dmastream-fuzz -s %u -n %lu -t %u%s%s\n",
	       cfg.seed, cfg.iterations, cfg.threads, cfg.slave ? "" : " --no-slave",
	       cfg.rings ? "" : " --no-rings");
	fflush(stdout);
	pthread_spin_init(&lock, PTHREAD_PROCESS_PRIVATE);
	pthread_spin_init(&out_lock, PTHREAD_PROCESS_PRIVATE);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < cfg.threads; i++)
		threads[i].op = "start";
	for (i = 0; i < cfg.threads; i++) {
		threads[i].ring.dev = -1;
		threads[i].ring.fd = -1;
		threads[i].ring.fifo = -1;
	}
	if (pthread_create(&wd, &attr, watchdog, NULL)) {
		perror("pthread_create");
		return 1;
	}
	for (i = 0; i < cfg.threads; i++) {
		threads[i].idx = i;
		threads[i].rng = ((uint64_t)(cfg.seed + i) << 1 | 1) *
				 0x9E3779B97F4A7C15ull;
		if (pthread_create(&threads[i].tid, &attr, worker, &threads[i])) {
			perror("pthread_create");
			return 1;
		}
	}
	while (finished < cfg.threads)
		nap(20);
	for (i = 0; i < cfg.threads; i++) {
		struct thread *t = &threads[i];
		unsigned int k;

		for (k = 0; k < NMAPS; k++)
			if (t->maps[k].addr)
				munmap(t->maps[k].addr, t->maps[k].len);
		if (t->own_dev >= 0)
			close(t->own_dev);
		iters += t->iter;
		total += t->ops;
		ok += t->ok;
		errs += t->errs;
		verified += t->verified;
		cancelled += t->cancelled;
		rcreated += t->ring.created;
		rstarted += t->ring.started;
		rdeq += t->ring.dequeued;
		rq += t->ring.queued;
		rclosed += t->ring.closed_running;
	}
	for (i = 0; i < NSLOTS; i++)
		if (slots[i].type != S_FREE)
			close(slots[i].fd);
	gates_off();
	/* Cancellation is tolerated, not a copy that never verifies. */
	if (!verified && cancelled) {
		printf("FAIL every verified copy (%lu) was cancelled\n", cancelled);
		failures++;
	}
	printf("dmastream-fuzz: rings: %lu created, %lu started, %lu periods dequeued, %lu queued back, %lu files closed with their ring\n",
	       rcreated, rstarted, rdeq, rq, rclosed);
	printf("dmastream-fuzz: %lu iterations, %lu calls: %lu succeeded, %lu refused with an expected errno; %lu verified copies (%lu cancelled by another thread's timeout); %d failures (seed %u)\n",
	       iters, total, ok, errs, verified, cancelled,
	       failures, cfg.seed);
	return failures ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream-uapi-test: every error path of /dev/dmastream, each checked for
 * its errno.  Prints one line per check: "PASS desc", "FAIL desc: why" or
 * "SKIP desc: why"; exits 1 if any check failed.
 *
 *   dmastream-uapi-test [--device PATH] [--gate DIR EVENT]
 *
 * --gate names a dma330 debugfs directory and a free event: transfers are
 * then held in flight (DMAWFE gate) to check the in-flight refusals.
 */
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "common.h"

static int failed, passed;
static int dev;

static void pass(const char *d)
{
	printf("PASS %s\n", d);
	passed++;
}

static void fail(const char *d, const char *why)
{
	printf("FAIL %s: %s\n", d, why);
	failed++;
}

static void skip(const char *d, const char *why)
{
	printf("SKIP %s: %s\n", d, why);
}

/* @ret is an ioctl-style result: 0 or -1 with errno. */
static void expect(const char *d, int ret, int want)
{
	int e = errno;
	char why[128];

	if ((want == 0 && ret == 0) || (want && ret == -1 && e == want)) {
		pass(d);
		return;
	}
	snprintf(why, sizeof(why), "got %s, want %s",
		 ret ? ds_errname(e) : "success", ds_errname(want));
	fail(d, why);
}

static int submit(int op, int src, int dst, uint64_t soff, uint64_t doff,
		  uint64_t len, struct dmastream_submit *out)
{
	struct dmastream_submit s;

	memset(&s, 0, sizeof(s));
	s.op = op;
	s.src_fd = src;
	s.dst_fd = dst;
	s.src_off = soff;
	s.dst_off = doff;
	s.len = len;
	if (out) {
		s.timeout_ms = out->timeout_ms;
		s.flags = out->flags;
		s.reserved[0] = out->reserved[0];
		s.burst = out->burst;
	}
	return ioctl(dev, DMASTREAM_IOC_SUBMIT, &s);
}

static int reap_one(struct dmastream_status *st)
{
	return ds_reap(dev, st, 1);
}

static int alloc(struct ds_buffer *b, size_t size, unsigned int kind,
		 unsigned int dir)
{
	return ds_buffer_alloc(dev, b, size, kind, dir, DMASTREAM_CHAN_MEMCPY);
}

static int write_file(const char *dir, const char *name, const char *val)
{
	char path[512];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ok = write(fd, val, strlen(val)) == (ssize_t)strlen(val);
	close(fd);
	return ok ? 0 : -1;
}

static void t_query(void)
{
	struct dmastream_chan_info ci[3];
	struct dmastream_query q;

	memset(&q, 0, sizeof(q));
	q.reserved[1] = 1;
	expect("QUERY with reserved bits set -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_QUERY, &q), EINVAL);
	memset(&q, 0, sizeof(q));
	q.nr_chans = 3;
	expect("QUERY with a NULL channel array -> EFAULT",
	       ioctl(dev, DMASTREAM_IOC_QUERY, &q), EFAULT);
	expect("QUERY with a bad pointer -> EFAULT",
	       ioctl(dev, DMASTREAM_IOC_QUERY, (void *)16), EFAULT);
	memset(&q, 0, sizeof(q));
	q.chans = (uintptr_t)ci;
	q.nr_chans = 3;
	expect("QUERY valid", ioctl(dev, DMASTREAM_IOC_QUERY, &q), 0);
	expect("unknown ioctl -> ENOTTY",
	       ioctl(dev, _IO(DMASTREAM_IOC_MAGIC, 0x3f), 0), ENOTTY);
}

static void alloc_case(const char *desc, uint64_t size, unsigned int kind,
		       unsigned int dir, unsigned int chan, unsigned int rsv,
		       int err)
{
	struct dmastream_alloc a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.size = size;
	a.kind = kind;
	a.dir = dir;
	a.chan = chan;
	a.reserved[2] = rsv;
	ret = ioctl(dev, DMASTREAM_IOC_ALLOC, &a);
	expect(desc, ret, err);
	if (!ret)
		close(a.fd);
}

static void t_alloc(void)
{
	struct dmastream_query q;

	memset(&q, 0, sizeof(q));
	ioctl(dev, DMASTREAM_IOC_QUERY, &q);

	alloc_case("ALLOC size 0 -> EINVAL", 0, DMASTREAM_BUF_SINGLE,
		   DMASTREAM_DIR_TO_DEV, 0, 0, EINVAL);
	alloc_case("ALLOC beyond max_buf_size -> E2BIG", q.max_buf_size + 1,
		   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV, 0, 0, E2BIG);
	alloc_case("ALLOC size 2^63 -> E2BIG", 1ull << 63, DMASTREAM_BUF_SINGLE,
		   DMASTREAM_DIR_TO_DEV, 0, 0, E2BIG);
	alloc_case("ALLOC unknown kind -> EINVAL", 4096, 7,
		   DMASTREAM_DIR_TO_DEV, 0, 0, EINVAL);
	alloc_case("ALLOC direction 0 -> EINVAL", 4096, DMASTREAM_BUF_SINGLE,
		   0, 0, 0, EINVAL);
	alloc_case("ALLOC direction 4 -> EINVAL", 4096, DMASTREAM_BUF_SINGLE,
		   4, 0, 0, EINVAL);
	alloc_case("ALLOC unknown channel role -> EINVAL", 4096,
		   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV, 3, 0, EINVAL);
	alloc_case("ALLOC reserved bits -> EINVAL", 4096, DMASTREAM_BUF_SINGLE,
		   DMASTREAM_DIR_TO_DEV, 0, 1, EINVAL);
	if (q.flags & DMASTREAM_QF_SLAVE) {
		alloc_case("ALLOC for the tx role, bidirectional -> EINVAL", 4096,
			   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_BIDIR,
			   DMASTREAM_CHAN_TX, 0, EINVAL);
		alloc_case("ALLOC for the tx role, from the device -> EINVAL", 4096,
			   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV,
			   DMASTREAM_CHAN_TX, 0, EINVAL);
		alloc_case("ALLOC for the rx role, bidirectional -> EINVAL", 4096,
			   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_BIDIR,
			   DMASTREAM_CHAN_RX, 0, EINVAL);
		alloc_case("ALLOC for the rx role, to the device -> EINVAL", 4096,
			   DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV,
			   DMASTREAM_CHAN_RX, 0, EINVAL);
	}
	if (q.max_buf_size > (4u << 20))
		alloc_case("ALLOC single buffer beyond the page allocator (8 MiB) -> E2BIG",
			   8u << 20, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV,
			   0, 0, E2BIG);
	else
		skip("ALLOC single 8 MiB -> E2BIG", "max_buf_size too small");
	if (!(q.flags & DMASTREAM_QF_SLAVE))
		alloc_case("ALLOC for the tx role without a DT client -> ENODEV",
			   4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV,
			   DMASTREAM_CHAN_TX, 0, ENODEV);
	expect("ALLOC with a bad pointer -> EFAULT",
	       ioctl(dev, DMASTREAM_IOC_ALLOC, (void *)16), EFAULT);
	/* The CMA pool is fixed at boot: ask for more than it has. */
	if (q.max_map_size && q.max_map_size < q.cma_size) {
		/* Behind a bounce pool one mapping is small: that limit wins. */
		alloc_case("ALLOC CMA beyond the largest mapping -> E2BIG",
			   q.max_map_size + 4096, DMASTREAM_BUF_CMA,
			   DMASTREAM_DIR_TO_DEV, 0, 0, E2BIG);
		skip("ALLOC CMA beyond the pool -> ENOMEM",
		     "one mapping cannot cover the CMA pool here (bounce pool)");
	} else if (q.cma_size && q.max_buf_size > q.cma_size) {
		struct ds_buffer ok;

		alloc_case("ALLOC CMA beyond the pool -> ENOMEM",
			   q.cma_size + (1 << 20), DMASTREAM_BUF_CMA,
			   DMASTREAM_DIR_TO_DEV, 0, 0, ENOMEM);
		/* ... and nothing else broke. */
		expect("ALLOC CMA 8 MiB after an exhausted request",
		       alloc(&ok, 8u << 20, DMASTREAM_BUF_CMA,
			     DMASTREAM_DIR_TO_DEV), 0);
		ds_buffer_free(&ok);
	} else {
		skip("ALLOC CMA beyond the pool -> ENOMEM",
		     "max_buf_size <= CMA pool (raise max_buf_mb)");
	}
}

static void t_mmap(void)
{
	struct ds_buffer b;
	void *p;

	if (alloc(&b, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_BIDIR)) {
		fail("mmap checks", "alloc failed");
		return;
	}
	p = mmap(NULL, 3 * 4096, PROT_READ, MAP_SHARED, b.fd, 0);
	expect("mmap beyond the buffer -> EINVAL",
	       p == MAP_FAILED ? -1 : (munmap(p, 3 * 4096), 0), EINVAL);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, b.fd, 2 * 4096);
	expect("mmap at an offset past the end -> EINVAL",
	       p == MAP_FAILED ? -1 : (munmap(p, 4096), 0), EINVAL);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, b.fd, 4096);
	expect("mmap of the second page", p == MAP_FAILED ? -1 : (munmap(p, 4096), 0), 0);
	ds_buffer_free(&b);
}

static void t_submit(void)
{
	struct ds_buffer src, dst, bi, tiny;
	struct dmastream_submit s;
	struct dmastream_status st = { 0 };
	int devnull = open("/dev/null", O_RDONLY);

	if (alloc(&src, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&dst, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_FROM_DEV) ||
	    alloc(&bi, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_BIDIR) ||
	    alloc(&tiny, 1, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_BIDIR)) {
		fail("SUBMIT checks", "alloc failed");
		return;
	}
	expect("SUBMIT unknown op -> EINVAL",
	       submit(9, src.fd, dst.fd, 0, 0, 16, NULL), EINVAL);
	memset(&s, 0, sizeof(s));
	s.flags = 1;
	expect("SUBMIT flags set -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, &s), EINVAL);
	memset(&s, 0, sizeof(s));
	s.reserved[0] = 1;
	expect("SUBMIT reserved set -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, &s), EINVAL);
	memset(&s, 0, sizeof(s));
	s.timeout_ms = 20000;
	expect("SUBMIT timeout beyond 10 s -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, &s), EINVAL);
	expect("SUBMIT length 0 -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 0, NULL), EINVAL);
	expect("SUBMIT src fd -1 -> EBADF",
	       submit(DMASTREAM_OP_MEMCPY, -1, dst.fd, 0, 0, 16, NULL), EBADF);
	expect("SUBMIT src fd not open -> EBADF",
	       submit(DMASTREAM_OP_MEMCPY, 999, dst.fd, 0, 0, 16, NULL), EBADF);
	expect("SUBMIT dst fd not a dma-buf (/dev/null) -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, devnull, 0, 0, 16, NULL), EINVAL);
	expect("SUBMIT src range past the end -> ERANGE",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 8000, 0, 193, NULL), ERANGE);
	expect("SUBMIT dst offset past the end -> ERANGE",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 8193, 1, NULL), ERANGE);
	expect("SUBMIT length larger than the buffer -> ERANGE",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 8193, NULL), ERANGE);
	expect("SUBMIT offset + length overflows 64 bits -> EOVERFLOW",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0xffffffffull, 0,
		      ~0ull - 0xffffffffull + 1, NULL), EOVERFLOW);
	expect("SUBMIT 32-bit wrap of offset + length -> ERANGE",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0xfffffff0u, 0, 0x20, NULL),
	       ERANGE);
	expect("SUBMIT device write into a TO_DEV buffer -> EACCES",
	       submit(DMASTREAM_OP_MEMCPY, bi.fd, src.fd, 0, 0, 16, NULL), EACCES);
	expect("SUBMIT device read of a FROM_DEV buffer -> EACCES",
	       submit(DMASTREAM_OP_MEMCPY, dst.fd, bi.fd, 0, 0, 16, NULL), EACCES);
	expect("SUBMIT overlapping ranges in one buffer -> EINVAL",
	       submit(DMASTREAM_OP_MEMCPY, bi.fd, bi.fd, 0, 100, 200, NULL), EINVAL);
	expect("SUBMIT disjoint ranges in one BIDIR buffer",
	       submit(DMASTREAM_OP_MEMCPY, bi.fd, bi.fd, 0, 4096, 4096, NULL), 0);
	expect("  ... completes", reap_one(&st) || st.result ? -1 : 0, 0);
	expect("SUBMIT 1-byte buffer, last byte (page-rounded buffer)",
	       submit(DMASTREAM_OP_MEMCPY, tiny.fd, bi.fd, 4095, 0, 1, NULL), 0);
	expect("  ... completes", reap_one(&st) || st.result ? -1 : 0, 0);

	/* Ownership: the CPU holds the source between START and END. */
	ds_sync(src.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	expect("SUBMIT while the CPU owns the buffer (after SYNC START) -> EBUSY",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, NULL), EBUSY);
	/* Refused every time, warned about once (43-errors counts both). */
	expect("SUBMIT while the CPU owns it, again -> EBUSY",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, NULL), EBUSY);
	ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	expect("SUBMIT after SYNC END",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16, NULL), 0);
	expect("  ... completes", reap_one(&st) || st.result ? -1 : 0, 0);
	expect("SYNC with invalid flags -> EINVAL", ds_sync(src.fd, 0xf0), EINVAL);
	close(devnull);
	ds_buffer_free(&src);
	ds_buffer_free(&dst);
	ds_buffer_free(&bi);
	ds_buffer_free(&tiny);
}

/* Caps of the memcpy role's channel (0 if the query fails). */
static uint32_t memcpy_caps(void)
{
	struct dmastream_chan_info ci[DMASTREAM_CHAN_COUNT];
	struct dmastream_query q;

	memset(&q, 0, sizeof(q));
	memset(ci, 0, sizeof(ci));
	q.chans = (uintptr_t)ci;
	q.nr_chans = DMASTREAM_CHAN_COUNT;
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q))
		return 0;
	return ci[DMASTREAM_CHAN_MEMCPY].caps;
}

#define SRC_BYTE(k)	((unsigned char)((k) * 7 + 3 + ((k) >> 8)))

/* A fill or 2-D submission: @s is completed with the common fields. */
static int submit_op(struct dmastream_submit *s, int op, int src, int dst,
		     uint64_t soff, uint64_t doff, uint64_t len)
{
	s->op = op;
	s->src_fd = src;
	s->dst_fd = dst;
	s->src_off = soff;
	s->dst_off = doff;
	s->len = len;
	return ioctl(dev, DMASTREAM_IOC_SUBMIT, s);
}

/*
 * Memset and interleaved (19 checks): every errno of their own, then one
 * of each run and its data checked byte for byte, guard bytes included.
 */
static void t_fill_2d(void)
{
	const uint32_t caps = memcpy_caps();
	struct dmastream_status st = { 0 };
	struct ds_buffer src, dst, bi;
	struct dmastream_submit s;
	size_t k, bad;
	int set = 0;		/* the memset ran: its range is 0x5a */

	if (alloc(&src, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&dst, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_BIDIR) ||
	    alloc(&bi, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV)) {
		fail("MEMSET / INTERLEAVED checks", "alloc failed");
		return;
	}
	memset(&s, 0, sizeof(s));
	s.value = 256;
	expect("MEMSET value above 255 -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 0, 16), EINVAL);
	memset(&s, 0, sizeof(s));
	s.seg_size = 4;
	expect("MEMSET with seg_size -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 0, 16), EINVAL);
	memset(&s, 0, sizeof(s));
	expect("MEMSET range past the end -> ERANGE",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 8000, 193), ERANGE);
	memset(&s, 0, sizeof(s));
	expect("MEMSET offset + length overflows 64 bits -> EOVERFLOW",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 0xffffffffull,
			 ~0ull - 0xffffffffull + 1), EOVERFLOW);
	memset(&s, 0, sizeof(s));
	expect("MEMSET into a TO_DEV buffer -> EACCES",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, src.fd, 0, 0, 16), EACCES);
	ds_sync(dst.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	memset(dst.map, 0xee, dst.size);
	memset(&s, 0, sizeof(s));
	expect("MEMSET while the CPU owns the buffer -> EBUSY",
	       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 0, 16), EBUSY);
	ds_sync(dst.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	memset(&s, 0, sizeof(s));
	s.value = 0x5a;
	if (!(caps & DMASTREAM_CAP_MEMSET)) {
		expect("MEMSET on a channel without DMA_MEMSET -> EOPNOTSUPP",
		       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 101, 4001),
		       EOPNOTSUPP);
		skip("MEMSET data", "the memcpy channel has no DMA_MEMSET");
	} else {
		expect("MEMSET 4001 B at offset 101 of an sg buffer",
		       submit_op(&s, DMASTREAM_OP_MEMSET, -1, dst.fd, 0, 101, 4001), 0);
		bad = reap_one(&st) || st.result || st.op != DMASTREAM_OP_MEMSET ||
		      st.bytes != 4001;
		set = 1;
		ds_sync(dst.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		for (k = 0; k < dst.size && !bad; k++)
			bad = dst.map[k] != (k >= 101 && k < 4102 ? 0x5a : 0xee);
		ds_sync(dst.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		expect("  ... completes, the range 0x5a and the bytes around it kept",
		       bad ? -1 : 0, 0);
	}

	memset(&s, 0, sizeof(s));
	s.dst_stride = 16;
	expect("SUBMIT memcpy with dst_stride -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 16), EINVAL);
	memset(&s, 0, sizeof(s));
	s.src_stride = s.dst_stride = 64;
	expect("INTERLEAVED 0 frames -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 0, 0, 16), EINVAL);
	s.frames = 4;
	s.src_stride = 15;
	expect("INTERLEAVED source stride below the chunk -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 0, 0, 16), EINVAL);
	s.src_stride = 64;
	s.dst_stride = 8;
	expect("INTERLEAVED destination stride below the chunk -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 0, 0, 16), EINVAL);
	s.dst_stride = 64;
	s.src_stride = 2700;	/* frame 3 ends at 8100 + 16 + 100 */
	expect("INTERLEAVED last source frame past the end -> ERANGE",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 100, 0, 16), ERANGE);
	s.src_stride = 64;
	s.dst_stride = 2726;	/* 3 * 2726 + 16 = 8194 */
	expect("INTERLEAVED last destination frame past the end -> ERANGE",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 0, 0, 16), ERANGE);
	s.frames = 0xffffffffu;
	s.dst_stride = 0xffffffffu;
	expect("INTERLEAVED last frame's end overflows -> EOVERFLOW",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 0,
			 0xffffffff00000000ull, 16), EOVERFLOW);
	s.frames = 4;
	s.dst_stride = 64;
	expect("INTERLEAVED from a FROM_DEV buffer -> EACCES",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, bi.fd, dst.fd, 0, 0, 16), EACCES);
	expect("INTERLEAVED overlapping spans in one buffer -> EINVAL",
	       submit_op(&s, DMASTREAM_OP_INTERLEAVED, dst.fd, dst.fd, 0, 100, 16), EINVAL);

	ds_sync(src.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	for (k = 0; k < src.size; k++)
		src.map[k] = SRC_BYTE(k);
	ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	memset(&s, 0, sizeof(s));
	/* 13 frames of 37 B: frame 12 of the destination crosses a page. */
	s.frames = 13;
	s.src_stride = 300;
	s.dst_stride = 341;
	if (!(caps & DMASTREAM_CAP_INTERLEAVE)) {
		expect("INTERLEAVED on a channel without DMA_INTERLEAVE -> EOPNOTSUPP",
		       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 5, 3, 37),
		       EOPNOTSUPP);
		skip("INTERLEAVED data", "the memcpy channel has no DMA_INTERLEAVE");
	} else {
		expect("INTERLEAVED 13 frames of 37 B, strides 300/341, into an sg buffer",
		       submit_op(&s, DMASTREAM_OP_INTERLEAVED, src.fd, dst.fd, 5, 3, 37), 0);
		bad = reap_one(&st) || st.result ||
		      st.op != DMASTREAM_OP_INTERLEAVED || st.bytes != 13 * 37;
		ds_sync(dst.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		for (k = 0; k < dst.size && !bad; k++) {
			size_t rel = k - 3, f = rel / 341;
			int in = k >= 3 && f < 13 && rel % 341 < 37;
			size_t si = 5 + f * 300 + rel % 341;
			unsigned char want = in ? SRC_BYTE(si) :
					     set && k >= 101 && k < 4102 ? 0x5a : 0xee;

			bad = dst.map[k] != want;
		}
		ds_sync(dst.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		expect("  ... completes, every frame copied and the gaps kept",
		       bad ? -1 : 0, 0);
	}
	ds_buffer_free(&src);
	ds_buffer_free(&dst);
	ds_buffer_free(&bi);
}

static void t_reap(void)
{
	struct ds_buffer src, dst;
	struct dmastream_status st = { 0 };
	struct dmastream_reap r;
	struct pollfd pfd = { .fd = dev, .events = POLLIN };

	if (alloc(&src, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&dst, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV)) {
		fail("REAP checks", "alloc failed");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.status = (uintptr_t)&st;
	expect("REAP max 0 -> EINVAL", ioctl(dev, DMASTREAM_IOC_REAP, &r), EINVAL);
	r.max = 1;
	r.flags = 2;
	expect("REAP unknown flag -> EINVAL", ioctl(dev, DMASTREAM_IOC_REAP, &r), EINVAL);
	r.flags = DMASTREAM_REAP_WAIT;
	expect("REAP WAIT with nothing in flight returns at once",
	       ioctl(dev, DMASTREAM_IOC_REAP, &r) || r.count ? -1 : 0, 0);
	expect("poll with nothing done: no POLLIN",
	       poll(&pfd, 1, 0) == 0 ? 0 : -1, 0);
	submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 64, NULL);
	expect("poll reports POLLIN when a transfer is done",
	       poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN) ? 0 : -1, 0);
	memset(&r, 0, sizeof(r));
	r.max = 1;
	r.status = 16;
	expect("REAP into a bad pointer -> EFAULT",
	       ioctl(dev, DMASTREAM_IOC_REAP, &r), EFAULT);
	memset(&r, 0, sizeof(r));
	r.max = 1;
	r.status = (uintptr_t)&st;
	expect("  ... and the status is not lost",
	       ioctl(dev, DMASTREAM_IOC_REAP, &r) || r.count != 1 || st.result ? -1 : 0, 0);
	expect("  ... with bytes and latency",
	       st.bytes == 64 && st.latency_ns > 0 ? 0 : -1, 0);
	ds_buffer_free(&src);
	ds_buffer_free(&dst);
}

static void t_import(void)
{
	struct ds_buffer own, heapbuf, dst;
	struct dma_heap_allocation_data h;
	struct dmastream_import im;
	int hfd;
	int32_t fd;

	hfd = open("/dev/dma_heap/system", O_RDWR);
	if (hfd < 0) {
		skip("IMPORT checks", "no /dev/dma_heap/system");
		return;
	}
	memset(&h, 0, sizeof(h));
	h.len = 8192;
	h.fd_flags = O_RDWR | O_CLOEXEC;
	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &h)) {
		fail("IMPORT checks", "heap allocation failed");
		close(hfd);
		return;
	}
	close(hfd);
	alloc(&own, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV);
	alloc(&dst, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV);
	expect("SUBMIT with a foreign dma-buf not imported -> ENOENT",
	       submit(DMASTREAM_OP_MEMCPY, h.fd, dst.fd, 0, 0, 16, NULL), ENOENT);
	memset(&im, 0, sizeof(im));
	im.fd = -1;
	expect("IMPORT fd -1 -> EBADF", ioctl(dev, DMASTREAM_IOC_IMPORT, &im), EBADF);
	im.fd = 0;
	im.reserved[0] = 1;
	expect("IMPORT reserved set -> EINVAL", ioctl(dev, DMASTREAM_IOC_IMPORT, &im), EINVAL);
	memset(&im, 0, sizeof(im));
	im.fd = own.fd;
	expect("IMPORT of the client's own buffer -> EEXIST",
	       ioctl(dev, DMASTREAM_IOC_IMPORT, &im), EEXIST);
	im.fd = h.fd;
	expect("IMPORT a heap buffer", ioctl(dev, DMASTREAM_IOC_IMPORT, &im), 0);
	expect("  ... size reported", im.size == 8192 ? 0 : -1, 0);
	im.size = 0;
	expect("IMPORT the same buffer twice -> EEXIST",
	       ioctl(dev, DMASTREAM_IOC_IMPORT, &im), EEXIST);
	heapbuf.fd = h.fd;
	expect("SUBMIT from an imported buffer",
	       submit(DMASTREAM_OP_MEMCPY, h.fd, dst.fd, 0, 0, 8192, NULL), 0);
	{
		struct dmastream_status st = { 0 };

		expect("  ... completes", reap_one(&st) || st.result ? -1 : 0, 0);
	}
	fd = h.fd;
	expect("UNIMPORT", ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd), 0);
	expect("UNIMPORT again -> ENOENT", ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd), ENOENT);
	fd = -1;
	expect("UNIMPORT fd -1 -> EBADF", ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd), EBADF);
	close(heapbuf.fd);
	ds_buffer_free(&own);
	ds_buffer_free(&dst);
}

/* Copy heap[0..len) into dst through @fd's file; 0 if the bytes arrived. */
static int copy_check(int fd, struct ds_buffer *heap, struct ds_buffer *dst,
		      size_t len, unsigned char seed)
{
	struct dmastream_status st = { 0 };
	struct dmastream_submit s;
	size_t i;

	if (ds_sync(heap->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
		return -1;
	for (i = 0; i < len; i++)
		heap->map[i] = (unsigned char)(i * 7 + seed);
	if (ds_sync(heap->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
		return -1;
	memset(&s, 0, sizeof(s));
	s.op = DMASTREAM_OP_MEMCPY;
	s.src_fd = heap->fd;
	s.dst_fd = dst->fd;
	s.len = len;
	if (ioctl(fd, DMASTREAM_IOC_SUBMIT, &s) || ds_reap(fd, &st, 1) ||
	    st.result || st.bytes != len)
		return -1;
	if (ds_sync(dst->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
		return -1;
	for (i = 0; i < len; i++)
		if (dst->map[i] != (unsigned char)(i * 7 + seed))
			break;
	if (ds_sync(dst->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ) || i != len)
		return -1;
	return 0;
}

/*
 * One heap buffer imported by two open files (and twice by one): the
 * client maps it once and shares the mapping, so DMA-API debug never sees
 * overlapping mappings; the data must still arrive through either file.
 */
static void t_import_shared(const char *path)
{
	struct dmastream_import im;
	struct ds_buffer heap, dst;
	int dev2;
	int32_t fd;

	if (ds_buffer_heap(dev, &heap, 8192, "system", DMASTREAM_CHAN_MEMCPY)) {
		skip("shared IMPORT checks", "no /dev/dma_heap/system");
		return;
	}
	if (alloc(&dst, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV)) {
		fail("shared IMPORT checks", "buffer allocation failed");
		ds_buffer_free(&heap);
		return;
	}
	dev2 = open(path, O_RDWR | O_CLOEXEC);
	if (dev2 < 0) {
		fail("shared IMPORT checks", "second open failed");
		goto out;
	}
	memset(&im, 0, sizeof(im));
	im.fd = heap.fd;
	expect("IMPORT one heap buffer from a second file (shared mapping)",
	       ioctl(dev2, DMASTREAM_IOC_IMPORT, &im), 0);
	expect("  ... size reported", im.size == 8192 ? 0 : -1, 0);
	memset(&im, 0, sizeof(im));
	im.fd = heap.fd;
	expect("IMPORT it again from the second file -> EEXIST",
	       ioctl(dev2, DMASTREAM_IOC_IMPORT, &im), EEXIST);
	expect("IMPORT it again from the first file -> EEXIST",
	       ioctl(dev, DMASTREAM_IOC_IMPORT, &im), EEXIST);
	expect("memcpy from the shared import through the first file",
	       copy_check(dev, &heap, &dst, 8192, 1), 0);
	expect("memcpy from the shared import through the second file",
	       copy_check(dev2, &heap, &dst, 8192, 2), 0);
	fd = heap.fd;
	expect("UNIMPORT from the first file",
	       ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd), 0);
	expect("  ... SUBMIT through the first file -> ENOENT",
	       submit(DMASTREAM_OP_MEMCPY, heap.fd, dst.fd, 0, 0, 16, NULL),
	       ENOENT);
	expect("  ... the second file's import still works",
	       copy_check(dev2, &heap, &dst, 4096, 3), 0);
	memset(&im, 0, sizeof(im));
	im.fd = heap.fd;
	expect("IMPORT again from the first file (shared mapping)",
	       ioctl(dev, DMASTREAM_IOC_IMPORT, &im), 0);
	close(dev2);
	expect("  ... still works after the second file is closed",
	       copy_check(dev, &heap, &dst, 8192, 4), 0);
	expect("UNIMPORT the last reference",
	       ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd), 0);
out:
	ds_buffer_free(&dst);
	ds_buffer_free(&heap);
}

static void t_slave(void)
{
	struct dmastream_query q;
	struct dmastream_fifo fw;
	struct ds_buffer tx, rx, mc;

	memset(&q, 0, sizeof(q));
	ioctl(dev, DMASTREAM_IOC_QUERY, &q);
	if (!(q.flags & DMASTREAM_QF_SLAVE)) {
		alloc(&mc, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV);
		expect("SUBMIT tx without a DT client -> ENODEV",
		       submit(DMASTREAM_OP_TX, mc.fd, -1, 0, 0, 16, NULL), ENODEV);
		memset(&fw, 0, sizeof(fw));
		fw.bytes = 1;
		expect("FIFO_WAIT without a DT client -> ENODEV",
		       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), ENODEV);
		ds_buffer_free(&mc);
		return;
	}
	if (ds_buffer_alloc(dev, &tx, 4096, DMASTREAM_BUF_SINGLE,
			    DMASTREAM_DIR_TO_DEV, DMASTREAM_CHAN_TX) ||
	    ds_buffer_alloc(dev, &rx, 4096, DMASTREAM_BUF_SINGLE,
			    DMASTREAM_DIR_FROM_DEV, DMASTREAM_CHAN_RX)) {
		fail("slave checks", "alloc failed");
		return;
	}
	expect("SUBMIT tx from a FROM_DEV buffer -> EACCES",
	       submit(DMASTREAM_OP_TX, rx.fd, -1, 0, 0, 16, NULL), EACCES);
	expect("SUBMIT rx into a TO_DEV buffer -> EACCES",
	       submit(DMASTREAM_OP_RX, -1, tx.fd, 0, 0, 16, NULL), EACCES);
	expect("SUBMIT rx past the buffer end -> ERANGE",
	       submit(DMASTREAM_OP_RX, -1, rx.fd, 0, 4090, 16, NULL), ERANGE);
	memset(&fw, 0, sizeof(fw));
	expect("FIFO_WAIT 0 bytes without FLUSH -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), EINVAL);
	fw.bytes = 1;
	fw.flags = 8;
	expect("FIFO_WAIT unknown flag -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), EINVAL);
	if (q.fifo_depth) {
		fw.flags = 0;
		fw.bytes = q.fifo_depth + 1;
		expect("FIFO_WAIT for more than the FIFO depth -> EINVAL",
		       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), EINVAL);
		fw.bytes = 1;
		fw.timeout_ms = 20000;
		expect("FIFO_WAIT timeout beyond 10 s -> EINVAL",
		       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), EINVAL);
		memset(&fw, 0, sizeof(fw));
		fw.flags = DMASTREAM_FIFO_FLUSH;
		expect("FIFO_WAIT flush only", ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), 0);
		fw.bytes = 8;
		fw.timeout_ms = 200;
		expect("FIFO_WAIT on an empty FIFO -> ETIMEDOUT",
		       ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw), ETIMEDOUT);
	}
	ds_buffer_free(&tx);
	ds_buffer_free(&rx);
}

/* With one transfer held in flight: the per-file limit (max_inflight). */
static void t_inflight_limit(struct ds_buffer *src, struct ds_buffer *dst)
{
	static const char params[] = "/sys/module/dmastream/parameters";
	struct dmastream_query q;
	char old[16];

	memset(&q, 0, sizeof(q));
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q) || !q.max_inflight) {
		fail("SUBMIT beyond max_inflight -> EAGAIN", "QUERY failed");
		return;
	}
	snprintf(old, sizeof(old), "%u", q.max_inflight);
	if (write_file(params, "max_inflight", "1")) {
		skip("SUBMIT beyond max_inflight -> EAGAIN",
		     "cannot write the max_inflight parameter");
		return;
	}
	expect("SUBMIT beyond max_inflight (1 in flight, limit 1) -> EAGAIN",
	       submit(DMASTREAM_OP_MEMCPY, src->fd, dst->fd, 0, 0, 16, NULL),
	       EAGAIN);
	if (write_file(params, "max_inflight", old))
		fail("max_inflight restored", "cannot write the parameter");
}

static void t_gate(const char *dir, const char *event)
{
	struct ds_buffer src, dst, s2, d2;
	struct dmastream_status st = { 0 };
	int i;

	if (alloc(&src, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&dst, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV) ||
	    alloc(&s2, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&d2, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV)) {
		fail("in-flight checks", "alloc failed");
		return;
	}
	if (write_file(dir, "gate_every", "1024") ||
	    write_file(dir, "gate_event", event)) {
		char why[160];

		snprintf(why, sizeof(why), "cannot set the gate in %s", dir);
		fail("in-flight checks", why);
		return;
	}
	{
		struct dmastream_submit s;

		memset(&s, 0, sizeof(s));
		s.timeout_ms = 5000;
		expect("SUBMIT a gated transfer (held in flight)",
		       submit(DMASTREAM_OP_MEMCPY, src.fd, dst.fd, 0, 0, 4096, &s), 0);
	}
	expect("SYNC START on an in-flight destination -> EBUSY",
	       ds_sync(dst.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), EBUSY);
	expect("SYNC END on an in-flight source -> EBUSY",
	       ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), EBUSY);
	expect("second SUBMIT of an in-flight buffer -> EBUSY",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, d2.fd, 0, 0, 16, NULL), EBUSY);
	{
		struct dmastream_reap r;

		memset(&r, 0, sizeof(r));
		r.max = 1;
		r.status = (uintptr_t)&st;
		expect("REAP without WAIT while in flight: nothing, 1 in flight",
		       ioctl(dev, DMASTREAM_IOC_REAP, &r) || r.count || r.inflight != 1 ? -1 : 0, 0);
	}
	t_inflight_limit(&s2, &d2);
	/* Release the gates one by one until the program ends. */
	for (i = 0; i < 8; i++)
		write_file(dir, "release", event);
	expect("gated transfer completes once released",
	       reap_one(&st) || st.result ? -1 : 0, 0);
	/* PL330_NO_EVENT (-1), written as the u64 the attribute parses */
	write_file(dir, "gate_event", "18446744073709551615");
	ds_buffer_free(&src);
	ds_buffer_free(&dst);
	ds_buffer_free(&s2);
	ds_buffer_free(&d2);
}


/*
 * The device only writes a FROM_DEV buffer: its for_device sync invalidates
 * (ARM) or copies nothing (bounce), so a CPU write there would be lost.
 * Such a write must be refused, or else survive.
 */
static void t_from_dev_writes(void)
{
	struct ds_buffer src;
	struct dmastream_alloc a;
	struct dmastream_status st;
	unsigned char *p;
	char why[160];
	size_t k;

	memset(&a, 0, sizeof(a));
	a.size = 8192;
	a.kind = DMASTREAM_BUF_SINGLE;
	a.dir = DMASTREAM_DIR_FROM_DEV;
	if (ioctl(dev, DMASTREAM_IOC_ALLOC, &a) ||
	    alloc(&src, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV)) {
		fail("CPU writes to a FROM_DEV buffer", "alloc failed");
		return;
	}
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, a.fd, 0);
	if (p == MAP_FAILED) {
		expect("CPU writes to a FROM_DEV buffer refused (writable mmap -> EACCES)",
		       -1, EACCES);
		goto out;
	}
	if (ds_sync(a.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)) {
		expect("CPU writes to a FROM_DEV buffer refused (SYNC START WRITE -> EACCES)",
		       -1, EACCES);
		goto out_unmap;
	}
	memset(p, 0xa5, 8192);
	ds_sync(a.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	ds_sync(src.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	memset(src.map, 0x11, 8192);
	ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	if (submit(DMASTREAM_OP_MEMCPY, src.fd, a.fd, 0, 0, 16, NULL) ||
	    reap_one(&st) || st.result) {
		fail("CPU writes to a FROM_DEV buffer", "memcpy failed");
		goto out_unmap;
	}
	ds_sync(a.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	for (k = 16; k < 8192 && p[k] == 0xa5; k++)
		;
	if (k == 8192) {
		pass("CPU writes to a FROM_DEV buffer survive a transfer");
	} else {
		snprintf(why, sizeof(why),
			 "accepted, then lost: byte %zu is 0x%02x, the CPU wrote 0xa5",
			 k, p[k]);
		fail("CPU writes to a FROM_DEV buffer", why);
	}
	ds_sync(a.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
out_unmap:
	munmap(p, 8192);
out:
	close(a.fd);
	ds_buffer_free(&src);
}

/* The CPU may read a FROM_DEV buffer, never write it. */
static void t_from_dev_rules(void)
{
	struct ds_buffer b;
	void *p;

	if (alloc(&b, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_FROM_DEV)) {
		fail("FROM_DEV buffer rules", "alloc failed");
		return;
	}
	p = mmap(NULL, 8192, PROT_WRITE, MAP_SHARED, b.fd, 0);
	expect("FROM_DEV buffer, mmap PROT_WRITE -> EACCES",
	       p == MAP_FAILED ? -1 : (munmap(p, 8192), 0), EACCES);
	expect("FROM_DEV buffer, mprotect of its read-only mapping to write -> EACCES",
	       mprotect(b.map, 8192, PROT_READ | PROT_WRITE), EACCES);
	expect("FROM_DEV buffer, SYNC START WRITE -> EACCES",
	       ds_sync(b.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), EACCES);
	expect("FROM_DEV buffer, SYNC START READ then END",
	       ds_sync(b.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) ||
	       ds_sync(b.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
	ds_buffer_free(&b);
}


static int import_user(void *addr, uint64_t size, unsigned int dir,
		       struct dmastream_import_user *out)
{
	struct dmastream_import_user iu;
	int ret;

	memset(&iu, 0, sizeof(iu));
	iu.addr = (uintptr_t)addr;
	iu.size = size;
	iu.dir = dir;
	ret = ioctl(dev, DMASTREAM_IOC_IMPORT_USER, &iu);
	if (out)
		*out = iu;
	else if (!ret)
		close(iu.fd);
	return ret;
}

static long stat_of(const char *key)
{
	char line[128];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/sys/kernel/debug/dmastream/stats", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ' ')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* A process's own memory: pinned, mapped, refused when it cannot be. */
static void t_user(void)
{
	struct dmastream_import_user iu;
	struct dmastream_segment seg[8];
	struct dmastream_segments q;
	struct dmastream_status st;
	struct dmastream_sync sy;
	struct ds_buffer src, own;
	unsigned char *block, *ro;
	long pin0 = stat_of("user_pinned"), unpin0 = stat_of("user_unpinned");
	size_t k;
	void *p;

	block = calloc(1, 3 * 4096 + 5);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!block || ro == MAP_FAILED ||
	    alloc(&src, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&own, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_BIDIR)) {
		fail("IMPORT_USER checks", "setup failed");
		return;
	}
	expect("IMPORT_USER of calloc()ed memory, 5 bytes in (any alignment)",
	       import_user(block + 5, 3 * 4096, DMASTREAM_DIR_FROM_DEV, &iu), 0);
	memset(&q, 0, sizeof(q));
	q.fd = iu.fd;
	q.max = 8;
	q.segs = (uintptr_t)seg;
	expect("IMPORT_USER of a page imported already -> EBUSY",
	       import_user(block + 4096, 16, DMASTREAM_DIR_TO_DEV, NULL),
	       EBUSY);
	expect("  ... SEGMENTS: as many as IMPORT_USER said, covering the range",
	       ioctl(dev, DMASTREAM_IOC_SEGMENTS, &q) || q.count != iu.nents ||
	       !q.count || q.count > 8 ? -1 : 0, 0);
	ds_sync(src.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	for (k = 0; k < 8192; k++)
		src.map[k] = (unsigned char)(k * 13 + 1);
	ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	expect("  ... memcpy into it, the program reads it through its own pointer",
	       submit(DMASTREAM_OP_MEMCPY, src.fd, iu.fd, 0, 1, 8000, NULL) ||
	       reap_one(&st) || st.result ||
	       ds_sync(iu.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) ||
	       memcmp(block + 6, src.map, 8000) || block[5] ||
	       block[5 + 8001] ||
	       ds_sync(iu.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ) ? -1 : 0, 0);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, iu.fd, 0);
	expect("  ... mmap of its dma-buf -> EINVAL (the program has it mapped)",
	       p == MAP_FAILED ? -1 : (munmap(p, 4096), 0), EINVAL);
	close(iu.fd);
	expect("  ... closed: unpinned (user_pinned = user_unpinned)",
	       stat_of("user_pinned") - pin0 == 1 &&
	       stat_of("user_unpinned") - unpin0 == 1 ? 0 : -1, 0);
	expect("IMPORT_USER of NULL -> EFAULT",
	       import_user(NULL, 4096, DMASTREAM_DIR_TO_DEV, NULL), EFAULT);
	expect("IMPORT_USER of read-only memory for the device to write -> EFAULT",
	       import_user(ro, 4096, DMASTREAM_DIR_FROM_DEV, NULL), EFAULT);
	expect("IMPORT_USER of a dma-buf mapping -> EOPNOTSUPP",
	       import_user(own.map, 4096, DMASTREAM_DIR_TO_DEV, NULL),
	       EOPNOTSUPP);
	expect("IMPORT_USER of 0 bytes -> EINVAL",
	       import_user(block, 0, DMASTREAM_DIR_TO_DEV, NULL), EINVAL);
	expect("IMPORT_USER beyond max_buf_size -> E2BIG",
	       import_user(block, 1ull << 40, DMASTREAM_DIR_TO_DEV, NULL),
	       E2BIG);
	expect("  ... nothing left pinned by the refusals",
	       stat_of("user_pinned") - stat_of("user_unpinned") ==
	       pin0 - unpin0 ? 0 : -1, 0);
	/* Range hand-overs from user space. */
	memset(&sy, 0, sizeof(sy));
	sy.fd = own.fd;
	sy.flags = DMASTREAM_SYNC_START | DMASTREAM_SYNC_WRITE;
	sy.off = 4096;
	sy.len = 100;
	expect("SYNC START of a range", ioctl(dev, DMASTREAM_IOC_SYNC, &sy), 0);
	sy.flags = DMASTREAM_SYNC_END;
	sy.off = 8000;
	sy.len = 193;
	expect("SYNC END of a range past the end -> ERANGE",
	       ioctl(dev, DMASTREAM_IOC_SYNC, &sy), ERANGE);
	sy.off = 4096;
	sy.len = 100;
	expect("SYNC END of the range", ioctl(dev, DMASTREAM_IOC_SYNC, &sy), 0);
	ds_buffer_free(&src);
	ds_buffer_free(&own);
	munmap(ro, 4096);
	free(block);
}

/*
 * Pinned pages count against the process's RLIMIT_MEMLOCK (its pinned_vm,
 * as RDMA and io_uring account their long-term pins) unless it has
 * CAP_IPC_LOCK.  A child that drops it (nobody, after the device was
 * opened) under a 16-page limit; then a child that keeps it.  4 checks.
 */
static void t_user_memlock(void)
{
	struct rlimit rl = { 16 * 4096, 16 * 4096 };
	struct dmastream_import_user iu;
	unsigned char *m;
	int status, root;
	pid_t pid;

	m = mmap(NULL, 33 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		fail("IMPORT_USER and RLIMIT_MEMLOCK", "mmap failed");
		return;
	}
	memset(m, 1, 33 * 4096);
	for (root = 0; root < 2; root++) {
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			fail("IMPORT_USER and RLIMIT_MEMLOCK", "fork failed");
			break;
		}
		if (pid) {
			waitpid(pid, &status, 0);
			failed += WIFEXITED(status) ? WEXITSTATUS(status) : 1;
			continue;
		}
		failed = 0;
		if (setrlimit(RLIMIT_MEMLOCK, &rl) ||
		    (!root && (setgid(65534) || setuid(65534)))) {
			fail("IMPORT_USER and RLIMIT_MEMLOCK", "cannot set the limit");
			fflush(stdout);
			_exit(failed);
		}
		if (root) {
			expect("IMPORT_USER beyond RLIMIT_MEMLOCK with CAP_IPC_LOCK (33 pages of 16)",
			       import_user(m, 33 * 4096, DMASTREAM_DIR_TO_DEV,
					   NULL), 0);
			fflush(stdout);
			_exit(failed);
		}
		expect("IMPORT_USER within RLIMIT_MEMLOCK (16 pages of 16, no CAP_IPC_LOCK)",
		       import_user(m, 16 * 4096, DMASTREAM_DIR_TO_DEV, &iu), 0);
		expect("IMPORT_USER beyond RLIMIT_MEMLOCK (1 page more) -> ENOMEM",
		       import_user(m + 16 * 4096, 4096, DMASTREAM_DIR_TO_DEV,
				   NULL), ENOMEM);
		close(iu.fd);
		expect("  ... 16 pages again once the first buffer is closed (unaccounted)",
		       import_user(m + 16 * 4096, 16 * 4096,
				   DMASTREAM_DIR_TO_DEV, NULL), 0);
		fflush(stdout);
		_exit(failed);
	}
	munmap(m, 33 * 4096);
}

/*
 * One shmem page mapped at two neighbouring addresses: a range over both
 * would map the page twice in one buffer (two entries sharing its cache
 * lines).  1 check.
 */
static void t_user_twice(void)
{
	const char *d = "IMPORT_USER of one shmem page mapped twice in the range -> EBUSY";
	unsigned char *p;
	int mfd = memfd_create("ds-twice", MFD_CLOEXEC);

	if (mfd < 0 || ftruncate(mfd, 4096)) {
		fail(d, "memfd failed");
		return;
	}
	p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	if (p == MAP_FAILED ||
	    mmap(p + 4096, 4096, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED, mfd, 0) == MAP_FAILED) {
		fail(d, "mmap failed");
	} else {
		p[0] = 1;
		expect(d, import_user(p, 2 * 4096, DMASTREAM_DIR_TO_DEV, NULL),
		       EBUSY);
	}
	if (p != MAP_FAILED)
		munmap(p, 2 * 4096);
	close(mfd);
}

/*
 * The overlap check of IMPORT_USER (no page in two pinned buffers) must
 * not grow with what other buffers pin: importing 16 MiB with 64 MiB
 * pinned elsewhere costs what it costs alone, not 4096 x 16384 page
 * comparisons under a spinlock.  Best of 3 each, alternated, a generous
 * bound (3x + 20 ms): with the quadratic check it took 8x (40.5 vs 335.5
 * ms, 59.2 vs 487.8 ms).  1 check.
 */
static void t_user_scale(void)
{
	const size_t chunk = 16 << 20;
	enum { NBG = 4 };
	struct dmastream_import_user iu, bgiu[NBG];
	uint64_t t0 = UINT64_MAX, t1 = UINT64_MAX;
	const char *d = "IMPORT_USER 16 MiB with 64 MiB pinned elsewhere as fast as alone";
	struct dmastream_query q;
	unsigned char *bg, *m;
	int r, k, bad = 0;

	memset(&q, 0, sizeof(q));
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q) ||
	    (q.max_map_size && q.max_map_size < 4 * chunk) ||
	    q.max_buf_size < chunk) {
		skip(d, "80 MiB of pinned mappings do not fit (bounce pool or max_buf_mb)");
		return;
	}
	bg = mmap(NULL, NBG * chunk, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bg == MAP_FAILED || m == MAP_FAILED) {
		fail(d, "mmap failed");
		return;
	}
	memset(bg, 1, NBG * chunk);	/* faulted in: pinning only pins */
	memset(m, 2, chunk);
	for (r = 0; r < 3 && !bad; r++) {
		uint64_t t = ds_now_ns();

		bad |= import_user(m, chunk, DMASTREAM_DIR_TO_DEV, &iu);
		t = ds_now_ns() - t;
		t0 = t < t0 ? t : t0;
		if (!bad)
			close(iu.fd);
		for (k = 0; k < NBG && !bad; k++) {
			if (import_user(bg + k * chunk, chunk,
					DMASTREAM_DIR_TO_DEV, &bgiu[k])) {
				bad = 1;
				break;
			}
		}
		t = ds_now_ns();
		bad |= import_user(m, chunk, DMASTREAM_DIR_TO_DEV, &iu);
		t = ds_now_ns() - t;
		t1 = t < t1 ? t : t1;
		if (!bad)
			close(iu.fd);
		while (k--)
			close(bgiu[k].fd);
	}
	printf("# IMPORT_USER of 16 MiB: %.1f ms alone, %.1f ms with 64 MiB pinned elsewhere (best of %d)\n",
	       t0 / 1e6, t1 / 1e6, r);
	if (bad)
		fail(d, "an IMPORT_USER failed");
	else if (t1 > 3 * t0 + 20000000)
		fail(d, "the check grows with the pages pinned elsewhere");
	else
		pass(d);
	munmap(bg, NBG * chunk);
	munmap(m, chunk);
}

/* Release the gate until the one transfer in flight is reaped. */
static int release_reap(const char *dir, const char *event,
			struct dmastream_status *st)
{
	struct dmastream_reap r;
	int i;

	for (i = 0; i < 64; i++) {
		write_file(dir, "release", event);
		memset(&r, 0, sizeof(r));
		r.max = 1;
		r.status = (uintptr_t)st;
		if (!ioctl(dev, DMASTREAM_IOC_REAP, &r) && r.count)
			return 0;
	}
	return reap_one(st);
}

/*
 * DMA_BUF_IOCTL_SYNC END (another process, over and over) racing SUBMIT
 * of the same buffer (this process, real-time, waking at varied times, so
 * it lands while END syncs).  Once END has gone round, the transfer (held
 * by the gate) must still own the buffer: SYNC START must say EBUSY.
 */
static void t_race_sync_submit(const char *dir, const char *event)
{
	struct sched_param sp = { .sched_priority = 1 };
	struct dmastream_status st;
	struct ds_buffer b, d;
	struct dmastream_submit s;
	volatile unsigned long *shared;
	unsigned int i, submitted = 0, refused = 0, bad = 0;
	unsigned long n;
	char why[200];
	pid_t pid;
	int status, k;

	if (alloc(&b, 1 << 20, DMASTREAM_BUF_SG, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&d, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV)) {
		fail("SYNC END racing SUBMIT", "alloc failed");
		return;
	}
	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED ||
	    write_file(dir, "gate_every", "4096") ||
	    write_file(dir, "gate_event", event)) {
		fail("SYNC END racing SUBMIT", "no shared page or gate");
		return;
	}
	shared[0] = 0;	/* stop */
	shared[1] = 0;	/* END calls made */
	pid = fork();
	if (pid == 0) {
		struct dma_buf_sync sy = { .flags = DMA_BUF_SYNC_END |
						    DMA_BUF_SYNC_WRITE };

		while (!shared[0]) {
			ioctl(b.fd, DMA_BUF_IOCTL_SYNC, &sy);
			shared[1]++;
		}
		_exit(0);
	}
	sched_setscheduler(0, SCHED_FIFO, &sp);
	for (i = 0; i < 150; i++) {
		poll(NULL, 0, 1 + i % 3);
		memset(&s, 0, sizeof(s));
		s.timeout_ms = 5000;
		/* Refused while END syncs: try again once it is over. */
		for (k = 0; k < 50; k++) {
			if (!submit(DMASTREAM_OP_MEMCPY, b.fd, d.fd, 0, 0, 64,
				    &s))
				break;
			refused++;
			poll(NULL, 0, 1);
		}
		if (k == 50)
			continue;
		submitted++;
		n = shared[1];
		for (k = 0; k < 200 && shared[1] < n + 2; k++)
			poll(NULL, 0, 1);
		if (!ds_sync(b.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ)) {
			bad++;
			ds_sync(b.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		}
		if (release_reap(dir, event, &st) || st.result) {
			fail("SYNC END racing SUBMIT", "a gated transfer failed");
			break;
		}
	}
	shared[0] = 1;
	waitpid(pid, &status, 0);
	sp.sched_priority = 0;
	sched_setscheduler(0, SCHED_OTHER, &sp);
	write_file(dir, "gate_event", "18446744073709551615");
	snprintf(why, sizeof(why),
		 "%u rounds: %u submitted, %u submissions refused while END synced, %u with the buffer taken by the CPU while in flight",
		 i, submitted, refused, bad);
	printf("# SYNC END racing SUBMIT: %s\n", why);
	if (bad || !submitted)
		fail("SYNC END racing SUBMIT keeps the buffer in flight", why);
	else
		pass("SYNC END racing SUBMIT keeps the buffer in flight");
	munmap((void *)shared, 4096);
	ds_buffer_free(&b);
	ds_buffer_free(&d);
}

/* Lines of the client's debugfs buffer list that contain @pat. */
static long buf_lines(const char *pat)
{
	FILE *f = fopen("/sys/kernel/debug/dmastream/buffers", "r");
	char line[512];
	long n = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !!strstr(line, pat);
	fclose(f);
	return n;
}

/* Submit a gated memcpy (held in flight) of @len bytes. */
static int submit_held(int src, int dst, uint64_t len)
{
	struct dmastream_submit s;

	memset(&s, 0, sizeof(s));
	s.timeout_ms = 5000;
	return submit(DMASTREAM_OP_MEMCPY, src, dst, 0, 0, len, &s);
}

/*
 * Every fd and mapping of a buffer closed while a transfer uses it (the
 * source, the destination), a foreign buffer unimported and closed: the
 * transfer holds them.  Nothing is freed under the device (the buffer
 * count does not move), the transfer completes with its source's data,
 * each buffer goes once the transfer is reaped, and nothing warns (the
 * boot's log is checked).  8 checks.
 */
static void t_close_inflight(const char *dir, const char *event)
{
	struct ds_buffer src, dst, s2, d2;
	struct dma_heap_allocation_data h;
	struct dmastream_status st;
	struct dmastream_import im;
	int hfd, bad = 0;
	size_t k;
	long b0;

	if (alloc(&src, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&dst, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_FROM_DEV) ||
	    alloc(&s2, 8192, DMASTREAM_BUF_SG, DMASTREAM_DIR_TO_DEV) ||
	    alloc(&d2, 8192, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV) ||
	    write_file(dir, "gate_every", "1024") ||
	    write_file(dir, "gate_event", event)) {
		fail("closing buffers in flight", "setup failed");
		return;
	}
	ds_sync(src.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	for (k = 0; k < 8192; k++)
		src.map[k] = (unsigned char)(k * 29 + 3);
	ds_sync(src.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	b0 = stat_of("buffers");
	expect("close and munmap the source of a transfer held in flight",
	       submit_held(src.fd, dst.fd, 8192) ? -1 :
	       (ds_buffer_free(&src), 0), 0);
	expect("  ... not freed under the device (buffer count unchanged)",
	       stat_of("buffers") == b0 ? 0 : -1, 0);
	expect("  ... the transfer completes with the source's data",
	       release_reap(dir, event, &st) || st.result ||
	       ds_sync(dst.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ) ? -1 : 0, 0);
	for (k = 0; k < 8192; k++)
		bad += dst.map[k] != (unsigned char)(k * 29 + 3);
	ds_sync(dst.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	if (bad)
		printf("# %d bytes of 8192 not the source's\n", bad);
	expect("  ... every byte, and the source freed once reaped",
	       !bad && stat_of("buffers") == b0 - 1 ? 0 : -1, 0);

	b0 = stat_of("buffers");
	expect("close and munmap the destination of a transfer held in flight",
	       submit_held(s2.fd, d2.fd, 8192) ? -1 :
	       (ds_buffer_free(&d2), 0), 0);
	expect("  ... not freed under the device; freed once reaped",
	       stat_of("buffers") == b0 && !release_reap(dir, event, &st) &&
	       !st.result && stat_of("buffers") == b0 - 1 ? 0 : -1, 0);

	hfd = open("/dev/dma_heap/system", O_RDWR);
	memset(&h, 0, sizeof(h));
	h.len = 8192;
	h.fd_flags = O_RDWR | O_CLOEXEC;
	if (hfd < 0 || ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &h)) {
		fail("UNIMPORT and close a foreign buffer in flight",
		     "no heap buffer");
		fail("  ... still mapped while in flight", "not run");
	} else {
		long i0 = buf_lines("mapping=import");
		int fd = h.fd;

		memset(&im, 0, sizeof(im));
		im.fd = h.fd;
		expect("UNIMPORT and close a foreign buffer a transfer holds in flight",
		       ioctl(dev, DMASTREAM_IOC_IMPORT, &im) ||
		       submit_held(s2.fd, h.fd, 8192) ||
		       ioctl(dev, DMASTREAM_IOC_UNIMPORT, &fd) || close(h.fd) ?
		       -1 : 0, 0);
		expect("  ... still mapped while in flight, unmapped once reaped",
		       buf_lines("mapping=import") == i0 + 1 &&
		       !release_reap(dir, event, &st) && !st.result &&
		       buf_lines("mapping=import") == i0 ? 0 : -1, 0);
	}
	if (hfd >= 0)
		close(hfd);
	write_file(dir, "gate_event", "18446744073709551615");
	ds_buffer_free(&dst);
	ds_buffer_free(&s2);
}

static void t_access(const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int fd;

		if (setgid(65534) || setuid(65534))
			_exit(2);
		fd = open(path, O_RDWR);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	expect("open by an unprivileged user -> EACCES",
	       WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1, 0);
}

static int ring_create(uint32_t dir, uint32_t periods, uint32_t pbytes,
		       int fifo_fd, struct dmastream_ring_setup *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->dir = dir;
	rs->periods = periods;
	rs->period_bytes = pbytes;
	rs->fifo_fd = fifo_fd;
	return ioctl(dev, DMASTREAM_IOC_RING_CREATE, rs);
}

/*
 * Streaming rings: every refusal of RING_*, the ring's buffer refused to
 * whole-buffer hand-overs and writable mappings, its channel to other
 * transfers while it runs (held at a gate: --gate).  20 checks, 7 more
 * with a gate.
 */
static void t_ring(const char *dir, const char *event)
{
	struct dmastream_ring_setup rs, rs2;
	struct dmastream_period p;
	struct dmastream_ring_info ri;
	struct ds_buffer from, rx;
	struct pollfd pfd;
	void *map;

	memset(&p, 0, sizeof(p));
	expect("RING_DEQUEUE without a ring -> ENOENT",
	       ioctl(dev, DMASTREAM_IOC_RING_DEQUEUE, &p), ENOENT);
	expect("RING_START without a ring -> ENOENT",
	       ioctl(dev, DMASTREAM_IOC_RING_START), ENOENT);
	memset(&rs, 0, sizeof(rs));
	rs.periods = 4;
	rs.period_bytes = 64;
	rs.fifo_fd = -1;
	rs.reserved[1] = 1;
	expect("RING_CREATE reserved word set -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_RING_CREATE, &rs), EINVAL);
	expect("RING_CREATE 1 period -> EINVAL",
	       ring_create(DMASTREAM_RING_CAPTURE, 1, 64, -1, &rs), EINVAL);
	expect("RING_CREATE unknown direction -> EINVAL",
	       ring_create(2, 4, 64, -1, &rs), EINVAL);
	expect("RING_CREATE 0-byte periods -> EINVAL",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 0, -1, &rs), EINVAL);
	expect("RING_CREATE beyond max_buf_size -> E2BIG",
	       ring_create(DMASTREAM_RING_CAPTURE, 1024, 1u << 20, -1, &rs),
	       E2BIG);
	expect("RING_CREATE with a FIFO fd that is no dma-buf -> EINVAL",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 64, dev, &rs), EINVAL);
	if (alloc(&from, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_FROM_DEV) ||
	    ds_buffer_alloc(dev, &rx, 4096, DMASTREAM_BUF_SINGLE,
			    DMASTREAM_DIR_FROM_DEV, DMASTREAM_CHAN_RX)) {
		fail("ring checks", "alloc failed");
		return;
	}
	expect("RING_CREATE capture from a FIFO the device may not read -> EACCES",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 64, from.fd, &rs), EACCES);
	expect("RING_CREATE capture, 4 periods of 64 B",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 64, -1, &rs), 0);
	expect("RING_CREATE a second ring on one file -> EEXIST",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 64, -1, &rs2), EEXIST);
	map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rs.fd, 0);
	expect("writable mmap of a capture ring -> EACCES",
	       map == MAP_FAILED ? -1 : 0, EACCES);
	if (map != MAP_FAILED)
		munmap(map, 4096);
	expect("DMA_BUF_IOCTL_SYNC START on the ring's buffer -> EBUSY",
	       ds_sync(rs.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), EBUSY);
	memset(&p, 0, sizeof(p));
	p.index = 99;
	expect("RING_QUEUE an index beyond the ring -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_RING_QUEUE, &p), EINVAL);
	p.index = 0;
	expect("RING_QUEUE a period the CPU does not hold -> EBUSY",
	       ioctl(dev, DMASTREAM_IOC_RING_QUEUE, &p), EBUSY);
	p.flags = 1;
	expect("RING_QUEUE with flags -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_RING_QUEUE, &p), EINVAL);
	memset(&p, 0, sizeof(p));
	expect("RING_DEQUEUE before start: nothing -> EAGAIN",
	       ioctl(dev, DMASTREAM_IOC_RING_DEQUEUE, &p), EAGAIN);
	p.flags = DMASTREAM_RING_WAIT;
	p.timeout_ms = 20000;
	expect("RING_DEQUEUE wait beyond 10 s -> EINVAL",
	       ioctl(dev, DMASTREAM_IOC_RING_DEQUEUE, &p), EINVAL);
	if (dir) {
		/* Held at a gate: the ring runs, nothing moves. */
		if (write_file(dir, "gate_every", "64") ||
		    write_file(dir, "gate_event", event)) {
			fail("ring gate", "cannot set the gate");
		} else {
			expect("RING_START", ioctl(dev, DMASTREAM_IOC_RING_START), 0);
			expect("SUBMIT rx while a ring runs on its channel -> EBUSY",
			       submit(DMASTREAM_OP_RX, -1, rx.fd, 0, 0, 16, NULL),
			       EBUSY);
			expect("RING_START twice -> EBUSY",
			       ioctl(dev, DMASTREAM_IOC_RING_START), EBUSY);
			expect("RING_STOP", ioctl(dev, DMASTREAM_IOC_RING_STOP), 0);
			pfd.fd = dev;
			pfd.events = POLLIN;
			expect("poll of a ring stopped before its first period -> POLLHUP",
			       poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP) ?
			       0 : -1, 0);
			write_file(dir, "gate_event", "18446744073709551615");
			memset(&p, 0, sizeof(p));
			expect("RING_DEQUEUE of a stopped, empty ring -> ESHUTDOWN",
			       ioctl(dev, DMASTREAM_IOC_RING_DEQUEUE, &p),
			       ESHUTDOWN);
		}
	}
	expect("RING_DESTROY", ioctl(dev, DMASTREAM_IOC_RING_DESTROY), 0);
	if (dir)
		expect("RING_STATUS after destroy -> ENOENT",
		       ioctl(dev, DMASTREAM_IOC_RING_STATUS, &ri), ENOENT);
	expect("DMA_BUF_IOCTL_SYNC on the ring's buffer once destroyed",
	       ds_sync(rs.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
	ds_sync(rs.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	close(rs.fd);
	ds_buffer_free(&from);
	ds_buffer_free(&rx);
}

/* Let one period through the gate; wait until the ring has @n. */
static int ring_step(const char *dir, const char *event, uint64_t n)
{
	struct dmastream_ring_info ri;
	int i;

	write_file(dir, "release", event);
	for (i = 0; i < 2000; i++) {
		if (ioctl(dev, DMASTREAM_IOC_RING_STATUS, &ri))
			return -1;
		if (ri.hw_periods >= n)
			return ri.hw_periods == n ? 0 : -1;
		usleep(1000);
	}
	return -1;
}

/* Dequeue the next captured period: every word @want?  Queue it back. */
static int ring_word_is(const unsigned char *map, uint32_t want)
{
	struct dmastream_period p;
	const uint32_t *w;
	uint32_t i;
	int bad = 0;

	memset(&p, 0, sizeof(p));
	if (ioctl(dev, DMASTREAM_IOC_RING_DEQUEUE, &p))
		return -1;
	w = (const uint32_t *)(map + p.offset);
	for (i = 0; i < p.len / 4; i++)
		bad |= w[i] != want;
	p.flags = 0;
	if (ioctl(dev, DMASTREAM_IOC_RING_QUEUE, &p))
		return -1;
	return bad ? -1 : 0;
}

/* The loopback FIFO's first 16 words, from the CPU (the peripheral's side). */
static int fifo_write(struct ds_buffer *b, uint32_t w)
{
	int i;

	if (ds_sync(b->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
		return -1;
	for (i = 0; i < 16; i++)
		((uint32_t *)b->map)[i] = w;
	return ds_sync(b->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}

/*
 * The loopback FIFO (RING_CREATE's fifo_fd): a buffer of ours standing in
 * for a peripheral register, which the ring's device reads (capture) over
 * and over.  The file holds it while the ring lives: closing and unmapping
 * it under the running ring frees nothing (the ring goes on reading the
 * same word) and it goes at RING_DESTROY, after the channel is stopped.
 * It is not the ring's in-flight buffer: the CPU plays the peripheral with
 * DMA_BUF_IOCTL_SYNC START/END on it while the ring runs (dmastream stream
 * --loopback does), and the device reads what the CPU wrote.  7 checks.
 */
static void t_ring_fifo(const char *dir, const char *event)
{
	struct dmastream_ring_setup rs;
	struct ds_buffer fifo;
	unsigned char *map = MAP_FAILED;
	long b0;

	if (alloc(&fifo, 4096, DMASTREAM_BUF_SINGLE, DMASTREAM_DIR_TO_DEV) ||
	    fifo_write(&fifo, 0x5a5a0001) ||
	    write_file(dir, "gate_every", "64") ||
	    write_file(dir, "gate_event", event)) {
		fail("ring FIFO checks", "setup failed");
		return;
	}
	expect("capture ring from a loopback FIFO, started (a gate per period)",
	       ring_create(DMASTREAM_RING_CAPTURE, 4, 64, fifo.fd, &rs) ||
	       (map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, rs.fd, 0)) ==
	       MAP_FAILED || ioctl(dev, DMASTREAM_IOC_RING_START) ? -1 : 0, 0);
	if (map == MAP_FAILED)
		goto out;
	expect("  ... period 0 is the FIFO's word",
	       ring_step(dir, event, 1) || ring_word_is(map, 0x5a5a0001) ?
	       -1 : 0, 0);
	expect("SYNC START/END on the FIFO while its ring runs (the CPU plays the peripheral)",
	       fifo_write(&fifo, 0x5a5a0002), 0);
	expect("  ... period 1 is the word the CPU wrote",
	       ring_step(dir, event, 2) || ring_word_is(map, 0x5a5a0002) ?
	       -1 : 0, 0);
	b0 = stat_of("buffers");
	ds_buffer_free(&fifo);
	expect("close and munmap the FIFO under the running ring: not freed",
	       stat_of("buffers") == b0 ? 0 : -1, 0);
	expect("  ... period 2 still reads the same FIFO word",
	       ring_step(dir, event, 3) || ring_word_is(map, 0x5a5a0002) ?
	       -1 : 0, 0);
	expect("  ... freed at RING_DESTROY (the ring's buffer kept by its fd)",
	       ioctl(dev, DMASTREAM_IOC_RING_STOP) ||
	       ioctl(dev, DMASTREAM_IOC_RING_DESTROY) ||
	       stat_of("buffers") != b0 - 1 ? -1 : 0, 0);
	munmap(map, 4096);
	close(rs.fd);
out:
	write_file(dir, "gate_event", "18446744073709551615");
	ds_buffer_free(&fifo);
}

/*
 * Two processes import one shared page at the same moment, many times:
 * exactly one may win each time (the other gets EBUSY), else two device
 * mappings share the page's cache lines (the DMA-API debug build reports
 * that as "overlapping mappings").  A fresh page each round: pinning it
 * faults it in, which widens the window a racy claim would lose.
 */
static void t_user_race(void)
{
	enum { ROUNDS = 300 };
	struct dmastream_import_user iu;
	volatile int *ctl;	/* go, child's round, ack, child's result */
	int both = 0, none = 0, r, status;
	unsigned char *pages;
	pid_t pid;

	ctl = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pages = mmap(NULL, ROUNDS * 4096UL, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctl == MAP_FAILED || pages == MAP_FAILED) {
		fail("IMPORT_USER race", "setup failed");
		return;
	}
	pid = fork();
	if (pid < 0) {
		fail("IMPORT_USER race", "fork failed");
		return;
	}
	for (r = 1; r <= ROUNDS; r++) {
		int ret, e;

		if (pid)
			ctl[0] = r;
		else
			while (ctl[0] < r)
				sched_yield();
		ret = import_user(pages + (r - 1) * 4096UL, 64,
				  DMASTREAM_DIR_FROM_DEV, &iu);
		e = ret ? errno : 0;
		if (!pid) {
			ctl[3] = e;
			__sync_synchronize();
			ctl[1] = r;
			while (ctl[2] < r)
				sched_yield();
		} else {
			while (ctl[1] < r)
				sched_yield();
			both += !e && !ctl[3];
			none += e && ctl[3];
			ctl[2] = r;
		}
		if (!ret)
			close(iu.fd);
	}
	if (!pid)
		_exit(0);
	waitpid(pid, &status, 0);
	munmap(pages, ROUNDS * 4096UL);
	munmap((void *)ctl, 4096);
	expect("IMPORT_USER of one page by two processes at once, 300 times: one wins, one EBUSY",
	       both || none ? (errno = EEXIST, -1) : 0, 0);
	if (both || none)
		printf("# %d rounds with two winners, %d with none\n", both, none);
}

int main(int argc, char **argv)
{
	const char *path = DS_DEFAULT_DEV, *gate = NULL, *event = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--device") && i + 1 < argc) {
			path = argv[++i];
		} else if (!strcmp(argv[i], "--gate") && i + 2 < argc) {
			gate = argv[++i];
			event = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--device PATH] [--gate DIR EVENT]\n",
				argv[0]);
			return 2;
		}
	}
	dev = open(path, O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		perror(path);
		return 1;
	}
	t_access(path);
	t_query();
	t_alloc();
	t_mmap();
	t_submit();
	t_fill_2d();
	t_reap();
	t_import();
	t_import_shared(path);
	t_slave();
	t_from_dev_writes();
	t_from_dev_rules();
	t_user();
	t_user_race();
	t_user_memlock();
	t_user_twice();
	t_user_scale();
	t_ring(gate, event);
	if (gate) {
		t_gate(gate, event);
		t_close_inflight(gate, event);
		t_ring_fifo(gate, event);
		t_race_sync_submit(gate, event);
	} else {
		skip("in-flight refusals", "no --gate (needs the dma330 gate hook)");
	}
	close(dev);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

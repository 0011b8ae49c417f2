/* SPDX-License-Identifier: GPL-2.0 */
/* dmastream tools: small helpers shared by the CLI and the UAPI test. */
#ifndef DMASTREAM_TOOLS_COMMON_H
#define DMASTREAM_TOOLS_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>

#include "../../client/uapi/dmastream.h"

#define DS_DEFAULT_DEV "/dev/dmastream"

/* Channel roles and transfer ops share one numbering: memcpy, tx, rx. */
static inline const char *ds_role_name(unsigned int role)
{
	static const char *const names[DMASTREAM_CHAN_COUNT] = {
		"memcpy", "tx", "rx"
	};

	return role < DMASTREAM_CHAN_COUNT ? names[role] : "?";
}

struct ds_buffer {
	int fd;			/* dma-buf */
	size_t size;
	unsigned char *map;
	int foreign;		/* from a DMA-BUF heap or udmabuf, imported */
	int client_sync;	/* CPU hand-overs through DMASTREAM_IOC_SYNC */
	void *user;		/* malloc()ed memory pinned by the client */
	int memfd;		/* udmabuf: the memfd behind it, else -1 */
	unsigned int nents;
};

static inline uint64_t ds_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

/* qsort() order of u64 values, and the p-th percentile of sorted ones. */
static inline int ds_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static inline uint64_t ds_pct(const uint64_t *v, size_t n, unsigned int p)
{
	size_t i;

	if (!n)
		return 0;
	i = (n * p + 99) / 100;
	return v[i ? i - 1 : 0];
}

/* DMA_BUF_IOCTL_SYNC: START takes the buffer for the CPU, END returns it. */
static inline int ds_sync(int fd, unsigned long long flags)
{
	struct dma_buf_sync s = { .flags = flags };

	while (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s)) {
		if (errno != EINTR && errno != EAGAIN)
			return -1;
	}
	return 0;
}

/*
 * A buffer the device only writes (DMASTREAM_DIR_FROM_DEV) is read-only to
 * the CPU: a write would be lost at the next hand-over, so the client
 * refuses writable mappings of it (EACCES).
 */
static inline int ds_buffer_map_prot(struct ds_buffer *b, int prot)
{
	b->map = mmap(NULL, b->size, prot, MAP_SHARED, b->fd, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		return -1;
	}
	return 0;
}

static inline int ds_buffer_map(struct ds_buffer *b)
{
	return ds_buffer_map_prot(b, PROT_READ | PROT_WRITE);
}

/* Allocate a client buffer (dma-buf fd) and mmap it. */
static inline int ds_buffer_alloc(int dev, struct ds_buffer *b, size_t size,
				  unsigned int kind, unsigned int dir,
				  unsigned int chan)
{
	struct dmastream_alloc a;

	memset(&a, 0, sizeof(a));
	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->memfd = -1;
	a.size = size;
	a.kind = kind;
	a.dir = dir;
	a.chan = chan;
	if (ioctl(dev, DMASTREAM_IOC_ALLOC, &a))
		return -1;
	b->fd = a.fd;
	b->size = (size + 4095) & ~(size_t)4095;
	if (ds_buffer_map_prot(b, dir == DMASTREAM_DIR_FROM_DEV ? PROT_READ :
			       PROT_READ | PROT_WRITE)) {
		int e = errno;

		close(b->fd);
		b->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

/* Allocate from /dev/dma_heap/@heap, import it into the client, mmap it. */
static inline int ds_buffer_heap(int dev, struct ds_buffer *b, size_t size,
				 const char *heap, unsigned int chan)
{
	struct dma_heap_allocation_data h;
	struct dmastream_import im;
	char path[256];
	int hfd, e;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->memfd = -1;
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	hfd = open(path, O_RDWR | O_CLOEXEC);
	if (hfd < 0)
		return -1;
	memset(&h, 0, sizeof(h));
	h.len = (size + 4095) & ~(size_t)4095;
	h.fd_flags = O_RDWR | O_CLOEXEC;
	if (ioctl(hfd, DMA_HEAP_IOCTL_ALLOC, &h)) {
		e = errno;
		close(hfd);
		errno = e;
		return -1;
	}
	close(hfd);
	b->fd = h.fd;
	b->size = h.len;
	b->foreign = 1;
	memset(&im, 0, sizeof(im));
	im.fd = b->fd;
	im.chan = chan;
	if (ioctl(dev, DMASTREAM_IOC_IMPORT, &im) || ds_buffer_map(b)) {
		e = errno;
		close(b->fd);
		b->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * A process's own memory (calloc()ed, @off bytes into the block: any
 * alignment), pinned and mapped by the client (DMASTREAM_IOC_IMPORT_USER).
 */
static inline int ds_buffer_user(int dev, struct ds_buffer *b, size_t size,
				 size_t off, unsigned int dir, unsigned int chan)
{
	struct dmastream_import_user iu;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->memfd = -1;
	b->user = calloc(1, size + off);
	if (!b->user)
		return -1;
	memset(&iu, 0, sizeof(iu));
	iu.addr = (uintptr_t)b->user + off;
	iu.size = size;
	iu.chan = chan;
	iu.dir = dir;
	if (ioctl(dev, DMASTREAM_IOC_IMPORT_USER, &iu)) {
		int e = errno;

		free(b->user);
		b->user = NULL;
		errno = e;
		return -1;
	}
	b->fd = iu.fd;
	b->size = size;
	b->map = (unsigned char *)b->user + off;
	b->nents = iu.nents;
	return 0;
}

/*
 * A memfd turned into a dma-buf by the kernel's udmabuf, imported by the
 * client.  udmabuf's own CPU syncs ignore its importers' mappings: CPU
 * hand-overs go through DMASTREAM_IOC_SYNC, which syncs the client's.
 */
static inline int ds_buffer_udmabuf(int dev, struct ds_buffer *b, size_t size,
				    unsigned int chan)
{
	struct udmabuf_create c;
	struct dmastream_import im;
	int u, e;

	memset(b, 0, sizeof(*b));
	b->fd = -1;
	b->memfd = -1;
	b->size = (size + 4095) & ~(size_t)4095;
	b->memfd = memfd_create("dmastream", MFD_ALLOW_SEALING);
	if (b->memfd < 0)
		return -1;
	if (ftruncate(b->memfd, b->size) ||
	    fcntl(b->memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		goto err;
	u = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (u < 0)
		goto err;
	memset(&c, 0, sizeof(c));
	c.memfd = b->memfd;
	c.flags = UDMABUF_FLAGS_CLOEXEC;
	c.size = b->size;
	b->fd = ioctl(u, UDMABUF_CREATE, &c);
	e = errno;
	close(u);
	errno = e;
	if (b->fd < 0)
		goto err;
	memset(&im, 0, sizeof(im));
	im.fd = b->fd;
	im.chan = chan;
	if (ioctl(dev, DMASTREAM_IOC_IMPORT, &im))
		goto err;
	b->nents = im.nents;
	b->map = mmap(NULL, b->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      b->memfd, 0);
	if (b->map == MAP_FAILED) {
		b->map = NULL;
		goto err;
	}
	b->foreign = 1;
	b->client_sync = 1;
	return 0;
err:
	e = errno;
	if (b->fd >= 0)
		close(b->fd);
	close(b->memfd);
	b->fd = b->memfd = -1;
	errno = e;
	return -1;
}

/* A CPU hand-over (DMA_BUF_SYNC_START/END | _READ/_WRITE) of a buffer. */
static inline int ds_bsync(int dev, const struct ds_buffer *b,
			   unsigned long long flags)
{
	struct dmastream_sync s;

	if (!b->client_sync)
		return ds_sync(b->fd, flags);
	memset(&s, 0, sizeof(s));
	s.fd = b->fd;
	s.flags = ((flags & DMA_BUF_SYNC_END) ? DMASTREAM_SYNC_END :
		   DMASTREAM_SYNC_START) |
		  ((flags & DMA_BUF_SYNC_READ) ? DMASTREAM_SYNC_READ : 0) |
		  ((flags & DMA_BUF_SYNC_WRITE) ? DMASTREAM_SYNC_WRITE : 0);
	return ioctl(dev, DMASTREAM_IOC_SYNC, &s);
}

static inline void ds_buffer_free(struct ds_buffer *b)
{
	if (b->user) {
		free(b->user);
		b->user = NULL;
		b->map = NULL;
	}
	if (b->memfd >= 0)
		close(b->memfd);
	b->memfd = -1;
	if (b->map)
		munmap(b->map, b->size);
	if (b->fd >= 0)
		close(b->fd);
	b->map = NULL;
	b->fd = -1;
}

/* Reap exactly @n statuses, waiting as needed. */
static inline int ds_reap(int dev, struct dmastream_status *st, unsigned int n)
{
	unsigned int got = 0;

	while (got < n) {
		struct dmastream_reap r;

		memset(&r, 0, sizeof(r));
		r.status = (uintptr_t)(st + got);
		r.max = n - got;
		r.flags = DMASTREAM_REAP_WAIT;
		if (ioctl(dev, DMASTREAM_IOC_REAP, &r)) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (!r.count && !r.inflight) {
			errno = ENOENT;
			return -1;
		}
		got += r.count;
	}
	return 0;
}

static inline const char *ds_errname(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ EINVAL, "EINVAL" }, { ERANGE, "ERANGE" }, { EBUSY, "EBUSY" },
		{ EACCES, "EACCES" }, { EXDEV, "EXDEV" }, { ENOMEM, "ENOMEM" },
		{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { ENOENT, "ENOENT" },
		{ EEXIST, "EEXIST" }, { EFAULT, "EFAULT" }, { ENOTTY, "ENOTTY" },
		{ ENODEV, "ENODEV" }, { EAGAIN, "EAGAIN" }, { EIO, "EIO" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { ECANCELED, "ECANCELED" },
		{ EOVERFLOW, "EOVERFLOW" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EPERM, "EPERM" }, { EINTR, "EINTR" }, { 0, "0" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	return "E?";
}

static inline int ds_errno_of(const char *name)
{
	int e;

	for (e = 0; e < 200; e++)
		if (!strcmp(ds_errname(e), name))
			return e;
	return -1;
}

#endif /* DMASTREAM_TOOLS_COMMON_H */

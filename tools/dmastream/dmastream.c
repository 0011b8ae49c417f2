// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream: command-line front end of /dev/dmastream.
 *
 *   dmastream list
 *   dmastream memcpy --size N [--count N] [--iterations N] [--verify] ...
 *   dmastream tx --size N [--count N] [--iterations N] [--pattern P | --seed S] [--segment N] [--hex]
 *   dmastream rx --size N [--feed] [--segment N] [--hex]
 *   dmastream memset --size N [--value V] [--verify] ...
 *   dmastream interleaved --frames F --chunk C [--src-stride S] [--dst-stride D] [--verify] ...
 *   dmastream doctor [--json] [--verbose] [--strict] [--max-inflight-ms N]
 *   dmastream stream [--capture|--playback] [--periods N] [--period-bytes N] ...
 *
 * Exit status: 0 success, 1 error, 2 usage, 3 data check failed.
 */
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <sys/stat.h>

#include "common.h"
#include "doctor.h"
#include "stream.h"

/* Buffer kinds beyond the client's own (struct opts.src_kind/dst_kind). */
#define DS_KIND_USER	10	/* calloc()ed memory, pinned by the client */
#define DS_KIND_UDMABUF	11	/* a memfd through the kernel's udmabuf */

#define EXIT_USAGE	2
#define EXIT_DATA	3
#define HEX_PER_LINE	256

struct opts {
	const char *dev;
	size_t size;
	unsigned int count;
	unsigned long iterations;
	int verify;
	const char *pattern;
	uint32_t seed;
	size_t src_off, dst_off;
	unsigned int src_kind, dst_kind;
	const char *src_heap, *dst_heap;
	unsigned int timeout_ms;
	unsigned int burst;
	size_t segment;		/* bytes per sg entry, 0: the buffer's own */
	int segment_set;
	unsigned int nents_min, nents_max;	/* as the kernel reported */
	int hex;
	int feed;
	unsigned int chunk;
	int json;
	int progress;		/* -1 auto (tty), 0 off, 1 on */
	int expect_err;		/* errno the transfers must fail with */
	const char *host_out;
	int quiet;
	int verbose;
	int strict;
	int segments;		/* print each buffer's DMA segments */
	unsigned int max_inflight_ms;
	unsigned int max_cpu_ms;
	unsigned int value;	/* memset: the byte */
	size_t frames, src_stride, dst_stride;	/* interleaved */
};

static const char *prog = "dmastream";

static void usage(FILE *f)
{
	fprintf(f,
"usage: %s [--device PATH] COMMAND [OPTIONS]\n"
"\n"
"Drive DMA transfers through the dmastream client (/dev/dmastream).\n"
"\n"
"Commands:\n"
"  list                 channels, capabilities, FIFO and CMA pool\n"
"  memcpy               memory-to-memory copies between dma-buf buffers\n"
"  tx                   MEM_TO_DEV: send bytes into the peripheral FIFO\n"
"  rx                   DEV_TO_MEM: receive bytes from the peripheral FIFO\n"
"  memset               fill a range of a buffer with one byte (DMA_MEMSET)\n"
"  interleaved          2-D copy: frames of a chunk at two strides, e.g. a\n"
"                       rectangle out of an image (DMA_INTERLEAVE)\n"
"  doctor               check the system for causes of stale or corrupt DMA\n"
"                       data; exit 1 when something is wrong\n"
"  stream               a streaming ring (capture or playback) of periods\n"
"                       on a cyclic transfer: see 'dmastream stream --help'\n"
"\n"
"Common options:\n"
"  --device PATH        character device (default " DS_DEFAULT_DEV ")\n"
"  --size N             bytes per transfer (suffixes k, M: 4k, 1M)\n"
"  --iterations N       rounds (default 1)\n"
"  --pattern P          random (default), inc, or a byte like 0xa5\n"
"  --seed S             seed of the data pattern (default 1)\n"
"  --timeout-ms N       per-transfer timeout, 0 = module default, at most\n"
"                       10000\n"
"  --expect-error E     succeed only if transfers fail with errno E\n"
"                       (e.g. ETIMEDOUT)\n"
"  --json               print the summary as one JSON object\n"
"  --progress, --no-progress   progress bar (default: on a tty, runs > 1 s)\n"
"  --quiet              no summary\n"
"  --help               this text\n"
"\n"
"memcpy and tx options:\n"
"  --count N            transfers in flight per round, each with its own\n"
"                       buffers (default 1; tx: sent in order)\n"
"\n"
"memcpy options:\n"
"  --verify             fill the source and check the destination every\n"
"                       round, with DMA_BUF_IOCTL_SYNC around CPU access;\n"
"                       bytes outside the destination range must stay 0\n"
"  --offset N           byte offset in both buffers (odd values allowed)\n"
"  --src-offset N, --dst-offset N\n"
"  --kind K             single (default), sg or cma, for both buffers;\n"
"                       user: the program's own calloc()ed memory, pinned\n"
"                       by the client; udmabuf: a memfd made a dma-buf by\n"
"                       the kernel's udmabuf, imported\n"
"  --segments           print the DMA segments each buffer got\n"
"  --src-kind K, --dst-kind K\n"
"  --heap NAME          buffers from /dev/dma_heap/NAME, imported\n"
"  --src-heap NAME, --dst-heap NAME\n"
"\n"
"memset options (and --offset/--dst-offset, --kind/--dst-kind, --count):\n"
"  --value V            the byte (default 0)\n"
"  --verify             prefill the whole destination from the CPU, then\n"
"                       check every byte of the range is V and every other\n"
"                       byte kept its value\n"
"\n"
"interleaved options (and --src-offset, --dst-offset, --kind, --count):\n"
"  --frames F           frames (rows) per transfer\n"
"  --chunk C            bytes copied from each frame (default 64)\n"
"  --src-stride S, --dst-stride D\n"
"                       bytes from one frame's start to the next (default\n"
"                       C: contiguous); at least C\n"
"  --verify             check every byte of every frame, and that the\n"
"                       gaps between frames kept their prefilled values\n"
"\n"
"tx / rx options:\n"
"  --hex                tx: print '@@HOST expect-tx HEX' (bytes sent);\n"
"                       rx: print '@@HOST check-rx HEX' (bytes received)\n"
"  --feed               rx: print '@@HOST feed N' to ask the host for the\n"
"                       bytes (after flushing the FIFO), in chunks\n"
"  --chunk N            rx: bytes per FIFO fill with --feed (default and\n"
"                       maximum: the FIFO depth from 'list', 16 on QEMU)\n"
"  --burst N            slave maxburst in FIFO words (default 1)\n"
"  --segment N          each transfer is one descriptor whose scatterlist\n"
"                       has an entry every N bytes (and at the buffer's\n"
"                       own segment boundaries): --kind sg --size 4096\n"
"                       --segment 4 is a 1024-entry list.  N > 0, a\n"
"                       multiple of the FIFO width, at most the bytes of\n"
"                       one transfer, at most %u entries\n"
"  --host-out PATH      where @@HOST lines go (default /dev/console, else\n"
"                       stdout); '-' for stdout\n"
"\n"
"rx waits (bounded) until the FIFO holds the bytes before starting the\n"
"DMA: the emulated PL330 treats requests as always asserted, so a\n"
"DEV_TO_MEM from an empty FIFO would read zeros.\n"
"\n"
"doctor options (it only reads: the device, sysfs and debugfs):\n"
"  --json               one JSON object: sections, findings, result\n"
"  --verbose            also list idle (device-owned) buffers\n"
"  --strict             warnings fail too\n"
"  --max-inflight-ms N  a transfer or buffer in flight longer is stuck\n"
"                       (a failure; default 1000)\n"
"  --max-cpu-ms N       a buffer CPU-owned longer is a warning (default\n"
"                       10000)\n"
"doctor checks: the client and its channels (DMA device, DMA masks,\n"
"coherency, bounce), DMA-API debug (enabled, error_count, live mappings by\n"
"type and direction, mappings beyond the mask), bounce pool use, client\n"
"buffers (mapping kind, owner: CPU / device / in flight), client counters\n"
"(skipped syncs, timeouts, errors, refusals) and provider fault counters.\n"
"\n"
"Summary: transfers, bytes, throughput, latency p50/p99/max (submit to\n"
"completion, measured by the kernel).  Exit status: 0 ok, 1 error,\n"
"2 usage, 3 data check failed.\n", prog, DMASTREAM_MAX_SEG_ENTRIES);
}

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
	exit(1);
}

/* The slave roles exist only with a bound DT client: say so. */
static void die_slave(const char *what)
{
	if (errno == ENODEV) {
		fprintf(stderr, "%s: %s: %s: no peripheral client is bound (a DT dma-client node; see dmesg)\n",
			prog, what, strerror(errno));
		exit(1);
	}
	die(what);
}

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K':
		v <<= 10; end++;
		break;
	case 'm': case 'M':
		v <<= 20; end++;
		break;
	case 'g': case 'G':
		v <<= 30; end++;
		break;
	}
	if (*end || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

static unsigned int parse_kind(const char *s)
{
	if (!strcmp(s, "single"))
		return DMASTREAM_BUF_SINGLE;
	if (!strcmp(s, "sg"))
		return DMASTREAM_BUF_SG;
	if (!strcmp(s, "cma"))
		return DMASTREAM_BUF_CMA;
	if (!strcmp(s, "user"))
		return DS_KIND_USER;
	if (!strcmp(s, "udmabuf"))
		return DS_KIND_UDMABUF;
	fprintf(stderr, "%s: unknown buffer kind '%s' (single, sg, cma, user, udmabuf)\n",
		prog, s);
	exit(EXIT_USAGE);
}

/* ---- data patterns ---- */

static uint32_t xorshift(uint32_t *s)
{
	uint32_t x = *s ? *s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* Fill @p with the pattern of (seed, round, index): rounds differ so that
 * stale data from an earlier round never passes verification.
 */
static void fill(unsigned char *p, size_t n, const struct opts *o,
		 unsigned long round, unsigned int idx)
{
	uint32_t st = o->seed * 2654435761u + (uint32_t)round * 40503u +
		      idx * 69069u + 1;
	size_t i;

	if (!strcmp(o->pattern, "random")) {
		for (i = 0; i < n; i++)
			p[i] = (unsigned char)(xorshift(&st) >> 11);
	} else if (!strcmp(o->pattern, "inc")) {
		for (i = 0; i < n; i++)
			p[i] = (unsigned char)(i + o->seed + round + idx);
	} else {
		unsigned long b = strtoul(o->pattern, NULL, 0);

		/* A constant pattern still changes with the round. */
		memset(p, (int)((b + round) & 0xff), n);
	}
}

static int check_pattern(const char *p)
{
	char *end;
	unsigned long b;

	if (!strcmp(p, "random") || !strcmp(p, "inc"))
		return 0;
	b = strtoul(p, &end, 0);
	return (*end || end == p || b > 255) ? -1 : 0;
}

/* ---- host protocol lines ---- */

static FILE *host_stream(const struct opts *o)
{
	static FILE *f;

	if (f)
		return f;
	if (o->host_out && strcmp(o->host_out, "-")) {
		f = fopen(o->host_out, "w");
		if (!f)
			die(o->host_out);
	} else if (!o->host_out) {
		/* The console, not stdout: test scripts capture stdout. */
		f = fopen("/dev/console", "w");
	}
	if (!f)
		f = stdout;
	return f;
}

static void host_hex(const struct opts *o, const char *tag,
		     const unsigned char *p, size_t n)
{
	FILE *f = host_stream(o);
	size_t i, j;

	for (i = 0; i < n; i += HEX_PER_LINE) {
		char line[32 + 2 * HEX_PER_LINE];
		int len = snprintf(line, sizeof(line), "@@HOST %s ", tag);

		for (j = i; j < n && j < i + HEX_PER_LINE; j++)
			len += snprintf(line + len, sizeof(line) - len, "%02x",
					p[j]);
		line[len++] = '\n';
		/* One write per line keeps it whole among console output. */
		fwrite(line, 1, len, f);
		fflush(f);
	}
}

static void host_feed(const struct opts *o, size_t n)
{
	FILE *f = host_stream(o);

	fprintf(f, "@@HOST feed %zu\n", n);
	fflush(f);
}

/* ---- statistics and progress ---- */

struct stats {
	uint64_t *lat;
	size_t n, cap;
	uint64_t bytes;
	uint64_t t0, t_last_bar;
	unsigned long errors;
	int bar_shown;
};

static void stats_add(struct stats *s, const struct dmastream_status *st)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 1024;
		s->lat = realloc(s->lat, s->cap * sizeof(*s->lat));
		if (!s->lat)
			die("realloc");
	}
	s->lat[s->n++] = st->latency_ns;
	s->bytes += st->bytes;
}

static void progress(struct stats *s, const struct opts *o,
		     unsigned long done, unsigned long total)
{
	uint64_t now = ds_now_ns();
	int on = o->progress < 0 ? isatty(2) : o->progress;
	unsigned int i, w = 30, fillw;

	if (!on || now - s->t0 < 1000000000ull)
		return;
	if (done != total && now - s->t_last_bar < 100000000ull)
		return;
	s->t_last_bar = now;
	fillw = total ? (unsigned int)((uint64_t)done * w / total) : w;
	fprintf(stderr, "\r[");
	for (i = 0; i < w; i++)
		fputc(i < fillw ? '#' : '.', stderr);
	fprintf(stderr, "] %3u%% %lu/%lu", total ? (unsigned int)(100ull * done / total) : 100,
		done, total);
	if (done == total)
		fputc('\n', stderr);
	s->bar_shown = 1;
}

static void summary(const char *op, struct stats *s, const struct opts *o,
		    unsigned long verify_errors)
{
	double secs = (ds_now_ns() - s->t0) / 1e9;
	double mbps = secs > 0 ? s->bytes / secs / 1e6 : 0;
	uint64_t p50, p99, max;

	qsort(s->lat, s->n, sizeof(*s->lat), ds_cmp_u64);
	p50 = ds_pct(s->lat, s->n, 50);
	p99 = ds_pct(s->lat, s->n, 99);
	max = s->n ? s->lat[s->n - 1] : 0;
	if (o->quiet)
		return;
	if (o->json) {
		printf("{\"op\":\"%s\",\"size\":%zu,\"count\":%u,\"iterations\":%lu,"
		       "\"transfers\":%zu,\"bytes\":%" PRIu64 ",\"errors\":%lu,"
		       "\"verified\":%s,\"verify_errors\":%lu,\"seconds\":%.6f,"
		       "\"throughput_MBps\":%.3f,\"latency_ns\":{\"p50\":%" PRIu64
		       ",\"p99\":%" PRIu64 ",\"max\":%" PRIu64 "},"
		       "\"nents_min\":%u,\"nents_max\":%u}\n",
		       op, o->size, o->count, o->iterations, s->n, s->bytes,
		       s->errors, o->verify ? "true" : "false", verify_errors,
		       secs, mbps, p50, p99, max, o->nents_min, o->nents_max);
		return;
	}
	printf("%s: %zu transfers of %zu bytes, %" PRIu64 " bytes in %.3f s, %.2f MB/s\n",
	       op, s->n, o->size, s->bytes, secs, mbps);
	printf("latency (submit to completion): p50 %.1f us, p99 %.1f us, max %.1f us\n",
	       p50 / 1e3, p99 / 1e3, max / 1e3);
	if (o->segment_set)
		printf("scatterlist: %u to %u entries per transfer (--segment %zu)\n",
		       o->nents_min, o->nents_max, o->segment);
	if (o->verify)
		printf("verify: %s (%lu mismatching transfers)\n",
		       verify_errors ? "FAILED" : "ok", verify_errors);
	if (s->errors)
		printf("errors: %lu transfers failed\n", s->errors);
}

/* ---- commands ---- */

static int open_dev(const struct opts *o)
{
	int fd = open(o->dev, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die(o->dev);
	return fd;
}

static int cmd_list(const struct opts *o)
{
	struct dmastream_chan_info ci[DMASTREAM_CHAN_COUNT];
	struct dmastream_query q;
	int dev = open_dev(o);
	unsigned int i;

	memset(&q, 0, sizeof(q));
	memset(ci, 0, sizeof(ci));
	q.chans = (uintptr_t)ci;
	q.nr_chans = DMASTREAM_CHAN_COUNT;
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q))
		die("DMASTREAM_IOC_QUERY");
	if (o->json) {
		printf("{\"version\":%u,\"slave\":%s,\"cdns_uart\":%s,\"fifo_addr\":%" PRIu64
		       ",\"fifo_width\":%u,\"fifo_depth\":%u,\"cma_size\":%" PRIu64
		       ",\"max_buf_size\":%" PRIu64 ",\"max_map_size\":%" PRIu64
		       ",\"max_inflight\":%u,\"channels\":[",
		       q.version, q.flags & DMASTREAM_QF_SLAVE ? "true" : "false",
		       q.flags & DMASTREAM_QF_CDNS_UART ? "true" : "false",
		       (uint64_t)q.fifo_addr, q.fifo_width, q.fifo_depth,
		       (uint64_t)q.cma_size, (uint64_t)q.max_buf_size,
		       (uint64_t)q.max_map_size, q.max_inflight);
		for (i = 0; i < q.nr_chans; i++)
			printf("%s{\"role\":\"%s\",\"present\":%s,\"name\":\"%s\","
			       "\"device\":\"%s\",\"caps\":%u,\"directions\":%u,"
			       "\"src_widths\":%u,\"dst_widths\":%u,\"max_burst\":%u,"
			       "\"max_seg\":%u}", i ? "," : "", ds_role_name(i),
			       ci[i].present ? "true" : "false", ci[i].name,
			       ci[i].device, ci[i].caps, ci[i].directions,
			       ci[i].src_widths, ci[i].dst_widths,
			       ci[i].max_burst, ci[i].max_seg);
		printf("]}\n");
		close(dev);
		return 0;
	}
	printf("dmastream API %u\n", q.version);
	if (q.flags & DMASTREAM_QF_SLAVE)
		printf("peripheral FIFO: 0x%08" PRIx64 ", %u-byte access%s\n",
		       (uint64_t)q.fifo_addr, q.fifo_width,
		       q.flags & DMASTREAM_QF_CDNS_UART ?
		       ", Cadence UART" : "");
	if (q.fifo_depth)
		printf("RX: at most %u bytes per DEV_TO_MEM (FIFO level waited for first)\n",
		       q.fifo_depth);
	if (!(q.flags & DMASTREAM_QF_SLAVE))
		printf("peripheral FIFO: none (no DT client node bound)\n");
	printf("CMA pool: %" PRIu64 " MiB; largest buffer %" PRIu64
	       " MiB; %u transfers in flight per file\n",
	       (uint64_t)q.cma_size >> 20, (uint64_t)q.max_buf_size >> 20,
	       q.max_inflight);
	printf("largest contiguous buffer the controller maps at once: %" PRIu64 " KiB\n",
	       (uint64_t)q.max_map_size >> 10);
	printf("%-7s %-12s %-26s %s\n", "role", "channel", "controller",
	       "capabilities");
	for (i = 0; i < q.nr_chans; i++) {
		if (!ci[i].present) {
			printf("%-7s %-12s %-26s\n", ds_role_name(i), "-", "-");
			continue;
		}
		printf("%-7s %-12s %-26s%s%s%s%s%s%s%s dirs:%s%s%s widths:0x%x/0x%x burst:%u seg:%u\n",
		       ds_role_name(i), ci[i].name, ci[i].device,
		       ci[i].caps & DMASTREAM_CAP_MEMCPY ? " memcpy" : "",
		       ci[i].caps & DMASTREAM_CAP_SLAVE ? " slave" : "",
		       ci[i].caps & DMASTREAM_CAP_CYCLIC ? " cyclic" : "",
		       ci[i].caps & DMASTREAM_CAP_MEMSET ? " memset" : "",
		       ci[i].caps & DMASTREAM_CAP_INTERLEAVE ? " interleave" : "",
		       ci[i].caps & DMASTREAM_CAP_PAUSE ? " pause" : "",
		       ci[i].caps & DMASTREAM_CAP_TERMINATE ? " terminate" : "",
		       ci[i].directions & DMASTREAM_DIRS_MEM_TO_MEM ? " m2m" : "",
		       ci[i].directions & DMASTREAM_DIRS_MEM_TO_DEV ? " m2d" : "",
		       ci[i].directions & DMASTREAM_DIRS_DEV_TO_MEM ? " d2m" : "",
		       ci[i].src_widths, ci[i].dst_widths, ci[i].max_burst,
		       ci[i].max_seg);
	}
	close(dev);
	return 0;
}

/* Check one status; returns 1 if it counts as an (unexpected) failure. */
static int check_status(const struct dmastream_status *st,
			const struct opts *o, struct stats *s)
{
	if (st->result) {
		s->errors++;
		if (o->expect_err > 0 && -st->result == o->expect_err)
			return 0;
		fprintf(stderr, "%s: transfer %" PRIu64 " failed: %s (%s)\n",
			prog, (uint64_t)st->id, strerror(-st->result),
			ds_errname(-st->result));
		return 1;
	}
	return 0;
}

/* A refused --segment: say which of its limits was hit. */
static void segment_refused(int dev, const struct opts *o, size_t len, int e)
{
	struct dmastream_query q;

	memset(&q, 0, sizeof(q));
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q))
		q.fifo_width = 0;
	if (e == E2BIG)
		fprintf(stderr, "%s: --segment %zu: %zu bytes make more than %u scatterlist entries (the most one transfer may have)\n",
			prog, o->segment, len, DMASTREAM_MAX_SEG_ENTRIES);
	else if (e == EINVAL && o->segment > len)
		fprintf(stderr, "%s: --segment %zu: larger than the %zu bytes of the transfer\n",
			prog, o->segment, len);
	else if (e == EINVAL && q.fifo_width && o->segment % q.fifo_width)
		fprintf(stderr, "%s: --segment %zu: not a multiple of the FIFO width (%u bytes)\n",
			prog, o->segment, q.fifo_width);
}

static const char *op_name(unsigned int op)
{
	static const char *const names[] = {
		"memcpy", "tx", "rx", "memset", "interleaved"
	};

	return op < sizeof(names) / sizeof(names[0]) ? names[op] : "?";
}

/* Queue @sub; dies on error (the status comes with the reap). */
static void submit_sub(int dev, struct opts *o, struct dmastream_submit *sub)
{
	if (ioctl(dev, DMASTREAM_IOC_SUBMIT, sub)) {
		int e = errno;

		if ((sub->op == DMASTREAM_OP_TX || sub->op == DMASTREAM_OP_RX) &&
		    sub->seg_size)
			segment_refused(dev, o, sub->len, e);
		fprintf(stderr, "%s: DMASTREAM_IOC_SUBMIT (%s): %s%s\n", prog,
			op_name(sub->op), strerror(e),
			e == EOPNOTSUPP ? " (the memcpy channel lacks the capability: see 'dmastream list')" : "");
		exit(1);
	}
	if (!o->nents_max || sub->nents < o->nents_min)
		o->nents_min = sub->nents;
	if (sub->nents > o->nents_max)
		o->nents_max = sub->nents;
}

/* Queue one transfer; dies on error (the status comes with the reap). */
static void submit_xfer(int dev, struct opts *o, unsigned int op,
			int src_fd, size_t src_off, int dst_fd, size_t dst_off,
			size_t len, unsigned int idx)
{
	struct dmastream_submit sub;

	memset(&sub, 0, sizeof(sub));
	sub.op = op;
	sub.src_fd = src_fd;
	sub.dst_fd = dst_fd;
	sub.src_off = src_off;
	sub.dst_off = dst_off;
	sub.len = len;
	sub.timeout_ms = o->timeout_ms;
	sub.burst = op == DMASTREAM_OP_MEMCPY ? 0 : o->burst;
	sub.seg_size = op == DMASTREAM_OP_MEMCPY ? 0 : (uint32_t)o->segment;
	sub.user_data = idx;
	submit_sub(dev, o, &sub);
}

/* Reap @n statuses; returns how many count as failures. */
static unsigned long reap_all(int dev, struct dmastream_status *st,
			      unsigned int n, const struct opts *o,
			      struct stats *s)
{
	unsigned long failed = 0;
	unsigned int i;

	if (ds_reap(dev, st, n))
		die("DMASTREAM_IOC_REAP");
	for (i = 0; i < n; i++) {
		failed += check_status(&st[i], o, s);
		stats_add(s, &st[i]);
	}
	return failed;
}

/* What the controller got for @b: its DMA segments (client buffers). */
static void print_segments(int dev, const char *what, const struct ds_buffer *b)
{
	struct dmastream_segment seg[16] = { { 0 } };
	struct dmastream_segments q;
	unsigned int i;

	memset(&q, 0, sizeof(q));
	q.fd = b->fd;
	q.max = 16;
	q.segs = (uintptr_t)seg;
	if (ioctl(dev, DMASTREAM_IOC_SEGMENTS, &q)) {
		printf("%s: %u segments\n", what, b->nents);
		return;
	}
	printf("%s: %u segments%s\n", what, q.count,
	       q.count > 16 ? " (first 16)" : "");
	for (i = 0; i < q.count && i < 16; i++)
		printf("  segment %u: dma 0x%08" PRIx64 " len %" PRIu64 "\n", i,
		       (uint64_t)seg[i].dma_addr, (uint64_t)seg[i].len);
}

static int alloc_side(int dev, struct ds_buffer *b, size_t size,
		      unsigned int kind, const char *heap, unsigned int dir)
{
	struct dmastream_query q;
	int e;

	if (heap)
		return ds_buffer_heap(dev, b, size, heap, DMASTREAM_CHAN_MEMCPY);
	/* An odd offset into the block: malloc()ed memory is not aligned. */
	if (kind == DS_KIND_USER)
		return ds_buffer_user(dev, b, size, 3, dir,
				      DMASTREAM_CHAN_MEMCPY);
	if (kind == DS_KIND_UDMABUF)
		return ds_buffer_udmabuf(dev, b, size, DMASTREAM_CHAN_MEMCPY);
	if (!ds_buffer_alloc(dev, b, size, kind, dir, DMASTREAM_CHAN_MEMCPY))
		return 0;
	/* Say which limit was hit; the kernel log has the details. */
	e = errno;
	memset(&q, 0, sizeof(q));
	if (!ioctl(dev, DMASTREAM_IOC_QUERY, &q)) {
		if (e == ENOMEM && kind == DMASTREAM_BUF_CMA)
			fprintf(stderr, "%s: CMA pool (%" PRIu64 " MiB) exhausted or fragmented\n",
				prog, (uint64_t)q.cma_size >> 20);
		else if (e == E2BIG)
			fprintf(stderr, "%s: %zu bytes: beyond max_buf_size (%" PRIu64
				" B), the page allocator (single: use cma or sg) or one mapping (%" PRIu64 " B)\n",
				prog, size, (uint64_t)q.max_buf_size,
				(uint64_t)q.max_map_size);
	}
	errno = e;
	return -1;
}

/*
 * A destination starts zeroed (ours and the heaps'): the device must not
 * have written a byte outside [off, off + len).  Reported once.
 */
static int outside_written(const struct ds_buffer *b, size_t off, size_t len,
			   unsigned long round, unsigned int i)
{
	static int reported;
	size_t k;

	for (k = 0; k < b->size; k++) {
		if (k == off) {
			k += len - 1;
			continue;
		}
		if (b->map[k]) {
			if (!reported++)
				fprintf(stderr,
					"%s: verify: round %lu buffer %u: byte %zu outside the destination [%zu, %zu) was written: 0x%02x\n",
					prog, round, i, k, off, off + len, b->map[k]);
			return 1;
		}
	}
	return 0;
}

static int cmd_memcpy(struct opts *o)
{
	struct ds_buffer *src, *dst;
	struct dmastream_status *st;
	struct stats s = { 0 };
	unsigned long round, verify_errors = 0, failed = 0;
	unsigned long total = o->iterations * o->count;
	unsigned char *want;
	unsigned int i;
	int dev = open_dev(o);

	src = calloc(o->count, sizeof(*src));
	dst = calloc(o->count, sizeof(*dst));
	st = calloc(o->count, sizeof(*st));
	want = malloc(o->size);
	if (!src || !dst || !st || !want)
		die("calloc");
	for (i = 0; i < o->count; i++) {
		if (alloc_side(dev, &src[i], o->src_off + o->size, o->src_kind,
			       o->src_heap, DMASTREAM_DIR_TO_DEV))
			die("source buffer");
		if (alloc_side(dev, &dst[i], o->dst_off + o->size, o->dst_kind,
			       o->dst_heap, DMASTREAM_DIR_FROM_DEV))
			die("destination buffer");
		if (o->segments) {
			print_segments(dev, "source", &src[i]);
			print_segments(dev, "destination", &dst[i]);
		}
	}

	s.t0 = ds_now_ns();
	for (round = 0; round < o->iterations; round++) {
		/* Fill the sources: every round when verifying, else once. */
		if (o->verify || !round) {
			for (i = 0; i < o->count; i++) {
				if (ds_bsync(dev, &src[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
					die("DMA_BUF_IOCTL_SYNC START (source)");
				fill(src[i].map + o->src_off, o->size, o, round, i);
				if (ds_bsync(dev, &src[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
					die("DMA_BUF_IOCTL_SYNC END (source)");
			}
		}
		for (i = 0; i < o->count; i++)
			submit_xfer(dev, o, DMASTREAM_OP_MEMCPY, src[i].fd,
				    o->src_off, dst[i].fd, o->dst_off, o->size, i);
		failed += reap_all(dev, st, o->count, o, &s);
		if (o->verify && !s.errors) {
			for (i = 0; i < o->count; i++) {
				if (ds_bsync(dev, &dst[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
					die("DMA_BUF_IOCTL_SYNC START (destination)");
				fill(want, o->size, o, round, i);
				if (memcmp(dst[i].map + o->dst_off, want, o->size)) {
					size_t k;

					for (k = 0; k < o->size; k++)
						if (dst[i].map[o->dst_off + k] != want[k])
							break;
					if (!verify_errors)
						fprintf(stderr,
							"%s: verify: round %lu buffer %u: first mismatch at byte %zu: got 0x%02x, want 0x%02x\n",
							prog, round, i, k,
							dst[i].map[o->dst_off + k], want[k]);
					verify_errors++;
				}
				if (outside_written(&dst[i], o->dst_off, o->size, round, i))
					verify_errors++;
				if (ds_bsync(dev, &dst[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ))
					die("DMA_BUF_IOCTL_SYNC END (destination)");
			}
		}
		progress(&s, o, (round + 1) * o->count, total);
		if (failed)
			break;
	}
	summary("memcpy", &s, o, verify_errors);
	for (i = 0; i < o->count; i++) {
		ds_buffer_free(&src[i]);
		ds_buffer_free(&dst[i]);
	}
	close(dev);
	if (o->expect_err > 0) {
		if (s.errors != s.n || failed) {
			fprintf(stderr, "%s: expected every transfer to fail with %s\n",
				prog, ds_errname(o->expect_err));
			return 1;
		}
		return 0;
	}
	if (failed)
		return 1;
	return verify_errors ? EXIT_DATA : 0;
}

/* ---- memset and interleaved ---- */

/*
 * Prefill a whole destination from the CPU (it is mapped BIDIR for this),
 * so that bytes the device must not touch have known values.
 */
static void prefill(int dev, struct ds_buffer *b, const struct opts *o,
		    unsigned long round, unsigned int idx)
{
	if (ds_bsync(dev, b, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
		die("DMA_BUF_IOCTL_SYNC START (destination)");
	fill(b->map, b->size, o, round, idx + 1000);
	if (ds_bsync(dev, b, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
		die("DMA_BUF_IOCTL_SYNC END (destination)");
}

/* Byte @k of the destination of transfer @i: is it what it must be? */
static int fill_check(const struct ds_buffer *b, const unsigned char *guard,
		      size_t k, int want, unsigned long round, unsigned int i,
		      const char *where)
{
	static int reported;
	int exp = want >= 0 ? want : guard[k];

	if (b->map[k] == exp)
		return 0;
	if (!reported++)
		fprintf(stderr,
			"%s: verify: round %lu buffer %u: byte %zu (%s): got 0x%02x, want 0x%02x\n",
			prog, round, i, k, where, b->map[k], exp);
	return 1;
}

static int cmd_fill_2d(struct opts *o, unsigned int op)
{
	const int is_2d = op == DMASTREAM_OP_INTERLEAVED;
	size_t src_size = 0, dst_size, k, f;
	struct ds_buffer *src = NULL, *dst;
	struct dmastream_status *st;
	struct stats s = { 0 };
	unsigned long round, verify_errors = 0, failed = 0;
	unsigned long total = o->iterations * o->count;
	unsigned char *guard, *want = NULL;
	const char *name = is_2d ? "interleaved" : "memset";
	unsigned int i;
	int dev = open_dev(o);

	if (is_2d) {
		src_size = o->src_off + (o->frames - 1) * o->src_stride + o->chunk;
		dst_size = o->dst_off + (o->frames - 1) * o->dst_stride + o->chunk;
	} else {
		dst_size = o->dst_off + o->size;
	}
	src = is_2d ? calloc(o->count, sizeof(*src)) : NULL;
	dst = calloc(o->count, sizeof(*dst));
	st = calloc(o->count, sizeof(*st));
	if ((is_2d && !src) || !dst || !st)
		die("calloc");
	for (i = 0; i < o->count; i++) {
		if (is_2d && alloc_side(dev, &src[i], src_size, o->src_kind,
					NULL, DMASTREAM_DIR_TO_DEV))
			die("source buffer");
		/*
		 * BIDIR: the CPU writes the guard bytes before the device;
		 * 64 of them after the range even when it ends on a page.
		 */
		if (alloc_side(dev, &dst[i], dst_size + 64, o->dst_kind, NULL,
			       DMASTREAM_DIR_BIDIR))
			die("destination buffer");
		if (o->segments) {
			if (is_2d)
				print_segments(dev, "source", &src[i]);
			print_segments(dev, "destination", &dst[i]);
		}
	}
	guard = malloc(dst[0].size);
	if (is_2d)
		want = malloc(src[0].size);
	if (!guard || (is_2d && !want))
		die("malloc");

	s.t0 = ds_now_ns();
	for (round = 0; round < o->iterations; round++) {
		for (i = 0; i < o->count && (o->verify || !round); i++) {
			if (o->verify)
				prefill(dev, &dst[i], o, round, i);
			if (!is_2d)
				continue;
			if (ds_bsync(dev, &src[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
				die("DMA_BUF_IOCTL_SYNC START (source)");
			fill(src[i].map, src[i].size, o, round, i);
			if (ds_bsync(dev, &src[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
				die("DMA_BUF_IOCTL_SYNC END (source)");
		}
		for (i = 0; i < o->count; i++) {
			struct dmastream_submit sub;

			memset(&sub, 0, sizeof(sub));
			sub.op = op;
			sub.src_fd = is_2d ? src[i].fd : -1;
			sub.dst_fd = dst[i].fd;
			sub.src_off = is_2d ? o->src_off : 0;
			sub.dst_off = o->dst_off;
			sub.timeout_ms = o->timeout_ms;
			sub.user_data = i;
			if (is_2d) {
				sub.len = o->chunk;
				sub.frames = (uint32_t)o->frames;
				sub.src_stride = (uint32_t)o->src_stride;
				sub.dst_stride = (uint32_t)o->dst_stride;
			} else {
				sub.len = o->size;
				sub.value = o->value;
			}
			submit_sub(dev, o, &sub);
		}
		failed += reap_all(dev, st, o->count, o, &s);
		for (i = 0; i < o->count && o->verify && !s.errors; i++) {
			unsigned long bad = 0;

			fill(guard, dst[i].size, o, round, i + 1000);
			if (is_2d)
				fill(want, src[i].size, o, round, i);
			if (ds_bsync(dev, &dst[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
				die("DMA_BUF_IOCTL_SYNC START (destination)");
			for (k = 0; k < dst[i].size; k++) {
				size_t rel = k - o->dst_off;
				int in = k >= o->dst_off && k < dst_size;

				if (!is_2d) {
					bad += fill_check(&dst[i], guard, k,
							  in ? (int)o->value : -1,
							  round, i,
							  in ? "in the range" :
							  "outside the range");
					continue;
				}
				f = in ? rel / o->dst_stride : 0;
				in = in && rel % o->dst_stride < o->chunk;
				bad += fill_check(&dst[i], guard, k,
						  in ? want[o->src_off +
							    f * o->src_stride +
							    rel % o->dst_stride] : -1,
						  round, i,
						  in ? "in a frame" :
						  "outside the frames");
			}
			if (ds_bsync(dev, &dst[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ))
				die("DMA_BUF_IOCTL_SYNC END (destination)");
			if (bad)
				verify_errors++;
		}
		progress(&s, o, (round + 1) * o->count, total);
		if (failed)
			break;
	}
	summary(name, &s, o, verify_errors);
	for (i = 0; i < o->count; i++) {
		if (is_2d)
			ds_buffer_free(&src[i]);
		ds_buffer_free(&dst[i]);
	}
	close(dev);
	if (o->expect_err > 0) {
		if (s.errors != s.n || failed) {
			fprintf(stderr, "%s: expected every transfer to fail with %s\n",
				prog, ds_errname(o->expect_err));
			return 1;
		}
		return 0;
	}
	if (failed)
		return 1;
	return verify_errors ? EXIT_DATA : 0;
}

static int cmd_tx(struct opts *o)
{
	struct dmastream_status *st;
	struct ds_buffer *b;
	struct stats s = { 0 };
	unsigned long round, failed = 0, total = o->iterations * o->count;
	unsigned int i;
	int dev = open_dev(o);

	b = calloc(o->count, sizeof(*b));
	st = calloc(o->count, sizeof(*st));
	if (!b || !st)
		die("calloc");
	for (i = 0; i < o->count; i++)
		if (ds_buffer_alloc(dev, &b[i], o->src_off + o->size, o->src_kind,
				    DMASTREAM_DIR_TO_DEV, DMASTREAM_CHAN_TX))
			die_slave("buffer for tx");
	s.t0 = ds_now_ns();
	for (round = 0; round < o->iterations; round++) {
		int sent = 1;

		/* --count transfers queued on the channel, sent in order. */
		for (i = 0; i < o->count; i++) {
			if (ds_sync(b[i].fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
				die("DMA_BUF_IOCTL_SYNC START");
			fill(b[i].map + o->src_off, o->size, o, round, i);
			if (ds_sync(b[i].fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
				die("DMA_BUF_IOCTL_SYNC END");
			submit_xfer(dev, o, DMASTREAM_OP_TX, b[i].fd, o->src_off,
				    -1, 0, o->size, i);
		}
		failed += reap_all(dev, st, o->count, o, &s);
		for (i = 0; i < o->count; i++)
			if (st[i].result)
				sent = 0;
		/* Only bytes that really went out are announced to the host. */
		for (i = 0; o->hex && sent && i < o->count; i++)
			host_hex(o, "expect-tx", b[i].map + o->src_off, o->size);
		progress(&s, o, (round + 1) * o->count, total);
		if (failed)
			break;
	}
	summary("tx", &s, o, 0);
	for (i = 0; i < o->count; i++)
		ds_buffer_free(&b[i]);
	free(b);
	free(st);
	close(dev);
	if (o->expect_err > 0)
		return (s.errors == s.n && !failed) ? 0 : 1;
	return failed ? 1 : 0;
}

static int fifo_wait(int dev, unsigned int bytes, unsigned int flags,
		     unsigned int timeout_ms)
{
	struct dmastream_fifo fw;

	memset(&fw, 0, sizeof(fw));
	fw.bytes = bytes;
	fw.flags = flags;
	fw.timeout_ms = timeout_ms;
	return ioctl(dev, DMASTREAM_IOC_FIFO_WAIT, &fw);
}

static int cmd_rx(struct opts *o)
{
	struct dmastream_status st;
	struct dmastream_query q;
	struct ds_buffer b;
	struct stats s = { 0 };
	unsigned long failed = 0;
	size_t done = 0, limit;
	int dev = open_dev(o);

	memset(&q, 0, sizeof(q));
	if (ioctl(dev, DMASTREAM_IOC_QUERY, &q))
		die("DMASTREAM_IOC_QUERY");
	if (!(q.flags & DMASTREAM_QF_SLAVE)) {
		fprintf(stderr, "%s: rx: no peripheral bound (no DT client node)\n", prog);
		return 1;
	}
	limit = q.fifo_depth ? q.fifo_depth : o->size;
	if (o->feed && o->chunk < limit)
		limit = o->chunk;
	if (!o->feed && o->size > limit) {
		fprintf(stderr, "%s: rx: %zu bytes exceed what the FIFO holds (%zu); use --feed to receive in chunks\n",
			prog, o->size, limit);
		return EXIT_USAGE;
	}
	if (ds_buffer_alloc(dev, &b, o->dst_off + o->size, o->dst_kind,
			    DMASTREAM_DIR_FROM_DEV, DMASTREAM_CHAN_RX))
		die_slave("buffer for rx");
	s.t0 = ds_now_ns();
	while (done < o->size) {
		size_t n = o->size - done < limit ? o->size - done : limit;

		if (o->feed) {
			/* Leftovers would be taken for the host's bytes. */
			if (q.fifo_depth && fifo_wait(dev, 0, DMASTREAM_FIFO_FLUSH, 0))
				die("DMASTREAM_IOC_FIFO_WAIT (flush)");
			host_feed(o, n);
		}
		if (q.fifo_depth && fifo_wait(dev, (unsigned int)n, 0, o->timeout_ms ? o->timeout_ms : 5000))
			die("waiting for the RX FIFO (DMASTREAM_IOC_FIFO_WAIT)");
		submit_xfer(dev, o, DMASTREAM_OP_RX, -1, 0, b.fd,
			    o->dst_off + done, n, 0);
		failed += reap_all(dev, &st, 1, o, &s);
		if (failed)
			break;
		if (ds_sync(b.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
			die("DMA_BUF_IOCTL_SYNC START");
		if (o->hex)
			host_hex(o, "check-rx", b.map + o->dst_off + done, n);
		if (ds_sync(b.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ))
			die("DMA_BUF_IOCTL_SYNC END");
		done += n;
		progress(&s, o, done, o->size);
	}
	o->count = 1;
	summary("rx", &s, o, 0);
	ds_buffer_free(&b);
	close(dev);
	if (o->expect_err > 0)
		return (s.errors == s.n && !failed) ? 0 : 1;
	return failed ? 1 : 0;
}

enum {
	OPT_SIZE = 256, OPT_COUNT, OPT_ITER, OPT_VERIFY, OPT_PATTERN, OPT_SEED,
	OPT_OFFSET, OPT_SOFF, OPT_DOFF, OPT_KIND, OPT_SKIND, OPT_DKIND,
	OPT_HEAP, OPT_SHEAP, OPT_DHEAP, OPT_TIMEOUT, OPT_BURST, OPT_HEX,
	OPT_FEED, OPT_CHUNK, OPT_JSON, OPT_PROGRESS, OPT_NOPROGRESS,
	OPT_EXPECT, OPT_HOSTOUT, OPT_QUIET, OPT_DEVICE, OPT_HELP,
	OPT_VERBOSE, OPT_STRICT, OPT_MAXFL, OPT_MAXCPU, OPT_SEGMENT,
	OPT_SEGMENTS, OPT_VALUE, OPT_FRAMES, OPT_SSTRIDE, OPT_DSTRIDE,
};

static const struct option longopts[] = {
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "iterations", required_argument, NULL, OPT_ITER },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "pattern", required_argument, NULL, OPT_PATTERN },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "src-offset", required_argument, NULL, OPT_SOFF },
	{ "dst-offset", required_argument, NULL, OPT_DOFF },
	{ "kind", required_argument, NULL, OPT_KIND },
	{ "src-kind", required_argument, NULL, OPT_SKIND },
	{ "dst-kind", required_argument, NULL, OPT_DKIND },
	{ "heap", required_argument, NULL, OPT_HEAP },
	{ "src-heap", required_argument, NULL, OPT_SHEAP },
	{ "dst-heap", required_argument, NULL, OPT_DHEAP },
	{ "timeout-ms", required_argument, NULL, OPT_TIMEOUT },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "segment", required_argument, NULL, OPT_SEGMENT },
	{ "segments", no_argument, NULL, OPT_SEGMENTS },
	{ "hex", no_argument, NULL, OPT_HEX },
	{ "feed", no_argument, NULL, OPT_FEED },
	{ "chunk", required_argument, NULL, OPT_CHUNK },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NOPROGRESS },
	{ "expect-error", required_argument, NULL, OPT_EXPECT },
	{ "host-out", required_argument, NULL, OPT_HOSTOUT },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "max-inflight-ms", required_argument, NULL, OPT_MAXFL },
	{ "max-cpu-ms", required_argument, NULL, OPT_MAXCPU },
	{ "value", required_argument, NULL, OPT_VALUE },
	{ "frames", required_argument, NULL, OPT_FRAMES },
	{ "src-stride", required_argument, NULL, OPT_SSTRIDE },
	{ "dst-stride", required_argument, NULL, OPT_DSTRIDE },
	{ NULL, 0, NULL, 0 },
};

static unsigned long num_arg(const char *name, const char *v)
{
	size_t n;

	if (parse_size(v, &n)) {
		fprintf(stderr, "%s: %s: bad number '%s'\n", prog, name, v);
		exit(EXIT_USAGE);
	}
	return n;
}

/* Parse options until the first non-option; returns -1 or an exit code. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SIZE: o->size = num_arg("--size", optarg); break;
		case OPT_COUNT: o->count = num_arg("--count", optarg); break;
		case OPT_ITER: o->iterations = num_arg("--iterations", optarg); break;
		case OPT_VERIFY: o->verify = 1; break;
		case OPT_PATTERN: o->pattern = optarg; break;
		case OPT_SEED: o->seed = num_arg("--seed", optarg); break;
		case OPT_OFFSET:
			o->src_off = o->dst_off = num_arg("--offset", optarg);
			break;
		case OPT_SOFF: o->src_off = num_arg("--src-offset", optarg); break;
		case OPT_DOFF: o->dst_off = num_arg("--dst-offset", optarg); break;
		case OPT_KIND: o->src_kind = o->dst_kind = parse_kind(optarg); break;
		case OPT_SKIND: o->src_kind = parse_kind(optarg); break;
		case OPT_DKIND: o->dst_kind = parse_kind(optarg); break;
		case OPT_HEAP: o->src_heap = o->dst_heap = optarg; break;
		case OPT_SHEAP: o->src_heap = optarg; break;
		case OPT_DHEAP: o->dst_heap = optarg; break;
		case OPT_TIMEOUT:
			o->timeout_ms = num_arg("--timeout-ms", optarg);
			if (o->timeout_ms > DMASTREAM_MAX_TIMEOUT_MS) {
				fprintf(stderr, "%s: --timeout-ms: %s is above the device's limit of %u\n",
					prog, optarg, DMASTREAM_MAX_TIMEOUT_MS);
				exit(EXIT_USAGE);
			}
			break;
		case OPT_BURST: o->burst = num_arg("--burst", optarg); break;
		case OPT_SEGMENT:
			o->segment = num_arg("--segment", optarg);
			o->segment_set = 1;
			break;
		case OPT_HEX: o->hex = 1; break;
		case OPT_SEGMENTS: o->segments = 1; break;
		case OPT_FEED: o->feed = 1; break;
		case OPT_CHUNK: o->chunk = num_arg("--chunk", optarg); break;
		case OPT_JSON: o->json = 1; break;
		case OPT_PROGRESS: o->progress = 1; break;
		case OPT_NOPROGRESS: o->progress = 0; break;
		case OPT_EXPECT:
			o->expect_err = ds_errno_of(optarg);
			if (o->expect_err <= 0) {
				fprintf(stderr, "%s: --expect-error: unknown errno name '%s'\n",
					prog, optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_HOSTOUT: o->host_out = optarg; break;
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_DEVICE: o->dev = optarg; break;
		case OPT_VERBOSE: o->verbose = 1; break;
		case OPT_STRICT: o->strict = 1; break;
		case OPT_MAXFL:
			o->max_inflight_ms = num_arg("--max-inflight-ms", optarg);
			break;
		case OPT_MAXCPU: o->max_cpu_ms = num_arg("--max-cpu-ms", optarg); break;
		case OPT_VALUE:
			o->value = num_arg("--value", optarg);
			if (o->value > 255) {
				fprintf(stderr, "%s: --value: '%s' is not a byte (0..255)\n",
					prog, optarg);
				exit(EXIT_USAGE);
			}
			break;
		case OPT_FRAMES: o->frames = num_arg("--frames", optarg); break;
		case OPT_SSTRIDE: o->src_stride = num_arg("--src-stride", optarg); break;
		case OPT_DSTRIDE: o->dst_stride = num_arg("--dst-stride", optarg); break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.dev = DS_DEFAULT_DEV, .count = 1, .iterations = 1,
		.pattern = "random", .seed = 1, .progress = -1, .chunk = 64,
		.max_inflight_ms = 1000, .max_cpu_ms = 10000,
	};
	const char *cmd;
	int ret;

	ret = parse_opts(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "stream"))
		return stream_main(o.dev, argc, argv);
	ret = parse_opts(argc, argv, &o);
	if (ret >= 0)
		return ret;
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, argv[optind]);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(&o);
	if (!strcmp(cmd, "doctor")) {
		struct doctor_opts d = {
			.dev = o.dev, .json = o.json, .verbose = o.verbose,
			.strict = o.strict, .max_inflight_ms = o.max_inflight_ms,
			.max_cpu_ms = o.max_cpu_ms,
		};

		return doctor_main(&d);
	}
	if (!strcmp(cmd, "interleaved")) {
		if (!o.frames || o.frames > UINT32_MAX) {
			fprintf(stderr, "%s: interleaved needs --frames 1..%u\n",
				prog, UINT32_MAX);
			return EXIT_USAGE;
		}
		if (!o.src_stride)
			o.src_stride = o.chunk;
		if (!o.dst_stride)
			o.dst_stride = o.chunk;
		if (o.src_stride < o.chunk || o.dst_stride < o.chunk ||
		    o.src_stride > UINT32_MAX || o.dst_stride > UINT32_MAX) {
			fprintf(stderr, "%s: interleaved: each stride must be at least --chunk (%u) and at most %u\n",
				prog, o.chunk, UINT32_MAX);
			return EXIT_USAGE;
		}
		if (o.frames > SIZE_MAX / (o.src_stride > o.dst_stride ?
					   o.src_stride : o.dst_stride)) {
			fprintf(stderr, "%s: interleaved: the frames do not fit in memory\n",
				prog);
			return EXIT_USAGE;
		}
		o.size = o.frames * o.chunk;	/* bytes per transfer */
	}
	if (strcmp(cmd, "memcpy") && strcmp(cmd, "tx") && strcmp(cmd, "rx") &&
	    strcmp(cmd, "memset") && strcmp(cmd, "interleaved")) {
		fprintf(stderr, "%s: unknown command '%s' (see --help)\n", prog, cmd);
		return EXIT_USAGE;
	}
	if (!o.size || !o.count || !o.iterations || !o.chunk) {
		fprintf(stderr, "%s: %s needs --size > 0 (and --count, --iterations, --chunk > 0)\n",
			prog, cmd);
		return EXIT_USAGE;
	}
	if (o.segment_set && strcmp(cmd, "tx") && strcmp(cmd, "rx")) {
		fprintf(stderr, "%s: --segment: only tx and rx transfers are scatterlists of a chosen entry size\n",
			prog);
		return EXIT_USAGE;
	}
	if (o.segment_set && !o.segment) {
		fprintf(stderr, "%s: --segment 0: a scatterlist entry must hold at least one byte\n",
			prog);
		return EXIT_USAGE;
	}
	if (o.segment != (uint32_t)o.segment) {
		fprintf(stderr, "%s: --segment %zu: above the device's limit of %u bytes\n",
			prog, o.segment, UINT32_MAX);
		return EXIT_USAGE;
	}
	if (check_pattern(o.pattern)) {
		fprintf(stderr, "%s: --pattern: '%s' is not random, inc or a byte\n",
			prog, o.pattern);
		return EXIT_USAGE;
	}
	if (o.iterations > 100000000ul / o.count) {
		fprintf(stderr, "%s: too many transfers\n", prog);
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "memcpy"))
		return cmd_memcpy(&o);
	if (!strcmp(cmd, "tx"))
		return cmd_tx(&o);
	if (!strcmp(cmd, "memset"))
		return cmd_fill_2d(&o, DMASTREAM_OP_MEMSET);
	if (!strcmp(cmd, "interleaved"))
		return cmd_fill_2d(&o, DMASTREAM_OP_INTERLEAVED);
	return cmd_rx(&o);
}

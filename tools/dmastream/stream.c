// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream stream: a streaming ring (DMASTREAM_IOC_RING_*) driven from
 * user space the way a capture or playback application would: the ring's
 * buffer mmap()ed, each period dequeued (the CPU owns it), read or
 * written, queued back; poll() between periods.
 *
 * Device side: the peripheral's FIFO (UART0; on the paced rig its line
 * paces the ring, --feed asks the host for the bytes), or --loopback: a
 * buffer of ours stands in for the FIFO register, and dma330's test gates
 * pace the ring: --step releases one gate per period from here (each
 * capture period then carries its own stamp, checked exactly), --pace-us
 * lets the provider's timer release them.
 */
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <glob.h>

#include "common.h"
#include "stream.h"

#define EXIT_USAGE	2
#define EXIT_DATA	3

struct sopts {
	const char *dev;
	int playback;
	unsigned int periods, period_bytes, count, burst;
	unsigned int duration_ms;
	int loopback, step, check, json, feed;
	unsigned int pace_us;
	unsigned int stall_at, stall;	/* consumer/producer stalls */
	unsigned int hold_at;		/* hold one period over a lap */
	unsigned int delay_us;		/* consumer work per period */
	const char *gate_dir;
};

struct gate {
	char dir[256];
	int ev;
	int on;
};

static const char *sprog = "dmastream stream";

static void sdie(const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", sprog, what, strerror(errno));
	exit(1);
}

static void sput(const char *dir, const char *file, const char *val)
{
	char path[320];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f || fputs(val, f) < 0 || fclose(f)) {
		fprintf(stderr, "%s: %s: cannot write '%s'\n", sprog, path, val);
		exit(1);
	}
}

/* dma330's test gates: a gate before each period on a free event. */
static void gate_arm(struct gate *g, const struct sopts *o)
{
	char path[320], line[128], v[32];
	glob_t gl;
	FILE *f;

	g->ev = -1;
	if (o->gate_dir) {
		snprintf(g->dir, sizeof(g->dir), "%s", o->gate_dir);
	} else {
		if (glob("/sys/kernel/debug/dma330/*/gate_event", 0, NULL, &gl) ||
		    gl.gl_pathc < 1) {
			fprintf(stderr, "%s: --loopback needs dma330's test gates (/sys/kernel/debug/dma330/*/gate_event)\n",
				sprog);
			exit(1);
		}
		snprintf(g->dir, sizeof(g->dir), "%s", gl.gl_pathv[0]);
		*strrchr(g->dir, '/') = 0;
		globfree(&gl);
	}
	snprintf(path, sizeof(path), "%s/stats", g->dir);
	f = fopen(path, "r");
	if (!f)
		sdie(path);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "first_free_event: %d", &g->ev) == 1)
			break;
	fclose(f);
	if (g->ev < 0) {
		fprintf(stderr, "%s: %s: no free event for gates\n", sprog, path);
		exit(1);
	}
	snprintf(v, sizeof(v), "%u", o->period_bytes);
	sput(g->dir, "gate_every", v);
	snprintf(v, sizeof(v), "%d", g->ev);
	sput(g->dir, "gate_event", v);
	g->on = 1;
	if (o->pace_us) {
		snprintf(v, sizeof(v), "%llu", o->pace_us * 1000ull);
		sput(g->dir, "pace_ns", v);
	}
}

static void gate_release(const struct gate *g)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", g->ev);
	sput(g->dir, "release", v);
}

static void gate_off(struct gate *g)
{
	if (!g->on)
		return;
	sput(g->dir, "pace_ns", "0");
	sput(g->dir, "gate_event", "18446744073709551615");
	g->on = 0;
}

/* @@HOST lines go to the console (scripts capture stdout), one write each. */
static void host_line(const char *line, size_t len)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/console", "w");
	if (!f)
		f = stdout;
	fwrite(line, 1, len, f);
	fflush(f);
}

static void host_hex_lines(const char *tag, const unsigned char *p, size_t n)
{
	char line[32 + 2 * 256];
	size_t i, j;

	for (i = 0; i < n; i += 256) {
		int len = snprintf(line, sizeof(line), "@@HOST %s ", tag);

		for (j = i; j < n && j < i + 256; j++)
			len += snprintf(line + len, sizeof(line) - len, "%02x",
					p[j]);
		line[len++] = '\n';
		host_line(line, len);
	}
}

static uint32_t stamp(uint64_t seq)
{
	return 0x5a000000u ^ (uint32_t)(seq * 2654435761u);
}

static void ring_info(int dev, struct dmastream_ring_info *ri)
{
	if (ioctl(dev, DMASTREAM_IOC_RING_STATUS, ri))
		sdie("RING_STATUS");
}

/* Step mode: wait until the device has finished @n periods. */
static void wait_hw(int dev, uint64_t n)
{
	struct dmastream_ring_info ri;
	uint64_t t0 = ds_now_ns();

	for (;;) {
		ring_info(dev, &ri);
		if (ri.hw_periods >= n)
			return;
		if (ds_now_ns() - t0 > 2000000000ull) {
			fprintf(stderr, "%s: the device finished %" PRIu64 " periods, %" PRIu64 " expected\n",
				sprog, (uint64_t)ri.hw_periods, n);
			exit(1);
		}
		usleep(50);
	}
}

/* The loopback FIFO's first word: written (capture) or read (playback). */
static void fifo_put(struct ds_buffer *f, uint32_t w)
{
	unsigned int i;

	if (ds_sync(f->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
		sdie("FIFO sync start");
	for (i = 0; i < 16; i++)
		((uint32_t *)f->map)[i] = w;
	if (ds_sync(f->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
		sdie("FIFO sync end");
}

static uint32_t fifo_get(struct ds_buffer *f)
{
	uint32_t w;

	if (ds_sync(f->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ))
		sdie("FIFO sync start");
	w = *(uint32_t *)f->map;
	if (ds_sync(f->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ))
		sdie("FIFO sync end");
	return w;
}

struct run {
	int dev;
	const struct sopts *o;
	unsigned char *map;
	struct dmastream_period held;
	int holding;
	uint64_t next_seq;	/* capture: expected next; playback: next fill */
	uint64_t delivered, bytes, lost_seen, bad_periods, clobbered;
	uint64_t *lat;
	size_t nlat;
	long first_bad;
	unsigned char *rx;	/* --feed: bytes received */
	size_t rx_len;
	uint32_t *shadow;	/* playback: the stamp each slot holds */
	uint64_t fed;		/* --feed: periods asked of the host so far */
	uint64_t played_bad, fresh;
};

static int dequeue(struct run *r, struct dmastream_period *p, int wait)
{
	memset(p, 0, sizeof(*p));
	p->flags = wait ? DMASTREAM_RING_WAIT : 0;
	p->timeout_ms = 2000;
	if (!ioctl(r->dev, DMASTREAM_IOC_RING_DEQUEUE, p))
		return 0;
	if (errno != EAGAIN && errno != ETIMEDOUT && errno != ESHUTDOWN)
		sdie("RING_DEQUEUE");
	return -1;
}

static void queue(struct run *r, struct dmastream_period *p)
{
	p->flags = 0;
	if (ioctl(r->dev, DMASTREAM_IOC_RING_QUEUE, p))
		sdie("RING_QUEUE");
	r->clobbered += p->result == DMASTREAM_RING_CLOBBERED;
}

/* Capture: check a period's data (step: its own stamp). */
static void capture_one(struct run *r, struct dmastream_period *p,
			uint32_t want)
{
	const uint32_t *w = (const uint32_t *)(r->map + p->offset);
	uint64_t now = ds_now_ns();
	size_t i;

	if (p->seq > r->next_seq)
		r->lost_seen += p->seq - r->next_seq;
	r->next_seq = p->seq + 1;
	r->lat[r->nlat++] = now > p->t_done_ns ? now - p->t_done_ns : 0;
	r->delivered++;
	r->bytes += p->len;
	if (r->rx) {
		memcpy(r->rx + r->rx_len, r->map + p->offset, p->len);
		r->rx_len += p->len;
	}
	if (!r->o->check)
		return;
	if (r->o->step)
		want = stamp(p->seq);
	for (i = 0; i < p->len / 4; i++) {
		if (w[i] != want) {
			if (r->first_bad < 0) {
				r->first_bad = (long)p->seq;
				fprintf(stderr, "%s: period %" PRIu64 " (slot %u): word %zu is %#x, %#x expected\n",
					sprog, (uint64_t)p->seq, p->index, i,
					w[i], want);
			}
			r->bad_periods++;
			break;
		}
	}
}

/* Playback: fill the next free period. */
static int give(struct run *r)
{
	struct dmastream_period p;
	uint32_t *w;
	size_t i;

	if (dequeue(r, &p, 0))
		return -1;
	w = (uint32_t *)(r->map + p.offset);
	for (i = 0; i < p.len / 4; i++)
		w[i] = stamp(p.seq);
	queue(r, &p);
	r->shadow[p.index] = stamp(p.seq);
	r->next_seq = p.seq + 1;
	r->delivered++;
	r->bytes += p.len;
	return 0;
}

/* Step mode: the device moves one period per gate released here. */
static void step_loop(struct run *r, struct ds_buffer *fifo,
		      const struct gate *g, uint32_t want)
{
	const struct sopts *o = r->o;
	struct dmastream_period p;
	uint64_t i;

	for (i = 0; i < o->count; i++) {
		int stalled = o->stall && i >= o->stall_at &&
			      i < (uint64_t)o->stall_at + o->stall;

		if (!o->playback)
			fifo_put(fifo, stamp(i));
		gate_release(g);
		wait_hw(r->dev, i + 1);
		if (o->playback) {
			/* what the slot held when the device played it */
			uint32_t sent = fifo_get(fifo);

			if (o->check && sent != r->shadow[i % o->periods] &&
			    !r->played_bad++)
				fprintf(stderr, "%s: period %" PRIu64 " played %#x, %#x expected\n",
					sprog, i, sent, r->shadow[i % o->periods]);
			r->fresh += sent == stamp(i);
			if (!stalled)
				while (!give(r))
					;
			continue;
		}
		if (stalled)
			continue;
		if (o->hold_at && i == o->hold_at && !r->holding) {
			if (!dequeue(r, &r->held, 0)) {
				capture_one(r, &r->held, want);
				r->holding = 1;
			}
			continue;
		}
		if (r->holding && i >= (uint64_t)o->hold_at + o->periods) {
			queue(r, &r->held);
			r->holding = 0;
		}
		while (!dequeue(r, &p, 0)) {
			capture_one(r, &p, want);
			queue(r, &p);
		}
	}
}

/*
 * --feed: ask the host for the next N - 1 periods' bytes (or what is
 * left): at most N - 1 periods wait in the ring, so a burst the
 * peripheral delivers at once never laps it.
 */
static void feed_chunk(struct run *r)
{
	uint64_t n = r->o->count - r->delivered;
	char line[48];

	if (n > r->o->periods - 1)
		n = r->o->periods - 1;
	r->fed += n;
	snprintf(line, sizeof(line), "@@HOST feed %" PRIu64 "\n",
		 n * r->o->period_bytes);
	host_line(line, strlen(line));
}

/* Free-running: paced by the provider's timer or the peripheral. */
static void free_loop(struct run *r, uint32_t want, uint64_t t0)
{
	const struct sopts *o = r->o;
	struct dmastream_period p;
	struct pollfd pf = { .fd = r->dev };

	while (r->delivered < o->count) {
		if (o->duration_ms &&
		    ds_now_ns() - t0 >= o->duration_ms * 1000000ull)
			break;
		if (o->playback) {
			pf.events = POLLOUT;
			if (poll(&pf, 1, 2000) <= 0 || !(pf.revents & POLLOUT))
				break;
			while (r->delivered < o->count && !give(r))
				;
			continue;
		}
		if (o->feed && r->delivered == r->fed)
			feed_chunk(r);
		if (dequeue(r, &p, 1))
			break;
		capture_one(r, &p, want);
		if (o->feed && r->delivered == r->fed) {
			/* the chunk is in: the host compares it */
			host_hex_lines("check-rx", r->rx, r->rx_len);
			r->rx_len = 0;
		}
		if (o->delay_us)
			usleep(o->delay_us);
		queue(r, &p);
	}
}

static int stream_run(struct sopts *o)
{
	struct dmastream_ring_setup rs;
	struct dmastream_ring_info ri;
	struct ds_buffer fifo = { .fd = -1, .memfd = -1 };
	struct gate g = { .on = 0 };
	struct run r;
	uint64_t t0, secs_ns;
	size_t ring_bytes = (size_t)o->periods * o->period_bytes;
	uint32_t want = 0;
	int dev, ret = 0;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.first_bad = -1;
	dev = open(o->dev, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		sdie(o->dev);
	r.dev = dev;
	memset(&rs, 0, sizeof(rs));
	rs.dir = o->playback ? DMASTREAM_RING_PLAYBACK : DMASTREAM_RING_CAPTURE;
	rs.periods = o->periods;
	rs.period_bytes = o->period_bytes;
	rs.burst = o->burst;
	rs.fifo_fd = -1;
	if (o->loopback) {
		/* The device reads it (capture) or writes it (playback). */
		if (ds_buffer_alloc(dev, &fifo, 4096, DMASTREAM_BUF_SINGLE,
				    o->playback ? DMASTREAM_DIR_BIDIR :
						  DMASTREAM_DIR_TO_DEV,
				    DMASTREAM_CHAN_MEMCPY))
			sdie("loopback FIFO buffer");
		rs.fifo_fd = fifo.fd;
		want = stamp(0x10000);
		if (!o->playback)
			fifo_put(&fifo, want);
	}
	if (ioctl(dev, DMASTREAM_IOC_RING_CREATE, &rs))
		sdie("RING_CREATE");
	r.map = mmap(NULL, ring_bytes, o->playback ? PROT_READ | PROT_WRITE :
			PROT_READ, MAP_SHARED, rs.fd, 0);
	if (r.map == MAP_FAILED)
		sdie("mmap of the ring");
	r.lat = calloc(o->count + o->periods + 1, sizeof(*r.lat));
	r.shadow = calloc(o->periods, sizeof(*r.shadow));
	if (!r.lat || !r.shadow)
		sdie("calloc");
	if (o->feed) {
		r.rx = malloc((size_t)o->periods * o->period_bytes);
		if (!r.rx)
			sdie("malloc");
	}
	if (o->loopback)
		gate_arm(&g, o);
	if (o->playback)	/* before start, the whole ring may be queued */
		while (!give(&r))
			;
	t0 = ds_now_ns();
	if (ioctl(dev, DMASTREAM_IOC_RING_START))
		sdie("RING_START");
	if (o->step)
		step_loop(&r, &fifo, &g, want);
	else
		free_loop(&r, want, t0);
	if (r.holding)
		queue(&r, &r.held);
	secs_ns = ds_now_ns() - t0;
	if (ioctl(dev, DMASTREAM_IOC_RING_STOP))
		sdie("RING_STOP");
	gate_off(&g);
	ring_info(dev, &ri);

	qsort(r.lat, r.nlat, sizeof(*r.lat), ds_cmp_u64);
	if (o->check && (r.bad_periods || r.played_bad))
		ret = EXIT_DATA;
	if (o->json) {
		printf("{\"op\":\"stream\",\"dir\":\"%s\",\"periods\":%u,\"period_bytes\":%u,"
		       "\"hw_periods\":%" PRIu64 ",\"delivered\":%" PRIu64 ",\"bytes\":%" PRIu64
		       ",\"seconds\":%.6f,\"throughput_MBps\":%.3f,"
		       "\"period_latency_ns\":{\"p50\":%" PRIu64 ",\"p99\":%" PRIu64 "},"
		       "\"overruns\":%" PRIu64 ",\"underruns\":%" PRIu64 ",\"xruns\":%" PRIu64
		       ",\"clobbered\":%" PRIu64 ",\"lost_seen\":%" PRIu64
		       ",\"callbacks\":%" PRIu64 ",\"laps\":%" PRIu64 ",\"checked\":%s,\"bad_periods\":%" PRIu64
		       ",\"first_bad\":%ld,\"fresh\":%" PRIu64 ",\"error\":%d}\n",
		       o->playback ? "playback" : "capture", o->periods,
		       o->period_bytes, (uint64_t)ri.hw_periods, r.delivered, r.bytes,
		       secs_ns / 1e9, secs_ns ? r.bytes * 1e3 / secs_ns : 0.0,
		       ds_pct(r.lat, r.nlat, 50), ds_pct(r.lat, r.nlat, 99),
		       (uint64_t)ri.overruns, (uint64_t)ri.underruns,
		       (uint64_t)(ri.overruns + ri.underruns),
		       (uint64_t)ri.clobbered, r.lost_seen,
		       (uint64_t)ri.callbacks, (uint64_t)ri.laps,
		       o->check ? "true" : "false",
		       r.bad_periods + r.played_bad, r.first_bad, r.fresh,
		       ri.error);
	} else {
		printf("stream %s: %u periods of %u bytes; device finished %" PRIu64
		       ", %s %" PRIu64 " (%" PRIu64 " bytes) in %.3f s, %.2f MB/s\n",
		       o->playback ? "playback" : "capture", o->periods,
		       o->period_bytes, (uint64_t)ri.hw_periods,
		       o->playback ? "queued" : "received", r.delivered, r.bytes,
		       secs_ns / 1e9, secs_ns ? r.bytes * 1e3 / secs_ns : 0.0);
		if (!o->playback)
			printf("period latency (finished to dequeued): p50 %.1f us, p99 %.1f us\n",
			       ds_pct(r.lat, r.nlat, 50) / 1e3,
			       ds_pct(r.lat, r.nlat, 99) / 1e3);
		printf("xruns: %" PRIu64 " (overruns %" PRIu64 ", underruns %" PRIu64
		       "), clobbered %" PRIu64 "\n",
		       (uint64_t)(ri.overruns + ri.underruns),
		       (uint64_t)ri.overruns, (uint64_t)ri.underruns,
		       (uint64_t)ri.clobbered);
		if (o->check)
			printf("data check: %s (%" PRIu64 " bad periods)\n",
			       ret ? "FAILED" : "ok", r.bad_periods + r.played_bad);
	}
	munmap(r.map, ring_bytes);
	close(rs.fd);
	ds_buffer_free(&fifo);
	free(r.lat);
	free(r.shadow);
	free(r.rx);
	close(dev);
	return ret;
}

static void susage(FILE *f)
{
	fprintf(f,
"usage: dmastream stream [OPTIONS]\n"
"\n"
"A streaming ring: N periods over one mapped buffer on a cyclic transfer.\n"
"Each period is dequeued (synced for the CPU, that period only), read or\n"
"written through the mmap()ed ring, queued back (synced for the device).\n"
"\n"
"  --capture            DEV_TO_MEM from the FIFO (default)\n"
"  --playback           MEM_TO_DEV to the FIFO\n"
"  --periods N          periods in the ring (default 8)\n"
"  --period-bytes N     bytes per period (default 4096)\n"
"  --count N            periods to stream (default 1000)\n"
"  --duration-ms N      stop after N ms (free-running only)\n"
"  --burst N            FIFO words per request (default 1)\n"
"  --loopback           a memory word stands in for the FIFO; the ring is\n"
"                       paced by dma330's test gates (debugfs): with\n"
"  --step               one gate released per period from here (capture\n"
"                       periods carry their own stamp), or\n"
"  --pace-us N          a gate released every N us by the provider\n"
"  --gate-dir DIR       the provider's debugfs dir (default: the first)\n"
"  --check              check every period's data (exit 3 if wrong)\n"
"  --stall-at K --stall S  capture: take nothing, playback: queue nothing\n"
"                       while periods K..K+S-1 finish\n"
"  --hold-at K          capture: hold period K while the device laps the\n"
"                       ring\n"
"  --delay-us N         capture: work per period before queueing it\n"
"  --feed               capture from the peripheral: ask the host for the\n"
"                       bytes ('@@HOST feed'), print '@@HOST check-rx'\n"
"  --json               one JSON object\n"
"\n"
"Prints throughput, period latency (finished to dequeued) p50/p99 and the\n"
"xruns (overruns, underruns) the kernel counted from the hardware\n"
"position.  Exit status: 0 ok, 1 error, 2 usage, 3 data check failed.\n");
}

enum {
	S_CAPTURE = 300, S_PLAYBACK, S_PERIODS, S_PBYTES, S_COUNT, S_DUR,
	S_BURST, S_LOOP, S_STEP, S_PACE, S_GATEDIR, S_CHECK, S_STALLAT,
	S_STALL, S_HOLD, S_DELAY, S_FEED, S_JSON, S_HELP,
};

static const struct option slongopts[] = {
	{ "capture", no_argument, NULL, S_CAPTURE },
	{ "playback", no_argument, NULL, S_PLAYBACK },
	{ "periods", required_argument, NULL, S_PERIODS },
	{ "period-bytes", required_argument, NULL, S_PBYTES },
	{ "count", required_argument, NULL, S_COUNT },
	{ "duration-ms", required_argument, NULL, S_DUR },
	{ "burst", required_argument, NULL, S_BURST },
	{ "loopback", no_argument, NULL, S_LOOP },
	{ "step", no_argument, NULL, S_STEP },
	{ "pace-us", required_argument, NULL, S_PACE },
	{ "gate-dir", required_argument, NULL, S_GATEDIR },
	{ "check", no_argument, NULL, S_CHECK },
	{ "stall-at", required_argument, NULL, S_STALLAT },
	{ "stall", required_argument, NULL, S_STALL },
	{ "hold-at", required_argument, NULL, S_HOLD },
	{ "delay-us", required_argument, NULL, S_DELAY },
	{ "feed", no_argument, NULL, S_FEED },
	{ "json", no_argument, NULL, S_JSON },
	{ "help", no_argument, NULL, S_HELP },
	{ NULL, 0, NULL, 0 },
};

static unsigned int snum(const char *name, const char *v)
{
	char *end;
	unsigned long n = strtoul(v, &end, 0);

	if (*end == 'k' || *end == 'K') {
		n <<= 10;
		end++;
	}
	if (*end || end == v || n > UINT32_MAX) {
		fprintf(stderr, "%s: %s: bad number '%s'\n", sprog, name, v);
		exit(EXIT_USAGE);
	}
	return n;
}

int stream_main(const char *dev, int argc, char **argv)
{
	struct sopts o = {
		.dev = dev, .periods = 8, .period_bytes = 4096, .count = 1000,
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", slongopts, NULL)) != -1) {
		switch (c) {
		case S_CAPTURE: o.playback = 0; break;
		case S_PLAYBACK: o.playback = 1; break;
		case S_PERIODS: o.periods = snum("--periods", optarg); break;
		case S_PBYTES: o.period_bytes = snum("--period-bytes", optarg); break;
		case S_COUNT: o.count = snum("--count", optarg); break;
		case S_DUR: o.duration_ms = snum("--duration-ms", optarg); break;
		case S_BURST: o.burst = snum("--burst", optarg); break;
		case S_LOOP: o.loopback = 1; break;
		case S_STEP: o.step = 1; break;
		case S_PACE: o.pace_us = snum("--pace-us", optarg); break;
		case S_GATEDIR: o.gate_dir = optarg; break;
		case S_CHECK: o.check = 1; break;
		case S_STALLAT: o.stall_at = snum("--stall-at", optarg); break;
		case S_STALL: o.stall = snum("--stall", optarg); break;
		case S_HOLD: o.hold_at = snum("--hold-at", optarg); break;
		case S_DELAY: o.delay_us = snum("--delay-us", optarg); break;
		case S_FEED: o.feed = 1; break;
		case S_JSON: o.json = 1; break;
		case 'h':
		case S_HELP:
			susage(stdout);
			return 0;
		default:
			susage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", sprog, argv[optind]);
		return EXIT_USAGE;
	}
	if (o.periods < 2 || o.periods > DMASTREAM_RING_MAX_PERIODS ||
	    !o.period_bytes || o.period_bytes % 4 || !o.count ||
	    o.count > 100000000u) {
		fprintf(stderr, "%s: --periods 2..%u, --period-bytes a multiple of 4, --count > 0\n",
			sprog, DMASTREAM_RING_MAX_PERIODS);
		return EXIT_USAGE;
	}
	if ((o.step || o.pace_us) && !o.loopback) {
		fprintf(stderr, "%s: --step and --pace-us pace the loopback (--loopback)\n",
			sprog);
		return EXIT_USAGE;
	}
	if (o.loopback && !o.step && !o.pace_us) {
		fprintf(stderr, "%s: --loopback needs --step or --pace-us (nothing else paces it)\n",
			sprog);
		return EXIT_USAGE;
	}
	if ((o.stall || o.hold_at) && !o.step) {
		fprintf(stderr, "%s: --stall and --hold-at need --step (exact periods)\n",
			sprog);
		return EXIT_USAGE;
	}
	if (o.feed && (o.loopback || o.playback)) {
		fprintf(stderr, "%s: --feed is for a capture from the peripheral\n",
			sprog);
		return EXIT_USAGE;
	}
	return stream_run(&o);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream doctor: walk the "stale or corrupt DMA data" checklist on a
 * running system and print what was found.
 *
 * Sources (all read-only):
 *   /dev/dmastream                   DMASTREAM_IOC_QUERY: roles and channels
 *   /sys/class/dma/<chan>/           channel in use, its controller, driver
 *   /sys/kernel/debug/dmastream/     buffers (channels + DMA masks, every
 *                                    buffer and its owner), stats
 *   /sys/kernel/debug/dma-api/       DMA-API debug: disabled, error_count,
 *                                    free entries, dump (live mappings)
 *   /sys/kernel/debug/swiotlb/       bounce pools (default + restricted)
 *   /sys/kernel/debug/dma330/<dev>/  provider stats (faults), fault_attr
 *
 * Exit status: 0 nothing wrong (warnings allowed unless --strict),
 * 1 at least one failure, 2 usage.
 */
#include <dirent.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "common.h"
#include "doctor.h"

#define DBG		"/sys/kernel/debug"
#define IO_TLB_SIZE	2048	/* bytes per swiotlb slab */
#define MAX_KV		20

enum level { L_OK, L_INFO, L_WARN, L_FAIL };
static const char *const lvl_text[] = { "ok", "info", "WARN", "FAIL" };

/* One row of a section: a label and key/value pairs. */
struct rec {
	const char *sec;
	char label[64];
	unsigned int n;
	struct {
		char k[24];
		char v[96];
		int num;	/* print unquoted in JSON */
	} kv[MAX_KV];
};

struct finding {
	const char *sec;
	enum level lvl;
	char msg[256];
};

static struct rec *recs;
static size_t nrecs, caprecs;
static struct finding *finds;
static size_t nfinds, capfinds;

static const char *const sections[] = {
	"client", "channels", "dma-api", "mappings", "bounce", "buffers",
	"faults",
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

static void *grow(void *p, size_t *cap, size_t n, size_t sz)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 32;
	p = realloc(p, *cap * sz);
	if (!p) {
		perror("dmastream doctor");
		exit(1);
	}
	return p;
}

static struct rec *rec_new(const char *sec, const char *fmt, ...)
{
	struct rec *r;
	va_list ap;

	recs = grow(recs, &caprecs, nrecs, sizeof(*recs));
	r = &recs[nrecs++];
	memset(r, 0, sizeof(*r));
	r->sec = sec;
	va_start(ap, fmt);
	vsnprintf(r->label, sizeof(r->label), fmt, ap);
	va_end(ap);
	return r;
}

static void kv_add(struct rec *r, const char *k, int num, const char *fmt, ...)
{
	va_list ap;

	if (r->n >= MAX_KV)
		return;
	snprintf(r->kv[r->n].k, sizeof(r->kv[r->n].k), "%s", k);
	va_start(ap, fmt);
	vsnprintf(r->kv[r->n].v, sizeof(r->kv[r->n].v), fmt, ap);
	va_end(ap);
	r->kv[r->n].num = num;
	r->n++;
}

#define kv_s(r, k, ...) kv_add(r, k, 0, __VA_ARGS__)
#define kv_u(r, k, v) kv_add(r, k, 1, "%llu", (unsigned long long)(v))

static void find(const char *sec, enum level lvl, const char *fmt, ...)
{
	struct finding *f;
	va_list ap;

	finds = grow(finds, &capfinds, nfinds, sizeof(*finds));
	f = &finds[nfinds++];
	f->sec = sec;
	f->lvl = lvl;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* ---- file helpers ---- */

static int read_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size - 1, f);
	buf[n] = 0;
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

static int read_u64(const char *path, uint64_t *v)
{
	char buf[64], *end;

	if (read_text(path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	*v = strtoull(buf, &end, 0);
	return (errno || end == buf) ? -1 : 0;
}

static int path_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* Value of "key=" in a key=value line; "" if absent. */
static const char *kv_get(const char *line, const char *key, char *out,
			  size_t size)
{
	size_t kl = strlen(key);
	const char *p = line;

	out[0] = 0;
	while ((p = strstr(p, key))) {
		if ((p == line || p[-1] == ' ') && p[kl] == '=') {
			size_t n = strcspn(p + kl + 1, " \n");

			if (n >= size)
				n = size - 1;
			memcpy(out, p + kl + 1, n);
			out[n] = 0;
			break;
		}
		p += kl;
	}
	return out;
}

static uint64_t kv_num(const char *line, const char *key)
{
	char v[32];

	return strtoull(kv_get(line, key, v, sizeof(v)), NULL, 0);
}

/* "name value" or "name: value" lines (dmastream and dma330 stats). */
static int stat_get(const char *path, const char *name, uint64_t *v)
{
	char line[256];
	size_t nl = strlen(name);
	FILE *f = fopen(path, "r");
	int ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, nl))
			continue;
		if (line[nl] == ':' || line[nl] == ' ') {
			*v = strtoull(line + nl + 1 + (line[nl] == ':'), NULL, 0);
			ret = 0;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* ---- what the client reports about its DMA devices ---- */

struct devmask {
	char dev[96];
	uint64_t mask;
};

static struct devmask masks[8];
static unsigned int nmasks;

static void mask_note(const char *dev, uint64_t mask)
{
	unsigned int i;

	for (i = 0; i < nmasks; i++)
		if (!strcmp(masks[i].dev, dev))
			return;
	if (nmasks < sizeof(masks) / sizeof(masks[0])) {
		snprintf(masks[nmasks].dev, sizeof(masks[nmasks].dev), "%s", dev);
		masks[nmasks++].mask = mask;
	}
}

static int mask_of(const char *dev, uint64_t *mask)
{
	unsigned int i;

	for (i = 0; i < nmasks; i++) {
		if (!strcmp(masks[i].dev, dev)) {
			*mask = masks[i].mask;
			return 0;
		}
	}
	return -1;
}

/* ---- checks ---- */

static int check_client(const struct doctor_opts *o, int *devfd)
{
	struct dmastream_chan_info ci[DMASTREAM_CHAN_COUNT];
	struct dmastream_query q;
	struct rec *r;
	unsigned int i;
	int fd;

	r = rec_new("client", "%s", o->dev);
	kv_s(r, "module", "%s", path_exists("/sys/module/dmastream") ?
	     "loaded" : "not loaded");
	fd = open(o->dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		kv_s(r, "open", "%s", strerror(errno));
		find("client", L_FAIL, "cannot open %s: %s (dmastream module not loaded, or not root?)",
		     o->dev, strerror(errno));
		return -1;
	}
	memset(&q, 0, sizeof(q));
	memset(ci, 0, sizeof(ci));
	q.chans = (uintptr_t)ci;
	q.nr_chans = DMASTREAM_CHAN_COUNT;
	if (ioctl(fd, DMASTREAM_IOC_QUERY, &q)) {
		find("client", L_FAIL, "DMASTREAM_IOC_QUERY: %s", strerror(errno));
		close(fd);
		return -1;
	}
	kv_u(r, "api_version", q.version);
	kv_s(r, "dt_client", "%s", q.flags & DMASTREAM_QF_SLAVE ?
	     (q.flags & DMASTREAM_QF_CDNS_UART ? "bound (Cadence UART)" :
	      "bound") : "none");
	kv_u(r, "max_map_size", q.max_map_size);
	kv_u(r, "cma_size", q.cma_size);
	for (i = 0; i < q.nr_chans && i < DMASTREAM_CHAN_COUNT; i++)
		kv_s(r, ds_role_name(i), "%s", ci[i].present ? ci[i].name : "-");
	if (!ci[DMASTREAM_CHAN_MEMCPY].present)
		find("client", L_WARN, "no memcpy channel: no DMA_MEMCPY-capable provider loaded");
	if (q.version != DMASTREAM_API_VERSION)
		find("client", L_WARN, "API version %u, this tool speaks %u",
		     q.version, DMASTREAM_API_VERSION);
	*devfd = fd;	/* kept open: the memcpy channel stays held */
	return 0;
}

static void check_sysfs_chans(void)
{
	DIR *d = opendir("/sys/class/dma");
	struct dirent *e;
	unsigned int n = 0;

	if (!d) {
		find("channels", L_WARN, "no /sys/class/dma: no DMA engine registered");
		return;
	}
	while ((e = readdir(d))) {
		char p[PATH_MAX], link[PATH_MAX], drv[PATH_MAX];
		uint64_t in_use = 0, bytes = 0;
		const char *dev, *dname;
		struct rec *r;
		ssize_t l;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/dma/%s/device", e->d_name);
		l = readlink(p, link, sizeof(link) - 1);
		link[l > 0 ? l : 0] = 0;
		dev = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
		snprintf(p, sizeof(p), "/sys/class/dma/%s/device/driver", e->d_name);
		l = readlink(p, drv, sizeof(drv) - 1);
		drv[l > 0 ? l : 0] = 0;
		dname = strrchr(drv, '/') ? strrchr(drv, '/') + 1 : drv;
		snprintf(p, sizeof(p), "/sys/class/dma/%s/in_use", e->d_name);
		read_u64(p, &in_use);
		snprintf(p, sizeof(p), "/sys/class/dma/%s/bytes_transferred", e->d_name);
		read_u64(p, &bytes);
		r = rec_new("channels", "sysfs %s", e->d_name);
		kv_s(r, "device", "%s", dev);
		kv_s(r, "driver", "%s", *dname ? dname : "-");
		kv_u(r, "in_use", in_use);
		kv_u(r, "bytes_transferred", bytes);
		n++;
	}
	closedir(d);
	if (!n)
		find("channels", L_WARN, "/sys/class/dma is empty: no DMA channels registered");
}

/* Channel, alloc, buf and skip lines of the client's debugfs view. */
static void check_client_view(const struct doctor_opts *o)
{
	const char *path = DBG "/dmastream/buffers";
	unsigned long nbuf = 0, nsingle = 0, nsg = 0, nimp = 0;
	unsigned long own_dev = 0, own_cpu = 0, own_fl = 0;
	char line[512], v[96], v2[96];
	FILE *f = fopen(path, "r");

	if (!f) {
		find("buffers", L_WARN, "cannot read %s (debugfs not mounted, or a dmastream without the view): buffer ownership unknown",
		     path);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		struct rec *r;

		if (!strncmp(line, "chan ", 5)) {
			uint64_t mask = kv_num(line, "dma_mask");
			uint64_t cmask = kv_num(line, "coherent_mask");
			uint64_t oldest = kv_num(line, "oldest_ms");

			r = rec_new("channels", "%s", kv_get(line, "role", v, sizeof(v)));
			kv_s(r, "channel", "%s", kv_get(line, "name", v, sizeof(v)));
			kv_s(r, "device", "%s", kv_get(line, "device", v2, sizeof(v2)));
			kv_s(r, "dma_mask", "0x%" PRIx64, mask);
			kv_s(r, "coherent_mask", "0x%" PRIx64, cmask);
			kv_s(r, "coherent", "%s", kv_num(line, "coherent") ?
			     "yes (hardware snoops)" : "no (syncs do cache maintenance)");
			kv_s(r, "bounce", "%s", kv_num(line, "bounce") ?
			     "yes (every mapping bounced)" : "no");
			kv_u(r, "max_map", kv_num(line, "max_map"));
			kv_u(r, "inflight", kv_num(line, "inflight"));
			kv_u(r, "oldest_ms", oldest);
			mask_note(v2, mask);
			if (!mask)
				find("channels", L_FAIL, "%s: DMA device %s has no DMA mask: every mapping fails",
				     r->label, v2);
			else if (cmask < mask)
				find("channels", L_INFO, "%s: coherent mask 0x%" PRIx64 " narrower than the streaming mask 0x%" PRIx64,
				     r->label, cmask, mask);
			if (kv_num(line, "inflight") && oldest > o->max_inflight_ms)
				find("channels", L_FAIL, "%s (%s): a transfer has been in flight for %" PRIu64 " ms (> %u ms): stuck channel, its buffers are the device's",
				     r->label, kv_get(line, "name", v, sizeof(v)),
				     oldest, o->max_inflight_ms);
		} else if (!strncmp(line, "alloc ", 6)) {
			r = rec_new("channels", "cma-alloc");
			kv_s(r, "device", "%s", kv_get(line, "device", v, sizeof(v)));
			kv_s(r, "dma_mask", "%s", kv_get(line, "dma_mask", v, sizeof(v)));
			kv_s(r, "coherent_mask", "%s", kv_get(line, "coherent_mask", v, sizeof(v)));
		} else if (!strncmp(line, "buf ", 4)) {
			uint64_t ms = kv_num(line, "owner_ms");
			const char *own;

			nbuf++;
			kv_get(line, "mapping", v, sizeof(v));
			nsingle += !strcmp(v, "streaming-single");
			nsg += !strcmp(v, "streaming-sg");
			nimp += !strcmp(v, "import");
			own = kv_get(line, "owner", v2, sizeof(v2));
			own_dev += !strcmp(own, "device");
			own_cpu += !strcmp(own, "cpu");
			own_fl += !strcmp(own, "inflight");
			if (!o->verbose && strcmp(own, "device") == 0)
				; /* idle buffers: listed with --verbose only */
			else {
				r = rec_new("buffers", "buffer %" PRIu64, kv_num(line, "id"));
				kv_s(r, "kind", "%s", kv_get(line, "kind", v, sizeof(v)));
				kv_s(r, "dir", "%s", kv_get(line, "dir", v, sizeof(v)));
				kv_u(r, "size", kv_num(line, "size"));
				kv_u(r, "nents", kv_num(line, "nents"));
				kv_s(r, "mapping", "%s", kv_get(line, "mapping", v, sizeof(v)));
				kv_s(r, "owner", "%s", own);
				kv_u(r, "owner_ms", ms);
				kv_s(r, "device", "%s", kv_get(line, "device", v, sizeof(v)));
			}
			if (!strcmp(own, "inflight") && ms > o->max_inflight_ms)
				find("buffers", L_FAIL, "buffer %" PRIu64 " (%s, %" PRIu64 " B) in flight for %" PRIu64 " ms (> %u ms): the device still owns it; CPU reads would see stale data",
				     kv_num(line, "id"), kv_get(line, "dir", v, sizeof(v)),
				     kv_num(line, "size"), ms, o->max_inflight_ms);
			else if (!strcmp(own, "cpu") && ms > o->max_cpu_ms)
				find("buffers", L_WARN, "buffer %" PRIu64 " held by the CPU for %" PRIu64 " ms: DMA_BUF_IOCTL_SYNC END missing? (submissions of it are refused)",
				     kv_num(line, "id"), ms);
		} else if (!strncmp(line, "skip ", 5)) {
			uint64_t c = kv_num(line, "skip_cpu_sync");
			uint64_t d = kv_num(line, "skip_dev_sync");

			if (c || d)
				find("buffers", L_FAIL, "debug switches armed: the next %" PRIu64 " for_cpu and %" PRIu64 " for_device syncs will be skipped (stale data by design; module parameters skip_cpu_sync/skip_dev_sync)",
				     c, d);
		}
	}
	fclose(f);
	{
		struct rec *r = rec_new("buffers", "summary");

		kv_u(r, "buffers", nbuf);
		kv_u(r, "streaming_single", nsingle);
		kv_u(r, "streaming_sg", nsg);
		kv_u(r, "imported", nimp);
		kv_u(r, "coherent", 0);
		kv_u(r, "owner_device", own_dev);
		kv_u(r, "owner_cpu", own_cpu);
		kv_u(r, "owner_inflight", own_fl);
	}
}

static void check_client_stats(void)
{
	const char *path = DBG "/dmastream/stats";
	uint64_t skc = 0, skd = 0, to = 0, err = 0, ref = 0, scpu = 0, sdev = 0;
	struct rec *r;

	if (stat_get(path, "transfers", &to))
		return;		/* reported by the view already */
	r = rec_new("buffers", "client stats");
	stat_get(path, "sync_for_cpu", &scpu);
	stat_get(path, "sync_for_device", &sdev);
	stat_get(path, "skipped_for_cpu", &skc);
	stat_get(path, "skipped_for_device", &skd);
	kv_u(r, "transfers", to);
	kv_u(r, "sync_for_cpu", scpu);
	kv_u(r, "sync_for_device", sdev);
	kv_u(r, "skipped_for_cpu", skc);
	kv_u(r, "skipped_for_device", skd);
	to = 0;
	stat_get(path, "timeouts", &to);
	stat_get(path, "errors", &err);
	stat_get(path, "refused", &ref);
	kv_u(r, "timeouts", to);
	kv_u(r, "errors", err);
	kv_u(r, "refused", ref);
	if (skc || skd)
		find("buffers", L_FAIL, "%" PRIu64 " for_cpu and %" PRIu64 " for_device syncs were skipped (debug switches): buffers may hold stale data",
		     skc, skd);
	if (to)
		find("buffers", L_FAIL, "%" PRIu64 " transfers timed out (channel terminated): their destinations hold partial data",
		     to);
	if (err)
		find("buffers", L_FAIL, "%" PRIu64 " transfers completed with an error: their destinations hold partial data",
		     err);
	if (ref)
		find("buffers", L_WARN, "%" PRIu64 " ownership violations refused (CPU access or submission of a buffer it did not own): a user has a sync bug",
		     ref);
}

static void check_dma_api(void)
{
	const char *dir = DBG "/dma-api";
	uint64_t errs = 0, freee = 0, minfree = 0, total = 0;
	char dis[16] = "";
	struct rec *r;

	if (!path_exists(DBG "/dma-api")) {
		if (!path_exists(DBG "/dmastream") && !path_exists(DBG "/dma330"))
			find("dma-api", L_WARN, "debugfs not mounted at " DBG ": DMA-API debug, bounce pools and fault counters cannot be read (mount -t debugfs none " DBG ")");
		else
			find("dma-api", L_WARN, "DMA-API debug not built in (CONFIG_DMA_API_DEBUG=n): wrong directions, missing syncs and leaks go undetected");
		return;
	}
	r = rec_new("dma-api", "%s", dir);
	read_text(DBG "/dma-api/disabled", dis, sizeof(dis));
	read_u64(DBG "/dma-api/error_count", &errs);
	read_u64(DBG "/dma-api/num_free_entries", &freee);
	read_u64(DBG "/dma-api/min_free_entries", &minfree);
	read_u64(DBG "/dma-api/nr_total_entries", &total);
	kv_s(r, "enabled", "%s", dis[0] == 'Y' ? "no" : "yes");
	kv_u(r, "error_count", errs);
	kv_u(r, "free_entries", freee);
	kv_u(r, "min_free_entries", minfree);
	kv_u(r, "total_entries", total);
	if (dis[0] == 'Y')
		find("dma-api", L_WARN, "DMA-API debug is disabled (dma_debug=off, or it ran out of entries): errors after that point are not counted");
	if (errs)
		find("dma-api", L_FAIL, "DMA-API debug counted %" PRIu64 " errors: see the kernel log for \"DMA-API:\" reports",
		     errs);
	if (total && !minfree)
		find("dma-api", L_WARN, "DMA-API debug ran out of entries at some point (min_free_entries 0): raise dma_debug_entries=");
}

struct mapgrp {
	char dev[64], drv[32], type[24], dir[24];
	unsigned long n;
	uint64_t bytes;
};

static void check_mappings(void)
{
	FILE *f = fopen(DBG "/dma-api/dump", "r");
	struct mapgrp g[64];
	unsigned int ng = 0, i, beyond = 0, unchecked = 0;
	unsigned long total = 0, coherent = 0;
	char line[512];

	if (!f) {
		if (path_exists(DBG "/dma-api"))
			find("mappings", L_INFO, "no " DBG "/dma-api/dump: live mappings not listed");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char drv[32], dev[64], type[24], dir[24], *p;
		unsigned long long da = 0, len = 0;
		uint64_t mask;

		/* "drv dev type idx N P=.. D=.. L=.. cln=.. DIR maperr..." */
		if (sscanf(line, "%31s %63s %23s", drv, dev, type) != 3)
			continue;
		p = strstr(line, " D=");
		if (p)
			da = strtoull(p + 3, NULL, 16);
		p = strstr(line, " L=");
		if (p)
			len = strtoull(p + 3, NULL, 16);
		p = strstr(line, "DMA_");
		snprintf(dir, sizeof(dir), "%.*s", p ? (int)strcspn(p, " \n") : 1,
			 p ? p : "?");
		total++;
		if (!strcmp(type, "coherent"))
			coherent++;
		if (strstr(line, "map error not checked"))
			unchecked++;
		if (!mask_of(dev, &mask) && len && da + len - 1 > mask) {
			beyond++;
			find("mappings", L_FAIL, "%s: mapping D=0x%llx L=0x%llx ends beyond its DMA mask 0x%" PRIx64,
			     dev, da, len, mask);
		}
		for (i = 0; i < ng; i++)
			if (!strcmp(g[i].dev, dev) && !strcmp(g[i].type, type) &&
			    !strcmp(g[i].dir, dir))
				break;
		if (i == ng) {
			if (ng == sizeof(g) / sizeof(g[0]))
				continue;
			memset(&g[ng], 0, sizeof(g[ng]));
			snprintf(g[ng].dev, sizeof(g[ng].dev), "%s", dev);
			snprintf(g[ng].drv, sizeof(g[ng].drv), "%s", drv);
			snprintf(g[ng].type, sizeof(g[ng].type), "%s", type);
			snprintf(g[ng].dir, sizeof(g[ng].dir), "%s", dir);
			ng++;
		}
		g[i].n++;
		g[i].bytes += len;
	}
	fclose(f);
	for (i = 0; i < ng; i++) {
		struct rec *r = rec_new("mappings", "%s", g[i].dev);

		kv_s(r, "driver", "%s", g[i].drv);
		kv_s(r, "type", "%s", g[i].type);
		kv_s(r, "direction", "%s", g[i].dir);
		kv_u(r, "count", g[i].n);
		kv_u(r, "bytes", g[i].bytes);
	}
	{
		struct rec *r = rec_new("mappings", "summary");

		kv_u(r, "live_mappings", total);
		kv_u(r, "coherent", coherent);
		kv_u(r, "streaming", total - coherent);
		kv_u(r, "beyond_mask", beyond);
		kv_u(r, "map_error_unchecked", unchecked);
	}
	if (unchecked)
		find("mappings", L_WARN, "%u live mappings whose dma_mapping_error() was never checked", unchecked);
}

static void pool_check(const char *dir, const char *name)
{
	char p[PATH_MAX];
	uint64_t nslabs = 0, used = 0, hi = 0;
	int has_hi;
	struct rec *r;

	snprintf(p, sizeof(p), "%s/io_tlb_nslabs", dir);
	if (read_u64(p, &nslabs) || !nslabs)
		return;
	snprintf(p, sizeof(p), "%s/io_tlb_used", dir);
	read_u64(p, &used);
	snprintf(p, sizeof(p), "%s/io_tlb_used_hiwater", dir);
	has_hi = !read_u64(p, &hi);
	r = rec_new("bounce", "%s", name);
	kv_u(r, "size", nslabs * IO_TLB_SIZE);
	kv_u(r, "used", used * IO_TLB_SIZE);
	if (has_hi)
		kv_u(r, "used_hiwater", hi * IO_TLB_SIZE);
	kv_u(r, "used_pct", nslabs ? used * 100 / nslabs : 0);
	if (used >= nslabs)
		find("bounce", L_FAIL, "bounce pool %s is full (%" PRIu64 " of %" PRIu64 " slabs): new mappings fail",
		     name, used, nslabs);
	else if (used * 10 >= nslabs * 9)
		find("bounce", L_WARN, "bounce pool %s is %" PRIu64 "%% used", name,
		     used * 100 / nslabs);
	if (has_hi && hi >= nslabs)
		find("bounce", L_WARN, "bounce pool %s was full at some point (hiwater %" PRIu64 " slabs): mappings may have failed",
		     name, hi);
}

static void check_bounce(void)
{
	const char *root = DBG "/swiotlb";
	DIR *d = opendir(root);
	struct dirent *e;
	unsigned int before = nrecs;

	if (!d) {
		struct rec *r = rec_new("bounce", "swiotlb");

		kv_s(r, "state", "no bounce pools (no " DBG "/swiotlb)");
		return;
	}
	pool_check(root, "swiotlb (default)");
	while ((e = readdir(d))) {
		char p[PATH_MAX], name[300];

		if (e->d_name[0] == '.' || !strncmp(e->d_name, "io_tlb", 6))
			continue;
		snprintf(p, sizeof(p), "%s/%s", root, e->d_name);
		snprintf(name, sizeof(name), "%s (restricted)", e->d_name);
		pool_check(p, name);
	}
	closedir(d);
	if (nrecs == before) {
		struct rec *r = rec_new("bounce", "swiotlb");

		kv_s(r, "state", "no active pool (nothing is bounced)");
	}
}

static void check_faults(void)
{
	DIR *d = opendir(DBG "/dma330");
	struct dirent *e;
	unsigned int n = 0;

	if (!d) {
		struct rec *r = rec_new("faults", "provider");

		kv_s(r, "state", "%s", path_exists("/sys/module/pl330") ?
		     "upstream pl330: no fault counters exposed" :
		     "no dma330 debugfs (provider not loaded?)");
		return;
	}
	while ((e = readdir(d))) {
		char p[PATH_MAX], line[256];
		uint64_t faults = 0, mgr = 0, done = 0, prob = 0;
		struct rec *r;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), DBG "/dma330/%s/stats", e->d_name);
		if (stat_get(p, "faults", &faults))
			continue;
		stat_get(p, "mgr_faults", &mgr);
		stat_get(p, "completed", &done);
		r = rec_new("faults", "dma330 %s", e->d_name);
		kv_u(r, "completed", done);
		kv_u(r, "channel_faults", faults);
		kv_u(r, "manager_faults", mgr);
		n++;
		if (faults || mgr)
			find("faults", L_FAIL, "dma330 %s: %" PRIu64 " channel and %" PRIu64 " manager faults since load: the faulted transfers' data is partial (kernel log: \"fault\")",
			     e->d_name, faults, mgr);
		/* Threads stuck in a fault state right now. */
		f = fopen(p, "r");
		while (f && fgets(line, sizeof(line), f)) {
			if (!strncmp(line, "thread", 6) && strstr(line, "ault"))
				find("faults", L_FAIL, "dma330 %s: %.*s", e->d_name,
				     (int)strcspn(line, "\n"), line);
		}
		if (f)
			fclose(f);
		snprintf(p, sizeof(p), DBG "/dma330/%s/fail_hw/probability", e->d_name);
		if (!read_u64(p, &prob) && prob)
			find("faults", L_WARN, "dma330 %s: fault injection armed (fail_hw probability %" PRIu64 "%%)",
			     e->d_name, prob);
		snprintf(p, sizeof(p), DBG "/dma330/%s/fail_prep/probability", e->d_name);
		if (!read_u64(p, &prob) && prob)
			find("faults", L_WARN, "dma330 %s: fault injection armed (fail_prep probability %" PRIu64 "%%)",
			     e->d_name, prob);
	}
	closedir(d);
	if (!n)
		find("faults", L_INFO, "no dma330 controller in " DBG "/dma330");
}

/* ---- output ---- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(unsigned int nfail, unsigned int nwarn)
{
	size_t s, i, j;

	printf("{\"result\":\"%s\",\"failures\":%u,\"warnings\":%u,\"sections\":{",
	       nfail ? "fail" : "ok", nfail, nwarn);
	for (s = 0; s < NSECTIONS; s++) {
		int first = 1;

		printf("%s\"%s\":[", s ? "," : "", sections[s]);
		for (i = 0; i < nrecs; i++) {
			if (strcmp(recs[i].sec, sections[s]))
				continue;
			printf("%s{\"name\":", first ? "" : ",");
			json_str(recs[i].label);
			for (j = 0; j < recs[i].n; j++) {
				printf(",\"%s\":", recs[i].kv[j].k);
				if (recs[i].kv[j].num)
					fputs(recs[i].kv[j].v, stdout);
				else
					json_str(recs[i].kv[j].v);
			}
			putchar('}');
			first = 0;
		}
		putchar(']');
	}
	printf("},\"findings\":[");
	for (i = 0; i < nfinds; i++) {
		printf("%s{\"level\":\"%s\",\"section\":\"%s\",\"message\":",
		       i ? "," : "", finds[i].lvl == L_FAIL ? "fail" :
		       finds[i].lvl == L_WARN ? "warn" : "info", finds[i].sec);
		json_str(finds[i].msg);
		putchar('}');
	}
	printf("]}\n");
}

static const char *const titles[] = {
	"client (/dev/dmastream)",
	"DMA channels and devices (DMA masks, coherency, bounce)",
	"DMA-API debug",
	"live DMA mappings (DMA-API debug dump): type, direction",
	"bounce pools (swiotlb, restricted-dma-pool)",
	"client buffers: mapping kind, ownership (CPU / device / in flight)",
	"fault counters (provider)",
};

static void print_text(unsigned int nfail, unsigned int nwarn)
{
	size_t s, i, j;

	for (s = 0; s < NSECTIONS; s++) {
		unsigned int bad = 0;

		printf("== %s\n", titles[s]);
		for (i = 0; i < nrecs; i++) {
			if (strcmp(recs[i].sec, sections[s]))
				continue;
			printf("   %s:", recs[i].label);
			for (j = 0; j < recs[i].n; j++)
				printf(" %s=%s", recs[i].kv[j].k, recs[i].kv[j].v);
			putchar('\n');
		}
		for (i = 0; i < nfinds; i++) {
			if (strcmp(finds[i].sec, sections[s]))
				continue;
			printf("   %-4s %s\n", lvl_text[finds[i].lvl], finds[i].msg);
			bad += finds[i].lvl >= L_WARN;
		}
		if (!bad)
			printf("   ok\n");
	}
	printf("doctor: %s (%u failure%s, %u warning%s)\n",
	       nfail ? "FAIL" : "ok", nfail, nfail == 1 ? "" : "s",
	       nwarn, nwarn == 1 ? "" : "s");
}

int doctor_main(const struct doctor_opts *o)
{
	unsigned int nfail = 0, nwarn = 0;
	int fd = -1;
	size_t i;

	check_client(o, &fd);
	check_sysfs_chans();
	check_client_view(o);
	check_client_stats();
	check_dma_api();
	check_mappings();
	check_bounce();
	check_faults();
	if (fd >= 0)
		close(fd);
	for (i = 0; i < nfinds; i++) {
		nfail += finds[i].lvl == L_FAIL;
		nwarn += finds[i].lvl == L_WARN;
	}
	if (o->json)
		print_json(nfail, nwarn);
	else
		print_text(nfail, nwarn);
	return (nfail || (o->strict && nwarn)) ? 1 : 0;
}

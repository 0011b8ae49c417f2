// SPDX-License-Identifier: GPL-2.0
/*
 * dmastream host module: binds "pl330stack,dmastream" DT nodes (a FIFO
 * peripheral served by slave DMA channels, optionally a Cadence UART that it
 * also initialises), any number of them, each served by a character device
 * (ds_cdev.c); holds the memcpy channel.  A user of the dmastream core
 * library through client/dmastream.h only.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dmaengine.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/platform_device.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "ds_compat.h"
#include "ds_main.h"

unsigned int ds_timeout_ms = 2000;
module_param_named(timeout_ms, ds_timeout_ms, uint, 0600);
MODULE_PARM_DESC(timeout_ms, "default transfer timeout in ms (1..10000)");

/*
 * The Zynq UART's RX FIFO holds 64 bytes, but QEMU's model (measured with
 * 7.2) only 16: default to the smaller so the same code works on both.
 */
static unsigned int ds_uart_fifo_depth = 16;
module_param_named(uart_fifo_depth, ds_uart_fifo_depth, uint, 0400);
MODULE_PARM_DESC(uart_fifo_depth,
		 "Cadence UART RX FIFO bytes usable per DEV_TO_MEM (1..64)");

unsigned int ds_fifo_depth(void)
{
	return clamp(ds_uart_fifo_depth, 1U, 64U);
}

static unsigned int ds_cma_pool_mb;
module_param_named(cma_pool_mb, ds_cma_pool_mb, uint, 0400);
MODULE_PARM_DESC(cma_pool_mb,
		 "CMA pool size quoted in errors (0: from DT or Kconfig)");

/* Cadence UART registers and bits (Zynq-7000 TRM, UG585 B.33). */
#define CDNS_CR			0x00
#define CDNS_CR_RXRST		BIT(0)
#define CDNS_CR_TXRST		BIT(1)
#define CDNS_CR_RXEN		BIT(2)
#define CDNS_CR_RXDIS		BIT(3)
#define CDNS_CR_TXEN		BIT(4)
#define CDNS_CR_TXDIS		BIT(5)
#define CDNS_MR			0x04
#define CDNS_MR_8N1		0x20	/* 8 bits, no parity, 1 stop, normal */
#define CDNS_IDR		0x0c
#define CDNS_ISR		0x14
#define CDNS_BAUDGEN		0x18
#define CDNS_BAUDDIV		0x34
#define CDNS_RTRIG		0x20
#define CDNS_SR			0x2c
#define CDNS_SR_RTRIG		BIT(0)
#define CDNS_SR_RXEMPTY		BIT(1)

/* /dev/dmastream: memcpy, and the first client node bound. */
static struct ds_host ds_default;
/* CMA buffers are allocated for this device, then mapped for the controller. */
static struct platform_device *ds_mem_pdev;
static struct dentry *ds_debugfs;
/* Bound clients, for the debugfs view; and the next /dev index. */
static DEFINE_MUTEX(ds_clients_lock);
static struct ds_client *ds_clients[16];
static unsigned int ds_next_index = 1;

/* The default CMA area's size, for error messages only. */
u64 ds_cma_pool_size(const char **source)
{
	struct device_node *rmem, *np;
	struct resource res;
	u64 size = 0;

	if (ds_cma_pool_mb) {
		*source = "cma_pool_mb parameter";
		return (u64)ds_cma_pool_mb << 20;
	}
	rmem = of_find_node_by_path("/reserved-memory");
	for_each_available_child_of_node(rmem, np) {
		if (!of_property_read_bool(np, "linux,cma-default"))
			continue;
		if (!of_address_to_resource(np, 0, &res))
			size = resource_size(&res);
		else
			of_property_read_u64(np, "size", &size);
		of_node_put(np);
		break;
	}
	of_node_put(rmem);
	if (size) {
		*source = "device tree linux,cma-default";
		return size;
	}
#ifdef CONFIG_CMA_SIZE_MBYTES
	*source = "CONFIG_CMA_SIZE_MBYTES, unless cma= overrides it";
	return (u64)CONFIG_CMA_SIZE_MBYTES << 20;
#else
	*source = "no CMA configured";
	return 0;
#endif
}

/* ---- channels ---- */

/**
 * ds_chan_config() - what the library needs for one of @h's channels
 * @h: the host (character device) the channel serves
 * @role: role name, e.g. "tx"
 * @cfg: filled in
 * @name: room for the channel's name in debugfs ("tx", "dmastream1:tx")
 * @name_size: bytes at @name
 */
void ds_chan_config(struct ds_host *h, const char *role,
		    struct dmastream_chan_config *cfg, char *name,
		    size_t name_size)
{
	const char *src;

	if (h->index)
		snprintf(name, name_size, "%s:%s", h->name, role);
	else
		strscpy(name, role, name_size);
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = name;
	cfg->log_dev = h->misc.this_device;
	cfg->alloc_dev = &ds_mem_pdev->dev;
	cfg->cma_size = ds_cma_pool_size(&src);
	cfg->timeout_ms = clamp(READ_ONCE(ds_timeout_ms), 1U, 10000U);
}

/**
 * ds_get_chan() - the channel wrapper serving a role of a host
 * @h: host
 * @role: DMASTREAM_CHAN_*
 *
 * Return: the wrapper, or an ERR_PTR(-ENODEV) if the role has no channel
 * (no DT node for tx/rx, no memcpy-capable provider loaded).
 */
struct dmastream_chan *ds_get_chan(struct ds_host *h, unsigned int role)
{
	struct dmastream_chan *dc = NULL;

	mutex_lock(&h->lock);
	if (role == DMASTREAM_CHAN_MEMCPY) {
		if (h->client && h->client->dc[DMASTREAM_CHAN_MEMCPY])
			dc = h->client->dc[DMASTREAM_CHAN_MEMCPY];
		else
			dc = h->memcpy_dc;
	} else if (role < DMASTREAM_CHAN_COUNT && h->client) {
		dc = h->client->dc[role];
	}
	mutex_unlock(&h->lock);
	return dc ? dc : ERR_PTR(-ENODEV);
}

/* Take any DMA_MEMCPY channel when the first file opens; h->lock held. */
void ds_memcpy_get(struct ds_host *h)
{
	struct dmastream_chan_config cfg;
	struct dmastream_chan *dc;
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	char name[32];

	lockdep_assert_held(&h->lock);
	if (h->memcpy_users++ || h->memcpy_dc)
		return;
	dma_cap_zero(mask);
	dma_cap_set(DMA_MEMCPY, mask);
	chan = dma_request_chan_by_mask(&mask);
	if (IS_ERR(chan))
		return;		/* memcpy then fails with -ENODEV */
	ds_chan_config(h, "memcpy-any", &cfg, name, sizeof(name));
	dc = dmastream_chan_create(chan, &cfg);
	if (IS_ERR(dc)) {
		dma_release_channel(chan);
		return;
	}
	h->memcpy_dc = dc;
}

/* Give the memcpy channel back with the last file; h->lock held. */
void ds_memcpy_put(struct ds_host *h)
{
	struct dmastream_chan *dc = h->memcpy_dc;
	struct dma_chan *chan;

	lockdep_assert_held(&h->lock);
	if (--h->memcpy_users || !dc)
		return;
	h->memcpy_dc = NULL;
	chan = dmastream_chan_dma(dc);
	dmastream_chan_destroy(dc);
	dma_release_channel(chan);
}

/**
 * ds_slave_config() - slave configuration for a host's peripheral FIFO
 * @h: host
 * @dir: DMA_MEM_TO_DEV or DMA_DEV_TO_MEM
 * @burst: maxburst in FIFO words, >= 1
 * @cfg: filled in
 *
 * Return: 0, or -ENODEV if no client node is bound.
 */
int ds_slave_config(struct ds_host *h, enum dma_transfer_direction dir,
		    u32 burst, struct dma_slave_config *cfg)
{
	struct ds_client *c;
	int ret = 0;

	memset(cfg, 0, sizeof(*cfg));
	mutex_lock(&h->lock);
	c = h->client;
	if (c) {
		enum dma_slave_buswidth w = c->fifo_width;

		/* Both sides get the FIFO width: providers differ in which
		 * one they read for the memory side.
		 */
		cfg->src_addr_width = w;
		cfg->dst_addr_width = w;
		cfg->src_maxburst = burst;
		cfg->dst_maxburst = burst;
		if (dir == DMA_MEM_TO_DEV)
			cfg->dst_addr = c->fifo_phys;
		else
			cfg->src_addr = c->fifo_phys;
	} else {
		ret = -ENODEV;
	}
	mutex_unlock(&h->lock);
	return ret;
}

/* ---- Cadence UART ---- */

/*
 * The line rate paces every byte a slave transfer moves: baud =
 * ref / (CD * (BDIV + 1)), CD 1..65535, BDIV 4..254. Pick the closest.
 */
static void ds_cdns_set_baud(struct ds_client *c)
{
	unsigned long best_err = ULONG_MAX;
	u32 bdiv, best_bdiv = 15, best_cd = 0x28b;

	for (bdiv = 4; bdiv <= 254 && c->ref_rate; bdiv++) {
		unsigned long cd = DIV_ROUND_CLOSEST(c->ref_rate,
						     c->baud * (bdiv + 1));
		unsigned long rate, err;

		if (!cd || cd > 65535)
			continue;
		rate = c->ref_rate / (cd * (bdiv + 1));
		err = rate > c->baud ? rate - c->baud : c->baud - rate;
		if (err < best_err) {
			best_err = err;
			best_bdiv = bdiv;
			best_cd = cd;
		}
	}
	writel(best_cd, c->regs + CDNS_BAUDGEN);
	writel(best_bdiv, c->regs + CDNS_BAUDDIV);
}

static int ds_cdns_init(struct ds_client *c)
{
	u32 cr;

	writel(CDNS_CR_RXRST | CDNS_CR_TXRST, c->regs + CDNS_CR);
	/* The reset bits clear themselves once the FIFOs are empty. */
	if (readl_poll_timeout(c->regs + CDNS_CR, cr,
			       !(cr & (CDNS_CR_RXRST | CDNS_CR_TXRST)),
			       10, 10000))
		return -ETIMEDOUT;
	writel(~0U, c->regs + CDNS_IDR);	/* the DMA polls, no IRQs */
	ds_cdns_set_baud(c);
	writel(CDNS_MR_8N1, c->regs + CDNS_MR);
	writel(CDNS_CR_RXEN | CDNS_CR_TXEN, c->regs + CDNS_CR);
	return 0;
}

static void ds_cdns_stop(struct ds_client *c)
{
	writel(CDNS_CR_RXDIS | CDNS_CR_TXDIS, c->regs + CDNS_CR);
}

/**
 * ds_fifo_wait() - wait until the RX FIFO holds enough bytes
 * @h: host whose peripheral to wait for
 * @bytes: level to wait for, 0 to only flush
 * @timeout_ms: bound of the wait
 * @flush: first discard what the FIFO holds
 * @flushed: set to the bytes discarded
 *
 * Needed because the emulated PL330 treats peripheral requests as always
 * asserted: a DEV_TO_MEM from an empty FIFO would read zeros.  The wait
 * polls busily (udelay) rather than sleeping so that under QEMU's icount
 * mode, where idle guest time runs ahead of the host, the bound still
 * leaves the host time to feed the bytes.
 *
 * Return: 0, -ENODEV (no client), -EOPNOTSUPP (peripheral level unknown),
 * -EINVAL (@bytes beyond the FIFO), -ETIMEDOUT, -EINTR (fatal signal).
 */
int ds_fifo_wait(struct ds_host *h, u32 bytes, u32 timeout_ms, bool flush,
		 u32 *flushed)
{
	struct ds_client *c;
	ktime_t deadline;
	int ret = 0;

	*flushed = 0;
	mutex_lock(&h->lock);
	c = h->client;
	mutex_unlock(&h->lock);
	/* The client cannot go away while a file is open: no bind attrs. */
	if (!c)
		return -ENODEV;
	if (!c->cdns)
		return -EOPNOTSUPP;
	if (bytes > ds_fifo_depth())
		return -EINVAL;

	mutex_lock(&c->fifo_lock);
	while (flush && !(readl(c->regs + CDNS_SR) & CDNS_SR_RXEMPTY) &&
	       *flushed < 4 * 64) {
		readl(c->regs + c->fifo_off);
		(*flushed)++;
	}
	if (!bytes)
		goto out;
	writel(bytes, c->regs + CDNS_RTRIG);
	deadline = ktime_add_ms(ktime_get(), timeout_ms);
	while (!(readl(c->regs + CDNS_SR) & CDNS_SR_RTRIG)) {
		if (ktime_after(ktime_get(), deadline)) {
			ret = -ETIMEDOUT;
			break;
		}
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		udelay(5);
		cond_resched();
	}
out:
	mutex_unlock(&c->fifo_lock);
	return ret;
}

/* ---- the DT client ---- */

static const char * const ds_chan_names[DMASTREAM_CHAN_COUNT] = {
	[DMASTREAM_CHAN_MEMCPY] = "memcpy",
	[DMASTREAM_CHAN_TX] = "tx",
	[DMASTREAM_CHAN_RX] = "rx",
};

static void ds_client_release_chans(struct ds_client *c)
{
	unsigned int i;

	for (i = 0; i < DMASTREAM_CHAN_COUNT; i++) {
		dmastream_chan_destroy(c->dc[i]);
		c->dc[i] = NULL;
		if (c->chan[i])
			dma_release_channel(c->chan[i]);
		c->chan[i] = NULL;
	}
}

static int ds_parse_fifo(struct device *dev, struct ds_client *c,
			 resource_size_t reg_size)
{
	struct device_node *np = dev->of_node;

	if (of_property_read_u32(np, "pl330stack,fifo-width", &c->fifo_width)) {
		dev_err(dev, "pl330stack,fifo-width: missing or not a u32\n");
		return -EINVAL;
	}
	if (c->fifo_width != 1 && c->fifo_width != 2 && c->fifo_width != 4) {
		dev_err(dev, "pl330stack,fifo-width: %u is not 1, 2 or 4\n",
			c->fifo_width);
		return -EINVAL;
	}
	if (of_property_read_u32(np, "pl330stack,fifo-offset", &c->fifo_off)) {
		dev_err(dev, "pl330stack,fifo-offset: missing or not a u32\n");
		return -EINVAL;
	}
	if (c->fifo_off % c->fifo_width ||
	    (u64)c->fifo_off + c->fifo_width > reg_size) {
		dev_err(dev,
			"pl330stack,fifo-offset: 0x%x is unaligned or outside reg (size 0x%llx)\n",
			c->fifo_off, (u64)reg_size);
		return -EINVAL;
	}
	return 0;
}

static int ds_parse_clocks(struct device *dev, struct ds_client *c)
{
	struct device_node *np = dev->of_node;
	int nclk = of_count_phandle_with_args(np, "clocks", "#clock-cells");
	int nnames = of_property_count_strings(np, "clock-names");
	bool have_ref = false, have_pclk = false;
	const char *name;
	struct clk *clk;
	int i;

	if (nclk <= 0 && nnames <= 0)
		goto check;
	if (nnames != nclk) {
		dev_err(dev, "clock-names: %d names for %d clocks\n",
			nnames < 0 ? 0 : nnames, nclk < 0 ? 0 : nclk);
		return -EINVAL;
	}
	for (i = 0; i < nnames; i++) {
		of_property_read_string_index(np, "clock-names", i, &name);
		if (!strcmp(name, "ref")) {
			have_ref = true;
		} else if (!strcmp(name, "pclk")) {
			have_pclk = true;
		} else {
			dev_err(dev, "clock-names: unknown clock '%s'\n", name);
			return -EINVAL;
		}
		/* Held on for the device's lifetime: a gated UART is deaf. */
		clk = ds_devm_clk_get_enabled(dev, name);
		if (IS_ERR(clk))
			return dev_err_probe(dev, PTR_ERR(clk),
					     "clocks: cannot enable '%s'\n",
					     name);
		if (!strcmp(name, "ref"))
			c->ref_rate = clk_get_rate(clk);
	}
check:
	if (c->cdns && (!have_ref || !have_pclk)) {
		dev_err(dev, "clock-names: the cdns-uart variant needs 'ref' and 'pclk'\n");
		return -EINVAL;
	}
	c->baud = 115200;
	of_property_read_u32(np, "current-speed", &c->baud);
	if (c->cdns && (!c->baud || (c->ref_rate && c->baud > c->ref_rate / 5))) {
		dev_err(dev, "current-speed: %u baud cannot be made from a %lu Hz reference clock\n",
			c->baud, c->ref_rate);
		return -EINVAL;
	}
	return 0;
}

static int ds_request_chans(struct device *dev, struct ds_client *c)
{
	struct dmastream_chan_config cfg;
	char cname[32];
	struct device_node *np = dev->of_node;
	int nnames = of_property_count_strings(np, "dma-names");
	int ndmas = of_count_phandle_with_args(np, "dmas", "#dma-cells");
	bool want[DMASTREAM_CHAN_COUNT] = { };
	struct dma_slave_caps caps;
	const char *name;
	unsigned int r;
	int i, ret;

	if (nnames <= 0) {
		dev_err(dev, "dma-names: missing\n");
		return -EINVAL;
	}
	if (ndmas != nnames) {
		dev_err(dev, "dmas: %d entries for %d dma-names\n",
			ndmas < 0 ? 0 : ndmas, nnames);
		return -EINVAL;
	}
	for (i = 0; i < nnames; i++) {
		of_property_read_string_index(np, "dma-names", i, &name);
		for (r = 0; r < DMASTREAM_CHAN_COUNT; r++)
			if (!strcmp(name, ds_chan_names[r]))
				break;
		if (r == DMASTREAM_CHAN_COUNT || want[r]) {
			dev_err(dev, "dma-names: '%s' is unknown or repeated (tx, rx, memcpy)\n",
				name);
			return -EINVAL;
		}
		want[r] = true;
	}
	if (!want[DMASTREAM_CHAN_TX] && !want[DMASTREAM_CHAN_RX]) {
		dev_err(dev, "dma-names: needs 'tx' and/or 'rx'\n");
		return -EINVAL;
	}
	if (c->cdns && (!want[DMASTREAM_CHAN_TX] || !want[DMASTREAM_CHAN_RX])) {
		dev_err(dev, "dma-names: the cdns-uart variant needs 'tx' and 'rx'\n");
		return -EINVAL;
	}

	for (r = 0; r < DMASTREAM_CHAN_COUNT; r++) {
		if (!want[r])
			continue;
		c->chan[r] = dma_request_chan(dev, ds_chan_names[r]);
		if (IS_ERR(c->chan[r])) {
			ret = PTR_ERR(c->chan[r]);
			c->chan[r] = NULL;
			dev_err_probe(dev, ret, "dmas: cannot get the '%s' channel\n",
				      ds_chan_names[r]);
			goto err;
		}
		ret = -EINVAL;
		if (r == DMASTREAM_CHAN_MEMCPY) {
			if (!dma_has_cap(DMA_MEMCPY, c->chan[r]->device->cap_mask)) {
				dev_err(dev, "dmas: the 'memcpy' channel cannot memcpy\n");
				goto err;
			}
		} else if (dma_get_slave_caps(c->chan[r], &caps) ||
			   !(caps.directions &
			     BIT(r == DMASTREAM_CHAN_TX ? DMA_MEM_TO_DEV :
							  DMA_DEV_TO_MEM))) {
			dev_err(dev, "dmas: the '%s' channel cannot do that direction\n",
				ds_chan_names[r]);
			goto err;
		}
		ds_chan_config(c->host, ds_chan_names[r], &cfg, cname,
			       sizeof(cname));
		c->dc[r] = dmastream_chan_create(c->chan[r], &cfg);
		if (IS_ERR(c->dc[r])) {
			ret = PTR_ERR(c->dc[r]);
			c->dc[r] = NULL;
			goto err;
		}
	}
	return 0;
err:
	ds_client_release_chans(c);
	return ret;
}

/* Unbind: stop offering the channels, then give them back. */
static void ds_client_teardown(void *data)
{
	struct ds_client *c = data;
	struct ds_host *h = c->host;
	unsigned int i;

	mutex_lock(&ds_clients_lock);
	for (i = 0; i < ARRAY_SIZE(ds_clients); i++)
		if (ds_clients[i] == c)
			ds_clients[i] = NULL;
	mutex_unlock(&ds_clients_lock);
	mutex_lock(&h->lock);
	h->client = NULL;
	mutex_unlock(&h->lock);
	/*
	 * No file is open (the module is going: no bind attributes), so
	 * nothing is in flight; destroy terminates anything that still is.
	 */
	ds_client_release_chans(c);
	if (c->cdns)
		ds_cdns_stop(c);
	if (h != &ds_default) {
		ds_host_unregister(h);
		kfree(h);
	}
}

/* The host for a new client: /dev/dmastream if free, else a new node. */
static struct ds_host *ds_host_for_client(struct ds_client *c)
{
	struct ds_host *h;
	int ret;

	mutex_lock(&ds_default.lock);
	if (!ds_default.client) {
		ds_default.client = c;	/* reserved; channels come next */
		mutex_unlock(&ds_default.lock);
		return &ds_default;
	}
	mutex_unlock(&ds_default.lock);
	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&ds_clients_lock);
	h->index = ds_next_index++;
	mutex_unlock(&ds_clients_lock);
	snprintf(h->name, sizeof(h->name), "dmastream%u", h->index);
	mutex_init(&h->lock);
	h->client = c;
	ret = ds_host_register(h);
	if (ret) {
		kfree(h);
		return ERR_PTR(ret);
	}
	return h;
}

static void ds_host_drop_client(struct ds_host *h)
{
	if (h == &ds_default) {
		mutex_lock(&h->lock);
		h->client = NULL;
		mutex_unlock(&h->lock);
		return;
	}
	ds_host_unregister(h);
	kfree(h);
}

static int ds_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct ds_client *c;
	struct resource *res;
	unsigned int i;
	int ret;

	c = devm_kzalloc(dev, sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;
	c->dev = dev;
	mutex_init(&c->fifo_lock);
	c->cdns = of_device_is_compatible(dev->of_node,
					  "pl330stack,dmastream-cdns-uart");
	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (!res) {
		dev_err(dev, "reg: missing\n");
		return -EINVAL;
	}
	ret = ds_parse_fifo(dev, c, resource_size(res));
	if (ret)
		return ret;
	c->regs = devm_ioremap_resource(dev, res);
	if (IS_ERR(c->regs))
		return dev_err_probe(dev, PTR_ERR(c->regs), "reg: cannot map\n");
	c->fifo_phys = res->start + c->fifo_off;
	ret = ds_parse_clocks(dev, c);
	if (ret)
		return ret;

	c->host = ds_host_for_client(c);
	if (IS_ERR(c->host))
		return PTR_ERR(c->host);
	ret = ds_request_chans(dev, c);
	if (ret)
		goto err_host;
	if (c->cdns) {
		ret = ds_cdns_init(c);
		if (ret) {
			dev_err(dev, "UART reset did not complete\n");
			ds_client_release_chans(c);
			goto err_host;
		}
		dev_info(dev, "UART at %u baud from a %lu Hz reference clock\n",
			 c->baud, c->ref_rate);
	}
	mutex_lock(&ds_clients_lock);
	for (i = 0; i < ARRAY_SIZE(ds_clients); i++) {
		if (!ds_clients[i]) {
			ds_clients[i] = c;
			break;
		}
	}
	mutex_unlock(&ds_clients_lock);
	if (c->host->index)
		dev_info(dev, "served by /dev/%s\n", c->host->name);
	dev_info(dev, "FIFO at %pa (width %u)%s, tx %s, rx %s, memcpy %s\n",
		 &c->fifo_phys, c->fifo_width, c->cdns ? ", Cadence UART" : "",
		 c->chan[DMASTREAM_CHAN_TX] ?
		 dma_chan_name(c->chan[DMASTREAM_CHAN_TX]) : "-",
		 c->chan[DMASTREAM_CHAN_RX] ?
		 dma_chan_name(c->chan[DMASTREAM_CHAN_RX]) : "-",
		 c->chan[DMASTREAM_CHAN_MEMCPY] ?
		 dma_chan_name(c->chan[DMASTREAM_CHAN_MEMCPY]) : "any");
	/* Undone before the clocks (registered earlier) are disabled. */
	return devm_add_action_or_reset(dev, ds_client_teardown, c);

err_host:
	ds_host_drop_client(c->host);
	return ret;
}

static const struct of_device_id ds_of_match[] = {
	{ .compatible = "pl330stack,dmastream-cdns-uart" },
	{ .compatible = "pl330stack,dmastream" },
	{ }
};
MODULE_DEVICE_TABLE(of, ds_of_match);

static struct platform_driver ds_platform_driver = {
	.probe = ds_probe,
	.driver = {
		.name = "dmastream",
		.of_match_table = ds_of_match,
		/* The chardev uses the channels without a device reference. */
		.suppress_bind_attrs = true,
	},
};

/* ---- module ---- */

/* Peripheral registers, for diagnosing a deaf or stuck UART. */
static int ds_uart_seq_show(struct seq_file *m, void *v)
{
	struct ds_client *c;
	unsigned int i, n = 0;

	mutex_lock(&ds_clients_lock);
	for (i = 0; i < ARRAY_SIZE(ds_clients); i++) {
		c = ds_clients[i];
		if (!c || !c->cdns)
			continue;
		n++;
		seq_printf(m, "%s (/dev/%s)\nCR 0x%08x\nMR 0x%08x\nISR 0x%08x\nRTRIG 0x%08x\nSR 0x%08x\n",
			   dev_name(c->dev), c->host->name,
			   readl(c->regs + CDNS_CR), readl(c->regs + CDNS_MR),
			   readl(c->regs + CDNS_ISR),
			   readl(c->regs + CDNS_RTRIG),
			   readl(c->regs + CDNS_SR));
	}
	mutex_unlock(&ds_clients_lock);
	if (!n)
		seq_puts(m, "no Cadence UART bound\n");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ds_uart_seq);

static int __init ds_init(void)
{
	int ret;

	mutex_init(&ds_default.lock);
	strscpy(ds_default.name, "dmastream", sizeof(ds_default.name));
	ds_mem_pdev = platform_device_register_simple("dmastream-mem",
						      PLATFORM_DEVID_NONE,
						      NULL, 0);
	if (IS_ERR(ds_mem_pdev))
		return PTR_ERR(ds_mem_pdev);
	ds_debugfs = debugfs_create_dir("dmastream_dev", NULL);
	debugfs_create_file("uart", 0400, ds_debugfs, NULL, &ds_uart_seq_fops);
	ret = ds_host_register(&ds_default);
	if (ret)
		goto err_pdev;
	ret = platform_driver_register(&ds_platform_driver);
	if (ret)
		goto err_host;
	return 0;

err_host:
	ds_host_unregister(&ds_default);
err_pdev:
	debugfs_remove_recursive(ds_debugfs);
	platform_device_unregister(ds_mem_pdev);
	return ret;
}
module_init(ds_init);

static void __exit ds_exit(void)
{
	platform_driver_unregister(&ds_platform_driver);
	ds_host_unregister(&ds_default);
	debugfs_remove_recursive(ds_debugfs);
	platform_device_unregister(ds_mem_pdev);
}
module_exit(ds_exit);

MODULE_DESCRIPTION("dmastream: DT client binding and /dev/dmastream");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);

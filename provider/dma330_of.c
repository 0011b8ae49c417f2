// SPDX-License-Identifier: GPL-2.0
/*
 * dma330 provider: AMBA binding, device-tree parsing, probe and removal,
 * runtime PM.  Binds to the standard "arm,pl330" nodes under its own driver
 * name so it can coexist with the upstream pl330 module in one kernel.
 */
#include <linux/amba/bus.h>
#include <linux/clk.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_dma.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/reset.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "dma330.h"
#include "dma330_compat.h"

static unsigned int nr_vchans = 16;
module_param(nr_vchans, uint, 0444);
MODULE_PARM_DESC(nr_vchans, "virtual channels per controller (>= threads)");

static unsigned int prog_bytes = 4096;
module_param(prog_bytes, uint, 0444);
MODULE_PARM_DESC(prog_bytes, "program buffer bytes per hardware thread");

#define DMA330_AUTOSUSPEND_MS	100

/* Any unused channel of this controller (public API, no private header). */
static bool dma330_filter_own(struct dma_chan *chan, void *param)
{
	return chan->device == param;
}

static struct dma_chan *dma330_xlate(struct of_phandle_args *spec,
				     struct of_dma *ofdma)
{
	struct dma330_dev *d = ofdma->of_dma_data;
	struct device *dev = d->dd.dev;
	struct dma_chan *chan;
	dma_cap_mask_t mask;
	unsigned int line;

	if (spec->args_count != 1) {
		dev_err(dev, "dmas: expected 1 cell (request line), got %d\n",
			spec->args_count);
		return NULL;
	}
	line = spec->args[0];
	if (line >= d->hw.cfg.nperiph) {
		dev_err(dev, "dmas: request line %u does not exist (controller has %u)\n",
			line, d->hw.cfg.nperiph);
		return NULL;
	}
	if (!(d->hw.cfg.pns & BIT(line))) {
		dev_err(dev, "dmas: request line %u is secure (PNS 0x%08x) and the manager is not\n",
			line, d->hw.cfg.pns);
		return NULL;
	}
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, dma330_filter_own, &d->dd);
	if (chan) {
		to_dma330_chan(chan)->periph = line;
		return chan;
	}
	dev_err(dev, "dmas: request line %u: all %u channels in use\n", line,
		d->nchans);
	return NULL;
}

/* dma-channels / dma-requests may only restrict what the hardware has. */
static int dma330_of_limit(struct device *dev, const char *prop, u8 *val)
{
	u32 v;
	int ret;

	ret = of_property_read_u32(dev->of_node, prop, &v);
	if (ret == -EINVAL)
		return 0;	/* absent */
	if (ret) {
		dev_err(dev, "%s: cannot read: %d\n", prop, ret);
		return ret;
	}
	if (v > *val || (!v && !strcmp(prop, "dma-channels"))) {
		dev_err(dev, "%s = %u: hardware has %u\n", prop, v, *val);
		return -EINVAL;
	}
	*val = v;
	return 0;
}

static void dma330_unmap_buffers(void *data)
{
	struct dma330_dev *d = data;
	unsigned int i;

	for (i = 0; i < d->hw.cfg.nthreads; i++) {
		struct dma330_thread *thr = &d->threads[i];

		if (!thr->buf)
			continue;
		if (d->prog_coherent) {
			dma_free_coherent(d->dd.dev, d->prog_bytes, thr->buf,
					  thr->buf_dma);
		} else {
			dma_unmap_single(d->dd.dev, thr->buf_dma,
					 d->prog_bytes, DMA_TO_DEVICE);
			kfree(thr->buf);
		}
		thr->buf = NULL;
	}
}

/*
 * Program memory: coherent buffers where the device can have them (no
 * cache maintenance per program).  When dma_alloc_coherent fails, as it
 * does for a node with a restricted-dma-pool memory-region, ordinary
 * memory with one streaming mapping, synced by range before each DMAGO.
 */
static int dma330_alloc_coherent_buffers(struct dma330_dev *d)
{
	struct device *dev = d->dd.dev;
	unsigned int i;

	d->prog_coherent = true;
	for (i = 0; i < d->hw.cfg.nthreads; i++) {
		struct dma330_thread *thr = &d->threads[i];
		dma_addr_t dma;
		u8 *buf;

		buf = dma_alloc_coherent(dev, d->prog_bytes, &dma, GFP_KERNEL);
		if (buf && upper_32_bits(dma + d->prog_bytes - 1)) {
			dma_free_coherent(dev, d->prog_bytes, buf, dma);
			buf = NULL;
		}
		if (!buf) {
			dma330_unmap_buffers(d);
			d->prog_coherent = false;
			return -ENOMEM;
		}
		thr->buf = buf;
		thr->buf_dma = dma;
	}
	return 0;
}

static int dma330_map_buffers(struct dma330_dev *d)
{
	struct device *dev = d->dd.dev;
	unsigned int i;
	int ret;

	ret = devm_add_action(dev, dma330_unmap_buffers, d);
	if (ret)
		return ret;
	if (!dma330_alloc_coherent_buffers(d))
		return 0;
	dev_info(dev, "no coherent memory: streaming program buffers\n");
	for (i = 0; i < d->hw.cfg.nthreads; i++) {
		struct dma330_thread *thr = &d->threads[i];
		u8 *buf = kzalloc(d->prog_bytes, GFP_KERNEL);
		dma_addr_t dma;

		if (!buf)
			return -ENOMEM;
		dma = dma_map_single(dev, buf, d->prog_bytes, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma)) {
			kfree(buf);
			dev_err(dev, "cannot map program buffer %u\n", i);
			return -ENOMEM;
		}
		if (upper_32_bits(dma + d->prog_bytes - 1)) {
			dma_unmap_single(dev, dma, d->prog_bytes,
					 DMA_TO_DEVICE);
			kfree(buf);
			dev_err(dev, "program buffer above 4 GiB\n");
			return -ENOMEM;
		}
		thr->buf = buf;
		thr->buf_dma = dma;
	}
	return 0;
}

static void dma330_reset_assert(void *data)
{
	reset_control_assert(data);
}

static void dma330_clks_off(void *data)
{
	struct dma330_dev *d = data;

	clk_bulk_disable_unprepare(d->nclks, d->clks);
}

static void dma330_of_dma_free(void *data)
{
	of_dma_controller_free(data);
}

/* Name the clock that could not be had (clk_bulk_get_all does not). */
static int dma330_clk_error(struct device *dev, int err)
{
	struct device_node *np = dev->of_node;
	const char *name;
	struct clk *clk;
	int i, n;

	n = of_count_phandle_with_args(np, "clocks", "#clock-cells");
	for (i = 0; i < n; i++) {
		clk = of_clk_get(np, i);
		if (!IS_ERR(clk)) {
			clk_put(clk);
			continue;
		}
		if (of_property_read_string_index(np, "clock-names", i, &name))
			name = "(unnamed)";
		return dev_err_probe(dev, PTR_ERR(clk),
				     "clocks: clock %d \"%s\" unavailable\n",
				     i, name);
	}
	return dev_err_probe(dev, err, "clocks\n");
}

static int dma330_get_resources(struct dma330_dev *d, struct amba_device *adev)
{
	struct device *dev = &adev->dev;
	struct reset_control *rst;
	int ret;

	if (resource_size(&adev->res) < SZ_4K) {
		dev_err(dev, "reg: %pR is smaller than the 4 KiB register file\n",
			&adev->res);
		return -EINVAL;
	}
	d->hw.base = devm_ioremap_resource(dev, &adev->res);
	if (IS_ERR(d->hw.base))
		return PTR_ERR(d->hw.base);

	rst = devm_reset_control_array_get_optional_exclusive(dev);
	if (IS_ERR(rst))
		return dev_err_probe(dev, PTR_ERR(rst), "resets\n");
	if (rst) {
		ret = reset_control_deassert(rst);
		if (ret)
			return dev_err_probe(dev, ret, "resets: deassert\n");
		ret = devm_add_action_or_reset(dev, dma330_reset_assert, rst);
		if (ret)
			return ret;
	}

	/* Every clock of the node, apb_pclk too (see dma330_runtime_suspend). */
	ret = devm_clk_bulk_get_all(dev, &d->clks);
	if (ret < 0)
		return dma330_clk_error(dev, ret);
	d->nclks = ret;
	ret = clk_bulk_prepare_enable(d->nclks, d->clks);
	if (ret)
		return dev_err_probe(dev, ret, "clocks: enable\n");
	return devm_add_action_or_reset(dev, dma330_clks_off, d);
}

static int dma330_request_irqs(struct dma330_dev *d, struct amba_device *adev)
{
	struct device *dev = &adev->dev;
	unsigned int i;
	int ret;

	for (i = 0; i < AMBA_NR_IRQS && adev->irq[i]; i++) {
		ret = devm_request_irq(dev, adev->irq[i], dma330_irq, 0,
				       dev_name(dev), d);
		if (ret)
			return dev_err_probe(dev, ret, "interrupts: IRQ %u\n",
					     adev->irq[i]);
	}
	if (!i) {
		dev_err(dev, "interrupts: none given\n");
		return -EINVAL;
	}
	return 0;
}

static int dma330_probe(struct amba_device *adev, const struct amba_id *id)
{
	struct device *dev = &adev->dev;
	struct dma330_hw_cfg *cfg;
	struct dma330_dev *d;
	u32 fsrd;
	int ret;

	d = devm_kzalloc(dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->dd.dev = dev;
	d->hw.dev = dev;
	amba_set_drvdata(adev, d);
	/*
	 * The PL330 addresses 32 bits, whatever dma_addr_t holds (LPAE,
	 * arm64): clients map against this device, so the DMA API bounces
	 * or refuses what it cannot reach, and prep refuses the rest.
	 */
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (ret)
		return dev_err_probe(dev, ret, "cannot use a 32-bit DMA mask\n");

	ret = dma330_get_resources(d, adev);
	if (ret)
		return ret;
	ret = dma330_hw_read_cfg(&d->hw, adev->periphid);
	if (ret)
		return ret;
	cfg = &d->hw.cfg;
	/*
	 * Every thread the hardware has shares the MFIFO, also those DT
	 * leaves to others (dma-channels below it).
	 */
	d->pcfg.nthreads = cfg->nthreads;
	ret = dma330_of_limit(dev, "dma-channels", &cfg->nthreads);
	if (!ret)
		ret = dma330_of_limit(dev, "dma-requests", &cfg->nperiph);
	if (ret)
		return ret;
	/* Each thread signals its completion on the event of its number. */
	if ((cfg->ins & GENMASK(cfg->nthreads - 1, 0)) !=
	    GENMASK(cfg->nthreads - 1, 0)) {
		dev_err(dev, "non-secure manager: events 0-%u must be non-secure, INS (CR3) = 0x%08x\n",
			cfg->nthreads - 1, cfg->ins);
		return -ENODEV;
	}

	d->pcfg.bus_bytes = cfg->bus_bytes;
	d->pcfg.fifo_bytes = cfg->fifo_bytes;
	d->pcfg.revision = cfg->revision;
	d->pcfg.no_flushp = of_property_read_bool(dev->of_node,
						  "arm,pl330-broken-no-flushp");
	d->pcfg.periph_burst = of_property_read_bool(dev->of_node,
						     "arm,pl330-periph-burst");
	d->pcfg.ccr_prot = pl330_ccr_prot(cfg->mgr_ns,
					  device_get_dma_attr(dev) ==
					  DEV_DMA_COHERENT);
	if (prog_bytes < 256 || prog_bytes > SZ_1M) {
		dev_err(dev, "prog_bytes=%u: must be 256..1048576\n",
			prog_bytes);
		return -EINVAL;
	}
	d->prog_bytes = prog_bytes;
	d->prog_limit = prog_bytes - DMA330_PATTERN_BYTES;

	ret = dma330_core_init(d, max_t(unsigned int, nr_vchans, cfg->nthreads));
	if (ret)
		return ret;
	ret = dma330_map_buffers(d);
	if (ret)
		return ret;

	/* Start from a quiet controller: no IRQs enabled, no stale fault. */
	writel(0, d->hw.base + DMA330_INTEN);
	writel(0xffffffff, d->hw.base + DMA330_INTCLR);
	fsrd = readl(d->hw.base + DMA330_FSRD);
	if (fsrd & BIT(0)) {
		dma330_hw_log_mgr_fault(&d->hw,
					readl(d->hw.base + DMA330_FTRD));
		spin_lock_irq(&d->lock);
		dma330_hw_kill_manager(&d->hw);
		spin_unlock_irq(&d->lock);
	}

	ret = dma330_request_irqs(d, adev);
	if (ret)
		return ret;

	ret = dma330_set_max_seg_size(dev, UINT_MAX);
	if (ret)
		return dev_err_probe(dev, ret, "cannot set max segment size\n");

	/* dmaengine first, then the DT lookup; torn down in reverse. */
	ret = dmaenginem_async_device_register(&d->dd);
	if (ret)
		return dev_err_probe(dev, ret, "dmaengine registration\n");
	ret = of_dma_controller_register(dev->of_node, dma330_xlate, d);
	if (ret)
		return dev_err_probe(dev, ret, "of_dma registration\n");
	ret = devm_add_action_or_reset(dev, dma330_of_dma_free, dev->of_node);
	if (ret)
		return ret;

	dma330_debugfs_init(d);

	pm_runtime_irq_safe(dev);
	pm_runtime_set_autosuspend_delay(dev, DMA330_AUTOSUSPEND_MS);
	pm_runtime_use_autosuspend(dev);
	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);

	dev_info(dev,
		 "PL330 r%up%u: %u threads, %u requests, %u events, %u-bit bus, %u-byte FIFO (%u a thread), %u channels%s%s%s%s\n",
		 cfg->revision ? 1 : 0,
		 cfg->revision == PL330_REV_R1P1 ? 1 : 0, cfg->nthreads,
		 cfg->nperiph, cfg->nevents, cfg->bus_bytes * 8,
		 cfg->fifo_bytes, pl330_prog_fifo_share(&d->pcfg), d->nchans,
		 d->pcfg.no_flushp ? ", no-flushp" : "",
		 d->pcfg.periph_burst ? ", periph-burst" : "",
		 of_dma_is_coherent(dev->of_node) ? ", coherent" : "",
		 cfg->mgr_ns ? ", non-secure" : "");
	return 0;
}

static void dma330_remove(struct amba_device *adev)
{
	struct dma330_dev *d = amba_get_drvdata(adev);

	/* Balance the put at the end of probe (the bus resumed us). */
	pm_runtime_get_noresume(&adev->dev);
	dma330_debugfs_fini(d);
	dma330_core_stop_all(d);
	dma330_core_fini(d);
}

/* Reboot, kexec: no program may go on writing memory behind the next OS. */
static void dma330_shutdown(struct amba_device *adev)
{
	struct dma330_dev *d = amba_get_drvdata(adev);

	if (d)
		dma330_core_stop_all(d);
}

/*
 * The bulk list holds every clock of the node, apb_pclk included: the bus
 * gates its own reference to apb_pclk around these callbacks, ours must
 * go too or the clock never stops.  IRQ-safe runtime PM: enable/disable
 * only, the clocks stay prepared from probe to remove.
 */
static int dma330_runtime_suspend(struct device *dev)
{
	struct dma330_dev *d = dev_get_drvdata(dev);

	if (d)
		clk_bulk_disable(d->nclks, d->clks);
	return 0;
}

/* INTEN may have been lost with the power; put the shadow back. */
static int dma330_runtime_resume(struct device *dev)
{
	struct dma330_dev *d = dev_get_drvdata(dev);
	int ret;

	if (!d)
		return 0;
	ret = clk_bulk_enable(d->nclks, d->clks);
	if (ret)
		return ret;
	if (d->hw.base)
		writel(d->inten, d->hw.base + DMA330_INTEN);
	return 0;
}

static const struct dev_pm_ops dma330_pm_ops = {
	SET_RUNTIME_PM_OPS(dma330_runtime_suspend, dma330_runtime_resume, NULL)
	SET_LATE_SYSTEM_SLEEP_PM_OPS(pm_runtime_force_suspend,
				     pm_runtime_force_resume)
};

static const struct amba_id dma330_ids[] = {
	{ .id = 0x00041330, .mask = 0x000fffff },
	{ 0, 0 },
};
MODULE_DEVICE_TABLE(amba, dma330_ids);

struct amba_driver dma330_amba_driver = {
	.drv = {
		.name = DMA330_DRV_NAME,
		.pm = &dma330_pm_ops,
	},
	.id_table = dma330_ids,
	.probe = dma330_probe,
	.remove = dma330_remove,
	.shutdown = dma330_shutdown,
};

static int __init dma330_init(void)
{
	int ret;

	dma330_debugfs_root_init();
	ret = amba_driver_register(&dma330_amba_driver);
	if (ret)
		dma330_debugfs_root_fini();
	return ret;
}
module_init(dma330_init);

static void __exit dma330_exit(void)
{
	amba_driver_unregister(&dma330_amba_driver);
	dma330_debugfs_root_fini();
}
module_exit(dma330_exit);

MODULE_DESCRIPTION("ARM DMA-330 (PL330) dmaengine provider");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module whose only job is to make the kernel print
 * one class of report when loaded, so the test suite can prove that each
 * class fails a guest run.  what= picks it:
 *   warn     a WARN
 *   oops     a NULL pointer dereference (insmod is killed, the kernel lives)
 *   dmaapi   a DMA-API debug error: unmap with another size than mapped
 *   lockdep  two locks taken in both orders (needs CONFIG_PROVE_LOCKING)
 *   kasan    a read past a kmalloc'ed object (needs CONFIG_KASAN)
 *   hung     insmod sleeps uninterruptibly for hung_secs (the guest lowers
 *            the hung-task timeout first)
 */
#include <linux/bug.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static char *what = "warn";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "report to trigger: warn, oops, dmaapi, lockdep, kasan, hung");
static unsigned int hung_secs = 4;
module_param(hung_secs, uint, 0444);
MODULE_PARM_DESC(hung_secs, "what=hung: seconds to sleep uninterruptibly");

static int harness_dmaapi(void)
{
	struct platform_device_info info = {
		.name = "harness_dmaapi",
		.id = PLATFORM_DEVID_NONE,
		.dma_mask = DMA_BIT_MASK(32),
	};
	struct platform_device *pdev;
	dma_addr_t addr;
	void *buf;
	int ret = 0;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	buf = kmalloc(64, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	addr = dma_map_single(&pdev->dev, buf, 64, DMA_TO_DEVICE);
	if (dma_mapping_error(&pdev->dev, addr)) {
		ret = -EIO;
		goto free;
	}
	/* The deliberate error: a size other than the one mapped. */
	dma_unmap_single(&pdev->dev, addr, 32, DMA_TO_DEVICE);
free:
	kfree(buf);
out:
	platform_device_unregister(pdev);
	return ret;
}

static DEFINE_SPINLOCK(harness_lock_a);
static DEFINE_SPINLOCK(harness_lock_b);

static void harness_lockdep(void)
{
	/* A then B, later B then A: never a deadlock here, always a report. */
	spin_lock(&harness_lock_a);
	spin_lock(&harness_lock_b);
	spin_unlock(&harness_lock_b);
	spin_unlock(&harness_lock_a);
	spin_lock(&harness_lock_b);
	spin_lock(&harness_lock_a);
	spin_unlock(&harness_lock_a);
	spin_unlock(&harness_lock_b);
}

static int harness_kasan(void)
{
	char *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	/* One byte past the object; READ_ONCE keeps the load. */
	pr_info("harness_warn: read past the end: %d\n", READ_ONCE(p[16]));
	kfree(p);
	return 0;
}

static int __init harness_warn_init(void)
{
	if (!strcmp(what, "warn")) {
		WARN(1, "harness_warn: deliberate WARN to test the test harness\n");
	} else if (!strcmp(what, "oops")) {
		int *null = NULL;

		pr_info("harness_warn: deliberate NULL dereference\n");
		return READ_ONCE(*null);
	} else if (!strcmp(what, "dmaapi")) {
		return harness_dmaapi();
	} else if (!strcmp(what, "lockdep")) {
		harness_lockdep();
	} else if (!strcmp(what, "kasan")) {
		return harness_kasan();
	} else if (!strcmp(what, "hung")) {
		schedule_timeout_uninterruptible(hung_secs * HZ);
	} else {
		pr_err("harness_warn: unknown what=%s (warn, oops, dmaapi, lockdep, kasan, hung)\n",
		       what);
		return -EINVAL;
	}
	return 0;
}

static void __exit harness_warn_exit(void)
{
}

module_init(harness_warn_init);
module_exit(harness_warn_exit);
MODULE_DESCRIPTION("Deliberate kernel reports for the harness self-tests");
MODULE_LICENSE("GPL");

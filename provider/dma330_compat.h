/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences the dma330 provider depends on, each behind one
 * named helper so the rest of the code has no version checks.
 */
#ifndef DMA330_COMPAT_H
#define DMA330_COMPAT_H

#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/fault-inject.h>
#include <linux/hrtimer.h>
#include <linux/version.h>

/* The kernel we build against is at least @major.@minor. */
#define DMA330_KERNEL_AT_LEAST(major, minor)				\
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >= \
	 KERNEL_VERSION(major, minor, 0))

/* dma_set_max_seg_size() returned int before 6.12 (void since). */
static inline int dma330_set_max_seg_size(struct device *dev,
					  unsigned int size)
{
	if (!dev->dma_parms)
		return -EIO;
#if DMA330_KERNEL_AT_LEAST(6, 12)
	dma_set_max_seg_size(dev, size);
	return 0;
#else
	return dma_set_max_seg_size(dev, size);
#endif
}

/* device_prep_peripheral_dma_vec and struct dma_vec appeared in 6.11. */
#if DMA330_KERNEL_AT_LEAST(6, 11)
#define DMA330_HAVE_DMA_VEC	1
#else
#define DMA330_HAVE_DMA_VEC	0
#endif

/*
 * Fault injection hook: a disabled attribute (probability 0) costs one
 * load, and nothing at all without CONFIG_FAULT_INJECTION, where older
 * kernels (6.1) do not even declare struct fault_attr: hence the wrapper.
 */
struct dma330_fault {
#ifdef CONFIG_FAULT_INJECTION
	struct fault_attr attr;
#endif
};

#ifdef CONFIG_FAULT_INJECTION
static inline bool dma330_should_fail(struct dma330_fault *f)
{
	if (likely(!READ_ONCE(f->attr.probability)))
		return false;
	return should_fail(&f->attr, 1);
}

/* The attribute is armed: its debugfs files may be written at any time. */
static inline bool dma330_fault_armed(struct dma330_fault *f)
{
	return READ_ONCE(f->attr.probability);
}

static inline void dma330_fault_attr_init(struct dma330_fault *f)
{
	static const struct fault_attr init = FAULT_ATTR_INITIALIZER;

	f->attr = init;
	f->attr.verbose = 0;	/* a forced failure is not a kernel bug */
}

static inline void dma330_fault_attr_set(struct dma330_fault *f,
					 unsigned int percent,
					 unsigned int times)
{
	atomic_set(&f->attr.times, times);
	f->attr.interval = 1;
	WRITE_ONCE(f->attr.probability, percent);
}
#else
static inline bool dma330_should_fail(struct dma330_fault *f)
{
	return false;
}

static inline bool dma330_fault_armed(struct dma330_fault *f)
{
	return false;
}

static inline void dma330_fault_attr_init(struct dma330_fault *f)
{
}

static inline void dma330_fault_attr_set(struct dma330_fault *f,
					 unsigned int percent,
					 unsigned int times)
{
}
#endif

/* hrtimer_setup() replaced hrtimer_init() + .function in 6.13. */
static inline void dma330_hrtimer_setup(struct hrtimer *t,
					enum hrtimer_restart (*fn)(struct hrtimer *))
{
#if DMA330_KERNEL_AT_LEAST(6, 13)
	hrtimer_setup(t, fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
#else
	hrtimer_init(t, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	t->function = fn;
#endif
}

#endif /* DMA330_COMPAT_H */

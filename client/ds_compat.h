/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream: the few API differences between the kernels we build against
 * (Debian's 6.1 and 6.12), each behind one named helper.
 */
#ifndef _DS_COMPAT_H
#define _DS_COMPAT_H

#include <linux/clk.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/version.h>

/* True when building against kernel @maj.@min or later. */
#define DS_KERNEL_GE(maj, min)						\
	(LINUX_VERSION_MAJOR * 256 + LINUX_VERSION_PATCHLEVEL >=		\
	 (maj) * 256 + (min))

/* Largest block the page allocator hands out (MAX_ORDER became inclusive
 * in 6.4 and was renamed MAX_PAGE_ORDER in 6.8).
 */
static inline size_t ds_max_contig_bytes(void)
{
#if DS_KERNEL_GE(6, 8)
	return PAGE_SIZE << MAX_PAGE_ORDER;
#elif DS_KERNEL_GE(6, 4)
	return PAGE_SIZE << MAX_ORDER;
#else
	return PAGE_SIZE << (MAX_ORDER - 1);
#endif
}

/* Non-dynamic importers map without holding the reservation lock; 6.2
 * split that case into the _unlocked variants.
 */
static inline struct sg_table *
ds_dma_buf_map(struct dma_buf_attachment *a, enum dma_data_direction dir)
{
#if DS_KERNEL_GE(6, 2)
	return dma_buf_map_attachment_unlocked(a, dir);
#else
	return dma_buf_map_attachment(a, dir);
#endif
}

static inline void ds_dma_buf_unmap(struct dma_buf_attachment *a,
				    struct sg_table *sgt,
				    enum dma_data_direction dir)
{
#if DS_KERNEL_GE(6, 2)
	dma_buf_unmap_attachment_unlocked(a, sgt, dir);
#else
	dma_buf_unmap_attachment(a, sgt, dir);
#endif
}

/* pin_user_pages() lost its vmas argument in 6.5; mmap lock held. */
static inline long ds_pin_user_pages(unsigned long start, unsigned long n,
				     unsigned int gup_flags,
				     struct page **pages)
{
#if DS_KERNEL_GE(6, 5)
	return pin_user_pages(start, n, gup_flags, pages);
#else
	return pin_user_pages(start, n, gup_flags, pages, NULL);
#endif
}

/* vm_flags became read-only for drivers in 6.3. */
static inline void ds_vma_set_flags(struct vm_area_struct *vma,
				    unsigned long flags)
{
#if DS_KERNEL_GE(6, 3)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static inline void ds_vma_clear_flags(struct vm_area_struct *vma,
				      unsigned long flags)
{
#if DS_KERNEL_GE(6, 3)
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/* devm_clk_get_enabled() appeared in 6.3. */
#if DS_KERNEL_GE(6, 3)
static inline struct clk *ds_devm_clk_get_enabled(struct device *dev,
						  const char *id)
{
	return devm_clk_get_enabled(dev, id);
}
#else
static inline void ds_clk_disable_unprepare(void *clk)
{
	clk_disable_unprepare(clk);
}

static inline struct clk *ds_devm_clk_get_enabled(struct device *dev,
						  const char *id)
{
	struct clk *clk = devm_clk_get(dev, id);
	int ret;

	if (IS_ERR(clk))
		return clk;
	ret = clk_prepare_enable(clk);
	if (ret)
		return ERR_PTR(ret);
	ret = devm_add_action_or_reset(dev, ds_clk_disable_unprepare, clk);
	return ret ? ERR_PTR(ret) : clk;
}
#endif

#endif /* _DS_COMPAT_H */

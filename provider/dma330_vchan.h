/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual channels and cookies for the dma330 provider.
 *
 * Our own small layer rather than drivers/dma/virt-dma.h, which is private to
 * drivers/dma and absent from headers-only trees.  Every list and cookie of a
 * channel is protected by the lock the owner passes at init (the provider
 * uses one lock per controller, shared with the thread scheduler).
 */
#ifndef DMA330_VCHAN_H
#define DMA330_VCHAN_H

#include <linux/dmaengine.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>

struct dma330_vchan;

/**
 * struct dma330_vdesc - a descriptor as the virtual-channel layer sees it
 * @tx: the dmaengine descriptor handed to clients
 * @result: result passed to callback_result
 * @node: on exactly one list of its channel
 */
struct dma330_vdesc {
	struct dma_async_tx_descriptor tx;
	struct dmaengine_result result;
	struct list_head node;
};

/**
 * struct dma330_vchan_ops - what the owner provides
 * @alloc: allocate one zeroed descriptor with @gfp
 * @free: free a descriptor returned by @alloc
 * @reset: rewind a descriptor's progress to its first byte (lock held);
 *         called at every submission, so a reused or terminated
 *         descriptor never inherits a stale position
 */
struct dma330_vchan_ops {
	struct dma330_vdesc *(*alloc)(struct dma330_vchan *vc, gfp_t gfp);
	void (*free)(struct dma330_vchan *vc, struct dma330_vdesc *vd);
	void (*reset)(struct dma330_vchan *vc, struct dma330_vdesc *vd);
};

/* Failed cookie ranges a channel remembers for tx_status. */
#define DMA330_VCHAN_ERR_RANGES	8

/**
 * struct dma330_cookie_range - cookies that ended in error
 * @first: first cookie (0: unused slot)
 * @last: last cookie
 * @residue: bytes not transferred, for a single faulted cookie (else 0)
 */
struct dma330_cookie_range {
	dma_cookie_t first;
	dma_cookie_t last;
	u32 residue;
};

/**
 * struct dma330_vchan - a virtual channel
 * @chan: the dmaengine channel
 * @lock: protects everything below (owned by the caller of init)
 * @ops: descriptor allocation
 * @free: descriptors ready for prep (preallocated pool)
 * @allocated: prepared, not yet submitted, or kept for reuse
 * @submitted: submitted, not yet issued
 * @issued: issued; the first one may be running
 * @completed: finished, callback not yet run
 * @terminated: dropped by terminate_all, freed by synchronize
 * @nfree: descriptors on @free
 * @pool_target: descriptors kept on @free at most
 * @err: the last failed (faulted or terminated) cookie ranges, a ring;
 *       tx_status reads DMA_ERROR for them
 * @err_next: next slot of @err to overwrite
 */
struct dma330_vchan {
	struct dma_chan chan;
	spinlock_t *lock;	/* the controller lock (see struct doc) */
	const struct dma330_vchan_ops *ops;
	struct list_head free;
	struct list_head allocated;
	struct list_head submitted;
	struct list_head issued;
	struct list_head completed;
	struct list_head terminated;
	unsigned int nfree;
	unsigned int pool_target;
	struct dma330_cookie_range err[DMA330_VCHAN_ERR_RANGES];
	unsigned int err_next;
};

static inline struct dma330_vchan *to_dma330_vchan(struct dma_chan *chan)
{
	return container_of(chan, struct dma330_vchan, chan);
}

static inline struct dma330_vdesc *
to_dma330_vdesc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct dma330_vdesc, tx);
}

void dma330_vchan_init(struct dma330_vchan *vc, struct dma_device *dd,
		       spinlock_t *lock, const struct dma330_vchan_ops *ops);
int dma330_vchan_fill_pool(struct dma330_vchan *vc, unsigned int n);
struct dma330_vdesc *dma330_vchan_get(struct dma330_vchan *vc,
				      unsigned long flags);
void dma330_vchan_put_unused(struct dma330_vchan *vc,
			     struct dma330_vdesc *vd);
bool dma330_vchan_issue(struct dma330_vchan *vc);
void dma330_vchan_complete(struct dma330_vchan *vc, struct dma330_vdesc *vd,
			   enum dmaengine_tx_result result, u32 residue);
void dma330_vchan_run_callbacks(struct dma330_vchan *vc);
void dma330_vchan_terminate(struct dma330_vchan *vc);
void dma330_vchan_free_terminated(struct dma330_vchan *vc);
void dma330_vchan_free_all(struct dma330_vchan *vc);
enum dma_status dma330_vchan_status(struct dma330_vchan *vc,
				    dma_cookie_t cookie, u32 *residue);
struct dma330_vdesc *dma330_vchan_find(struct dma330_vchan *vc,
				       dma_cookie_t cookie);
void dma330_vchan_reset_cookies(struct dma330_vchan *vc);

/* First issued descriptor, or NULL. */
static inline struct dma330_vdesc *dma330_vchan_next(struct dma330_vchan *vc)
{
	lockdep_assert_held(vc->lock);
	return list_first_entry_or_null(&vc->issued, struct dma330_vdesc, node);
}

#endif /* DMA330_VCHAN_H */

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
 */
struct dma330_vchan_ops {
	struct dma330_vdesc *(*alloc)(struct dma330_vchan *vc, gfp_t gfp);
	void (*free)(struct dma330_vchan *vc, struct dma330_vdesc *vd);
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
 * @unacked: callback done, waiting for the client's ACK
 * @terminated: dropped by terminate_all, freed by synchronize
 * @nfree: descriptors on @free
 * @pool_target: descriptors kept on @free at most
 * @term_first: first cookie of the last terminated range (0: none)
 * @term_last: last cookie of that range
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
	struct list_head unacked;
	struct list_head terminated;
	unsigned int nfree;
	unsigned int pool_target;
	dma_cookie_t term_first;
	dma_cookie_t term_last;
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
			   enum dmaengine_tx_result result);
void dma330_vchan_run_callbacks(struct dma330_vchan *vc);
void dma330_vchan_terminate(struct dma330_vchan *vc);
void dma330_vchan_free_terminated(struct dma330_vchan *vc);
void dma330_vchan_free_all(struct dma330_vchan *vc);
enum dma_status dma330_vchan_status(struct dma330_vchan *vc,
				    dma_cookie_t cookie);
struct dma330_vdesc *dma330_vchan_find(struct dma330_vchan *vc,
				       dma_cookie_t cookie);

/* First issued descriptor, or NULL.  Lock held. */
static inline struct dma330_vdesc *dma330_vchan_next(struct dma330_vchan *vc)
{
	return list_first_entry_or_null(&vc->issued, struct dma330_vdesc, node);
}

#endif /* DMA330_VCHAN_H */

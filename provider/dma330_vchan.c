// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual channels and cookies for the dma330 provider (see dma330_vchan.h).
 *
 * Descriptor life: free -> allocated (prep) -> submitted (tx_submit) ->
 * issued (issue_pending) -> completed (hardware done) -> callback -> free,
 * or allocated again when the client asked for reuse, or unacked until the
 * client ACKs it.  terminate_all moves everything not yet reported to
 * terminated; synchronize frees those.
 */
#include <linux/slab.h>

#include "dma330_vchan.h"

static void dma330_vchan_release(struct dma330_vchan *vc,
				 struct dma330_vdesc *vd, struct list_head *out)
{
	if (vc->nfree < vc->pool_target) {
		list_add(&vd->node, &vc->free);
		vc->nfree++;
	} else {
		list_add(&vd->node, out);
	}
}

static void dma330_vchan_free_list(struct dma330_vchan *vc,
				   struct list_head *head)
{
	struct dma330_vdesc *vd, *tmp;

	list_for_each_entry_safe(vd, tmp, head, node) {
		list_del(&vd->node);
		vc->ops->free(vc, vd);
	}
}

static dma_cookie_t dma330_vchan_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct dma330_vchan *vc = to_dma330_vchan(tx->chan);
	struct dma330_vdesc *vd = to_dma330_vdesc(tx);
	dma_cookie_t cookie;
	unsigned long flags;

	spin_lock_irqsave(vc->lock, flags);
	cookie = vc->chan.cookie + 1;
	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	vc->chan.cookie = cookie;
	tx->cookie = cookie;
	list_move_tail(&vd->node, &vc->submitted);
	spin_unlock_irqrestore(vc->lock, flags);
	return cookie;
}

/* dmaengine_desc_free() of a reusable descriptor. */
static int dma330_vchan_desc_free(struct dma_async_tx_descriptor *tx)
{
	struct dma330_vchan *vc = to_dma330_vchan(tx->chan);
	struct dma330_vdesc *vd = to_dma330_vdesc(tx);
	unsigned long flags;
	LIST_HEAD(out);

	spin_lock_irqsave(vc->lock, flags);
	list_del(&vd->node);
	dma330_vchan_release(vc, vd, &out);
	spin_unlock_irqrestore(vc->lock, flags);
	dma330_vchan_free_list(vc, &out);
	return 0;
}

/**
 * dma330_vchan_init() - initialise a virtual channel and add it to @dd
 * @vc: the channel
 * @dd: its dmaengine device
 * @lock: lock protecting the channel's lists and cookies
 * @ops: descriptor allocation
 */
void dma330_vchan_init(struct dma330_vchan *vc, struct dma_device *dd,
		       spinlock_t *lock, const struct dma330_vchan_ops *ops)
{
	vc->chan.device = dd;
	vc->lock = lock;
	vc->ops = ops;
	INIT_LIST_HEAD(&vc->free);
	INIT_LIST_HEAD(&vc->allocated);
	INIT_LIST_HEAD(&vc->submitted);
	INIT_LIST_HEAD(&vc->issued);
	INIT_LIST_HEAD(&vc->completed);
	INIT_LIST_HEAD(&vc->unacked);
	INIT_LIST_HEAD(&vc->terminated);
	list_add_tail(&vc->chan.device_node, &dd->channels);
}

/**
 * dma330_vchan_fill_pool() - preallocate descriptors (may sleep)
 * @vc: the channel
 * @n: descriptors to keep ready
 *
 * Return: 0 or -ENOMEM.
 */
int dma330_vchan_fill_pool(struct dma330_vchan *vc, unsigned int n)
{
	struct dma330_vdesc *vd;
	unsigned long flags;

	vc->pool_target = n;
	while (vc->nfree < n) {
		vd = vc->ops->alloc(vc, GFP_KERNEL);
		if (!vd)
			return -ENOMEM;
		dma_async_tx_descriptor_init(&vd->tx, &vc->chan);
		spin_lock_irqsave(vc->lock, flags);
		list_add(&vd->node, &vc->free);
		vc->nfree++;
		spin_unlock_irqrestore(vc->lock, flags);
	}
	return 0;
}

/**
 * dma330_vchan_get() - take a descriptor for prep
 * @vc: the channel
 * @flags: the client's DMA_PREP_* / DMA_CTRL_* flags
 *
 * From the pool when possible; otherwise recycles an ACKed descriptor or
 * allocates with GFP_NOWAIT (prep may run in atomic context).
 *
 * Return: a descriptor on the allocated list, or NULL.
 */
struct dma330_vdesc *dma330_vchan_get(struct dma330_vchan *vc,
				      unsigned long flags)
{
	struct dma330_vdesc *vd = NULL, *it;
	unsigned long irqflags;

	spin_lock_irqsave(vc->lock, irqflags);
	if (likely(vc->nfree)) {
		vd = list_first_entry(&vc->free, struct dma330_vdesc, node);
		vc->nfree--;
	} else {
		list_for_each_entry(it, &vc->unacked, node) {
			if (async_tx_test_ack(&it->tx)) {
				vd = it;
				break;
			}
		}
	}
	if (vd)
		list_move_tail(&vd->node, &vc->allocated);
	spin_unlock_irqrestore(vc->lock, irqflags);

	if (unlikely(!vd)) {
		vd = vc->ops->alloc(vc, GFP_NOWAIT);
		if (!vd)
			return NULL;
		dma_async_tx_descriptor_init(&vd->tx, &vc->chan);
		spin_lock_irqsave(vc->lock, irqflags);
		list_add_tail(&vd->node, &vc->allocated);
		spin_unlock_irqrestore(vc->lock, irqflags);
	}
	vd->tx.flags = flags;
	vd->tx.cookie = -EBUSY;
	vd->tx.tx_submit = dma330_vchan_tx_submit;
	vd->tx.desc_free = dma330_vchan_desc_free;
	vd->tx.callback = NULL;
	vd->tx.callback_result = NULL;
	vd->tx.callback_param = NULL;
	vd->result.result = DMA_TRANS_NOERROR;
	vd->result.residue = 0;
	return vd;
}

/**
 * dma330_vchan_put_unused() - give back a descriptor whose prep failed
 * @vc: the channel
 * @vd: descriptor from dma330_vchan_get()
 */
void dma330_vchan_put_unused(struct dma330_vchan *vc, struct dma330_vdesc *vd)
{
	unsigned long flags;
	LIST_HEAD(out);

	spin_lock_irqsave(vc->lock, flags);
	list_del(&vd->node);
	dma330_vchan_release(vc, vd, &out);
	spin_unlock_irqrestore(vc->lock, flags);
	dma330_vchan_free_list(vc, &out);
}

/**
 * dma330_vchan_issue() - move submitted descriptors to issued (lock held)
 * @vc: the channel
 *
 * Return: true if anything is issued.
 */
bool dma330_vchan_issue(struct dma330_vchan *vc)
{
	list_splice_tail_init(&vc->submitted, &vc->issued);
	return !list_empty(&vc->issued);
}

/**
 * dma330_vchan_complete() - mark a descriptor done (lock held)
 * @vc: the channel
 * @vd: the descriptor, on the issued list
 * @result: outcome for callback_result
 *
 * The caller then schedules dma330_vchan_run_callbacks().
 */
void dma330_vchan_complete(struct dma330_vchan *vc, struct dma330_vdesc *vd,
			   enum dmaengine_tx_result result)
{
	vc->chan.completed_cookie = vd->tx.cookie;
	vd->result.result = result;
	list_move_tail(&vd->node, &vc->completed);
}

/**
 * dma330_vchan_run_callbacks() - report completed descriptors
 * @vc: the channel
 *
 * Runs from the provider's tasklet, never from hard IRQ nor from the
 * client's issue_pending.  A callback may submit, terminate or re-submit.
 */
void dma330_vchan_run_callbacks(struct dma330_vchan *vc)
{
	struct dma330_vdesc *vd;
	unsigned long flags;
	LIST_HEAD(done);
	LIST_HEAD(out);

	spin_lock_irqsave(vc->lock, flags);
	list_splice_tail_init(&vc->completed, &done);
	spin_unlock_irqrestore(vc->lock, flags);

	while (!list_empty(&done)) {
		struct dma_async_tx_descriptor *tx;

		vd = list_first_entry(&done, struct dma330_vdesc, node);
		list_del_init(&vd->node);
		tx = &vd->tx;
		if (tx->callback_result)
			tx->callback_result(tx->callback_param, &vd->result);
		else if (tx->callback)
			tx->callback(tx->callback_param);

		spin_lock_irqsave(vc->lock, flags);
		/* A callback may have re-submitted a reusable descriptor. */
		if (list_empty(&vd->node)) {
			if (dmaengine_desc_test_reuse(tx))
				list_add_tail(&vd->node, &vc->allocated);
			else if (async_tx_test_ack(tx))
				dma330_vchan_release(vc, vd, &out);
			else
				list_add_tail(&vd->node, &vc->unacked);
		}
		spin_unlock_irqrestore(vc->lock, flags);
	}
	dma330_vchan_free_list(vc, &out);
}

/**
 * dma330_vchan_terminate() - drop everything not yet reported (lock held)
 * @vc: the channel
 *
 * Submitted, issued and completed-but-unreported descriptors move to the
 * terminated list; their cookies read DMA_ERROR from then on.
 */
void dma330_vchan_terminate(struct dma330_vchan *vc)
{
	if (!list_empty(&vc->submitted) || !list_empty(&vc->issued)) {
		vc->term_first = vc->chan.completed_cookie + 1;
		if (vc->term_first < DMA_MIN_COOKIE)
			vc->term_first = DMA_MIN_COOKIE;
		vc->term_last = vc->chan.cookie;
	}
	list_splice_tail_init(&vc->submitted, &vc->terminated);
	list_splice_tail_init(&vc->issued, &vc->terminated);
	list_splice_tail_init(&vc->completed, &vc->terminated);
}

/**
 * dma330_vchan_free_terminated() - recycle terminated descriptors
 * @vc: the channel
 */
void dma330_vchan_free_terminated(struct dma330_vchan *vc)
{
	struct dma330_vdesc *vd, *tmp;
	unsigned long flags;
	LIST_HEAD(out);

	spin_lock_irqsave(vc->lock, flags);
	list_for_each_entry_safe(vd, tmp, &vc->terminated, node) {
		list_del(&vd->node);
		if (dmaengine_desc_test_reuse(&vd->tx))
			list_add_tail(&vd->node, &vc->allocated);
		else
			dma330_vchan_release(vc, vd, &out);
	}
	spin_unlock_irqrestore(vc->lock, flags);
	dma330_vchan_free_list(vc, &out);
}

/**
 * dma330_vchan_free_all() - free every descriptor (channel being released)
 * @vc: the channel, idle
 */
void dma330_vchan_free_all(struct dma330_vchan *vc)
{
	unsigned long flags;
	LIST_HEAD(all);

	spin_lock_irqsave(vc->lock, flags);
	list_splice_init(&vc->free, &all);
	list_splice_init(&vc->allocated, &all);
	list_splice_init(&vc->submitted, &all);
	list_splice_init(&vc->issued, &all);
	list_splice_init(&vc->completed, &all);
	list_splice_init(&vc->unacked, &all);
	list_splice_init(&vc->terminated, &all);
	vc->nfree = 0;
	vc->pool_target = 0;
	spin_unlock_irqrestore(vc->lock, flags);
	dma330_vchan_free_list(vc, &all);
}

/**
 * dma330_vchan_status() - cookie state without residue (lock held)
 * @vc: the channel
 * @cookie: the cookie
 *
 * Return: DMA_ERROR for a terminated cookie, else complete or in progress.
 */
enum dma_status dma330_vchan_status(struct dma330_vchan *vc,
				    dma_cookie_t cookie)
{
	if (unlikely(vc->term_last) && cookie >= vc->term_first &&
	    cookie <= vc->term_last)
		return DMA_ERROR;
	return dma_async_is_complete(cookie, vc->chan.completed_cookie,
				     vc->chan.cookie);
}

/**
 * dma330_vchan_find() - the submitted or issued descriptor of @cookie
 * @vc: the channel (lock held)
 * @cookie: the cookie
 *
 * Return: the descriptor or NULL.
 */
struct dma330_vdesc *dma330_vchan_find(struct dma330_vchan *vc,
				       dma_cookie_t cookie)
{
	struct dma330_vdesc *vd;

	list_for_each_entry(vd, &vc->issued, node)
		if (vd->tx.cookie == cookie)
			return vd;
	list_for_each_entry(vd, &vc->submitted, node)
		if (vd->tx.cookie == cookie)
			return vd;
	return NULL;
}

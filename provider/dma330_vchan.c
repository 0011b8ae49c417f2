// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual channels and cookies for the dma330 provider (see dma330_vchan.h).
 *
 * Descriptor life: free -> allocated (prep) -> submitted (tx_submit) ->
 * issued (issue_pending) -> completed (hardware done) -> callback -> free,
 * or allocated again when the client asked for reuse (DMA_CTRL_REUSE, kept
 * until dmaengine_desc_free()).  As in virt-dma, DMA_CTRL_ACK does not
 * gate recycling: clients that never ACK (most slave drivers) would
 * otherwise leak a descriptor per transfer.  terminate_all moves
 * everything not yet reported to terminated; synchronize frees those.
 */
#include <linux/slab.h>

#include "dma330_vchan.h"

static void dma330_vchan_release(struct dma330_vchan *vc,
				 struct dma330_vdesc *vd, struct list_head *out)
{
	lockdep_assert_held(vc->lock);
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
	vd->result.result = DMA_TRANS_NOERROR;
	vd->result.residue = 0;
	if (vc->ops->reset)
		vc->ops->reset(vc, vd);
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
 * From the pool when possible; otherwise allocates with GFP_NOWAIT (prep
 * may run in atomic context).
 *
 * Return: a descriptor on the allocated list, or NULL.
 */
struct dma330_vdesc *dma330_vchan_get(struct dma330_vchan *vc,
				      unsigned long flags)
{
	struct dma330_vdesc *vd = NULL;
	unsigned long irqflags;

	spin_lock_irqsave(vc->lock, irqflags);
	if (likely(vc->nfree)) {
		vd = list_first_entry(&vc->free, struct dma330_vdesc, node);
		vc->nfree--;
		list_move_tail(&vd->node, &vc->allocated);
	}
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
	lockdep_assert_held(vc->lock);
	list_splice_tail_init(&vc->submitted, &vc->issued);
	return !list_empty(&vc->issued);
}

/* Remember [@first, @last] as failed, merged with the newest range. */
static void dma330_vchan_add_err(struct dma330_vchan *vc, dma_cookie_t first,
				 dma_cookie_t last, u32 residue)
{
	unsigned int prev = (vc->err_next + DMA330_VCHAN_ERR_RANGES - 1) %
			    DMA330_VCHAN_ERR_RANGES;
	struct dma330_cookie_range *r = &vc->err[prev];

	lockdep_assert_held(vc->lock);
	if (r->first && first >= r->first && first <= r->last + 1 &&
	    last >= r->last) {
		r->last = last;
		r->residue = 0;
		return;
	}
	r = &vc->err[vc->err_next];
	r->first = first;
	r->last = last;
	r->residue = residue;
	vc->err_next = (vc->err_next + 1) % DMA330_VCHAN_ERR_RANGES;
}

/**
 * dma330_vchan_complete() - mark a descriptor done (lock held)
 * @vc: the channel
 * @vd: the descriptor, on the issued list
 * @result: outcome for callback_result
 * @residue: bytes not transferred (0 on success)
 *
 * A failed cookie reads DMA_ERROR from tx_status from now on.  The caller
 * then schedules dma330_vchan_run_callbacks().
 */
void dma330_vchan_complete(struct dma330_vchan *vc, struct dma330_vdesc *vd,
			   enum dmaengine_tx_result result, u32 residue)
{
	lockdep_assert_held(vc->lock);
	vc->chan.completed_cookie = vd->tx.cookie;
	vd->result.result = result;
	vd->result.residue = residue;
	if (result != DMA_TRANS_NOERROR)
		dma330_vchan_add_err(vc, vd->tx.cookie, vd->tx.cookie, residue);
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
			else
				dma330_vchan_release(vc, vd, &out);
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
	dma_cookie_t first;

	lockdep_assert_held(vc->lock);
	if (!list_empty(&vc->submitted) || !list_empty(&vc->issued)) {
		first = vc->chan.completed_cookie + 1;
		if (first < DMA_MIN_COOKIE || first > vc->chan.cookie)
			first = DMA_MIN_COOKIE;
		dma330_vchan_add_err(vc, first, vc->chan.cookie, 0);
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
	list_splice_init(&vc->terminated, &all);
	vc->nfree = 0;
	vc->pool_target = 0;
	spin_unlock_irqrestore(vc->lock, flags);
	dma330_vchan_free_list(vc, &all);
}

/**
 * dma330_vchan_status() - cookie state (lock held)
 * @vc: the channel
 * @cookie: the cookie
 * @residue: out: for DMA_ERROR, bytes the failed transfer did not move
 *           (0 when not known, e.g. terminated); untouched otherwise
 *
 * Return: DMA_ERROR for a cookie among the last failed or terminated
 * ones, else complete or in progress.
 */
enum dma_status dma330_vchan_status(struct dma330_vchan *vc,
				    dma_cookie_t cookie, u32 *residue)
{
	unsigned int i;

	lockdep_assert_held(vc->lock);
	for (i = 0; i < DMA330_VCHAN_ERR_RANGES; i++) {
		if (vc->err[i].first && cookie >= vc->err[i].first &&
		    cookie <= vc->err[i].last) {
			*residue = vc->err[i].residue;
			return DMA_ERROR;
		}
	}
	return dma_async_is_complete(cookie, vc->chan.completed_cookie,
				     vc->chan.cookie);
}

/**
 * dma330_vchan_reset_cookies() - start cookies afresh (lock held)
 * @vc: the channel, being allocated to a client
 */
void dma330_vchan_reset_cookies(struct dma330_vchan *vc)
{
	lockdep_assert_held(vc->lock);
	vc->chan.cookie = DMA_MIN_COOKIE;
	vc->chan.completed_cookie = DMA_MIN_COOKIE;
	memset(vc->err, 0, sizeof(vc->err));
	vc->err_next = 0;
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

	lockdep_assert_held(vc->lock);
	list_for_each_entry(vd, &vc->issued, node)
		if (vd->tx.cookie == cookie)
			return vd;
	list_for_each_entry(vd, &vc->submitted, node)
		if (vd->tx.cookie == cookie)
			return vd;
	return NULL;
}

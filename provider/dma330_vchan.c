// SPDX-License-Identifier: GPL-2.0
/*
 * The virt-dma API for builds without the kernel's drivers/dma/virt-dma.c
 * (out of tree, headers-only trees): see dma330_vchan.h.
 *
 * Descriptor life: prep puts it on desc_allocated; tx_submit gives it a
 * cookie and moves it to desc_submitted; issue_pending to desc_issued; the
 * driver completes it onto desc_completed and the channel's tasklet runs
 * its callback, then frees it (or, DMA_CTRL_REUSE, puts it back on
 * desc_allocated until dmaengine_desc_free()).  DMA_CTRL_ACK plays no
 * part: a client that never acks (most slave drivers) leaks nothing.
 */
#include <linux/device.h>

#include "dma330_vchan.h"

static struct virt_dma_desc *to_virt_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct virt_dma_desc, tx);
}

/**
 * vchan_tx_submit() - dmaengine tx_submit: a cookie, onto desc_submitted
 * @tx: a descriptor from vchan_tx_prep()
 *
 * Return: the new cookie.
 */
dma_cookie_t vchan_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct virt_dma_chan *vc = to_virt_chan(tx->chan);
	struct virt_dma_desc *vd = to_virt_desc(tx);
	dma_cookie_t cookie;
	unsigned long flags;

	spin_lock_irqsave(&vc->lock, flags);
	cookie = vc->chan.cookie + 1;
	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	vc->chan.cookie = cookie;
	tx->cookie = cookie;
	list_move_tail(&vd->node, &vc->desc_submitted);
	spin_unlock_irqrestore(&vc->lock, flags);
	return cookie;
}

/**
 * vchan_tx_desc_free() - dmaengine_desc_free() of a reusable descriptor
 * @tx: the descriptor, not in flight
 *
 * Return: 0.
 */
int vchan_tx_desc_free(struct dma_async_tx_descriptor *tx)
{
	struct virt_dma_chan *vc = to_virt_chan(tx->chan);
	struct virt_dma_desc *vd = to_virt_desc(tx);
	unsigned long flags;

	spin_lock_irqsave(&vc->lock, flags);
	list_del(&vd->node);
	spin_unlock_irqrestore(&vc->lock, flags);
	vc->desc_free(vd);
	return 0;
}

/**
 * vchan_find_desc() - the issued descriptor of @cookie (vc->lock held)
 * @vc: the channel
 * @cookie: the cookie
 *
 * Return: the descriptor, or NULL.
 */
struct virt_dma_desc *vchan_find_desc(struct virt_dma_chan *vc,
				      dma_cookie_t cookie)
{
	struct virt_dma_desc *vd;

	lockdep_assert_held(&vc->lock);
	list_for_each_entry(vd, &vc->desc_issued, node)
		if (vd->tx.cookie == cookie)
			return vd;
	return NULL;
}

/* The tasklet: the due period callback, then every completed descriptor. */
static void vchan_complete(struct tasklet_struct *t)
{
	struct virt_dma_chan *vc = from_tasklet(vc, t, task);
	struct dmaengine_result noerr = { DMA_TRANS_NOERROR, 0 };
	dma_async_tx_callback_result cb_result = NULL;
	struct dma_async_tx_descriptor *tx;
	dma_async_tx_callback cb = NULL;
	struct virt_dma_desc *vd;
	void *param = NULL;
	LIST_HEAD(head);

	spin_lock_irq(&vc->lock);
	list_splice_tail_init(&vc->desc_completed, &head);
	vd = vc->cyclic;
	if (vd) {
		vc->cyclic = NULL;
		cb = vd->tx.callback;
		cb_result = vd->tx.callback_result;
		param = vd->tx.callback_param;
	}
	spin_unlock_irq(&vc->lock);
	if (cb_result)
		cb_result(param, &noerr);
	else if (cb)
		cb(param);

	while (!list_empty(&head)) {
		vd = list_first_entry(&head, struct virt_dma_desc, node);
		tx = &vd->tx;
		list_del_init(&vd->node);
		if (tx->callback_result)
			tx->callback_result(tx->callback_param, &vd->tx_result);
		else if (tx->callback)
			tx->callback(tx->callback_param);
		if (!dmaengine_desc_test_reuse(tx)) {
			vc->desc_free(vd);
			continue;
		}
		/* Unless the callback (or a thread it woke) submitted it again. */
		spin_lock_irq(&vc->lock);
		if (list_empty(&vd->node))
			list_add(&vd->node, &vc->desc_allocated);
		spin_unlock_irq(&vc->lock);
	}
}

/**
 * vchan_dma_desc_free_list() - free (or keep for reuse) every descriptor
 * @vc: their channel
 * @head: a list the caller owns (e.g. from vchan_get_all_descriptors())
 */
void vchan_dma_desc_free_list(struct virt_dma_chan *vc,
			      struct list_head *head)
{
	struct virt_dma_desc *vd, *tmp;

	list_for_each_entry_safe(vd, tmp, head, node) {
		list_del(&vd->node);
		vchan_vdesc_fini(vd);
	}
}

/**
 * vchan_init() - initialise a virtual channel and add it to @dmadev
 * @vc: the channel; the caller sets vc->desc_free
 * @dmadev: its dmaengine device
 */
void vchan_init(struct virt_dma_chan *vc, struct dma_device *dmadev)
{
	vc->chan.cookie = DMA_MIN_COOKIE;
	vc->chan.completed_cookie = DMA_MIN_COOKIE;
	spin_lock_init(&vc->lock);
	INIT_LIST_HEAD(&vc->desc_allocated);
	INIT_LIST_HEAD(&vc->desc_submitted);
	INIT_LIST_HEAD(&vc->desc_issued);
	INIT_LIST_HEAD(&vc->desc_completed);
	INIT_LIST_HEAD(&vc->desc_terminated);
	tasklet_setup(&vc->task, vchan_complete);
	vc->chan.device = dmadev;
	list_add_tail(&vc->chan.device_node, &dmadev->channels);
}

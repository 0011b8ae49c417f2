/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual-channel layer under the dma330 glue: the kernel's virt-dma
 * API (drivers/dma/virt-dma.h), and nothing else.
 *
 * In a kernel tree (the drop-in, the built-in kernel) this is the kernel's
 * own virt-dma (Kconfig selects DMA_VIRTUAL_CHANNELS; provider/Kbuild adds
 * drivers/dma to the include path and defines DMA330_KERNEL_VIRT_DMA).
 * Built out of tree, and against headers-only trees, which have no
 * drivers/dma/virt-dma.h, dma330_vchan.c implements the same API with the
 * same semantics: the same structures and field names, descriptors on the
 * same five lists under vc->lock, callbacks from one tasklet per channel,
 * DMA_CTRL_ACK ignored for recycling, DMA_CTRL_REUSE descriptors back on
 * desc_allocated after their callback.  Its exported-looking functions are
 * renamed to dma330_* so a kernel that has virt-dma built in keeps its own.
 * One deliberate difference: a reusable descriptor that its own callback
 * (or another thread woken by it) submits again is left where the submit
 * put it, instead of being put back on desc_allocated on top of that.
 */
#ifndef DMA330_VCHAN_H
#define DMA330_VCHAN_H

#ifdef DMA330_KERNEL_VIRT_DMA

#include "virt-dma.h"

#else /* our own layer, dma330_vchan.c */

#include <linux/dmaengine.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>

/**
 * struct virt_dma_desc - a descriptor as the virtual-channel layer sees it
 * @tx: the dmaengine descriptor handed to clients
 * @tx_result: result passed to callback_result
 * @node: on exactly one list of its channel (protected by vc->lock)
 */
struct virt_dma_desc {
	struct dma_async_tx_descriptor tx;
	struct dmaengine_result tx_result;
	struct list_head node;
};

/**
 * struct virt_dma_chan - a virtual channel
 * @chan: the dmaengine channel
 * @task: runs completion callbacks, then frees or keeps the descriptors
 * @desc_free: the driver's destructor of a descriptor (called unlocked)
 * @lock: protects the lists and @cyclic
 * @desc_allocated: prepared, not yet submitted (or kept for reuse)
 * @desc_submitted: submitted, not yet issued
 * @desc_issued: issued; the first one may be running
 * @desc_completed: done, callback not yet run
 * @desc_terminated: the running descriptor at terminate, freed by synchronize
 * @cyclic: cyclic descriptor whose period callback is due
 */
struct virt_dma_chan {
	struct dma_chan chan;
	struct tasklet_struct task;
	void (*desc_free)(struct virt_dma_desc *vd);
	spinlock_t lock;	/* see struct doc */
	struct list_head desc_allocated;
	struct list_head desc_submitted;
	struct list_head desc_issued;
	struct list_head desc_completed;
	struct list_head desc_terminated;
	struct virt_dma_desc *cyclic;
};

#define vchan_init		dma330_vchan_init
#define vchan_tx_submit		dma330_vchan_tx_submit
#define vchan_tx_desc_free	dma330_vchan_tx_desc_free
#define vchan_find_desc		dma330_vchan_find_desc
#define vchan_dma_desc_free_list dma330_vchan_desc_free_list

void vchan_init(struct virt_dma_chan *vc, struct dma_device *dmadev);
dma_cookie_t vchan_tx_submit(struct dma_async_tx_descriptor *tx);
int vchan_tx_desc_free(struct dma_async_tx_descriptor *tx);
struct virt_dma_desc *vchan_find_desc(struct virt_dma_chan *vc,
				      dma_cookie_t cookie);
void vchan_dma_desc_free_list(struct virt_dma_chan *vc,
			      struct list_head *head);

static inline struct virt_dma_chan *to_virt_chan(struct dma_chan *chan)
{
	return container_of(chan, struct virt_dma_chan, chan);
}

/* Cookie helpers of drivers/dma/dmaengine.h that the glue uses. */
static inline enum dma_status dma_cookie_status(struct dma_chan *chan,
						dma_cookie_t cookie,
						struct dma_tx_state *state)
{
	dma_cookie_t used = READ_ONCE(chan->cookie);
	dma_cookie_t complete = READ_ONCE(chan->completed_cookie);

	if (state) {
		state->last = complete;
		state->used = used;
		state->residue = 0;
		state->in_flight_bytes = 0;
	}
	return dma_async_is_complete(cookie, complete, used);
}

static inline void dma_set_residue(struct dma_tx_state *state, u32 residue)
{
	if (state)
		state->residue = residue;
}

static inline void dma_set_in_flight_bytes(struct dma_tx_state *state,
					   u32 in_flight_bytes)
{
	if (state)
		state->in_flight_bytes = in_flight_bytes;
}

/**
 * vchan_tx_prep() - put a new descriptor on desc_allocated
 * @vc: its channel
 * @vd: the descriptor
 * @tx_flags: the client's flags
 *
 * Return: the dmaengine descriptor.
 */
static inline struct dma_async_tx_descriptor *
vchan_tx_prep(struct virt_dma_chan *vc, struct virt_dma_desc *vd,
	      unsigned long tx_flags)
{
	unsigned long flags;

	dma_async_tx_descriptor_init(&vd->tx, &vc->chan);
	vd->tx.flags = tx_flags;
	vd->tx.tx_submit = vchan_tx_submit;
	vd->tx.desc_free = vchan_tx_desc_free;
	vd->tx_result.result = DMA_TRANS_NOERROR;
	vd->tx_result.residue = 0;
	spin_lock_irqsave(&vc->lock, flags);
	list_add_tail(&vd->node, &vc->desc_allocated);
	spin_unlock_irqrestore(&vc->lock, flags);
	return &vd->tx;
}

/* Submitted -> issued (vc->lock held); true if anything is issued. */
static inline bool vchan_issue_pending(struct virt_dma_chan *vc)
{
	lockdep_assert_held(&vc->lock);
	list_splice_tail_init(&vc->desc_submitted, &vc->desc_issued);
	return !list_empty(&vc->desc_issued);
}

/*
 * @vd is done (vc->lock held, @vd already off desc_issued): its cookie
 * completes and its callback is scheduled.
 */
static inline void vchan_cookie_complete(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);

	lockdep_assert_held(&vc->lock);
	vc->chan.completed_cookie = vd->tx.cookie;
	vd->tx.cookie = 0;
	list_add_tail(&vd->node, &vc->desc_completed);
	tasklet_schedule(&vc->task);
}

/* Free @vd, or keep it on desc_allocated if the client asked for reuse. */
static inline void vchan_vdesc_fini(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);
	unsigned long flags;

	if (dmaengine_desc_test_reuse(&vd->tx)) {
		spin_lock_irqsave(&vc->lock, flags);
		list_add(&vd->node, &vc->desc_allocated);
		spin_unlock_irqrestore(&vc->lock, flags);
	} else {
		vc->desc_free(vd);
	}
}

/* A period of cyclic @vd has passed: its callback is due. */
static inline void vchan_cyclic_callback(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);

	vc->cyclic = vd;
	tasklet_schedule(&vc->task);
}

/* The running @vd was terminated (vc->lock held): synchronize frees it. */
static inline void vchan_terminate_vdesc(struct virt_dma_desc *vd)
{
	struct virt_dma_chan *vc = to_virt_chan(vd->tx.chan);

	lockdep_assert_held(&vc->lock);
	list_add_tail(&vd->node, &vc->desc_terminated);
	if (vc->cyclic == vd)
		vc->cyclic = NULL;
}

/* First issued descriptor, or NULL (vc->lock held). */
static inline struct virt_dma_desc *vchan_next_desc(struct virt_dma_chan *vc)
{
	lockdep_assert_held(&vc->lock);
	return list_first_entry_or_null(&vc->desc_issued,
					struct virt_dma_desc, node);
}

/* Every descriptor of @vc onto @head (vc->lock held). */
static inline void vchan_get_all_descriptors(struct virt_dma_chan *vc,
					     struct list_head *head)
{
	lockdep_assert_held(&vc->lock);
	list_splice_tail_init(&vc->desc_allocated, head);
	list_splice_tail_init(&vc->desc_submitted, head);
	list_splice_tail_init(&vc->desc_issued, head);
	list_splice_tail_init(&vc->desc_completed, head);
	list_splice_tail_init(&vc->desc_terminated, head);
}

/* The channel is released: every descriptor goes, reusable ones too. */
static inline void vchan_free_chan_resources(struct virt_dma_chan *vc)
{
	struct virt_dma_desc *vd;
	unsigned long flags;
	LIST_HEAD(head);

	spin_lock_irqsave(&vc->lock, flags);
	vchan_get_all_descriptors(vc, &head);
	list_for_each_entry(vd, &head, node)
		dmaengine_desc_clear_reuse(&vd->tx);
	spin_unlock_irqrestore(&vc->lock, flags);
	vchan_dma_desc_free_list(vc, &head);
}

/*
 * No callback of @vc runs or will run (the caller stopped new ones);
 * terminated descriptors are freed.
 */
static inline void vchan_synchronize(struct virt_dma_chan *vc)
{
	unsigned long flags;
	LIST_HEAD(head);

	tasklet_kill(&vc->task);
	spin_lock_irqsave(&vc->lock, flags);
	list_splice_tail_init(&vc->desc_terminated, &head);
	spin_unlock_irqrestore(&vc->lock, flags);
	vchan_dma_desc_free_list(vc, &head);
}

#endif /* DMA330_KERNEL_VIRT_DMA */
#endif /* DMA330_VCHAN_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma330 provider: shared definitions of the dmaengine glue (dma330_core.c),
 * probe and device-tree parsing (dma330_of.c) and test hooks
 * (dma330_debugfs.c).
 */
#ifndef DMA330_H
#define DMA330_H

#include <linux/clk.h>
#include <linux/dmaengine.h>
#include <linux/fault-inject.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/workqueue.h>

#include "dma330_compat.h"
#include "dma330_hw.h"
#include "dma330_test.h"
#include "dma330_vchan.h"
#include "pl330_prog.h"

#define DMA330_DRV_NAME		"dma330"
/* Bytes at the start of each thread's buffer for the memset pattern. */
#define DMA330_PATTERN_BYTES	16
#define DMA330_NO_PERIPH	0xff

struct dma330_dev;
struct dma330_chan;

/**
 * struct dma330_desc - one transfer
 * @vd: virt-dma part (dmaengine descriptor)
 * @pool_node: on its channel's @pool while unused
 * @flags: the client's prep flags
 * @req: what the program generator must do
 * @segs: segments of @req: @seg_inline or @seg_heap
 * @seg_heap: segment array of sg/cyclic/interleave, kept for reuse
 * @seg_heap_cap: entries in @seg_heap
 * @seg_inline: the single segment of memcpy/memset
 * @pos: where the next program starts
 * @run_pos: where the running program started
 * @run_size: the program buffer size it was built with (to locate a stop)
 * @total: bytes of the whole transfer (one pass for cyclic)
 * @residue_min: smallest residue reported so far (keeps it monotonic)
 * @fill: memset byte
 * @want_irq: client asked for DMA_PREP_INTERRUPT
 * @cyclic: DMA_CYCLIC: restarted at the end of each pass
 * @period_len: cyclic period bytes
 * @periods: cyclic periods per pass
 * @periods_seen: periods of the running pass already counted
 *
 * The request (@req, @segs, @total) is set at prep and never changes; the
 * progress (@pos, @run_pos, @residue_min, @periods_seen) is rewound at
 * every submission (dma330_tx_submit()) and changes only under the
 * controller lock while the descriptor is issued.
 */
struct dma330_desc {
	struct virt_dma_desc vd;
	struct list_head pool_node;
	unsigned long flags;
	struct pl330_prog_req req;
	struct pl330_seg *segs;
	struct pl330_seg *seg_heap;
	unsigned int seg_heap_cap;
	struct pl330_seg seg_inline;
	struct pl330_prog_pos pos;
	struct pl330_prog_pos run_pos;
	u32 run_size;
	u64 total;
	u64 residue_min;
	u8 fill;
	bool want_irq;
	bool cyclic;
	u32 period_len;
	unsigned int periods;
	unsigned int periods_seen;
};

/**
 * struct dma330_prog_key - what the program in a thread's buffer was
 *                         built from (single-segment requests only)
 * @req: the request (segs not kept)
 * @seg: its segment
 * @from: start position
 * @to: position after the program
 * @size: buffer size it was built with
 * @len: program bytes; 0: the buffer holds nothing reusable
 */
struct dma330_prog_key {
	struct pl330_prog_req req;
	struct pl330_seg seg;
	struct pl330_prog_pos from;
	struct pl330_prog_pos to;
	u32 size;
	int len;
};

/**
 * struct dma330_thread - one hardware channel thread
 * @id: thread number; also its end-of-program event
 * @owner: virtual channel bound to it, or NULL
 * @desc: descriptor whose program runs on it, or NULL
 * @buf: program memory (pattern slot, then the program)
 * @buf_dma: bus address of @buf (streaming mapping made at probe)
 * @irq_on: shadow of this thread's INTEN bit
 * @start_err: the last start of @desc failed with this errno (0: it runs)
 * @end_dropped: the running program's end event was seen and dropped with
 *               the thread not yet stopped (a cyclic pass's last period)
 * @key: what the program in @buf was built from (controller lock)
 */
struct dma330_thread {
	unsigned int id;
	struct dma330_chan *owner;
	struct dma330_desc *desc;
	u8 *buf;
	dma_addr_t buf_dma;
	bool irq_on;
	int start_err;
	bool end_dropped;
	struct dma330_prog_key key;
};

/* Failed cookie ranges a channel remembers for tx_status. */
#define DMA330_ERR_RANGES	8

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
 * struct dma330_chan - a virtual channel
 * @vc: virt-dma channel (its lists and the dmaengine channel)
 * @d: controller
 * @id: index
 * @thr: hardware thread while bound, else NULL
 * @wait_node: on @d->waitq while waiting for a thread
 * @periph: request line from the DT lookup, or DMA330_NO_PERIPH
 * @slave: last accepted dma_slave_config
 * @slave_valid: @slave holds a validated config
 * @paused: device_pause in effect
 * @spare: one unused descriptor kept for prep, taken and put back by
 *         atomic exchange (no lock), or NULL
 * @pool: more unused descriptors kept for prep (vc.lock)
 * @npool: descriptors on @pool (vc.lock); with @spare at most desc_pool
 * @err: the last failed (faulted or terminated) cookie ranges, a ring;
 *       tx_status reads DMA_ERROR for them (vc.lock)
 * @err_next: next slot of @err to overwrite (vc.lock)
 * @err_any: @err has held a range since the channel was allocated
 *           (written under vc.lock, read without it by tx_status)
 * @completed: descriptors of this channel completed, ever (controller
 *             lock; debugfs chan_completed: fairness between channels)
 *
 * @thr, @wait_node, @paused and the issued descriptors (which may run on
 * any thread) are under the controller lock; vc.lock nests inside it.
 * vc.desc_issued changes with both held and is read under either.
 */
struct dma330_chan {
	struct virt_dma_chan vc;
	struct dma330_dev *d;
	unsigned int id;
	struct dma330_thread *thr;
	struct list_head wait_node;
	u8 periph;
	struct dma_slave_config slave;
	bool slave_valid;
	bool paused;
	struct dma330_desc *spare;
	struct list_head pool;
	unsigned int npool;
	struct dma330_cookie_range err[DMA330_ERR_RANGES];
	unsigned int err_next;
	bool err_any;
	u64 completed;
};

/**
 * struct dma330_hooks - test hooks (debugfs and exported test API), used
 *                      only with CONFIG_DMA330_TEST_HOOKS
 * @active: any hook below is on (one test in the hot path)
 * @gate_event: DMAWFE gate event planted in programs, or PL330_NO_EVENT
 * @gate_every: bytes between gates
 * @pace_ns: period of the gate-releasing timer, 0 = off
 * @pace_timer: releases @gate_event every @pace_ns
 * @fail_prep: make descriptor allocation fail
 * @fail_hw: plant an undefined instruction (real channel fault)
 * @drop_go: DMAGOs still to skip (as if the controller had not carried
 *           them out), under @lock
 * @never_quiet: a slave pause finds no quiet point (is refused); under
 *               @lock
 */
struct dma330_hooks {
	bool active;
	int gate_event;
	u32 gate_every;
	u64 pace_ns;
	struct hrtimer pace_timer;
	struct dma330_fault fail_prep;
	struct dma330_fault fail_hw;
	unsigned int drop_go;
	bool never_quiet;
};

/**
 * struct dma330_dev - one controller
 * @dd: dmaengine device
 * @hw: registers and configuration
 * @pcfg: program generator configuration
 * @lock: protects the threads, @waitq, INTEN, the debug interface and
 *        every channel's issued descriptors; taken before a channel's
 *        vc.lock, never inside it
 * @inten: shadow of INTEN
 * @threads: hardware threads
 * @free_threads: bitmap of unbound threads
 * @waitq: channels with issued work waiting for a thread (FIFO)
 * @chans: virtual channels
 * @nchans: number of @chans
 * @prog_bytes: size of each thread's buffer
 * @prog_limit: bytes a program may use (<= @prog_bytes - pattern);
 *              written under @lock
 * @clks: clocks besides the bus's apb_pclk
 * @nclks: number of @clks
 * @stats: counters
 * @ndescs: descriptors allocated now, every channel
 * @hooks: test hooks
 * @debugfs: debugfs directory
 * @pm_held: runtime PM reference held while busy
 * @busy_threads: threads bound
 * @last_busy: jiffies when the last thread was released
 * @idle_work: drops the runtime PM reference after idle time
 * @cyclic_work: restarts cyclic passes that ended as soon as they started
 * @dying: remove in progress, no new hardware starts
 * @prog_coherent: program buffers are coherent (no per-program sync)
 */
struct dma330_dev {
	struct dma_device dd;
	struct dma330_hw hw;
	struct pl330_prog_cfg pcfg;
	spinlock_t lock;	/* see @lock above */
	u32 inten;
	struct dma330_thread threads[DMA330_MAX_THREADS];
	unsigned long free_threads;
	struct list_head waitq;
	struct dma330_chan *chans;
	unsigned int nchans;
	u32 prog_bytes;
	u32 prog_limit;
	bool prog_coherent;
	struct clk_bulk_data *clks;
	int nclks;
	struct dma330_stats stats;
	atomic_long_t ndescs;
	struct dma330_hooks hooks;
	struct dentry *debugfs;
	bool pm_held;
	unsigned int busy_threads;
	unsigned long last_busy;
	struct delayed_work idle_work;
	struct work_struct cyclic_work;
	bool dying;
};

static inline struct dma330_chan *to_dma330_chan(struct dma_chan *chan)
{
	return container_of(chan, struct dma330_chan, vc.chan);
}

static inline struct dma330_desc *to_dma330_desc(struct virt_dma_desc *vd)
{
	return container_of(vd, struct dma330_desc, vd);
}

/* dma330_core.c */
int dma330_core_init(struct dma330_dev *d, unsigned int nchans);
void dma330_core_fini(struct dma330_dev *d);
irqreturn_t dma330_irq(int irq, void *data);
void dma330_core_stop_all(struct dma330_dev *d);
void dma330_core_hooks_init(struct dma330_dev *d);
void dma330_core_hooks_stop(struct dma330_dev *d);
void dma330_core_update_hooks(struct dma330_dev *d);
int dma330_core_set_prog_limit(struct dma330_dev *d, u32 bytes);
void dma330_core_get_stats(struct dma330_dev *d, struct dma330_stats *st);
int dma330_core_set_gate(struct dma330_dev *d, int event, u32 every);
int dma330_core_release_gate(struct dma330_dev *d, int event);
int dma330_core_set_pace(struct dma330_dev *d, u64 pace_ns);
int dma330_first_free_event(struct dma330_dev *d);
extern struct amba_driver dma330_amba_driver;

/* dma330_debugfs.c */
void dma330_debugfs_init(struct dma330_dev *d);
void dma330_debugfs_fini(struct dma330_dev *d);
void dma330_debugfs_root_init(void);
void dma330_debugfs_root_fini(void);

#endif /* DMA330_H */

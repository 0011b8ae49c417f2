/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test hooks the dma330 provider exports for its KUnit suite.  The same
 * hooks are reachable from user space in /sys/kernel/debug/dma330/<dev>/.
 */
#ifndef DMA330_TEST_H
#define DMA330_TEST_H

#include <linux/types.h>

struct dma_chan;

#define DMA330_TEST_MAX_THREADS	8

/**
 * struct dma330_stats - counters of one controller
 * @irqs: interrupt handler invocations that found work
 * @programs: programs started (DMAGO)
 * @prog_reused: programs started without generating them again (the
 *               thread's buffer held the very program)
 * @chunks: programs started to continue a split descriptor
 * @faults: channel faults handled
 * @mgr_faults: manager faults cleared
 * @completed: descriptors completed
 * @thread_waits: times a channel had to wait for a free thread
 * @pause_refused: pauses refused (-EBUSY): a slave thread stayed inside a
 *                 peripheral request for the whole wait
 * @pause_cut: slave pauses whose kill cut a request (a request came between
 *             the look for a quiet point and the DMAKILL)
 * @descs: descriptors allocated now (pools included)
 * @nthreads: hardware threads
 * @nvchans: virtual channels registered
 * @revision: PL330_REV_* in use
 * @first_free_event: lowest event with no interrupt (usable for gates)
 * @nevents: events the controller has
 * @thread_state: CSR state of each thread
 * @thread_busy: thread bound to a channel
 * @hw_polls: 1-us polls spent waiting on the hardware under the lock
 * @hw_poll_max: most polls one such wait needed
 */
struct dma330_stats {
	u64 irqs;
	u64 programs;
	u64 prog_reused;
	u64 chunks;
	u64 faults;
	u64 mgr_faults;
	u64 completed;
	u64 thread_waits;
	u64 pause_refused;
	u64 pause_cut;
	u64 descs;
	unsigned int nthreads;
	unsigned int nvchans;
	unsigned int revision;
	int first_free_event;
	unsigned int nevents;
	u32 thread_state[DMA330_TEST_MAX_THREADS];
	bool thread_busy[DMA330_TEST_MAX_THREADS];
	u64 hw_polls;
	u32 hw_poll_max;
};

bool dma330_is_dma330_chan(struct dma_chan *chan);
int dma330_test_get_stats(struct dma_chan *chan, struct dma330_stats *st);
int dma330_test_set_gate(struct dma_chan *chan, int event, u32 every);
int dma330_test_release_gate(struct dma_chan *chan, int event);
int dma330_test_settle(struct dma_chan *chan);
int dma330_test_set_pace(struct dma_chan *chan, u64 pace_ns);
int dma330_test_inject(struct dma_chan *chan, bool hw, unsigned int times);
int dma330_test_set_prog_size(struct dma_chan *chan, u32 bytes);
int dma330_test_set_periph(struct dma_chan *chan, unsigned int line);
int dma330_test_mgr_fault(struct dma_chan *chan);
int dma330_test_drop_go(struct dma_chan *chan, unsigned int times);
int dma330_test_pause_never_quiet(struct dma_chan *chan, bool on);

#endif /* DMA330_TEST_H */

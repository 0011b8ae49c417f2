/* SPDX-License-Identifier: GPL-2.0 */
/* dmastream: state of the client device shared with the character device. */
#ifndef _DS_MAIN_H
#define _DS_MAIN_H

#include <linux/mutex.h>
#include <linux/platform_device.h>

#include "uapi/dmastream.h"

struct ds_client {
	struct device *dev;
	void __iomem *regs;
	phys_addr_t fifo_phys;
	u32 fifo_off;
	u32 fifo_width;
	bool cdns;
	unsigned long ref_rate;	/* Cadence UART reference clock, Hz */
	u32 baud;		/* line rate programmed at init */
	struct dma_chan *chan[DMASTREAM_CHAN_COUNT];
	struct dmastream_chan *dc[DMASTREAM_CHAN_COUNT];
};

struct ds_state {
	struct mutex lock;		/* protects everything below */
	struct ds_client *client;	/* the bound DT node, if any */
	struct dmastream_chan *memcpy_dc; /* taken while files are open */
	unsigned int memcpy_users;
	struct platform_device *mem_pdev;
	struct device *log_dev;
	struct dentry *debugfs;
	struct mutex fifo_lock;		/* one FIFO wait at a time */
};

extern struct ds_state ds;

struct dmastream_chan *ds_get_chan(unsigned int role);
void ds_memcpy_get(void);
void ds_memcpy_put(void);
int ds_slave_config(enum dma_transfer_direction dir, u32 burst,
		    struct dma_slave_config *cfg);
int ds_fifo_wait(u32 bytes, u32 timeout_ms, bool flush, u32 *flushed);
unsigned int ds_fifo_depth(void);

#endif /* _DS_MAIN_H */

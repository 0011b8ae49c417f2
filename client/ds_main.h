/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dmastream host module (dmastream.ko): the DT client binding and the
 * character devices.  Users of the core library through
 * client/dmastream.h only; this header is shared by ds_main.c and
 * ds_cdev.c.
 */
#ifndef _DS_MAIN_H
#define _DS_MAIN_H

#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>

#include "dmastream.h"
#include "uapi/dmastream.h"

struct ds_host;

/* One bound "pl330stack,dmastream[-cdns-uart]" node. */
struct ds_client {
	struct device *dev;
	struct ds_host *host;		/* the /dev node serving it */
	void __iomem *regs;
	phys_addr_t fifo_phys;
	u32 fifo_off;
	u32 fifo_width;
	bool cdns;
	unsigned long ref_rate;	/* Cadence UART reference clock, Hz */
	u32 baud;		/* line rate programmed at init */
	struct dma_chan *chan[DMASTREAM_CHAN_COUNT];
	struct dmastream_chan *dc[DMASTREAM_CHAN_COUNT];
	struct mutex fifo_lock;	/* one FIFO wait at a time */
};

/*
 * One character device: /dev/dmastream (memcpy on any channel, and the
 * first client node bound), /dev/dmastream1, 2, ... (one per further
 * client node).
 */
struct ds_host {
	struct miscdevice misc;
	char name[24];
	unsigned int index;
	struct mutex lock;		/* protects everything below */
	struct ds_client *client;	/* the bound DT node, if any */
	struct dmastream_chan *memcpy_dc; /* taken while files are open */
	unsigned int memcpy_users;
};

/* ds_main.c */
struct dmastream_chan *ds_get_chan(struct ds_host *h, unsigned int role);
void ds_memcpy_get(struct ds_host *h);
void ds_memcpy_put(struct ds_host *h);
void ds_chan_config(struct ds_host *h, const char *role,
		    struct dmastream_chan_config *cfg, char *name,
		    size_t name_size);
int ds_slave_config(struct ds_host *h, enum dma_transfer_direction dir,
		    u32 burst, struct dma_slave_config *cfg);
int ds_fifo_wait(struct ds_host *h, u32 bytes, u32 timeout_ms, bool flush,
		 u32 *flushed);
unsigned int ds_fifo_depth(void);
u64 ds_cma_pool_size(const char **source);
extern unsigned int ds_timeout_ms;

/* ds_cdev.c */
int ds_host_register(struct ds_host *h);
void ds_host_unregister(struct ds_host *h);

#endif /* _DS_MAIN_H */

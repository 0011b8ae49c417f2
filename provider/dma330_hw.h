/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA-330 hardware layer: registers, debug-instruction interface, thread
 * control and fault decoding.  No dmaengine knowledge lives here.
 */
#ifndef DMA330_HW_H
#define DMA330_HW_H

#include <linux/bits.h>
#include <linux/io.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct device;

#define DMA330_DSR		0x000	/* manager status */
#define DMA330_DPC		0x004
#define DMA330_INTEN		0x020	/* event n raises IRQ n when set */
#define DMA330_INT_EVENT_RIS	0x024
#define DMA330_INTMIS		0x028
#define DMA330_INTCLR		0x02c
#define DMA330_FSRD		0x030	/* manager fault */
#define DMA330_FSRC		0x034	/* channel faults, bit per thread */
#define DMA330_FTRD		0x038
#define DMA330_FTR(n)		(0x040 + (n) * 4)
#define DMA330_CSR(n)		(0x100 + (n) * 8)
#define DMA330_CPC(n)		(0x104 + (n) * 8)
#define DMA330_SAR(n)		(0x400 + (n) * 0x20)
#define DMA330_DAR(n)		(0x404 + (n) * 0x20)
#define DMA330_CCR(n)		(0x408 + (n) * 0x20)
#define DMA330_LC0(n)		(0x40c + (n) * 0x20)
#define DMA330_LC1(n)		(0x410 + (n) * 0x20)
#define DMA330_DBGSTATUS	0xd00
#define DMA330_DBGCMD		0xd04
#define DMA330_DBGINST0		0xd08
#define DMA330_DBGINST1		0xd0c
#define DMA330_CR0		0xe00
#define DMA330_CR1		0xe04
#define DMA330_CR2		0xe08
#define DMA330_CR3		0xe0c
#define DMA330_CR4		0xe10
#define DMA330_CRD		0xe14

#define DMA330_DBG_BUSY		BIT(0)

/* Channel (and manager) execution states, CSR[3:0]. */
#define DMA330_ST_STOPPED	0x0
#define DMA330_ST_EXECUTING	0x1
#define DMA330_ST_CACHEMISS	0x2
#define DMA330_ST_UPDATEPC	0x3
#define DMA330_ST_WFE		0x4
#define DMA330_ST_ATBARRIER	0x5
#define DMA330_ST_WFP		0x7
#define DMA330_ST_KILLING	0x8
#define DMA330_ST_COMPLETING	0x9
#define DMA330_ST_FAULT_COMPLETING 0xe
#define DMA330_ST_FAULTING	0xf
#define DMA330_ST_MASK		0xf

#define DMA330_MAX_THREADS	8
#define DMA330_MAX_EVENTS	32

/**
 * struct dma330_hw_cfg - configuration read from CR0-CR4/CRD and the ID
 * @nthreads: DMA channel threads
 * @nperiph: peripheral request interfaces (0 when CR0 says none)
 * @nevents: events/interrupts
 * @bus_bytes: AXI data width in bytes
 * @fifo_bytes: MFIFO depth in bytes
 * @revision: PL330_REV_* from the peripheral ID
 * @mgr_ns: manager thread is non-secure (so are the threads it starts)
 * @ins: events a non-secure thread may use (CR3; all with a secure manager)
 * @pns: request lines a non-secure thread may use (CR4; likewise)
 */
struct dma330_hw_cfg {
	u8 nthreads;
	u8 nperiph;
	u8 nevents;
	u8 bus_bytes;
	u16 fifo_bytes;
	u8 revision;
	bool mgr_ns;
	u32 ins;
	u32 pns;
};

/**
 * struct dma330_hw - one controller's register window
 * @base: mapped registers
 * @dev: device, for messages
 * @cfg: configuration read at probe
 * @lock: the controller lock: the debug interface is one resource for
 *        every thread, so whoever issues a debug instruction or waits on a
 *        thread holds it (asserted)
 * @polls: 1-us polls spent waiting on the hardware, in total (@lock)
 * @poll_max: most polls a single wait has needed (@lock)
 */
struct dma330_hw {
	void __iomem *base;
	struct device *dev;
	struct dma330_hw_cfg cfg;
	spinlock_t *lock;	/* the controller's: see @lock above */
	u64 polls;
	u32 poll_max;
};

int dma330_hw_read_cfg(struct dma330_hw *hw, u32 periphid);
int dma330_hw_exec(struct dma330_hw *hw, bool chan_thread, unsigned int chan,
		   const u8 *insn, unsigned int len);
int dma330_hw_go(struct dma330_hw *hw, unsigned int chan, u32 addr);
int dma330_hw_kill(struct dma330_hw *hw, unsigned int chan);
int dma330_hw_kill_manager(struct dma330_hw *hw);
int dma330_hw_sev(struct dma330_hw *hw, unsigned int event);
int dma330_hw_wait_stopped(struct dma330_hw *hw, unsigned int chan);
void dma330_hw_log_chan_fault(struct dma330_hw *hw, unsigned int chan,
			      u32 ftr);
void dma330_hw_log_mgr_fault(struct dma330_hw *hw, u32 ftrd);
const char *dma330_hw_state_name(u32 state);

static inline u32 dma330_hw_chan_state(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_CSR(ch)) & DMA330_ST_MASK;
}

static inline u32 dma330_hw_csr(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_CSR(ch));
}

static inline u32 dma330_hw_sar(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_SAR(ch));
}

static inline u32 dma330_hw_dar(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_DAR(ch));
}

static inline u32 dma330_hw_cpc(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_CPC(ch));
}

static inline u8 dma330_hw_lc0(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_LC0(ch)) & 0xff;
}

static inline u8 dma330_hw_lc1(struct dma330_hw *hw, unsigned int ch)
{
	return readl_relaxed(hw->base + DMA330_LC1(ch)) & 0xff;
}

/* Bits of FTRn that say the data bus failed. */
#define DMA330_FTR_UNDEF_INSTR	BIT(0)
#define DMA330_FTR_OPERAND	BIT(1)
#define DMA330_FTR_EVENT_ERR	BIT(5)
#define DMA330_FTR_PERIPH_ERR	BIT(6)
#define DMA330_FTR_RDWR_ERR	BIT(7)
#define DMA330_FTR_MFIFO_ERR	BIT(12)
#define DMA330_FTR_ST_DATA_UNAV	BIT(13)
#define DMA330_FTR_FETCH_ERR	BIT(16)
#define DMA330_FTR_WRITE_ERR	BIT(17)
#define DMA330_FTR_READ_ERR	BIT(18)
#define DMA330_FTR_DBG_INSTR	BIT(30)
#define DMA330_FTR_LOCKUP	BIT(31)

#endif /* DMA330_HW_H */

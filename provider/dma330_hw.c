// SPDX-License-Identifier: GPL-2.0
/*
 * DMA-330 hardware layer: configuration registers, the debug-instruction
 * interface (how the CPU makes a thread run DMAGO/DMAKILL/DMASEV), thread
 * state and fault decoding.  Every wait on the hardware is bounded.
 */
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/errno.h>

#include "dma330_hw.h"
#include "pl330_prog.h"

#define CR0_PERIPH_REQ		BIT(0)
#define CR0_MGR_NS_AT_RST	BIT(2)
#define CR0_NUM_CHNLS		GENMASK(6, 4)
#define CR0_NUM_PERIPH		GENMASK(16, 12)
#define CR0_NUM_EVENTS		GENMASK(21, 17)
#define CRD_DATA_WIDTH		GENMASK(2, 0)
#define CRD_DATA_BUFFER_DEP	GENMASK(29, 20)
#define PERIPHID_REV		GENMASK(23, 20)
#define DSR_DNS			BIT(9)

/*
 * Polls of DBGSTATUS / CSR before giving up; each poll waits 1 us.  Both
 * take a few cycles on a healthy controller; callers hold the controller
 * lock with interrupts off, so the bound is kept short, and every wait
 * counts its polls (hw->polls, hw->poll_max: the stats say what the waits
 * really cost).  What waits: each debug instruction until the interface
 * has carried it out (DMAGO, DMAKILL, DMASEV: a few cycles), and DMAKILL
 * until its thread has stopped (its outstanding AXI transactions done).
 */
#define DMA330_POLL_US		100

static void dma330_hw_count(struct dma330_hw *hw, unsigned int polls)
{
	hw->polls += polls;
	if (polls > hw->poll_max)
		hw->poll_max = polls;
}

int dma330_hw_read_cfg(struct dma330_hw *hw, u32 periphid)
{
	struct dma330_hw_cfg *cfg = &hw->cfg;
	u32 cr0 = readl(hw->base + DMA330_CR0);
	u32 crd = readl(hw->base + DMA330_CRD);
	unsigned int width = FIELD_GET(CRD_DATA_WIDTH, crd);
	unsigned int rev = FIELD_GET(PERIPHID_REV, periphid);

	cfg->nthreads = FIELD_GET(CR0_NUM_CHNLS, cr0) + 1;
	cfg->nperiph = (cr0 & CR0_PERIPH_REQ) ?
		       FIELD_GET(CR0_NUM_PERIPH, cr0) + 1 : 0;
	cfg->nevents = FIELD_GET(CR0_NUM_EVENTS, cr0) + 1;
	/* The manager's state now (DSR DNS), or as it boots (CR0). */
	cfg->mgr_ns = (cr0 & CR0_MGR_NS_AT_RST) ||
		      (readl(hw->base + DMA330_DSR) & DSR_DNS);
	/*
	 * Our threads run non-secure under a non-secure manager: then only
	 * the events and request lines the secure world gave the non-secure
	 * one (INS, PNS) work; using another one aborts the thread.
	 */
	cfg->ins = cfg->mgr_ns ? readl(hw->base + DMA330_CR3) : U32_MAX;
	cfg->pns = cfg->mgr_ns ? readl(hw->base + DMA330_CR4) : U32_MAX;
	if (width < 2 || width > 4) {
		dev_err(hw->dev, "CRD 0x%08x: unsupported data width code %u\n",
			crd, width);
		return -ENODEV;
	}
	cfg->bus_bytes = 1 << width;
	cfg->fifo_bytes = (FIELD_GET(CRD_DATA_BUFFER_DEP, crd) + 1) *
			  cfg->bus_bytes;
	cfg->revision = rev == 0 ? PL330_REV_R0P0 :
			rev == 1 ? PL330_REV_R1P0 : PL330_REV_R1P1;
	return 0;
}

static bool dma330_hw_dbg_busy(struct dma330_hw *hw)
{
	return readl_relaxed(hw->base + DMA330_DBGSTATUS) & DMA330_DBG_BUSY;
}

static int dma330_hw_wait_dbg_idle(struct dma330_hw *hw)
{
	unsigned int i;

	lockdep_assert_held(hw->lock);
	for (i = 0; i < DMA330_POLL_US; i++) {
		if (!dma330_hw_dbg_busy(hw)) {
			dma330_hw_count(hw, i);
			return 0;
		}
		udelay(1);
	}
	dma330_hw_count(hw, i);
	dev_err_ratelimited(hw->dev, "debug interface stuck busy\n");
	return -ETIMEDOUT;
}

/**
 * dma330_hw_exec() - run one instruction through the debug registers
 * @hw: controller
 * @chan_thread: true to run it on channel thread @chan, false on the manager
 * @chan: channel number (DMAGO's target or the executing channel)
 * @insn: instruction bytes (at most 6)
 * @len: number of bytes in @insn
 *
 * Caller holds hw->lock (the debug interface is a single shared resource).
 * Returns once the instruction has been carried out.
 *
 * Return: 0, -EBUSY if the interface was still busy from an instruction
 * whose wait timed out, or -ETIMEDOUT if it stayed busy with this one.
 */
int dma330_hw_exec(struct dma330_hw *hw, bool chan_thread, unsigned int chan,
		   const u8 *insn, unsigned int len)
{
	u32 inst0, inst1 = 0;
	unsigned int i;

	lockdep_assert_held(hw->lock);
	/* Every instruction waits until carried out: idle now, unless broken. */
	if (unlikely(dma330_hw_dbg_busy(hw))) {
		dev_err_ratelimited(hw->dev, "debug interface still busy\n");
		return -EBUSY;
	}
	inst0 = (u32)insn[0] << 16 | chan << 8 | (chan_thread ? 1 : 0);
	if (len > 1)
		inst0 |= (u32)insn[1] << 24;
	for (i = 2; i < len && i < 6; i++)
		inst1 |= (u32)insn[i] << ((i - 2) * 8);
	writel_relaxed(inst0, hw->base + DMA330_DBGINST0);
	writel_relaxed(inst1, hw->base + DMA330_DBGINST1);
	/* The program and its data must be visible before the thread runs. */
	writel(0, hw->base + DMA330_DBGCMD);
	/*
	 * Carried out once the interface is idle again: only then does a
	 * thread's state say anything about the instruction (a thread read
	 * as stopped right after DMAGO may simply not have started yet).
	 */
	return dma330_hw_wait_dbg_idle(hw);
}

int dma330_hw_go(struct dma330_hw *hw, unsigned int chan, u32 addr)
{
	u8 insn[PL330_GO_SIZE];

	pl330_encode_go(insn, chan, addr, hw->cfg.mgr_ns);
	return dma330_hw_exec(hw, false, chan, insn, sizeof(insn));
}

int dma330_hw_wait_stopped(struct dma330_hw *hw, unsigned int chan)
{
	unsigned int i;
	u32 st;

	lockdep_assert_held(hw->lock);
	for (i = 0; i < DMA330_POLL_US; i++) {
		st = dma330_hw_chan_state(hw, chan);
		if (st == DMA330_ST_STOPPED) {
			dma330_hw_count(hw, i);
			return 0;
		}
		udelay(1);
	}
	dma330_hw_count(hw, i);
	dev_err_ratelimited(hw->dev, "thread %u stuck in state %s\n", chan,
			    dma330_hw_state_name(st));
	return -ETIMEDOUT;
}

/**
 * dma330_hw_kill() - stop a channel thread and wait until it has stopped
 * @hw: controller
 * @chan: thread
 *
 * Return: 0, or -ETIMEDOUT.
 */
int dma330_hw_kill(struct dma330_hw *hw, unsigned int chan)
{
	static const u8 kill = PL330_OP_KILL;
	int ret;

	if (dma330_hw_chan_state(hw, chan) == DMA330_ST_STOPPED)
		return 0;
	ret = dma330_hw_exec(hw, true, chan, &kill, 1);
	if (ret)
		return ret;
	return dma330_hw_wait_stopped(hw, chan);
}

int dma330_hw_kill_manager(struct dma330_hw *hw)
{
	static const u8 kill = PL330_OP_KILL;

	return dma330_hw_exec(hw, false, 0, &kill, 1);
}

int dma330_hw_sev(struct dma330_hw *hw, unsigned int event)
{
	u8 insn[2] = { PL330_OP_SEV, event << 3 };

	return dma330_hw_exec(hw, false, 0, insn, 2);
}

const char *dma330_hw_state_name(u32 state)
{
	static const char * const names[16] = {
		[DMA330_ST_STOPPED] = "stopped",
		[DMA330_ST_EXECUTING] = "executing",
		[DMA330_ST_CACHEMISS] = "cache-miss",
		[DMA330_ST_UPDATEPC] = "updating-pc",
		[DMA330_ST_WFE] = "waiting-for-event",
		[DMA330_ST_ATBARRIER] = "at-barrier",
		[DMA330_ST_WFP] = "waiting-for-peripheral",
		[DMA330_ST_KILLING] = "killing",
		[DMA330_ST_COMPLETING] = "completing",
		[DMA330_ST_FAULT_COMPLETING] = "faulting-completing",
		[DMA330_ST_FAULTING] = "faulting",
	};

	state &= DMA330_ST_MASK;
	return names[state] ? names[state] : "reserved";
}

struct dma330_fault_bit {
	u32 bit;
	const char *what;
};

static const struct dma330_fault_bit dma330_chan_faults[] = {
	{ DMA330_FTR_UNDEF_INSTR, "undefined instruction" },
	{ DMA330_FTR_OPERAND, "invalid operand" },
	{ DMA330_FTR_EVENT_ERR, "event not allowed (security)" },
	{ DMA330_FTR_PERIPH_ERR, "peripheral not allowed (security)" },
	{ DMA330_FTR_RDWR_ERR, "CCR security violation" },
	{ DMA330_FTR_MFIFO_ERR, "MFIFO too small" },
	{ DMA330_FTR_ST_DATA_UNAV, "store with empty MFIFO" },
	{ DMA330_FTR_FETCH_ERR, "instruction fetch bus error" },
	{ DMA330_FTR_WRITE_ERR, "data write bus error" },
	{ DMA330_FTR_READ_ERR, "data read bus error" },
	{ DMA330_FTR_DBG_INSTR, "from debug instruction" },
	{ DMA330_FTR_LOCKUP, "lock-up (watchdog)" },
};

static const struct dma330_fault_bit dma330_mgr_faults[] = {
	{ BIT(0), "undefined instruction" },
	{ BIT(1), "invalid operand" },
	{ BIT(4), "DMAGO security violation" },
	{ BIT(5), "event not allowed (security)" },
	{ BIT(16), "instruction fetch bus error" },
	{ BIT(30), "from debug instruction" },
};

static void dma330_hw_decode(char *buf, size_t size, u32 ftr,
			     const struct dma330_fault_bit *bits,
			     unsigned int nbits)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nbits && used < size; i++)
		if (ftr & bits[i].bit)
			used += scnprintf(buf + used, size - used, "%s%s",
					  used ? ", " : "", bits[i].what);
	if (!used)
		scnprintf(buf, size, "no reason given");
}

void dma330_hw_log_chan_fault(struct dma330_hw *hw, unsigned int chan,
			      u32 ftr)
{
	char why[160];

	dma330_hw_decode(why, sizeof(why), ftr, dma330_chan_faults,
			 ARRAY_SIZE(dma330_chan_faults));
	dev_err_ratelimited(hw->dev,
			    "thread %u fault FTR=0x%08x (%s) PC=0x%08x SAR=0x%08x DAR=0x%08x\n",
			    chan, ftr, why, dma330_hw_cpc(hw, chan),
			    dma330_hw_sar(hw, chan), dma330_hw_dar(hw, chan));
}

void dma330_hw_log_mgr_fault(struct dma330_hw *hw, u32 ftrd)
{
	char why[120];

	dma330_hw_decode(why, sizeof(why), ftrd, dma330_mgr_faults,
			 ARRAY_SIZE(dma330_mgr_faults));
	dev_err_ratelimited(hw->dev,
			    "manager fault FTRD=0x%08x (%s) DPC=0x%08x\n",
			    ftrd, why, readl_relaxed(hw->base + DMA330_DPC));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * dma330 provider: statistics and (CONFIG_DMA330_TEST_HOOKS only) test
 * hooks in /sys/kernel/debug/dma330/<device>/.
 *
 *   stats                   counters and per-thread state (always)
 *   chan_completed          descriptors completed, per channel (always)
 *   gate_event, gate_every  plant DMAWFE gates in programs started from now
 *   release                 write an event number: DMASEV via debug registers
 *   pace_ns                 release gate_event every pace_ns (paced periph)
 *   prog_limit              program bytes per start (small: forces splitting)
 *   fail_prep/, fail_hw/    fault_attr: prep allocation fails / channel faults
 *
 * Also dma330_test_mgr_fault(), a test hook with no file.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/seq_file.h>

#include "dma330.h"
#include "dma330_compat.h"

static struct dentry *dma330_debugfs_root;

#ifdef CONFIG_DMA330_TEST_HOOKS
/**
 * dma330_test_mgr_fault() - make the manager fault: DMAGO to a busy thread
 * @chan: a dma330 channel with a program in flight (held at a gate)
 *
 * The manager must refuse a DMAGO to a thread that is running (invalid
 * operand); the interrupt handler then has a manager fault to clear.
 *
 * Return: 0 when the manager faulted, -EBUSY if it was faulting already
 * (the last fault was not cleared), -EAGAIN if @chan has no program in
 * flight, -EIO if the DMAGO raised no fault, -ENODEV if @chan is not ours.
 */
int dma330_test_mgr_fault(struct dma_chan *chan)
{
	struct dma330_thread *thr;
	struct dma330_dev *d;
	unsigned long flags;
	int ret;

	if (!dma330_is_dma330_chan(chan))
		return -ENODEV;
	d = to_dma330_chan(chan)->d;
	spin_lock_irqsave(&d->lock, flags);
	thr = to_dma330_chan(chan)->thr;
	if (readl_relaxed(d->hw.base + DMA330_FSRD) & BIT(0))
		ret = -EBUSY;
	else if (!thr || !thr->desc ||
		 dma330_hw_chan_state(&d->hw, thr->id) == DMA330_ST_STOPPED)
		ret = -EAGAIN;
	else
		ret = dma330_hw_go(&d->hw, thr->id,
				   thr->buf_dma + DMA330_PATTERN_BYTES);
	/* Still under the lock: the handler has not cleared it yet. */
	if (!ret && !(readl_relaxed(d->hw.base + DMA330_FSRD) & BIT(0)))
		ret = -EIO;
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(dma330_test_mgr_fault);

/*
 * gate_event is signed (-1 turns gates off) but scripts also write -1 as
 * the u64 2^64 - 1: accept both spellings.
 */
static ssize_t dma330_gate_event_read(struct file *f, char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	struct dma330_dev *d = file_inode(f)->i_private;
	char buf[16];
	int n;

	n = scnprintf(buf, sizeof(buf), "%d\n", READ_ONCE(d->hooks.gate_event));
	return simple_read_from_buffer(ubuf, len, ppos, buf, n);
}

static ssize_t dma330_gate_event_write(struct file *f, const char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	struct dma330_dev *d = file_inode(f)->i_private;
	unsigned long long u;
	long long ev;
	int ret;

	ret = kstrtoll_from_user(ubuf, len, 0, &ev);
	if (ret) {
		ret = kstrtoull_from_user(ubuf, len, 0, &u);
		if (ret)
			return ret;
		ev = (long long)u;
	}
	if (ev != PL330_NO_EVENT && (ev < 0 || ev >= d->hw.cfg.nevents))
		return -EINVAL;
	ret = dma330_core_set_gate(d, (int)ev, READ_ONCE(d->hooks.gate_every));
	return ret ? ret : len;
}

static const struct file_operations dma330_gate_event_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = dma330_gate_event_read,
	.write = dma330_gate_event_write,
	.llseek = default_llseek,
};

static int dma330_gate_every_get(void *data, u64 *val)
{
	struct dma330_dev *d = data;

	*val = READ_ONCE(d->hooks.gate_every);
	return 0;
}

static int dma330_gate_every_set(void *data, u64 val)
{
	struct dma330_dev *d = data;

	if (val > U32_MAX)
		return -EINVAL;
	WRITE_ONCE(d->hooks.gate_every, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(dma330_gate_every_fops, dma330_gate_every_get,
			 dma330_gate_every_set, "%llu\n");

static int dma330_release_set(void *data, u64 val)
{
	return dma330_core_release_gate(data, (int)val);
}
DEFINE_DEBUGFS_ATTRIBUTE(dma330_release_fops, NULL, dma330_release_set,
			 "%llu\n");

static int dma330_pace_get(void *data, u64 *val)
{
	struct dma330_dev *d = data;

	*val = READ_ONCE(d->hooks.pace_ns);
	return 0;
}

static int dma330_pace_set(void *data, u64 val)
{
	if (val && val < 10000)
		return -EINVAL;	/* keep the CPU alive */
	return dma330_core_set_pace(data, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(dma330_pace_fops, dma330_pace_get, dma330_pace_set,
			 "%llu\n");

static int dma330_prog_limit_get(void *data, u64 *val)
{
	struct dma330_dev *d = data;

	*val = READ_ONCE(d->prog_limit);
	return 0;
}

static int dma330_prog_limit_set(void *data, u64 val)
{
	if (val > U32_MAX)
		return -EINVAL;
	return dma330_core_set_prog_limit(data, val);
}
DEFINE_DEBUGFS_ATTRIBUTE(dma330_prog_limit_fops, dma330_prog_limit_get,
			 dma330_prog_limit_set, "%llu\n");
#endif /* CONFIG_DMA330_TEST_HOOKS */

static int dma330_stats_show(struct seq_file *m, void *v)
{
	struct dma330_dev *d = m->private;
	struct dma330_stats st;
	static const char * const rev[] = { "r0p0", "r1p0", "r1p1" };
	unsigned int i;

	if (IS_ENABLED(CONFIG_DMA330_TEST_HOOKS))
		dma330_core_update_hooks(d);	/* fault_attr may be written */
	dma330_core_get_stats(d, &st);
	seq_printf(m, "revision: %s\n", rev[st.revision]);
	seq_printf(m, "threads: %u\nvchans: %u\nevents: %u\nfirst_free_event: %d\n",
		   st.nthreads, st.nvchans, st.nevents, st.first_free_event);
	seq_printf(m, "irqs: %llu\nprograms: %llu\nprog_reused: %llu\nchunks: %llu\n",
		   st.irqs, st.programs, st.prog_reused, st.chunks);
	seq_printf(m, "completed: %llu\nfaults: %llu\nmgr_faults: %llu\nthread_waits: %llu\n",
		   st.completed, st.faults, st.mgr_faults, st.thread_waits);
	seq_printf(m, "pause_refused: %llu\npause_cut: %llu\n",
		   st.pause_refused, st.pause_cut);
	seq_printf(m, "hw_polls: %llu\nhw_poll_max: %u\n", st.hw_polls,
		   st.hw_poll_max);
	seq_printf(m, "descs: %llu\n", st.descs);
	for (i = 0; i < st.nthreads; i++)
		seq_printf(m, "thread%u: %s %s csr=0x%08x\n", i,
			   st.thread_busy[i] ? "bound" : "free",
			   dma330_hw_state_name(st.thread_state[i]),
			   st.thread_state[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dma330_stats);

/* One line per channel, "dma0chan5 1234": counts to difference over a window. */
static int dma330_chan_completed_show(struct seq_file *m, void *v)
{
	struct dma330_dev *d = m->private;
	unsigned long flags;
	unsigned int i;
	u64 n;

	for (i = 0; i < d->nchans; i++) {
		spin_lock_irqsave(&d->lock, flags);
		n = d->chans[i].completed;
		spin_unlock_irqrestore(&d->lock, flags);
		seq_printf(m, "%s %llu\n", dma_chan_name(&d->chans[i].vc.chan),
			   n);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(dma330_chan_completed);

void dma330_debugfs_root_init(void)
{
	dma330_debugfs_root = debugfs_create_dir(DMA330_DRV_NAME, NULL);
}

void dma330_debugfs_root_fini(void)
{
	debugfs_remove_recursive(dma330_debugfs_root);
	dma330_debugfs_root = NULL;
}

void dma330_debugfs_init(struct dma330_dev *d)
{
	struct dentry *dir;

	dir = debugfs_create_dir(dev_name(d->dd.dev), dma330_debugfs_root);
	d->debugfs = dir;
	debugfs_create_file("stats", 0400, dir, d, &dma330_stats_fops);
	debugfs_create_file("chan_completed", 0400, dir, d,
			    &dma330_chan_completed_fops);
#ifdef CONFIG_DMA330_TEST_HOOKS
	debugfs_create_file("gate_event", 0600, dir, d, &dma330_gate_event_fops);
	debugfs_create_file("gate_every", 0600, dir, d, &dma330_gate_every_fops);
	debugfs_create_file("release", 0200, dir, d, &dma330_release_fops);
	debugfs_create_file("pace_ns", 0600, dir, d, &dma330_pace_fops);
	debugfs_create_file("prog_limit", 0600, dir, d,
			    &dma330_prog_limit_fops);
#ifdef CONFIG_FAULT_INJECTION_DEBUG_FS
	fault_create_debugfs_attr("fail_prep", dir, &d->hooks.fail_prep.attr);
	fault_create_debugfs_attr("fail_hw", dir, &d->hooks.fail_hw.attr);
#endif
#endif /* CONFIG_DMA330_TEST_HOOKS */
}

void dma330_debugfs_fini(struct dma330_dev *d)
{
	debugfs_remove_recursive(d->debugfs);
	d->debugfs = NULL;
}

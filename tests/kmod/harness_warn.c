// SPDX-License-Identifier: GPL-2.0
/*
 * Harness self-test: a module whose only job is to trigger a kernel WARN
 * when loaded, so the test suite can prove that a WARN fails a guest run.
 */
#include <linux/bug.h>
#include <linux/module.h>

static int __init harness_warn_init(void)
{
	WARN(1, "harness_warn: deliberate WARN to test the test harness\n");
	return 0;
}

static void __exit harness_warn_exit(void)
{
}

module_init(harness_warn_init);
module_exit(harness_warn_exit);
MODULE_DESCRIPTION("Deliberate WARN for the harness self-test");
MODULE_LICENSE("GPL");

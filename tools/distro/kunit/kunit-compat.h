/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included (-include) into our KUnit test modules when they are
 * built for Debian's 6.1 armmp kernels, which have no KUnit of their own
 * (tools/distro/kunit: Debian's lib/kunit as a module).
 *
 * - That kernel's module loader ignores the .kunit_test_suites section:
 *   kunit_test_suites() becomes a module_init/module_exit pair handing the
 *   suites to kunit.ko, as KUnit registered module suites before 5.19.
 *   Results land in the usual /sys/kernel/debug/kunit/SUITE/results.
 * - The few KUnit calls our tests use that 6.1 lacks (6.5 added them):
 *   deferred actions, on 6.1's resource API (run in reverse order of
 *   registration at the end of the case, like the real ones);
 *   KUNIT_FAIL_AND_ABORT; KUNIT_CASE_SLOW (the speed attribute only).
 */
#ifndef PL330STACK_KUNIT_COMPAT_H
#define PL330STACK_KUNIT_COMPAT_H

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <kunit/resource.h>
#include <kunit/test.h>

#undef kunit_test_suites
#define kunit_test_suites(__suites...)					\
	static struct kunit_suite *kunit_oot_suites[] = { __suites };	\
	static int __init kunit_oot_init(void)				\
	{								\
		return __kunit_test_suites_init(kunit_oot_suites,	\
						ARRAY_SIZE(kunit_oot_suites)); \
	}								\
	module_init(kunit_oot_init);					\
	static void __exit kunit_oot_exit(void)				\
	{								\
		__kunit_test_suites_exit(kunit_oot_suites,		\
					 ARRAY_SIZE(kunit_oot_suites));	\
	}								\
	module_exit(kunit_oot_exit)

/* (6.5 added KUNIT_CASE_SLOW with the others: one test for all three) */
#ifndef KUNIT_CASE_SLOW
typedef void (kunit_action_t)(void *);

struct kunit_oot_action {
	kunit_action_t *fn;
	void *data;
};

static inline int kunit_oot_action_init(struct kunit_resource *res, void *ctx)
{
	res->data = ctx;
	return 0;
}

static inline void kunit_oot_action_free(struct kunit_resource *res)
{
	struct kunit_oot_action *a = res->data;

	a->fn(a->data);
	kfree(a);
}

static inline int kunit_add_action(struct kunit *test, kunit_action_t *fn,
				   void *data)
{
	struct kunit_oot_action *a = kmalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	a->fn = fn;
	a->data = data;
	if (!kunit_alloc_resource(test, kunit_oot_action_init,
				  kunit_oot_action_free, GFP_KERNEL, a)) {
		kfree(a);
		return -ENOMEM;
	}
	return 0;
}

static inline int kunit_add_action_or_reset(struct kunit *test,
					    kunit_action_t *fn, void *data)
{
	int ret = kunit_add_action(test, fn, data);

	if (ret)
		fn(data);
	return ret;
}

#define KUNIT_FAIL_AND_ABORT(test, fmt, ...) \
	KUNIT_FAIL_ASSERTION(test, KUNIT_ASSERTION, fmt, ##__VA_ARGS__)
#define KUNIT_CASE_SLOW(test_name) KUNIT_CASE(test_name)
#endif

#endif

# SPDX-License-Identifier: GPL-2.0
# dma330 provider: the dmaengine contract as client drivers use it (no-ACK
# recycling, descriptor reuse, error results, thread release, maxburst,
# shutdown).  The suite's last case shuts the controller down: the module
# is reloaded after it to show removal and a fresh probe still work.
plan 6
check "dma330 loads" insmod $MODDIR/dma330.ko || exit 0
kunit_run $MODDIR/tests/dma330_contract_kunit.ko periph_base=$(test_periph_base)
check "dma330 unloads after shutdown" rmmod dma330
check "dma330 left no event, interrupt or fault behind" pl330_quiet
check "dma330 loads again" insmod $MODDIR/dma330.ko
check "dma330 unloads again" rmmod dma330

/* SPDX-License-Identifier: GPL-2.0 */
/* dmastream doctor: the stale/corrupt DMA data checklist (doctor.c). */
#ifndef DMASTREAM_TOOLS_DOCTOR_H
#define DMASTREAM_TOOLS_DOCTOR_H

struct doctor_opts {
	const char *dev;
	int json;
	int verbose;			/* list idle (device-owned) buffers too */
	int strict;			/* warnings fail too */
	unsigned int max_inflight_ms;	/* longer in flight: stuck */
	unsigned int max_cpu_ms;	/* longer CPU-owned: warn */
};

int doctor_main(const struct doctor_opts *o);

#endif /* DMASTREAM_TOOLS_DOCTOR_H */

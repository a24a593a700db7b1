/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every ringcap BPF program shares: the configuration, the ring, the
 * counters and the traced process tree. Maps are __weak so that each concern's
 * object compiles alone and `bpftool gen object` links them into one, with one
 * instance of each map.
 */
#ifndef RINGCAP_MAPS_BPF_H
#define RINGCAP_MAPS_BPF_H

#include "ringcap_event.h"

/* Written by the loader into .rodata before load; defined in ringcap.bpf.c. */
extern const volatile struct rc_config rc_config;

/* The ring every record goes to; the loader sets its size. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 * 1024 * 1024);
} rc_events SEC(".maps") __weak;

/* Per-CPU counters, indexed by enum rc_counter: the ring has no loss counter of its own. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, RC_COUNTER_MAX);
	__type(key, __u32);
	__type(value, __u64);
} rc_counters SEC(".maps") __weak;

/* Processes (tgid) in the traced tree when rc_config.filter_root_tgid != 0. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} rc_traced_tgids SEC(".maps") __weak;

static __always_inline void rc_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&rc_counters, &counter);

	if (value)
		*value += 1; /* per-CPU slot: no atomic needed */
}

/* Reserves a record, counting a drop when the ring is full. */
static __always_inline void *rc_reserve(__u32 size)
{
	void *record = bpf_ringbuf_reserve(&rc_events, size, 0);

	if (!record)
		rc_count(RC_COUNTER_DROPPED);
	return record;
}

static __always_inline void rc_submit(void *record)
{
	bpf_ringbuf_submit(record, rc_config.submit_flags);
	rc_count(RC_COUNTER_SUBMITTED);
}

#endif /* RINGCAP_MAPS_BPF_H */

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

/*
 * Per-CPU counters and gap state (struct rc_cpu_counters), one slot per CPU at
 * key 0: the ring has no loss counter of its own. One value for all of it, so a
 * reserve looks up one slot (an inlined per-CPU array lookup, no helper call).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct rc_cpu_counters);
} rc_counters SEC(".maps") __weak;

/* Processes (tgid) in the traced tree when rc_config.filter_root_tgid != 0. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u32);
	__type(value, __u8);
} rc_traced_tgids SEC(".maps") __weak;

/*
 * A lost event: counted, and left unreported until a gap record says where it
 * happened. Atomic, unlike the submit count: a program that interrupts this one
 * on the same CPU (signal_generate from an interrupt) may drop too, and the gap
 * records must add up to the drop count exactly. Only the full-ring path pays it.
 */
static __always_inline void rc_count_drop(struct rc_cpu_counters *counters)
{
	__u64 now = bpf_ktime_get_boot_ns();

	__sync_fetch_and_add(&counters->dropped, 1);
	if (__sync_fetch_and_add(&counters->unreported, 1) == 0)
		counters->first_drop_ns = now;
	counters->last_drop_ns = now;
}

/*
 * Reports this CPU's unreported drops in a gap record, reserved ahead of the
 * record that follows them, so the gap sits in the ring exactly where the events
 * went missing. False when the gap record does not fit either: the drops stay
 * unreported (no count changes), and the caller drops its event too.
 */
static __always_inline bool rc_report_gap(struct rc_cpu_counters *counters)
{
	struct rc_gap *gap = bpf_ringbuf_reserve(&rc_events, sizeof(*gap), 0);

	if (!gap)
		return false;
	__builtin_memset(&gap->hdr, 0, sizeof(gap->hdr));
	gap->hdr.event_type = RC_EVENT_GAP;
	gap->hdr.size = sizeof(*gap);
	gap->hdr.cpu = (__u16)bpf_get_smp_processor_id();
	gap->first_ns = counters->first_drop_ns;
	gap->last_ns = counters->last_drop_ns;
	/* Taken and zeroed in one step: a drop in between (a nested program) is reported next time. */
	gap->dropped = __sync_lock_test_and_set(&counters->unreported, 0);
	gap->hdr.entry_ns = gap->first_ns;
	gap->hdr.exit_ns = bpf_ktime_get_boot_ns();
	bpf_ringbuf_submit(gap, rc_config.submit_flags);
	counters->gap_records++;
	return true;
}

/* Bytes a record of this size takes in the ring: the kernel's 8-byte header, rounded up to 8. */
#define RC_FRAMED(size) ((((size) + 8) + 7) & ~7UL)

/*
 * Bytes the ring has free now (records still being written count as used). Racy both ways, so
 * only a hint: asked only while drops are unreported, never on the common path.
 */
static __always_inline __u64 rc_ring_free(void)
{
	return bpf_ringbuf_query(&rc_events, BPF_RB_RING_SIZE) - bpf_ringbuf_query(&rc_events, BPF_RB_AVAIL_DATA);
}

/*
 * Reserves a record, counting a drop when the ring is full. Drops not yet
 * reported on this CPU are reported first, in a gap record, when the ring has
 * room for the gap and the record both; else the record is dropped as well and
 * the gap waits (a gap followed by nothing but the next gap would tell nothing).
 * If the gap then does not fit after all, the same: this keeps every gap record
 * ahead of the first record that followed its drops.
 *
 * The submit count is taken here, through the slot already looked up: every
 * record reserved is submitted (no program discards), and the verifier makes
 * sure each reservation is released.
 */
static __always_inline void *rc_reserve(__u32 size)
{
	__u32 zero = 0;
	struct rc_cpu_counters *counters = bpf_map_lookup_elem(&rc_counters, &zero);
	void *record;

	if (!counters)
		return NULL; /* never: key 0 of a per-CPU array always exists */
	if (counters->unreported &&
	    (rc_ring_free() < RC_FRAMED(sizeof(struct rc_gap)) + RC_FRAMED(size) || !rc_report_gap(counters))) {
		rc_count_drop(counters);
		return NULL;
	}
	record = bpf_ringbuf_reserve(&rc_events, size, 0);
	if (!record) {
		rc_count_drop(counters);
		return NULL;
	}
	counters->submitted += 1; /* per-CPU slot: no atomic needed */
	return record;
}

static __always_inline void rc_submit(void *record)
{
	bpf_ringbuf_submit(record, rc_config.submit_flags);
}

#endif /* RINGCAP_MAPS_BPF_H */

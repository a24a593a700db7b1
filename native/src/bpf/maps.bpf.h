/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What every ringcap BPF program shares: the ring, the counters, the process
 * filter and the record header. Maps are __weak so that each concern's object
 * can be compiled alone and `bpftool gen object` links them into one, with one
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

static __always_inline bool rc_traced(__u32 tgid)
{
	if (!rc_config.filter_root_tgid)
		return true;
	return bpf_map_lookup_elem(&rc_traced_tgids, &tgid) != NULL;
}

static __always_inline void rc_fill_header(struct rc_header *hdr, __u16 event_type, __u16 size,
					   __u64 entry_ns, __u64 pid_tgid, long retval)
{
	__u64 uid_gid = bpf_get_current_uid_gid();

	hdr->event_type = event_type;
	hdr->size = size;
	hdr->cpu = (__u16)bpf_get_smp_processor_id();
	hdr->flags = 0;
	hdr->entry_ns = entry_ns;
	hdr->exit_ns = bpf_ktime_get_boot_ns();
	hdr->retval = retval;
	hdr->pid = pid_tgid >> 32;
	hdr->tid = (__u32)pid_tgid;
	hdr->uid = (__u32)uid_gid;
	hdr->gid = uid_gid >> 32;
	hdr->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(hdr->comm, sizeof(hdr->comm));
}

#endif /* RINGCAP_MAPS_BPF_H */

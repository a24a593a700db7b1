/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * In-kernel filters, checked at syscall entry so a filtered-out call costs no
 * stash, no ring space and no submit. Every test reads rc_config, which the
 * loader fixes before load: the verifier prunes the filters that are off.
 */
#ifndef RINGCAP_FILTER_BPF_H
#define RINGCAP_FILTER_BPF_H

#include "maps.bpf.h"

/* Is this process (host tgid) one the pid and process-tree filters let through? */
static __always_inline bool rc_tgid_wanted(__u32 tgid)
{
	if (rc_config.filter_pid && tgid != rc_config.filter_pid)
		return false;
	if (rc_config.filter_root_tgid && !bpf_map_lookup_elem(&rc_traced_tgids, &tgid))
		return false;
	return true;
}

static __always_inline bool rc_comm_wanted(void)
{
	char comm[RC_TASK_COMM_LEN];

	if (!rc_config.filter_comm[0])
		return true;
	bpf_get_current_comm(comm, sizeof(comm));
#pragma unroll
	for (int i = 0; i < RC_TASK_COMM_LEN; i++) {
		if (comm[i] != rc_config.filter_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

/* The filters on what a task may change about itself at any time: its uid, cgroup and comm. */
static __always_inline bool rc_task_wanted(void)
{
	if (rc_config.filter_uid != RC_ANY_UID && (__u32)bpf_get_current_uid_gid() != rc_config.filter_uid)
		return false;
	if (rc_config.filter_cgroup_id && bpf_get_current_cgroup_id() != rc_config.filter_cgroup_id)
		return false;
	return rc_comm_wanted();
}

/* Does the current task's call of this event type pass every filter? */
static __always_inline bool rc_wanted(__u32 event_type, __u64 pid_tgid)
{
	if (!(rc_config.event_mask & (1ULL << event_type)))
		return false;
	if (!rc_tgid_wanted(pid_tgid >> 32))
		return false;
	return rc_task_wanted();
}

/*
 * The exit-time filters (--failed, --min-duration): a syscall's result and duration are known only
 * at exit, and decided there before ring space is reserved, so a call they drop costs no record.
 * Off (both 0) the verifier prunes them: no clock read is added.
 */
static __always_inline bool rc_exit_wanted(long ret, __u64 entry_ns)
{
	if (rc_config.failed_only && ret >= 0)
		return false;
	if (rc_config.min_duration_ns && bpf_ktime_get_boot_ns() - entry_ns < rc_config.min_duration_ns)
		return false;
	return true;
}

#endif /* RINGCAP_FILTER_BPF_H */

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Follows the traced process tree: with `-- CMD` the loader sets
 * rc_config.filter_root_tgid to its own pid, so every process it forks (the command)
 * and every process those fork are traced, and the loader itself is not.
 * Threads share their process's tgid entry and are never added themselves.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"

SEC("tp_btf/sched_process_fork")
int BPF_PROG(rc_proc_fork, struct task_struct *parent, struct task_struct *child)
{
	__u32 parent_tgid, child_tgid;
	__u8 one = 1;

	if (!rc_config.filter_root_tgid)
		return 0;
	child_tgid = BPF_CORE_READ(child, tgid);
	if (BPF_CORE_READ(child, pid) != child_tgid)
		return 0; /* a new thread: its process is already decided */
	parent_tgid = BPF_CORE_READ(parent, tgid);
	if (parent_tgid == rc_config.filter_root_tgid || bpf_map_lookup_elem(&rc_traced_tgids, &parent_tgid))
		bpf_map_update_elem(&rc_traced_tgids, &child_tgid, &one, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(rc_proc_exit, struct task_struct *task)
{
	__u32 tgid;

	if (!rc_config.filter_root_tgid)
		return 0;
	tgid = BPF_CORE_READ(task, tgid);
	if (BPF_CORE_READ(task, pid) == tgid)
		bpf_map_delete_elem(&rc_traced_tgids, &tgid);
	return 0;
}

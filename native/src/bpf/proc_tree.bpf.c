// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Processes: follows the traced process tree, and names each traced process's
 * executable when it execs.
 *
 * With `-- CMD` the loader sets rc_config.filter_root_tgid to its own pid, so
 * every process it forks (the command) and every process those fork are traced,
 * and the loader itself is not. Threads share their process's tgid entry and are
 * never added themselves.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "filter.bpf.h"
#include "context.bpf.h"
#include "inflight.bpf.h"
#include "user_read.bpf.h"

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

SEC("tp_btf/sched_process_exec")
int BPF_PROG(rc_proc_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct rc_process_exec *e;
	struct task_state *state;
	const char *filename;

	if (!rc_wanted(RC_EVENT_PROCESS_EXEC, pid_tgid))
		return 0;
	e = rc_reserve(sizeof(*e));
	if (!e)
		return 0;
	state = rc_task_state_get(BPF_LOCAL_STORAGE_GET_F_CREATE);
	rc_fill_header(&e->hdr, RC_EVENT_PROCESS_EXEC, sizeof(*e), bpf_ktime_get_boot_ns(), 0,
		       state ? &state->context : NULL);
	filename = BPF_CORE_READ(bprm, filename);
	/* The kernel's copy of the path (getname: up to PATH_MAX - 1 bytes), measured when it fills the field. */
	e->filename_status = rc_string_status(bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), filename),
					      filename, false, &e->filename_len, &e->filename_full_len);
	e->reserved = 0;
	rc_submit(e);
	return 0;
}

/*
 * A task's comm changed (exec, prctl(PR_SET_NAME), /proc/PID/comm): the context
 * copy rc_fill_header keeps for it is stale.
 */
SEC("tp_btf/task_rename")
int BPF_PROG(rc_task_rename, struct task_struct *task, const char *comm)
{
	struct task_state *state = bpf_task_storage_get(&rc_task_states, task, 0, 0);

	if (state)
		state->context.valid = 0;
	return 0;
}

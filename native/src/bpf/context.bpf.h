/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The context every record carries: host and namespace ids, parent, user,
 * cgroup, namespaces, comm. Read through CO-RE so one object fits any BTF kernel.
 */
#ifndef RINGCAP_CONTEXT_BPF_H
#define RINGCAP_CONTEXT_BPF_H

#include "ringcap_event.h"

/*
 * numbers[level] of a struct pid. Task fields are read through BTF pointers
 * (plain loads the JIT guards), not bpf_probe_read_kernel calls: on this machine
 * that took the traced workload from 0.53 to 0.77 M calls/s. BTF pointers take
 * no variable offset, so a task below the host pid namespace (level > 0: a
 * container) costs one probe read here.
 */
static __always_inline struct upid rc_upid_at(struct pid *pid, unsigned int level)
{
	struct upid upid = {};

	if (level == 0) {
		upid.nr = pid->numbers[0].nr;
		upid.ns = pid->numbers[0].ns;
		return upid;
	}
	bpf_probe_read_kernel(&upid, sizeof(upid), &pid->numbers[level & 31]);
	return upid;
}

/* The number a struct pid has in namespace ns at level `level`, or 0 if it has none there. */
static __always_inline __u32 rc_pid_nr_at(struct pid *pid, unsigned int level, struct pid_namespace *ns)
{
	struct upid upid;

	if (!pid || pid->level < level)
		return 0;
	upid = rc_upid_at(pid, level);
	return upid.ns == ns ? upid.nr : 0;
}

/*
 * The part of a task's context that is costly to read and rarely changes, kept
 * per task from its last record: the namespace pids walk struct pid levels and
 * the parent's leader, mnt_ns two pointers, comm a helper call. Measured here with
 * the kernel's per-program run time (ringcap_ref --prog-stats): the mq_notify exit
 * program went from about 510-670 to 340-520 ns per run. The copy lives in the task's
 * state with its call in flight (inflight.bpf.h: one task-storage lookup at exit, not two).
 *
 * A copy is used only while it is provably current:
 * - parent (host_ppid, ppid): the task's real_parent pointer is the one cached
 *   (reparenting on the parent's exit installs another task);
 * - mnt_ns: the nsproxy pointer is the one cached (setns and unshare install a
 *   new nsproxy);
 * - comm, and the pids exec can change (a non-leader thread's exec takes the
 *   leader's pid): tp_btf/task_rename clears the copy; exec, prctl(PR_SET_NAME)
 *   and writes to /proc/PID/comm all pass through it;
 * - pid_ns and tid never change for a task.
 * uid, gid and the cgroup id are read fresh every time: one cheap helper each.
 * TaskContextCaptureTest changes each of these between two calls.
 */
struct task_context_copy {
	__u64 parent;   /* task->real_parent the copy was taken with */
	__u64 nsproxy;  /* task->nsproxy the copy was taken with */
	__u32 valid;
	__u32 host_ppid;
	__u32 pid;
	__u32 tid;
	__u32 ppid;
	__u32 mnt_ns;
	__u32 pid_ns;
	__u32 reserved;
	char comm[RC_TASK_COMM_LEN];
};

/* cached: the current task's copy (read and refreshed here), or NULL to read everything. */
static __always_inline void rc_fill_header(struct rc_header *hdr, __u16 event_type, __u16 size,
					   __u64 entry_ns, long retval, struct task_context_copy *cached)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct task_struct *parent = task->real_parent;
	struct nsproxy *nsproxy = task->nsproxy;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u64 uid_gid = bpf_get_current_uid_gid();

	hdr->event_type = event_type;
	hdr->size = size;
	hdr->cpu = (__u16)bpf_get_smp_processor_id();
	hdr->flags = 0;
	hdr->entry_ns = entry_ns;
	hdr->exit_ns = bpf_ktime_get_boot_ns();
	hdr->retval = retval;
	hdr->host_pid = pid_tgid >> 32;
	hdr->host_tid = (__u32)pid_tgid;
	hdr->uid = (__u32)uid_gid;
	hdr->gid = uid_gid >> 32;
	hdr->cgroup_id = bpf_get_current_cgroup_id();
	if (cached && cached->valid && cached->parent == (__u64)parent && cached->nsproxy == (__u64)nsproxy) {
		hdr->host_ppid = cached->host_ppid;
		hdr->pid = cached->pid;
		hdr->tid = cached->tid;
		hdr->ppid = cached->ppid;
		hdr->mnt_ns = cached->mnt_ns;
		hdr->pid_ns = cached->pid_ns;
		__builtin_memcpy(hdr->comm, cached->comm, sizeof(hdr->comm));
		return;
	}

	struct pid *thread_pid = task->thread_pid;
	unsigned int level = thread_pid->level;
	struct upid own = rc_upid_at(thread_pid, level);

	hdr->host_ppid = parent->tgid;
	hdr->tid = own.nr;
	hdr->pid = rc_pid_nr_at(task->group_leader->thread_pid, level, own.ns);
	hdr->ppid = rc_pid_nr_at(parent->group_leader->thread_pid, level, own.ns);
	hdr->mnt_ns = nsproxy->mnt_ns->ns.inum;
	hdr->pid_ns = BPF_CORE_READ(own.ns, ns.inum); /* own.ns may come from a probe read: not a BTF pointer */
	bpf_get_current_comm(hdr->comm, sizeof(hdr->comm));
	if (cached) {
		cached->parent = (__u64)parent;
		cached->nsproxy = (__u64)nsproxy;
		cached->host_ppid = hdr->host_ppid;
		cached->pid = hdr->pid;
		cached->tid = hdr->tid;
		cached->ppid = hdr->ppid;
		cached->mnt_ns = hdr->mnt_ns;
		cached->pid_ns = hdr->pid_ns;
		__builtin_memcpy(cached->comm, hdr->comm, sizeof(cached->comm));
		cached->valid = 1;
	}
}

/*
 * The inode number of the message queue behind the current task's descriptor fd, 0 when fd is
 * not open or is not a message queue. One global function (fd_inode.bpf.c) linked into every
 * program that calls it: see there.
 */
extern __u64 rc_fd_inode(int fd);

#endif /* RINGCAP_CONTEXT_BPF_H */

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_notify_delivered: a message-queue notification sent as a signal. The kernel
 * generates it (si_code SI_MESGQ) in the sender's mq_timedsend that made the
 * queue non-empty, so the current task is the sender and its syscall registers
 * name the sender's descriptor; the queue's inode links the delivery to the
 * registration it fulfils.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "filter.bpf.h"
#include "context.bpf.h"
#include "inflight.bpf.h"
#include "hooks.bpf.h" /* RC_NR_mq_timedsend: the one copy of the syscall numbers, checked against EventTable */

#define RC_SI_MESGQ (-3)

SEC("tp_btf/signal_generate")
int BPF_PROG(rc_mq_notify_delivered, int sig, struct kernel_siginfo *info, struct task_struct *task,
	     int group, int result)
{
	struct rc_mq_notify_delivered *e;
	struct task_state *state;
	struct pt_regs *regs;
	__u64 now;
	__u32 target;

	if (!info || BPF_CORE_READ(info, si_code) != RC_SI_MESGQ)
		return 0;
	if (!(rc_config.event_mask & (1ULL << RC_EVENT_MQ_NOTIFY_DELIVERED)))
		return 0;
	target = BPF_CORE_READ(task, tgid);
	if (!rc_tgid_wanted(target))
		return 0;
	e = rc_reserve(sizeof(*e));
	if (!e)
		return 0;
	now = bpf_ktime_get_boot_ns();
	state = rc_task_state_get(BPF_LOCAL_STORAGE_GET_F_CREATE);
	rc_fill_header(&e->hdr, RC_EVENT_MQ_NOTIFY_DELIVERED, sizeof(*e), now, result, state ? &state->context : NULL);
	e->hdr.exit_ns = now;
	e->target_pid = target;
	e->signo = sig;
	e->si_code = RC_SI_MESGQ;
	e->sender_mqdes = -1;
	e->mq_inode = 0;
	regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
	if (regs && BPF_CORE_READ(regs, orig_ax) == RC_NR_mq_timedsend) {
		e->sender_mqdes = (__s32)BPF_CORE_READ(regs, di);
		e->mq_inode = rc_fd_inode(e->sender_mqdes);
	}
	rc_submit(e);
	return 0;
}

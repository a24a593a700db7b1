// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * The raw syscall hook (--attach raw): one program on tp_btf/sys_enter and one on
 * tp_btf/sys_exit for every syscall of the host, dispatching on the syscall number to the
 * same entry and exit code the per-syscall tracepoints call (each event's X.bpf.h), so the
 * records, filters and arguments are the same.
 *
 * Why: the per-syscall tracepoints are themselves probes on these two raw tracepoints
 * (kernel/trace/trace_syscalls.c), which then run the BPF program through the perf event
 * machinery; a tp_btf program is called directly. Measured here (EndToEndBenchmark 2026-12-02,
 * medians of 5 rounds, calls per CPU-second of the workload): an mq_notify loop ran 5.96 M under
 * empty tp_btf programs against 5.01 M under empty programs on its syscall tracepoints, and 3.11 M
 * against 2.77 M under ringcap. The price: these programs run on every syscall of every task,
 * traced or not: a getppid loop ran 8.8 M under the empty tp_btf pair against 12.6 M under the
 * empty mq_notify tracepoint programs (14.0 M untraced). See the README on when to force raw.
 *
 * The events selected decide which numbers are handled: a case whose event the mask leaves out
 * is pruned by the verifier (rc_config is read-only after load), so an unselected syscall costs
 * the compare chain and nothing else.
 *
 * A raw tracepoint (no BTF) variant is not built: every program of this object already needs
 * kernel BTF (bpf_get_current_task_btf, task storage: 5.11+), and tp_btf is older (5.5).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "mq_getsetattr.bpf.h"
#include "mq_notify.bpf.h"
#include "mq_open.bpf.h"
#include "mq_timedreceive.bpf.h"
#include "mq_timedsend.bpf.h"
#include "mq_unlink.bpf.h"
#include "msgctl.bpf.h"
#include "msgget.bpf.h"
#include "msgrcv.bpf.h"
#include "msgsnd.bpf.h"

#define RC_TS_COMPAT 0x0002 /* arch/x86/include/asm/thread_info.h: the task is in a 32-bit syscall */

/*
 * A 32-bit (ia32) syscall numbers its calls from another table: 68..71 and 240..245 are other
 * calls there. The syscall tracepoints ignore these calls (trace_get_syscall_nr returns -1 for
 * them on x86), and so does the raw hook, to record exactly the same events. Asked only once the
 * number matched: the other syscalls pay nothing for it.
 */
static __always_inline bool rc_compat_syscall(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return task->thread_info.status & RC_TS_COMPAT;
}

#define RC_RAW_ENTER_CASE(sys, event_type)                                                  \
	case RC_NR_##sys:                                                                   \
		if (!(rc_config.event_mask & (1ULL << (event_type))) || rc_compat_syscall()) \
			return 0;                                                           \
		return rc_##sys##_enter(regs->di, regs->si, regs->dx, regs->r10, regs->r8);

#define RC_RAW_EXIT_CASE(sys, event_type)                                                   \
	case RC_NR_##sys:                                                                   \
		if (!(rc_config.event_mask & (1ULL << (event_type))) || rc_compat_syscall()) \
			return 0;                                                           \
		return rc_##sys##_exit(ret);

SEC("tp_btf/sys_enter")
int BPF_PROG(rc_raw_enter, struct pt_regs *regs, long id)
{
	switch (id) {
	RC_RAW_ENTER_CASE(mq_open, RC_EVENT_MQ_OPEN)
	RC_RAW_ENTER_CASE(mq_unlink, RC_EVENT_MQ_UNLINK)
	RC_RAW_ENTER_CASE(mq_timedsend, RC_EVENT_MQ_TIMEDSEND)
	RC_RAW_ENTER_CASE(mq_timedreceive, RC_EVENT_MQ_TIMEDRECEIVE)
	RC_RAW_ENTER_CASE(mq_notify, RC_EVENT_MQ_NOTIFY)
	RC_RAW_ENTER_CASE(mq_getsetattr, RC_EVENT_MQ_GETSETATTR)
	RC_RAW_ENTER_CASE(msgget, RC_EVENT_MSGGET)
	RC_RAW_ENTER_CASE(msgsnd, RC_EVENT_MSGSND)
	RC_RAW_ENTER_CASE(msgrcv, RC_EVENT_MSGRCV)
	RC_RAW_ENTER_CASE(msgctl, RC_EVENT_MSGCTL)
	}
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(rc_raw_exit, struct pt_regs *regs, long ret)
{
	switch (regs->orig_ax) {
	RC_RAW_EXIT_CASE(mq_open, RC_EVENT_MQ_OPEN)
	RC_RAW_EXIT_CASE(mq_unlink, RC_EVENT_MQ_UNLINK)
	RC_RAW_EXIT_CASE(mq_timedsend, RC_EVENT_MQ_TIMEDSEND)
	RC_RAW_EXIT_CASE(mq_timedreceive, RC_EVENT_MQ_TIMEDRECEIVE)
	RC_RAW_EXIT_CASE(mq_notify, RC_EVENT_MQ_NOTIFY)
	RC_RAW_EXIT_CASE(mq_getsetattr, RC_EVENT_MQ_GETSETATTR)
	RC_RAW_EXIT_CASE(msgget, RC_EVENT_MSGGET)
	RC_RAW_EXIT_CASE(msgsnd, RC_EVENT_MSGSND)
	RC_RAW_EXIT_CASE(msgrcv, RC_EVENT_MSGRCV)
	RC_RAW_EXIT_CASE(msgctl, RC_EVENT_MSGCTL)
	}
	return 0;
}

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * msgctl(int msqid, int cmd, struct msqid_ds *buf): one record per call, written at exit. *buf is
 * read where the kernel uses it: at entry for IPC_SET (the kernel copies it there), at exit for
 * the commands that write it back (IPC_STAT, MSG_STAT, MSG_STAT_ANY: a struct msqid_ds; IPC_INFO,
 * MSG_INFO: a struct msginfo) unless the call failed; never for IPC_RMID or an unknown command.
 */
#ifndef RINGCAP_MSGCTL_BPF_H
#define RINGCAP_MSGCTL_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "filter.bpf.h"
#include "context.bpf.h"
#include "hooks.bpf.h"
#include "inflight.bpf.h"
#include "sysv_msg.bpf.h"

static __always_inline int rc_msgctl_enter(__u64 msqid, __u64 cmd, __u64 buf, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct msgctl_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MSGCTL, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.msqid = (__s32)msqid;
	in.args.cmd = (__s32)cmd;
	in.args.buf = buf;
	in.args.ipc_ns = rc_ipc_ns();
	if (in.args.cmd == RC_IPC_SET)
		in.args.buf_status = rc_read_user_struct(&in.args.ds, buf);
	else
		in.args.buf_status = RC_READ_SKIPPED;
	rc_inflight_store(state, msgctl, RC_EVENT_MSGCTL, in);
	return 0;
}

static __always_inline int rc_msgctl_exit(long ret)
{
	struct msgctl_inflight *in;
	struct rc_msgctl *e;
	__s32 cmd;

	in = rc_inflight_take(msgctl, RC_EVENT_MSGCTL);
	if (!in)
		return 0; /* filtered out, or entered before we attached */
	if (!rc_exit_wanted(ret, in->entry_ns))
		goto out;
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MSGCTL, sizeof(*e), in->entry_ns, ret, rc_inflight_context(in));
	e->args = in->args;
	/* Zero first: a failed or short read leaves no stale ring bytes behind. */
	__builtin_memset(&e->info, 0, sizeof(e->info));
	cmd = in->args.cmd;
	if (cmd == RC_IPC_STAT || cmd == RC_MSG_STAT || cmd == RC_MSG_STAT_ANY) {
		if (ret < 0) {
			e->args.buf_status = in->args.buf ? RC_READ_SKIPPED : RC_READ_NULL;
		} else {
			e->args.buf_status = rc_read_user_struct(&e->args.ds, in->args.buf);
			if (e->args.buf_status != RC_READ_OK)
				__builtin_memset(&e->args.ds, 0, sizeof(e->args.ds));
		}
	} else if (cmd == RC_IPC_INFO || cmd == RC_MSG_INFO) {
		if (ret < 0) {
			e->args.buf_status = in->args.buf ? RC_READ_SKIPPED : RC_READ_NULL;
		} else {
			e->args.buf_status = rc_read_user_struct(&e->info, in->args.buf);
			if (e->args.buf_status != RC_READ_OK)
				__builtin_memset(&e->info, 0, sizeof(e->info));
		}
	}
	rc_submit(e);
out:
	in->entry_ns = 0;
	return 0;
}

#endif /* RINGCAP_MSGCTL_BPF_H */

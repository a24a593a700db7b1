/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * msgget(key_t key, int msgflg): one record per call, written at exit; retval is the queue's
 * msqid. Nothing is read from user memory.
 */
#ifndef RINGCAP_MSGGET_BPF_H
#define RINGCAP_MSGGET_BPF_H

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

static __always_inline int rc_msgget_enter(__u64 key, __u64 msgflg, __u64 a2, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct msgget_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MSGGET, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.key = (__s32)key;
	in.args.msgflg = (__s32)msgflg;
	in.args.ipc_ns = rc_ipc_ns();
	rc_inflight_store(state, msgget, RC_EVENT_MSGGET, in);
	return 0;
}

/* Everything the record holds was read at entry. */
RC_COPY_EXIT(msgget, RC_EVENT_MSGGET)

#endif /* RINGCAP_MSGGET_BPF_H */

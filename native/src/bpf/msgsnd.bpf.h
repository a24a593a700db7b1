/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg): one record per call, written at
 * exit. Entry reads *msgp, where the kernel copies it: the mtype and the text's first
 * rc_config.payload_bytes bytes.
 */
#ifndef RINGCAP_MSGSND_BPF_H
#define RINGCAP_MSGSND_BPF_H

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

static __always_inline int rc_msgsnd_enter(__u64 msqid, __u64 msgp, __u64 msgsz, __u64 msgflg, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct msgsnd_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MSGSND, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.msqid = (__s32)msqid;
	in.args.msgflg = (__s32)msgflg;
	in.args.msgp = msgp;
	in.args.msgsz = msgsz;
	in.args.ipc_ns = rc_ipc_ns();
	in.args.mtype_status = rc_read_user_struct(&in.args.mtype, msgp);
	in.args.payload_status = rc_read_user_payload(in.args.payload, rc_msgbuf_text(msgp), msgsz,
						      &in.args.payload_len);
	rc_inflight_store(state, msgsnd, RC_EVENT_MSGSND, in);
	return 0;
}

/* Everything the record holds was read at entry. */
RC_COPY_EXIT(msgsnd, RC_EVENT_MSGSND)

#endif /* RINGCAP_MSGSND_BPF_H */

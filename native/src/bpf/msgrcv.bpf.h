/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg): one record per call,
 * written at exit. Exit reads what the kernel wrote to *msgp, the received message's mtype and
 * the first rc_config.payload_bytes of its retval text bytes, unless the call failed.
 */
#ifndef RINGCAP_MSGRCV_BPF_H
#define RINGCAP_MSGRCV_BPF_H

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

static __always_inline int rc_msgrcv_enter(__u64 msqid, __u64 msgp, __u64 msgsz, __u64 msgtyp, __u64 msgflg)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct msgrcv_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MSGRCV, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.msqid = (__s32)msqid;
	in.args.msgflg = (__s32)msgflg;
	in.args.msgp = msgp;
	in.args.msgsz = msgsz;
	in.args.msgtyp = (__s64)msgtyp;
	in.args.ipc_ns = rc_ipc_ns();
	rc_inflight_store(state, msgrcv, RC_EVENT_MSGRCV, in);
	return 0;
}

static __always_inline int rc_msgrcv_exit(long ret)
{
	struct msgrcv_inflight *in;
	struct rc_msgrcv *e;

	in = rc_inflight_take(msgrcv, RC_EVENT_MSGRCV);
	if (!in)
		return 0; /* filtered out, or entered before we attached */
	if (!rc_exit_wanted(ret, in->entry_ns))
		goto out;
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MSGRCV, sizeof(*e), in->entry_ns, ret, rc_inflight_context(in));
	e->args = in->args;
	/* Zero first: a failed or short read leaves no stale ring bytes behind. */
	e->mtype = 0;
	__builtin_memset(e->payload, 0, sizeof(e->payload));
	if (ret < 0) {
		/* nothing written back */
		e->args.mtype_status = RC_READ_SKIPPED;
		e->payload_len = 0;
		e->payload_status = RC_READ_SKIPPED;
	} else {
		e->args.mtype_status = rc_read_user_struct(&e->mtype, in->args.msgp);
		e->payload_status = rc_read_user_payload(e->payload, rc_msgbuf_text(in->args.msgp), ret,
							 &e->payload_len);
	}
	rc_submit(e);
out:
	in->entry_ns = 0;
	return 0;
}

#endif /* RINGCAP_MSGRCV_BPF_H */

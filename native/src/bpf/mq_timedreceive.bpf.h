/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio,
 *                 const struct timespec *abs_timeout):
 * one record per call, written at exit. Entry reads *abs_timeout; exit reads
 * what the kernel wrote back, *msg_prio and the message's first
 * rc_config.payload_bytes bytes, unless the call failed and wrote nothing.
 */
#ifndef RINGCAP_MQ_TIMEDRECEIVE_BPF_H
#define RINGCAP_MQ_TIMEDRECEIVE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "maps.bpf.h"
#include "filter.bpf.h"
#include "context.bpf.h"
#include "hooks.bpf.h"
#include "inflight.bpf.h"
#include "user_read.bpf.h"

static __always_inline __u32 rc_read_prio(__u32 *prio, __u64 ptr, long ret)
{
	if (!ptr)
		return RC_READ_NULL;
	if (ret < 0)
		return RC_READ_SKIPPED; /* nothing written back */
	return bpf_probe_read_user(prio, sizeof(*prio), (const void *)ptr) ? RC_READ_FAULT : RC_READ_OK;
}

static __always_inline int rc_mq_timedreceive_enter(__u64 mqdes, __u64 msg_ptr, __u64 msg_len, __u64 msg_prio,
						    __u64 abs_timeout)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_timedreceive_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_TIMEDRECEIVE, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.mqdes = (__s32)mqdes;
	in.args.msg_ptr = msg_ptr;
	in.args.msg_len = msg_len;
	in.args.msg_prio_ptr = msg_prio;
	in.args.abs_timeout_ptr = abs_timeout;
	in.args.timeout_status = rc_read_user_struct(&in.args.abs_timeout, abs_timeout);
	in.args.mq_inode = rc_fd_inode(in.args.mqdes);
	rc_inflight_store(state, mq_timedreceive, RC_EVENT_MQ_TIMEDRECEIVE, in);
	return 0;
}

static __always_inline int rc_mq_timedreceive_exit(long ret)
{
	struct mq_timedreceive_inflight *in;
	struct rc_mq_timedreceive *e;

	in = rc_inflight_take(mq_timedreceive, RC_EVENT_MQ_TIMEDRECEIVE);
	if (!in)
		return 0; /* filtered out, or entered before we attached */
	if (!rc_exit_wanted(ret, in->entry_ns))
		goto out;
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_TIMEDRECEIVE, sizeof(*e), in->entry_ns, ret, rc_inflight_context(in));
	/* msg_prio comes 0 (as entry left it): a failed or short read leaves no stale ring bytes. */
	e->args = in->args;
	e->args.prio_status = rc_read_prio(&e->args.msg_prio, in->args.msg_prio_ptr, ret);
	__builtin_memset(e->payload, 0, sizeof(e->payload));
	/* what the kernel wrote back: nothing when the call failed */
	if (ret < 0) {
		e->payload_len = 0;
		e->payload_status = RC_READ_SKIPPED;
	} else {
		e->payload_status = rc_read_user_payload(e->payload, in->args.msg_ptr, ret, &e->payload_len);
	}
	rc_submit(e);
out:
	in->entry_ns = 0;
	return 0;
}

#endif /* RINGCAP_MQ_TIMEDRECEIVE_BPF_H */

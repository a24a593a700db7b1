/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio,
 *              const struct timespec *abs_timeout):
 * one record per call, written at exit. Entry reads *abs_timeout and the
 * message's first rc_config.payload_bytes bytes, as the kernel copies both
 * there.
 */
#ifndef RINGCAP_MQ_TIMEDSEND_BPF_H
#define RINGCAP_MQ_TIMEDSEND_BPF_H

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

static __always_inline int rc_mq_timedsend_enter(__u64 mqdes, __u64 msg_ptr, __u64 msg_len, __u64 msg_prio,
						 __u64 abs_timeout)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_timedsend_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_TIMEDSEND, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.mqdes = (__s32)mqdes;
	in.args.msg_ptr = msg_ptr;
	in.args.msg_len = msg_len;
	in.args.msg_prio = (__u32)msg_prio;
	in.args.abs_timeout_ptr = abs_timeout;
	in.args.timeout_status = rc_read_user_struct(&in.args.abs_timeout, abs_timeout);
	in.args.payload_status = rc_read_user_payload(in.args.payload, msg_ptr, msg_len, &in.args.payload_len);
	in.args.mq_inode = rc_fd_inode(in.args.mqdes);
	rc_inflight_store(state, mq_timedsend, RC_EVENT_MQ_TIMEDSEND, in);
	return 0;
}

/* Everything the record holds was read at entry. */
RC_COPY_EXIT(mq_timedsend, RC_EVENT_MQ_TIMEDSEND)

#endif /* RINGCAP_MQ_TIMEDSEND_BPF_H */

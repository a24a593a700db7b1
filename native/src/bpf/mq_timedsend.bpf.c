// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned msg_prio,
 *              const struct timespec *abs_timeout):
 * one record per call, written at exit. Entry reads *abs_timeout and the
 * message's first rc_config.payload_bytes bytes, as the kernel copies both
 * there.
 */
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

struct mq_timedsend_args {
	__u64 entry_ns;
	__u64 msg_ptr;
	__u64 msg_len;
	__u64 abs_timeout_ptr;
	__u64 mq_inode;
	__s32 mqdes;
	__u32 msg_prio;
	__u32 timeout_status;
	__u32 payload_status;
	struct rc_timespec abs_timeout;
	__u32 payload_len;
	__u8 payload[RC_PAYLOAD_MAX];
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_timedsend_inflight, struct mq_timedsend_args);

static __always_inline int rc_mq_timedsend_enter(__u64 mqdes, __u64 msg_ptr, __u64 msg_len, __u64 msg_prio,
						 __u64 abs_timeout)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_timedsend_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_TIMEDSEND, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.mqdes = (__s32)mqdes;
	args.msg_ptr = msg_ptr;
	args.msg_len = msg_len;
	args.msg_prio = (__u32)msg_prio;
	args.abs_timeout_ptr = abs_timeout;
	args.timeout_status = rc_read_user_struct(&args.abs_timeout, abs_timeout);
	args.payload_status = rc_read_user_payload(args.payload, msg_ptr, msg_len, &args.payload_len);
	args.mq_inode = rc_fd_inode(args.mqdes);
	rc_inflight_store(&rc_mq_timedsend_inflight, args);
	return 0;
}

static __always_inline int rc_mq_timedsend_exit(long ret)
{
	struct mq_timedsend_args *args;
	struct rc_mq_timedsend *e;

	args = rc_inflight_take(&rc_mq_timedsend_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_TIMEDSEND, sizeof(*e), args->entry_ns, ret);
	e->mqdes = args->mqdes;
	e->msg_prio = args->msg_prio;
	e->msg_ptr = args->msg_ptr;
	e->msg_len = args->msg_len;
	e->abs_timeout_ptr = args->abs_timeout_ptr;
	e->timeout_status = args->timeout_status;
	e->payload_status = args->payload_status;
	e->abs_timeout = args->abs_timeout;
	e->mq_inode = args->mq_inode;
	e->payload_len = args->payload_len;
	e->reserved = 0;
	__builtin_memcpy(e->payload, args->payload, sizeof(e->payload));
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_timedsend)

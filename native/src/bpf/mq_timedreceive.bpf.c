// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned *msg_prio,
 *                 const struct timespec *abs_timeout):
 * one record per call, written at exit. Entry reads *abs_timeout; exit reads
 * what the kernel wrote back, *msg_prio and the message's first
 * rc_config.payload_bytes bytes, unless the call failed and wrote nothing.
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

struct mq_timedreceive_args {
	__u64 entry_ns;
	__u64 msg_ptr;
	__u64 msg_len;
	__u64 msg_prio_ptr;
	__u64 abs_timeout_ptr;
	__u64 mq_inode;
	__s32 mqdes;
	__u32 timeout_status;
	struct rc_timespec abs_timeout;
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_timedreceive_inflight, struct mq_timedreceive_args);

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
	struct mq_timedreceive_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_TIMEDRECEIVE, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.mqdes = (__s32)mqdes;
	args.msg_ptr = msg_ptr;
	args.msg_len = msg_len;
	args.msg_prio_ptr = msg_prio;
	args.abs_timeout_ptr = abs_timeout;
	args.timeout_status = rc_read_user_struct(&args.abs_timeout, abs_timeout);
	args.mq_inode = rc_fd_inode(args.mqdes);
	rc_inflight_store(&rc_mq_timedreceive_inflight, args);
	return 0;
}

static __always_inline int rc_mq_timedreceive_exit(long ret)
{
	struct mq_timedreceive_args *args;
	struct rc_mq_timedreceive *e;

	args = rc_inflight_take(&rc_mq_timedreceive_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_TIMEDRECEIVE, sizeof(*e), args->entry_ns, ret);
	e->mqdes = args->mqdes;
	e->msg_ptr = args->msg_ptr;
	e->msg_len = args->msg_len;
	e->msg_prio_ptr = args->msg_prio_ptr;
	e->abs_timeout_ptr = args->abs_timeout_ptr;
	e->timeout_status = args->timeout_status;
	e->abs_timeout = args->abs_timeout;
	e->mq_inode = args->mq_inode;
	/* Zero first: a failed or short read leaves no stale ring bytes behind. */
	e->msg_prio = 0;
	e->prio_status = rc_read_prio(&e->msg_prio, args->msg_prio_ptr, ret);
	__builtin_memset(e->payload, 0, sizeof(e->payload));
	/* what the kernel wrote back: nothing when the call failed */
	if (ret < 0) {
		e->payload_len = 0;
		e->payload_status = RC_READ_SKIPPED;
	} else {
		e->payload_status = rc_read_user_payload(e->payload, args->msg_ptr, ret, &e->payload_len);
	}
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_timedreceive)

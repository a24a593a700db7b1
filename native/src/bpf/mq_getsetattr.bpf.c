// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_getsetattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr):
 * one record per call, written at exit. Entry reads *newattr, as the kernel
 * copies it there; exit reads *oldattr, which the kernel wrote back, unless the
 * call failed.
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

struct mq_getsetattr_args {
	__u64 entry_ns;
	__u64 newattr_ptr;
	__u64 oldattr_ptr;
	__u64 mq_inode;
	__s32 mqdes;
	__u32 newattr_status;
	struct rc_mq_attr newattr;
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_getsetattr_inflight, struct mq_getsetattr_args);

static __always_inline int rc_mq_getsetattr_enter(__u64 mqdes, __u64 newattr, __u64 oldattr, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_getsetattr_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_GETSETATTR, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.mqdes = (__s32)mqdes;
	args.newattr_ptr = newattr;
	args.oldattr_ptr = oldattr;
	args.newattr_status = rc_read_user_struct(&args.newattr, newattr);
	args.mq_inode = rc_fd_inode(args.mqdes);
	rc_inflight_store(&rc_mq_getsetattr_inflight, args);
	return 0;
}

static __always_inline int rc_mq_getsetattr_exit(long ret)
{
	struct mq_getsetattr_args *args;
	struct rc_mq_getsetattr *e;

	args = rc_inflight_take(&rc_mq_getsetattr_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_GETSETATTR, sizeof(*e), args->entry_ns, ret);
	e->mqdes = args->mqdes;
	e->newattr_status = args->newattr_status;
	e->newattr_ptr = args->newattr_ptr;
	e->oldattr_ptr = args->oldattr_ptr;
	e->reserved = 0;
	e->newattr = args->newattr;
	e->mq_inode = args->mq_inode;
	__builtin_memset(&e->oldattr, 0, sizeof(e->oldattr));
	if (ret < 0 && args->oldattr_ptr)
		e->oldattr_status = RC_READ_SKIPPED; /* nothing written back */
	else
		e->oldattr_status = rc_read_user_struct(&e->oldattr, args->oldattr_ptr);
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_getsetattr)

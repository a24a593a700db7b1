// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_unlink(const char *name): one record per call, written at exit. Entry
 * reads the name, as the kernel copies it there.
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

struct mq_unlink_args {
	__u64 entry_ns;
	__u64 name_ptr;
	__u32 name_status;
	__u32 name_len;
	__u32 name_full_len;
	__u32 reserved;     /* keeps name 8-aligned: copied to the record in 8-byte moves, not 4 */
	char name[RC_NAME_MAX];
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_unlink_inflight, struct mq_unlink_args);

static __always_inline int rc_mq_unlink_enter(__u64 name, __u64 a1, __u64 a2, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_unlink_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_UNLINK, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.name_ptr = name;
	args.name_status = rc_read_user_name(args.name, name, &args.name_len, &args.name_full_len);
	rc_inflight_store(&rc_mq_unlink_inflight, args);
	return 0;
}

static __always_inline int rc_mq_unlink_exit(long ret)
{
	struct mq_unlink_args *args;
	struct rc_mq_unlink *e;

	args = rc_inflight_take(&rc_mq_unlink_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_UNLINK, sizeof(*e), args->entry_ns, ret);
	e->name_ptr = args->name_ptr;
	e->name_status = args->name_status;
	e->name_len = args->name_len;
	e->name_full_len = args->name_full_len;
	e->reserved = 0;
	__builtin_memcpy(e->name, args->name, sizeof(e->name));
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_unlink)

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_notify(mqd_t mqdes, const struct sigevent *sevp): one record per call,
 * written at exit. Entry reads *sevp before the kernel copies it; exit reads it
 * again, and a difference (another thread rewrote it in between: the kernel may
 * have acted on either) sets the record's toctou flag with both readings kept.
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

#define RC_SIGEV_THREAD 2

struct mq_notify_args {
	__u64 entry_ns;
	__u64 sevp;
	__u64 mq_inode;
	__s32 mqdes;
	__u32 sev_status;
	struct rc_sigevent sev;
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_notify_inflight, struct mq_notify_args);

static __always_inline int rc_mq_notify_enter(__u64 mqdes, __u64 sevp, __u64 a2, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_notify_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_NOTIFY, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.mqdes = (__s32)mqdes;
	args.sevp = sevp;
	args.sev_status = rc_read_user_struct(&args.sev, sevp);
	args.mq_inode = rc_fd_inode(args.mqdes);
	rc_inflight_store(&rc_mq_notify_inflight, args);
	return 0;
}

static __always_inline int rc_mq_notify_exit(long ret)
{
	struct mq_notify_args *args;
	struct rc_mq_notify *e;

	args = rc_inflight_take(&rc_mq_notify_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_NOTIFY, sizeof(*e), args->entry_ns, ret);
	e->mqdes = args->mqdes;
	e->sev_status = args->sev_status;
	e->sevp = args->sevp;
	e->sev = args->sev;
	e->mq_inode = args->mq_inode;
	__builtin_memset(&e->sev_exit, 0, sizeof(e->sev_exit));
	e->sev_exit_status = rc_read_user_struct(&e->sev_exit, args->sevp);
	e->toctou = e->sev_exit_status != e->sev_status ||
		    (e->sev_status == RC_READ_OK &&
		     (e->sev_exit.value != e->sev.value || e->sev_exit.signo != e->sev.signo ||
		      e->sev_exit.notify != e->sev.notify || e->sev_exit.union0 != e->sev.union0 ||
		      e->sev_exit.union1 != e->sev.union1));
	e->reserved = 0;
	__builtin_memset(e->cookie, 0, sizeof(e->cookie));
	/* glibc's SIGEV_THREAD: sival_ptr points at the cookie the kernel copies. */
	if (e->sev_status == RC_READ_OK && e->sev.notify == RC_SIGEV_THREAD && e->sev.value)
		e->cookie_status = bpf_probe_read_user(e->cookie, sizeof(e->cookie), (const void *)e->sev.value)
					   ? RC_READ_FAULT : RC_READ_OK;
	else
		e->cookie_status = RC_READ_SKIPPED;
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_notify)

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_notify(mqd_t mqdes, const struct sigevent *sevp): one record per call,
 * written at exit. Entry reads *sevp before the kernel copies it; exit reads it
 * again, and a difference (another thread rewrote it in between: the kernel may
 * have acted on either) sets the record's toctou flag with both readings kept.
 */
#ifndef RINGCAP_MQ_NOTIFY_BPF_H
#define RINGCAP_MQ_NOTIFY_BPF_H

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

static __always_inline int rc_mq_notify_enter(__u64 mqdes, __u64 sevp, __u64 a2, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_notify_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_NOTIFY, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.mqdes = (__s32)mqdes;
	in.args.sevp = sevp;
	in.args.sev_status = rc_read_user_struct(&in.args.sev, sevp);
	in.args.mq_inode = rc_fd_inode(in.args.mqdes);
	rc_inflight_store(state, mq_notify, RC_EVENT_MQ_NOTIFY, in);
	return 0;
}

static __always_inline int rc_mq_notify_exit(long ret)
{
	struct mq_notify_inflight *in;
	struct rc_mq_notify_args *a;
	struct rc_mq_notify *e;

	in = rc_inflight_take(mq_notify, RC_EVENT_MQ_NOTIFY);
	if (!in)
		return 0; /* filtered out, or entered before we attached */
	if (!rc_exit_wanted(ret, in->entry_ns))
		goto out;
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_NOTIFY, sizeof(*e), in->entry_ns, ret, rc_inflight_context(in));
	e->args = in->args; /* the exit fields in it come as entry left them: 0 */
	a = &e->args;
	a->sev_exit_status = rc_read_user_struct(&a->sev_exit, a->sevp);
	a->toctou = a->sev_exit_status != a->sev_status ||
		    (a->sev_status == RC_READ_OK &&
		     (a->sev_exit.value != a->sev.value || a->sev_exit.signo != a->sev.signo ||
		      a->sev_exit.notify != a->sev.notify || a->sev_exit.union0 != a->sev.union0 ||
		      a->sev_exit.union1 != a->sev.union1));
	e->reserved = 0;
	__builtin_memset(e->cookie, 0, sizeof(e->cookie));
	/* glibc's SIGEV_THREAD: sival_ptr points at the cookie the kernel copies. */
	if (a->sev_status == RC_READ_OK && a->sev.notify == RC_SIGEV_THREAD && a->sev.value)
		e->cookie_status = bpf_probe_read_user(e->cookie, sizeof(e->cookie), (const void *)a->sev.value)
					   ? RC_READ_FAULT : RC_READ_OK;
	else
		e->cookie_status = RC_READ_SKIPPED;
	rc_submit(e);
out:
	in->entry_ns = 0;
	return 0;
}

#endif /* RINGCAP_MQ_NOTIFY_BPF_H */

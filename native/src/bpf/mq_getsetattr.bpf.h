/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_getsetattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr):
 * one record per call, written at exit. Entry reads *newattr, as the kernel
 * copies it there; exit reads *oldattr, which the kernel wrote back, unless the
 * call failed.
 */
#ifndef RINGCAP_MQ_GETSETATTR_BPF_H
#define RINGCAP_MQ_GETSETATTR_BPF_H

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

static __always_inline int rc_mq_getsetattr_enter(__u64 mqdes, __u64 newattr, __u64 oldattr, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_getsetattr_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_GETSETATTR, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.mqdes = (__s32)mqdes;
	in.args.newattr_ptr = newattr;
	in.args.oldattr_ptr = oldattr;
	in.args.newattr_status = rc_read_user_struct(&in.args.newattr, newattr);
	in.args.mq_inode = rc_fd_inode(in.args.mqdes);
	rc_inflight_store(state, mq_getsetattr, RC_EVENT_MQ_GETSETATTR, in);
	return 0;
}

static __always_inline int rc_mq_getsetattr_exit(long ret)
{
	struct mq_getsetattr_inflight *in;
	struct rc_mq_getsetattr *e;

	in = rc_inflight_take(mq_getsetattr, RC_EVENT_MQ_GETSETATTR);
	if (!in)
		return 0; /* filtered out, or entered before we attached */
	if (!rc_exit_wanted(ret, in->entry_ns))
		goto out;
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_GETSETATTR, sizeof(*e), in->entry_ns, ret, rc_inflight_context(in));
	e->args = in->args; /* oldattr comes 0, as entry left it */
	if (ret < 0 && in->args.oldattr_ptr)
		e->args.oldattr_status = RC_READ_SKIPPED; /* nothing written back */
	else
		e->args.oldattr_status = rc_read_user_struct(&e->args.oldattr, in->args.oldattr_ptr);
	rc_submit(e);
out:
	in->entry_ns = 0;
	return 0;
}

#endif /* RINGCAP_MQ_GETSETATTR_BPF_H */

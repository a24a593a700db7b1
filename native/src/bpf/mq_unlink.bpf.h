/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_unlink(const char *name): one record per call, written at exit. Entry
 * reads the name, as the kernel copies it there.
 */
#ifndef RINGCAP_MQ_UNLINK_BPF_H
#define RINGCAP_MQ_UNLINK_BPF_H

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

static __always_inline int rc_mq_unlink_enter(__u64 name, __u64 a1, __u64 a2, __u64 a3, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_unlink_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_UNLINK, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.name_ptr = name;
	in.args.name_status = rc_read_user_name(in.args.name, name, &in.args.name_len, &in.args.name_full_len);
	rc_inflight_store(state, mq_unlink, RC_EVENT_MQ_UNLINK, in);
	return 0;
}

/* Everything the record holds was read at entry. */
RC_COPY_EXIT(mq_unlink, RC_EVENT_MQ_UNLINK)

#endif /* RINGCAP_MQ_UNLINK_BPF_H */

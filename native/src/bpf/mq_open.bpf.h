/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * mq_open(const char *name, int oflag, umode_t mode, struct mq_attr *attr): one
 * record per call, written at exit. Entry reads the name and *attr, as the
 * kernel copies them there; retval is the new descriptor or -errno.
 */
#ifndef RINGCAP_MQ_OPEN_BPF_H
#define RINGCAP_MQ_OPEN_BPF_H

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

#define RC_O_CREAT 0100 /* the kernel reads attr only with O_CREAT */

static __always_inline int rc_mq_open_enter(__u64 name, __u64 oflag, __u64 mode, __u64 attr, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_open_inflight in = {};
	struct task_state *state;

	state = rc_enter_state(RC_EVENT_MQ_OPEN, pid_tgid);
	if (!state)
		return 0;
	in.entry_ns = bpf_ktime_get_boot_ns();
	in.args.name_ptr = name;
	in.args.attr_ptr = attr;
	in.args.oflag = (__s32)oflag;
	in.args.mode = (umode_t)mode; /* what the kernel sees: the register's low 16 bits */
	in.args.name_status = rc_read_user_name(in.args.name, name, &in.args.name_len, &in.args.name_full_len);
	if (!attr)
		in.args.attr_status = RC_READ_NULL;
	else if (!(in.args.oflag & RC_O_CREAT))
		in.args.attr_status = RC_READ_SKIPPED;
	else
		in.args.attr_status = bpf_probe_read_user(&in.args.attr, sizeof(in.args.attr), (const void *)attr)
					      ? RC_READ_FAULT : RC_READ_OK;
	rc_inflight_store(state, mq_open, RC_EVENT_MQ_OPEN, in);
	return 0;
}

/* Everything the record holds was read at entry. */
RC_COPY_EXIT(mq_open, RC_EVENT_MQ_OPEN)

#endif /* RINGCAP_MQ_OPEN_BPF_H */

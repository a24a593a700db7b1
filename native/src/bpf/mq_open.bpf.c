// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_open(const char *name, int oflag, umode_t mode, struct mq_attr *attr): one
 * record per call, written at exit. Entry reads the name and *attr, as the
 * kernel copies them there; retval is the new descriptor or -errno.
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

#define RC_O_CREAT 0100 /* the kernel reads attr only with O_CREAT */

struct mq_open_args {
	__u64 entry_ns;
	__u64 name_ptr;
	__u64 attr_ptr;
	__s32 oflag;
	__u32 mode;
	__u32 name_status;
	__u32 attr_status;
	struct rc_mq_attr attr;
	__u32 name_len;
	__u32 name_full_len; /* also keeps name 8-aligned: copied to the record in 8-byte moves, not 4 */
	char name[RC_NAME_MAX];
};

/* This thread's call in flight, from entry to exit. */
RC_INFLIGHT_MAP(rc_mq_open_inflight, struct mq_open_args);

static __always_inline int rc_mq_open_enter(__u64 name, __u64 oflag, __u64 mode, __u64 attr, __u64 a4)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_open_args args = {};

	if (!rc_wanted(RC_EVENT_MQ_OPEN, pid_tgid))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.name_ptr = name;
	args.attr_ptr = attr;
	args.oflag = (__s32)oflag;
	args.mode = (umode_t)mode; /* what the kernel sees: the register's low 16 bits */
	args.name_status = rc_read_user_name(args.name, name, &args.name_len, &args.name_full_len);
	if (!attr)
		args.attr_status = RC_READ_NULL;
	else if (!(args.oflag & RC_O_CREAT))
		args.attr_status = RC_READ_SKIPPED;
	else
		args.attr_status = bpf_probe_read_user(&args.attr, sizeof(args.attr), (const void *)attr)
					   ? RC_READ_FAULT : RC_READ_OK;
	rc_inflight_store(&rc_mq_open_inflight, args);
	return 0;
}

static __always_inline int rc_mq_open_exit(long ret)
{
	struct mq_open_args *args;
	struct rc_mq_open *e;

	args = rc_inflight_take(&rc_mq_open_inflight);
	if (!args)
		return 0; /* filtered out, or entered before we attached */
	e = rc_reserve(sizeof(*e));
	if (!e)
		goto out;
	rc_fill_header(&e->hdr, RC_EVENT_MQ_OPEN, sizeof(*e), args->entry_ns, ret);
	e->name_ptr = args->name_ptr;
	e->attr_ptr = args->attr_ptr;
	e->oflag = args->oflag;
	e->mode = args->mode;
	e->name_status = args->name_status;
	e->attr_status = args->attr_status;
	e->attr = args->attr;
	e->name_len = args->name_len;
	e->name_full_len = args->name_full_len;
	__builtin_memcpy(e->name, args->name, sizeof(e->name));
	rc_submit(e);
out:
	args->entry_ns = 0;
	return 0;
}

RC_SYSCALL_HOOKS(mq_open)

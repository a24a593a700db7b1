// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * mq_notify(mqd_t mqdes, const struct sigevent *sevp): one record per call,
 * written at exit. Entry stashes the arguments and the sigevent they point to
 * (read at entry, before the kernel copies it) per thread.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "maps.bpf.h"

struct mq_notify_args {
	__u64 entry_ns;
	__u64 sevp;
	__s32 mqdes;
	__u32 sev_status;
	struct rc_sigevent sev;
};

/* Calls in flight, by pid_tgid: a thread is in at most one syscall at a time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct mq_notify_args);
} rc_mq_notify_inflight SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_mq_notify")
int rc_mq_notify_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_notify_args args = {};

	if (!rc_traced(pid_tgid >> 32))
		return 0;
	args.entry_ns = bpf_ktime_get_boot_ns();
	args.mqdes = (__s32)ctx->args[0];
	args.sevp = (__u64)ctx->args[1];
	if (args.sevp)
		args.sev_status = bpf_probe_read_user(&args.sev, sizeof(args.sev), (const void *)args.sevp)
					  ? RC_READ_FAULT : RC_READ_OK;
	else
		args.sev_status = RC_READ_NULL;
	bpf_map_update_elem(&rc_mq_notify_inflight, &pid_tgid, &args, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_mq_notify")
int rc_mq_notify_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct mq_notify_args *args;
	struct rc_mq_notify *e;

	args = bpf_map_lookup_elem(&rc_mq_notify_inflight, &pid_tgid);
	if (!args)
		return 0; /* not traced, or entered before we attached */
	e = bpf_ringbuf_reserve(&rc_events, sizeof(*e), 0);
	if (!e) {
		rc_count(RC_COUNTER_DROPPED);
		bpf_map_delete_elem(&rc_mq_notify_inflight, &pid_tgid);
		return 0;
	}
	rc_fill_header(&e->hdr, RC_EVENT_MQ_NOTIFY, sizeof(*e), args->entry_ns, pid_tgid, ctx->ret);
	e->mqdes = args->mqdes;
	e->sev_status = args->sev_status;
	e->sevp = args->sevp;
	e->sev = args->sev;
	bpf_ringbuf_submit(e, rc_config.submit_flags);
	rc_count(RC_COUNTER_SUBMITTED);
	bpf_map_delete_elem(&rc_mq_notify_inflight, &pid_tgid);
	return 0;
}

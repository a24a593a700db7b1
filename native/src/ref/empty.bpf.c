// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * Empty programs on the same hooks ringcap uses for mq_notify: the floor that
 * merely having a BPF program on the syscall tracepoints costs a workload; and on
 * tp_btf sys_enter/sys_exit, the hooks of --attach raw (they run on every syscall).
 * For the end-to-end benchmark only; never linked into ringcap.bpf.o.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_mq_notify")
int empty_enter(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_mq_notify")
int empty_exit(void *ctx)
{
	return 0;
}

SEC("tp_btf/sys_enter")
int empty_raw_enter(void *ctx)
{
	return 0;
}

SEC("tp_btf/sys_exit")
int empty_raw_exit(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";

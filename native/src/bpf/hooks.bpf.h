/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Every syscall hook comes in three per-syscall variants, one per attach method:
 *   tp  syscall tracepoints (sys_enter_X / sys_exit_X): everywhere;
 *   kp  kprobe / kretprobe on the syscall (ksyscall: libbpf picks the arch wrapper);
 *   fe  fentry / fexit on __x64_sys_X: the cheapest, needs BTF trampolines.
 * and one for all syscalls, raw.bpf.c: tp_btf/sys_enter + tp_btf/sys_exit, dispatching on the
 * syscall number (RC_NR_X below) to the same code.
 * The loader autoloads only the chosen method's programs. An event's X.bpf.h
 * defines
 *   static __always_inline int rc_X_enter(__u64 a0, __u64 a1, __u64 a2, __u64 a3, __u64 a4)
 *   static __always_inline int rc_X_exit(long ret)
 * its X.bpf.c has RC_SYSCALL_HOOKS(X) wrap them (program names rc_X_{tp,kp,fe}_{enter,exit}),
 * and raw.bpf.c includes every X.bpf.h and calls them from its two programs.
 */
#ifndef RINGCAP_HOOKS_BPF_H
#define RINGCAP_HOOKS_BPF_H

/* x86_64 syscall numbers of the hooked syscalls (arch/x86/entry/syscalls/syscall_64.tbl), for raw.bpf.c. */
#define RC_NR_msgget 68
#define RC_NR_msgsnd 69
#define RC_NR_msgrcv 70
#define RC_NR_msgctl 71
#define RC_NR_mq_open 240
#define RC_NR_mq_unlink 241
#define RC_NR_mq_timedsend 242
#define RC_NR_mq_timedreceive 243
#define RC_NR_mq_notify 244
#define RC_NR_mq_getsetattr 245

#define RC_SYSCALL_HOOKS(sys)                                                        \
SEC("tracepoint/syscalls/sys_enter_" #sys)                                           \
int rc_##sys##_tp_enter(struct trace_event_raw_sys_enter *ctx)                       \
{                                                                                    \
	return rc_##sys##_enter(ctx->args[0], ctx->args[1], ctx->args[2], ctx->args[3], \
				ctx->args[4]);                                      \
}                                                                                    \
SEC("tracepoint/syscalls/sys_exit_" #sys)                                            \
int rc_##sys##_tp_exit(struct trace_event_raw_sys_exit *ctx)                         \
{                                                                                    \
	return rc_##sys##_exit(ctx->ret);                                            \
}                                                                                    \
SEC("ksyscall/" #sys)                                                                \
int BPF_KSYSCALL(rc_##sys##_kp_enter, __u64 a0, __u64 a1, __u64 a2, __u64 a3, __u64 a4) \
{                                                                                    \
	return rc_##sys##_enter(a0, a1, a2, a3, a4);                                 \
}                                                                                    \
SEC("kretsyscall/" #sys)                                                             \
int BPF_KRETPROBE(rc_##sys##_kp_exit, long ret)                                      \
{                                                                                    \
	return rc_##sys##_exit(ret);                                                 \
}                                                                                    \
SEC("fentry/__x64_sys_" #sys)                                                        \
int BPF_PROG(rc_##sys##_fe_enter, const struct pt_regs *regs)                        \
{                                                                                    \
	return rc_##sys##_enter(BPF_CORE_READ(regs, di), BPF_CORE_READ(regs, si),    \
				BPF_CORE_READ(regs, dx), BPF_CORE_READ(regs, r10),  \
				BPF_CORE_READ(regs, r8));                           \
}                                                                                    \
SEC("fexit/__x64_sys_" #sys)                                                         \
int BPF_PROG(rc_##sys##_fe_exit, const struct pt_regs *regs, long ret)               \
{                                                                                    \
	return rc_##sys##_exit(ret);                                                 \
}

#endif /* RINGCAP_HOOKS_BPF_H */

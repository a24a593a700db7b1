/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * What the SysV message-queue hooks (msgget, msgsnd, msgrcv, msgctl) share: the queue's
 * namespace and where a struct msgbuf's text is.
 */
#ifndef RINGCAP_SYSV_MSG_BPF_H
#define RINGCAP_SYSV_MSG_BPF_H

#include "user_read.bpf.h"

/* The msgctl commands (uapi linux/ipc.h, linux/msg.h). */
#define RC_IPC_RMID 0
#define RC_IPC_SET 1
#define RC_IPC_STAT 2
#define RC_IPC_INFO 3
#define RC_MSG_STAT 11
#define RC_MSG_INFO 12
#define RC_MSG_STAT_ANY 13

/*
 * The inode of the current task's IPC namespace (/proc/PID/ns/ipc): the namespace its msqids
 * are looked up in. BTF loads (a NULL nsproxy, an exiting task's, reads as 0).
 */
static __always_inline __u32 rc_ipc_ns(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return task->nsproxy->ipc_ns->ns.inum;
}

/* The text of a struct msgbuf: the bytes after its 8-byte mtype. */
static __always_inline __u64 rc_msgbuf_text(__u64 msgp)
{
	return msgp ? msgp + sizeof(__s64) : 0;
}

#endif /* RINGCAP_SYSV_MSG_BPF_H */

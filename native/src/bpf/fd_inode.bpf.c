// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/*
 * rc_fd_inode: the queue behind a descriptor, for every record's mq_inode. A global function
 * (verified on its own, called like a subprogram) rather than an inline in context.bpf.h: it
 * calls the bpf_rdonly_cast kfunc, and bpftool 7.1's linker refuses the same kfunc extern in two
 * objects ("failed to resolve size of underlying type"), so only this object may declare it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "context.bpf.h"

/* The mqueue filesystem's superblock magic (include/uapi/linux/magic.h). */
#define RC_MQUEUE_MAGIC 0x19800202

/*
 * A kernel pointer taken as a BTF pointer of the given type, for plain (JIT-guarded) loads; the
 * verifier inlines the call to a register move. A kfunc every program type may call (6.2+).
 */
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym __weak;

/*
 * The inode number of the file behind the current task's descriptor fd when that file is a
 * message queue (its inode's superblock is the mqueue filesystem's); 0 when fd is not open or
 * names anything else, where the kernel's mq_* calls fail with EBADF. The walk to the table is
 * BTF loads; the slot (a variable index) takes a probe read; the file, its inode and the
 * superblock are BTF loads again through bpf_rdonly_cast (a probe-read walk to i_ino alone took
 * two more helper calls).
 */
__u64 rc_fd_inode(int fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = task->files->fdt;
	struct file *slot = NULL;
	struct inode *inode;

	if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
		return 0;
	if (bpf_probe_read_kernel(&slot, sizeof(slot), &fdt->fd[fd]) || !slot)
		return 0;
	inode = ((struct file *)bpf_rdonly_cast(slot, bpf_core_type_id_kernel(struct file)))->f_inode;
	if (!inode || inode->i_sb->s_magic != RC_MQUEUE_MAGIC)
		return 0;
	return inode->i_ino;
}

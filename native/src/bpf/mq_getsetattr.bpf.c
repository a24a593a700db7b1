// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_getsetattr's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_getsetattr.bpf.h). */
#include "mq_getsetattr.bpf.h"

RC_SYSCALL_HOOKS(mq_getsetattr)

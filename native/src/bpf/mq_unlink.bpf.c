// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_unlink's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_unlink.bpf.h). */
#include "mq_unlink.bpf.h"

RC_SYSCALL_HOOKS(mq_unlink)

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_open's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_open.bpf.h). */
#include "mq_open.bpf.h"

RC_SYSCALL_HOOKS(mq_open)

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_timedsend's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_timedsend.bpf.h). */
#include "mq_timedsend.bpf.h"

RC_SYSCALL_HOOKS(mq_timedsend)

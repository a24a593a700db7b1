// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_notify's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_notify.bpf.h). */
#include "mq_notify.bpf.h"

RC_SYSCALL_HOOKS(mq_notify)

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* mq_timedreceive's per-syscall hooks (hooks.bpf.h) around its entry and exit code (mq_timedreceive.bpf.h). */
#include "mq_timedreceive.bpf.h"

RC_SYSCALL_HOOKS(mq_timedreceive)

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* msgrcv's per-syscall hooks (hooks.bpf.h) around its entry and exit code (msgrcv.bpf.h). */
#include "msgrcv.bpf.h"

RC_SYSCALL_HOOKS(msgrcv)

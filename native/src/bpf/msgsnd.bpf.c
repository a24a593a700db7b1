// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* msgsnd's per-syscall hooks (hooks.bpf.h) around its entry and exit code (msgsnd.bpf.h). */
#include "msgsnd.bpf.h"

RC_SYSCALL_HOOKS(msgsnd)

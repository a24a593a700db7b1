// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* msgctl's per-syscall hooks (hooks.bpf.h) around its entry and exit code (msgctl.bpf.h). */
#include "msgctl.bpf.h"

RC_SYSCALL_HOOKS(msgctl)

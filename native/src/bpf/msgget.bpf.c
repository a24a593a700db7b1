// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* msgget's per-syscall hooks (hooks.bpf.h) around its entry and exit code (msgget.bpf.h). */
#include "msgget.bpf.h"

RC_SYSCALL_HOOKS(msgget)

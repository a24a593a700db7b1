// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The configuration and license of the linked ringcap object. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ringcap_event.h"

const volatile struct rc_config rc_config = {
	.filter_root_tgid = 0,
	.filter_pid = 0,
	.filter_uid = RC_ANY_UID,
	.payload_bytes = 0,
	.filter_cgroup_id = 0,
	.event_mask = ~0ULL,
	.submit_flags = BPF_RB_NO_WAKEUP,
};

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Anchors every wire type in the object's BTF (by value: a pointer would leave only a forward
 * declaration), which the build generates the Java layouts and flyweights from
 * (native/src/build/WireGenerator.java). */
struct rc_wire_types {
	struct rc_config config;
	struct rc_mq_notify mq_notify;
	struct rc_mq_open mq_open;
	struct rc_mq_unlink mq_unlink;
	struct rc_mq_timedsend mq_timedsend;
	struct rc_mq_timedreceive mq_timedreceive;
	struct rc_mq_getsetattr mq_getsetattr;
	struct rc_mq_notify_delivered mq_notify_delivered;
	struct rc_process_exec process_exec;
	struct rc_gap gap;
	struct rc_cpu_counters counters;
	enum rc_event_type event_type;
	enum rc_read_status read_status;
	/* SysV message queues */
	struct rc_msgget msgget;
	struct rc_msgsnd msgsnd;
	struct rc_msgrcv msgrcv;
	struct rc_msgctl msgctl;
};
const struct rc_wire_types *rc_wire_types_btf __attribute__((unused));

// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* The configuration and license of the linked ringcap object. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "ringcap_event.h"

const volatile struct rc_config rc_config = {
	.filter_root_tgid = 0,
	.submit_flags = BPF_RB_NO_WAKEUP,
};

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* Anchors every wire type in the object's BTF, where WireLayoutBtfTest checks the Java mirror. */
struct rc_wire_types {
	struct rc_mq_notify mq_notify;
	struct rc_config config;
	enum rc_event_type event_type;
	enum rc_counter counter;
	enum rc_read_status read_status;
};
const struct rc_wire_types *rc_wire_types_btf __attribute__((unused));

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * Bounded reads of the user memory a syscall argument points to, each returning
 * an enum rc_read_status: a failed read is recorded as failed, never as an empty
 * or zero value.
 */
#ifndef RINGCAP_USER_READ_BPF_H
#define RINGCAP_USER_READ_BPF_H

#include "maps.bpf.h"

/* A fixed-size struct (sigevent, mq_attr, timespec). */
#define rc_read_user_struct(dst, ptr)                                                          \
	((ptr) == 0 ? RC_READ_NULL :                                                            \
	 bpf_probe_read_user((dst), sizeof(*(dst)), (const void *)(ptr)) ? RC_READ_FAULT : RC_READ_OK)

/*
 * A NUL-terminated name into a RC_NAME_MAX buffer; *length gets its bytes without
 * the NUL. Cut at RC_NAME_MAX - 1 bytes, as the kernel refuses longer queue names.
 */
static __always_inline __u32 rc_read_user_name(char *dst, __u64 ptr, __u32 *length)
{
	long copied;

	*length = 0;
	if (!ptr)
		return RC_READ_NULL;
	copied = bpf_probe_read_user_str(dst, RC_NAME_MAX, (const void *)ptr);
	if (copied <= 0)
		return RC_READ_FAULT;
	*length = copied - 1;
	return RC_READ_OK;
}

/*
 * The first min(rc_config.payload_bytes, available) bytes of a message, binary and
 * whole (NULs kept), into a RC_PAYLOAD_MAX buffer; SKIPPED when payload capture is off.
 */
static __always_inline __u32 rc_read_user_payload(__u8 *dst, __u64 ptr, __u64 available, __u32 *length)
{
	__u64 wanted = rc_config.payload_bytes;

	*length = 0;
	if (!wanted)
		return RC_READ_SKIPPED;
	if (!ptr)
		return RC_READ_NULL;
	if (wanted > available)
		wanted = available;
	if (wanted > RC_PAYLOAD_MAX) /* the loader enforces it; the verifier needs to see it */
		wanted = RC_PAYLOAD_MAX;
	if (bpf_probe_read_user(dst, wanted, (const void *)ptr))
		return RC_READ_FAULT;
	*length = wanted;
	return RC_READ_OK;
}

#endif /* RINGCAP_USER_READ_BPF_H */

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
 * The bytes kept of a string: its field (RC_NAME_MAX, RC_PATH_MAX: both 256) less the NUL.
 * A read that fills the field leaves it open whether the string ended right there (255 bytes,
 * whole) or went on (cut): the bytes from this offset on tell which.
 */
#define RC_STR_KEPT (RC_NAME_MAX - 1)
_Static_assert(RC_PATH_MAX == RC_NAME_MAX, "names and paths share RC_STR_KEPT");
/* Bytes the measuring read may copy from RC_STR_KEPT on: enough to reach RC_STR_LEN_MAX and its NUL. */
#define RC_STR_REST_MAX (RC_STR_LEN_MAX - RC_STR_KEPT + 1)

/*
 * Where the measuring read copies the rest of a long string to learn its length; what it copies
 * is never used. Per CPU: a program never sleeps or migrates while it runs, and 3.8 KB would not
 * fit the 512-byte BPF stack. The struct is no rc_ wire type, so WireLayoutBtfTest ignores it.
 */
struct string_rest {
	char bytes[RC_STR_REST_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct string_rest);
} rc_string_rest SEC(".maps") __weak;

/*
 * After a read that filled a 256-byte field: the string's whole length, by reading on from
 * its first byte not kept (src + RC_STR_KEPT) up to RC_STR_LEN_MAX; RC_STR_LEN_MAX when it
 * reaches that, 0 when those bytes cannot be read. Only strings of 255 bytes or more pay it:
 * one per-CPU lookup (inlined) and one more str read.
 */
static __always_inline __u32 rc_string_full_length(const char *rest, bool user)
{
	__u32 zero = 0;
	struct string_rest *scratch = bpf_map_lookup_elem(&rc_string_rest, &zero);
	long copied;

	if (!scratch)
		return 0; /* never: key 0 of a per-CPU array always exists */
	copied = user ? bpf_probe_read_user_str(scratch->bytes, sizeof(scratch->bytes), rest)
		      : bpf_probe_read_kernel_str(scratch->bytes, sizeof(scratch->bytes), rest);
	if (copied <= 0)
		return 0;
	return RC_STR_KEPT + (__u32)copied - 1; /* copied counts the NUL, or is the whole size when cut */
}

/*
 * The status of a string just read into a 256-byte field: `copied` is what
 * bpf_probe_read_{user,kernel}_str returned for it, src where it was read from. Sets *length (the
 * bytes kept) and *full_length (the whole string's length), as enum rc_read_status describes.
 */
static __always_inline __u32 rc_string_status(long copied, const char *src, bool user, __u32 *length,
					      __u32 *full_length)
{
	*length = 0;
	*full_length = 0;
	if (copied <= 0)
		return RC_READ_FAULT;
	*length = copied - 1;
	*full_length = copied - 1;
	if (copied < RC_STR_KEPT + 1)
		return RC_READ_OK; /* its NUL came before the field's last byte */
	*full_length = rc_string_full_length(src + RC_STR_KEPT, user);
	/* 255 exactly: the first byte not kept was its NUL. */
	return *full_length == RC_STR_KEPT ? RC_READ_OK : RC_READ_TRUNCATED;
}

/*
 * A NUL-terminated name into a RC_NAME_MAX buffer: the first 255 bytes, the most a queue name
 * may have (NAME_MAX); *length gets the bytes kept, *full_length the name's whole length
 * (a longer name, which the kernel refuses with ENAMETOOLONG, is TRUNCATED).
 */
static __always_inline __u32 rc_read_user_name(char *dst, __u64 ptr, __u32 *length, __u32 *full_length)
{
	if (!ptr) {
		*length = 0;
		*full_length = 0;
		return RC_READ_NULL;
	}
	return rc_string_status(bpf_probe_read_user_str(dst, RC_NAME_MAX, (const void *)ptr), (const char *)ptr,
				true, length, full_length);
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

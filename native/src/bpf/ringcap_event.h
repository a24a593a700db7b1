/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The ringcap wire format: the one definition of every record a BPF program
 * writes into the ring buffer. The journal stores these records verbatim
 * (inside the kernel's 8-byte ring framing), so replay decodes exactly this.
 *
 * Java mirrors these offsets in io.ringcap.wire.*Layout; WireLayoutBtfTest
 * reads the BTF of the compiled object and fails if the two disagree.
 *
 * Rules: fixed-size little-endian structs, every struct a multiple of 8 bytes,
 * explicit padding, no bitfields. Change a layout => bump RC_FORMAT_VERSION.
 */
#ifndef RINGCAP_EVENT_H
#define RINGCAP_EVENT_H

#define RC_FORMAT_VERSION 1
#define RC_TASK_COMM_LEN 16

/* rc_header.event_type */
enum rc_event_type {
	RC_EVENT_MQ_NOTIFY = 1,
};

/* Indices into the per-CPU "counters" array map. */
enum rc_counter {
	RC_COUNTER_SUBMITTED = 0, /* records committed to the ring */
	RC_COUNTER_DROPPED = 1,   /* bpf_ringbuf_reserve failed: ring full */
	RC_COUNTER_MAX = 2,
};

/* How the user struct behind a pointer argument was read. */
enum rc_read_status {
	RC_READ_NULL = 0,  /* the pointer was NULL: nothing to read */
	RC_READ_OK = 1,    /* read whole */
	RC_READ_FAULT = 2, /* bpf_probe_read_user failed: contents unknown */
};

/* Loader-set configuration: the .rodata variable rc_config, 16 bytes. */
struct rc_config {
	__u32 filter_root_tgid; /* 0: every process; else trace only processes forked below it */
	__u32 reserved;
	__u64 submit_flags;     /* BPF_RB_NO_WAKEUP for a spinning reader, 0 for one that sleeps */
};

/* Common to every record: 72 bytes. */
struct rc_header {
	__u16 event_type;   /* enum rc_event_type */
	__u16 size;         /* bytes in the whole record, header included */
	__u16 cpu;          /* CPU the exit hook ran on */
	__u16 flags;        /* reserved, 0 */
	__u64 entry_ns;     /* CLOCK_BOOTTIME at syscall entry */
	__u64 exit_ns;      /* CLOCK_BOOTTIME at syscall exit */
	__s64 retval;       /* syscall return value, -errno on failure */
	__u32 pid;          /* tgid, host pid namespace */
	__u32 tid;          /* thread id, host pid namespace */
	__u32 uid;
	__u32 gid;
	__u64 cgroup_id;
	char comm[RC_TASK_COMM_LEN];
};

/* The head of userspace struct sigevent (x86_64 layout), as read: 32 bytes. */
struct rc_sigevent {
	__u64 value;        /* sigev_value (sival_int or sival_ptr) */
	__s32 signo;        /* sigev_signo */
	__s32 notify;       /* sigev_notify: SIGEV_SIGNAL, SIGEV_NONE, ... */
	__u64 union0;       /* _sigev_un: _tid for SIGEV_THREAD_ID, else _function */
	__u64 union1;       /* _sigev_un: _attribute for SIGEV_THREAD */
};

/* mq_notify(mqd_t mqdes, const struct sigevent *sevp): 120 bytes. */
struct rc_mq_notify {
	struct rc_header hdr;
	__s32 mqdes;
	__u32 sev_status;   /* enum rc_read_status for *sevp */
	__u64 sevp;         /* user pointer, 0 for NULL */
	struct rc_sigevent sev; /* valid only when sev_status == RC_READ_OK */
};

#endif /* RINGCAP_EVENT_H */

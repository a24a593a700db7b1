/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The ringcap wire format: the one definition of every record a BPF program
 * writes into the ring buffer. The journal stores these records verbatim
 * (inside the kernel's 8-byte ring framing), so replay decodes exactly this.
 *
 * The Java side is generated from this file: the build reads the BTF clang writes into the
 * compiled object and writes io.ringcap.wire.*Layout (offsets, lengths, capacities, with these
 * structs' member comments as their javadoc) and io.ringcap.wire.*Record (flyweight getters); see
 * native/src/build/WireGenerator.java for the struct -> class list and the naming rules.
 *
 * Rules: fixed-size little-endian structs, every struct a multiple of 8 bytes,
 * explicit padding, no bitfields. Change a layout => bump RC_FORMAT_VERSION.
 *
 * A syscall's record is its header, then struct rc_<event>_args: the part the entry hook fills,
 * kept in task storage until the exit hook copies it into the record in one assignment, so no
 * field can be left out of the copy. An args struct is the record's own bytes from offset 96 on,
 * so where the record interleaves a field the exit hook writes (marked "exit"), that field sits in
 * the args too: entry leaves it 0 and exit writes it after the copy. That keeps the layouts of
 * format 4 unchanged; the Java constants and getters name args' members flat (MQDES_OFFSET).
 */
#ifndef RINGCAP_EVENT_H
#define RINGCAP_EVENT_H

#define RC_FORMAT_VERSION 4
#define RC_TASK_COMM_LEN 16
#define RC_NAME_MAX 256        /* NAME_MAX + the NUL: queue names */
#define RC_PATH_MAX 256        /* executable paths: the first 255 bytes are kept */
/*
 * The longest string length a record tells exactly is RC_STR_LEN_MAX - 1 (PATH_MAX - 1, the
 * longest string the kernel's getname() accepts); a *_full_len of RC_STR_LEN_MAX means "at
 * least that long" (getname fails such a call with ENAMETOOLONG without reading on).
 */
#define RC_STR_LEN_MAX 4096
#define RC_PAYLOAD_MAX 256     /* the most message bytes --payload-bytes may keep */
#define RC_NOTIFY_COOKIE_LEN 32 /* glibc SIGEV_THREAD: the kernel copies this many bytes */

/* rc_header.event_type */
enum rc_event_type {
	RC_EVENT_MQ_NOTIFY = 1,
	RC_EVENT_MQ_OPEN = 2,
	RC_EVENT_MQ_UNLINK = 3,
	RC_EVENT_MQ_TIMEDSEND = 4,
	RC_EVENT_MQ_TIMEDRECEIVE = 5,
	RC_EVENT_MQ_GETSETATTR = 6,
	RC_EVENT_MQ_NOTIFY_DELIVERED = 7, /* a notification signal sent (SI_MESGQ) */
	RC_EVENT_PROCESS_EXEC = 8,        /* a traced process exec'd: names its executable */
	RC_EVENT_GAP = 9,                 /* events lost on one CPU (ring full), written where they were lost */
	/* SysV message queues (struct rc_msgget ... below) */
	RC_EVENT_MSGGET = 10,
	RC_EVENT_MSGSND = 11,
	RC_EVENT_MSGRCV = 12,
	RC_EVENT_MSGCTL = 13,
	RC_EVENT_TYPE_MAX = 14,
};

/*
 * The value of the per-CPU "rc_counters" array map (one entry, key 0), 48 bytes.
 * The counters and the gap state share one value so that the reserve path looks
 * up one per-CPU slot and nothing else: a reserve that succeeds reads unreported
 * and counts submitted through the same pointer.
 */
struct rc_cpu_counters {
	__u64 submitted;     /* event records committed to the ring (gap records not included) */
	__u64 dropped;       /* events lost: bpf_ringbuf_reserve failed, the ring was full */
	__u64 unreported;    /* of those, how many no gap record has reported yet */
	__u64 first_drop_ns; /* CLOCK_BOOTTIME of the first unreported drop */
	__u64 last_drop_ns;  /* CLOCK_BOOTTIME of the latest unreported drop */
	__u64 gap_records;   /* gap records committed to the ring */
};

/*
 * How the user memory behind a pointer argument was read.
 *
 * Strings (every char[] field below but comm) carry three fields: *_status, *_len (the bytes
 * the field holds, without their NUL) and *_full_len (the string's whole length, without its
 * NUL). OK: the field holds the whole string, full_len == len (a 255-byte name is OK). TRUNCATED:
 * the string did not fit; the field holds its first len bytes (255) and full_len says how long
 * it was: its exact length up to RC_STR_LEN_MAX - 1, RC_STR_LEN_MAX for "at least that long",
 * or 0 when the bytes past those kept could not be read (the kernel fails such a call with
 * EFAULT). NULL, FAULT: len and full_len are 0.
 */
enum rc_read_status {
	RC_READ_NULL = 0,  /* the pointer was NULL: nothing to read */
	RC_READ_OK = 1,    /* read whole */
	RC_READ_FAULT = 2, /* the read failed: contents unknown */
	RC_READ_SKIPPED = 3, /* not read on purpose (e.g. payload capture off, or the call failed) */
	RC_READ_TRUNCATED = 4, /* a string longer than its field: its first *_len bytes kept, see above */
};

#define RC_ANY_UID 0xffffffffu /* rc_config.filter_uid: any user */

/* Loader-set configuration: the .rodata variable rc_config, 56 bytes. */
struct rc_config {
	__u32 filter_root_tgid;  /* 0: every process; else trace only processes forked below it */
	__u32 filter_pid;        /* 0: any; else only this tgid */
	__u32 filter_uid;        /* RC_ANY_UID: any; else only this uid */
	__u32 payload_bytes;     /* message bytes to keep, 0..RC_PAYLOAD_MAX */
	__u64 filter_cgroup_id;  /* 0: any; else only this cgroup v2 id */
	__u64 event_mask;        /* bit (1 << event_type) set: that event is wanted */
	__u64 submit_flags;      /* BPF_RB_NO_WAKEUP for a spinning reader, 0 for one that sleeps */
	char filter_comm[RC_TASK_COMM_LEN]; /* "": any; else only this comm */
	__u64 min_duration_ns;   /* 0: any; else only syscalls that took at least this long */
	__u32 failed_only;       /* 1: only syscalls that returned an error (< 0) */
	__u32 reserved;          /* 0 */
};

/*
 * Common to every record: 96 bytes. Ids are both as the host sees them and as
 * the task's own pid namespace does (the same outside containers).
 */
struct rc_header {
	__u16 event_type;   /* enum rc_event_type */
	__u16 size;         /* bytes in the whole record, header included */
	__u16 cpu;          /* CPU the exit hook ran on */
	__u16 flags;        /* reserved, 0 */
	__u64 entry_ns;     /* CLOCK_BOOTTIME at syscall entry */
	__u64 exit_ns;      /* CLOCK_BOOTTIME at syscall exit */
	__s64 retval;       /* syscall return value, -errno on failure */
	__u32 host_pid;     /* tgid, host pid namespace */
	__u32 host_tid;     /* thread id, host pid namespace */
	__u32 host_ppid;    /* real parent's tgid, host pid namespace */
	__u32 pid;          /* tgid in the task's pid namespace */
	__u32 tid;          /* thread id in the task's pid namespace */
	__u32 ppid;         /* parent's tgid in the task's pid namespace, 0 if outside it */
	__u32 uid;
	__u32 gid;
	__u64 cgroup_id;    /* cgroup v2 id (the cgroup directory's inode) */
	__u32 mnt_ns;       /* mount namespace inode */
	__u32 pid_ns;       /* pid namespace inode */
	char comm[RC_TASK_COMM_LEN];
};

/* The head of userspace struct sigevent (x86_64 layout), as read: 32 bytes. */
struct rc_sigevent {
	__u64 value;        /* sigev_value (sival_int or sival_ptr) */
	__s32 signo;        /* sigev_signo (the netlink socket for glibc's SIGEV_THREAD) */
	__s32 notify;       /* sigev_notify: SIGEV_SIGNAL, SIGEV_NONE, ... */
	__u64 union0;       /* _sigev_un: _tid for SIGEV_THREAD_ID, else _function */
	__u64 union1;       /* _sigev_un: _attribute for SIGEV_THREAD */
};

/*
 * mq_inode, in every record that has one: the inode number of the file behind the descriptor at
 * syscall entry, when that file is a message queue (its inode's superblock is the mqueue
 * filesystem's, s_magic == MQUEUE_MAGIC 0x19800202); 0 when the descriptor is not open or names
 * any other file (the kernel then fails the call with EBADF), so an inode never names a file the
 * call did not act on.
 */

/* struct mq_attr's four longs: 32 bytes. */
struct rc_mq_attr {
	__s64 flags;
	__s64 maxmsg;
	__s64 msgsize;
	__s64 curmsgs;
};

struct rc_timespec {
	__s64 sec;
	__s64 nsec;
};

struct rc_mq_notify_args {
	__s32 mqdes;
	__u32 sev_status;   /* enum rc_read_status for *sevp at entry */
	__u64 sevp;         /* user pointer, 0 for NULL */
	struct rc_sigevent sev; /* *sevp at entry, valid when sev_status == RC_READ_OK */
	__u32 sev_exit_status; /* exit: *sevp read again at exit */
	__u32 toctou;       /* exit: 1 when *sevp at exit differs from *sevp at entry */
	struct rc_sigevent sev_exit; /* exit: *sevp at exit */
	__u64 mq_inode;     /* the queue's inode, 0 if mqdes is not an open message queue (see above) */
};

/* mq_notify(mqd_t mqdes, const struct sigevent *sevp): 232 bytes. */
struct rc_mq_notify {
	struct rc_header hdr;
	struct rc_mq_notify_args args;
	__u32 cookie_status; /* SIGEV_THREAD: the cookie sival_ptr points to, read at exit */
	__u32 reserved;
	__u8 cookie[RC_NOTIFY_COOKIE_LEN];
};

struct rc_mq_open_args {
	__u64 name_ptr;
	__u64 attr_ptr;
	__s32 oflag;
	__u32 mode;
	__u32 name_status;
	__u32 attr_status;
	struct rc_mq_attr attr; /* valid when attr_status == RC_READ_OK */
	__u32 name_len;     /* bytes kept in name, without the NUL */
	__u32 name_full_len; /* the name's whole length, see enum rc_read_status */
	char name[RC_NAME_MAX];
};

/* mq_open(const char *name, int oflag, umode_t mode, struct mq_attr *attr): 424 bytes. */
struct rc_mq_open {
	struct rc_header hdr;
	struct rc_mq_open_args args;
};

struct rc_mq_unlink_args {
	__u64 name_ptr;
	__u32 name_status;
	__u32 name_len;     /* bytes kept in name, without the NUL */
	__u32 name_full_len; /* the name's whole length, see enum rc_read_status */
	__u32 reserved;
	char name[RC_NAME_MAX];
};

/* mq_unlink(const char *name): 376 bytes. */
struct rc_mq_unlink {
	struct rc_header hdr;
	struct rc_mq_unlink_args args;
};

struct rc_mq_timedsend_args {
	__s32 mqdes;
	__u32 msg_prio;
	__u64 msg_ptr;
	__u64 msg_len;
	__u64 abs_timeout_ptr;
	__u32 timeout_status;
	__u32 payload_status;
	struct rc_timespec abs_timeout;
	__u64 mq_inode;
	__u32 payload_len;  /* message bytes kept in payload */
	__u32 reserved;
	__u8 payload[RC_PAYLOAD_MAX];
};

/* mq_timedsend(mqd_t, const char *msg_ptr, size_t msg_len, unsigned msg_prio, const struct timespec *): 424 bytes. */
struct rc_mq_timedsend {
	struct rc_header hdr;
	struct rc_mq_timedsend_args args;
};

struct rc_mq_timedreceive_args {
	__s32 mqdes;
	__u32 msg_prio;     /* exit: *msg_prio as the kernel wrote it back */
	__u64 msg_ptr;
	__u64 msg_len;
	__u64 msg_prio_ptr;
	__u64 abs_timeout_ptr;
	__u32 prio_status;  /* exit: how *msg_prio was read */
	__u32 timeout_status;
	struct rc_timespec abs_timeout;
	__u64 mq_inode;
};

/* mq_timedreceive(mqd_t, char *msg_ptr, size_t msg_len, unsigned *msg_prio, const struct timespec *): 432 bytes. */
struct rc_mq_timedreceive {
	struct rc_header hdr;
	struct rc_mq_timedreceive_args args;
	__u32 payload_status; /* the received message, read at exit */
	__u32 payload_len;
	__u8 payload[RC_PAYLOAD_MAX];
};

struct rc_mq_getsetattr_args {
	__s32 mqdes;
	__u32 newattr_status;
	__u64 newattr_ptr;
	__u64 oldattr_ptr;
	__u32 oldattr_status; /* exit: how *oldattr, as written back, was read */
	__u32 reserved;
	struct rc_mq_attr newattr;
	struct rc_mq_attr oldattr; /* exit: *oldattr as written back */
	__u64 mq_inode;
};

/* mq_getsetattr(mqd_t, const struct mq_attr *newattr, struct mq_attr *oldattr): 200 bytes. */
struct rc_mq_getsetattr {
	struct rc_header hdr;
	struct rc_mq_getsetattr_args args;
};

/*
 * A message-queue notification sent as a signal (si_code SI_MESGQ), from the
 * signal:signal_generate tracepoint. The header is the sender's (the task whose
 * mq_timedsend made the queue non-empty); entry_ns == exit_ns; retval is the
 * generate result (0 delivered, 1 ignored, 2 already pending, ...). 120 bytes.
 */
struct rc_mq_notify_delivered {
	struct rc_header hdr;
	__u32 target_pid;   /* host tgid of the notified process */
	__s32 signo;
	__s32 si_code;
	__s32 sender_mqdes; /* the sender's queue descriptor, -1 if unknown */
	__u64 mq_inode;     /* the queue, 0 if unknown */
};

/*
 * A traced process exec'd: replay names each pid's executable from these. filename is the path
 * as given to execve (the kernel's copy, bprm->filename). 368 bytes.
 */
struct rc_process_exec {
	struct rc_header hdr;
	__u32 filename_status;
	__u32 filename_len;      /* bytes kept in filename, without the NUL */
	__u32 filename_full_len; /* the path's whole length, see enum rc_read_status */
	__u32 reserved;
	char filename[RC_PATH_MAX];
};

/*
 * Events lost on one CPU because the ring was full: written on that CPU before
 * the first record that fits again (so it sits in the ring where the loss
 * happened), or by the capture at stop for losses nothing followed. The header
 * names no task (ids 0, comm ""): hdr.cpu is the CPU, hdr.entry_ns the first
 * drop, hdr.exit_ns when the gap was written, retval 0. 120 bytes.
 */
struct rc_gap {
	struct rc_header hdr;
	__u64 dropped;      /* events lost */
	__u64 first_ns;     /* CLOCK_BOOTTIME of the first of them */
	__u64 last_ns;      /* CLOCK_BOOTTIME of the last of them */
};

/* ---- SysV message queues: msgget, msgsnd, msgrcv, msgctl ---------------------------------------
 * Each record is its header, then struct rc_<event>_args: what the entry hook fills, kept in task
 * storage (value: entry_ns, then the args) until the exit hook copies it into the record in one
 * assignment. Fields the exit hook writes after that copy are marked "exit".
 *
 * The queue's identity: msqid within the IPC namespace of the caller (ipc_ns, the namespace's
 * inode, as /proc/PID/ns/ipc names it). The kernel reuses an index only with a new sequence
 * number, so (ipc_ns, msqid) names one queue for a long time; msgget's return value is the id.
 */

/*
 * struct msqid64_ds as x86_64 userspace sees it (its struct msqid_ds is the same 120 bytes),
 * field for field: msg_perm (struct ipc64_perm, 48 bytes), then the queue's state.
 */
struct rc_msqid_ds {
	__s32 perm_key;       /* msg_perm.key */
	__u32 perm_uid;       /* msg_perm.uid: the owner */
	__u32 perm_gid;
	__u32 perm_cuid;      /* msg_perm.cuid: the creator */
	__u32 perm_cgid;
	__u32 perm_mode;      /* msg_perm.mode: the low 9 bits are the permissions */
	__u16 perm_seq;
	__u16 perm_pad2;
	__u32 perm_pad3;      /* the compiler's padding in struct ipc64_perm, named */
	__u64 perm_unused1;
	__u64 perm_unused2;
	__s64 stime;          /* msg_stime: last msgsnd, seconds since the epoch */
	__s64 rtime;          /* msg_rtime: last msgrcv */
	__s64 ctime;          /* msg_ctime: creation or last IPC_SET */
	__u64 cbytes;         /* msg_cbytes: bytes queued now */
	__u64 qnum;           /* msg_qnum: messages queued now */
	__u64 qbytes;         /* msg_qbytes: the most bytes the queue holds */
	__s32 lspid;          /* msg_lspid: the last sender */
	__s32 lrpid;          /* msg_lrpid: the last receiver */
	__u64 unused4;
	__u64 unused5;
};

/* struct msginfo, what IPC_INFO and MSG_INFO write: 30 bytes and 2 of padding. */
struct rc_msginfo {
	__s32 msgpool;
	__s32 msgmap;
	__s32 msgmax;
	__s32 msgmnb;
	__s32 msgmni;
	__s32 msgssz;
	__s32 msgtql;
	__u16 msgseg;
	__u16 reserved;
};

struct rc_msgget_args {
	__s32 key;            /* key_t: IPC_PRIVATE is 0 */
	__s32 msgflg;         /* IPC_CREAT, IPC_EXCL and the permission bits */
	__u32 ipc_ns;         /* the caller's IPC namespace inode */
	__u32 reserved;
};

/* msgget(key_t key, int msgflg): 112 bytes. retval is the queue's msqid. */
struct rc_msgget {
	struct rc_header hdr;
	struct rc_msgget_args args;
};

struct rc_msgsnd_args {
	__s32 msqid;
	__s32 msgflg;         /* IPC_NOWAIT */
	__u64 msgp;           /* user pointer to the struct msgbuf { long mtype; char mtext[]; } */
	__u64 msgsz;          /* the text's size, mtype not included */
	__s64 mtype;          /* msgp->mtype at entry, valid when mtype_status == RC_READ_OK */
	__u32 mtype_status;
	__u32 payload_status; /* the text: SKIPPED when --payload-bytes is 0 */
	__u32 payload_len;    /* text bytes kept: min(--payload-bytes, msgsz) */
	__u32 ipc_ns;
	__u8 payload[RC_PAYLOAD_MAX]; /* mtext's first bytes at entry, binary */
};

/* msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg): 400 bytes. */
struct rc_msgsnd {
	struct rc_header hdr;
	struct rc_msgsnd_args args;
};

struct rc_msgrcv_args {
	__s32 msqid;
	__s32 msgflg;         /* IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT, MSG_COPY */
	__u64 msgp;
	__u64 msgsz;          /* the most text bytes to receive */
	__s64 msgtyp;         /* 0 the first, > 0 that type (MSG_EXCEPT: any other), < 0 the lowest <= -msgtyp; MSG_COPY: the index */
	__u32 ipc_ns;
	__u32 mtype_status;   /* exit: how msgp->mtype, as the kernel wrote it, was read; SKIPPED when the call failed */
};

/* msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg): 408 bytes. */
struct rc_msgrcv {
	struct rc_header hdr;
	struct rc_msgrcv_args args;
	__s64 mtype;          /* exit: the received message's type */
	__u32 payload_status; /* exit: its text (retval bytes); SKIPPED when --payload-bytes is 0 or the call failed */
	__u32 payload_len;
	__u8 payload[RC_PAYLOAD_MAX];
};

struct rc_msgctl_args {
	__s32 msqid;          /* for MSG_STAT and MSG_STAT_ANY: an index */
	__s32 cmd;            /* IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO, MSG_STAT, MSG_INFO, MSG_STAT_ANY */
	__u64 buf;            /* user pointer: struct msqid_ds *, or struct msginfo * for the _INFO commands */
	__u32 ipc_ns;
	__u32 buf_status;     /* exit for IPC_STAT, MSG_STAT, MSG_STAT_ANY, IPC_INFO, MSG_INFO; else entry */
	struct rc_msqid_ds ds; /* IPC_SET: *buf read at entry; exit: *buf as the _STAT commands wrote it */
};

/*
 * msgctl(int msqid, int cmd, struct msqid_ds *buf): 272 bytes. Which of ds and info holds *buf
 * depends on cmd; buf_status says how it was read (SKIPPED: the command does not use buf, or the
 * call failed before writing it).
 */
struct rc_msgctl {
	struct rc_header hdr;
	struct rc_msgctl_args args;
	struct rc_msginfo info; /* exit: *buf as IPC_INFO and MSG_INFO wrote it */
};
/* ---- end of SysV message queues -------------------------------------------------------------- */

#endif /* RINGCAP_EVENT_H */

/*
 * Makes the SysV message-queue syscalls with known arguments, for the end-to-end test, each as
 * exactly one raw syscall, in this order:
 *   msgget  KEY, IPC_CREAT|IPC_EXCL|0600                       -> msqid
 *   msgget  KEY, IPC_CREAT|IPC_EXCL|0600 again                 -> -EEXIST
 *   msgget  a key no queue has, 0                              -> -ENOENT
 *   msgget  KEY, 0: the queue opened                           -> msqid
 *   msgget  IPC_PRIVATE, 0640: a second queue                  -> msqid2
 *   msgctl  msqid IPC_STAT: the fresh queue                    -> 0
 *   msgctl  msqid IPC_SET: mode 0640, msg_qbytes 64            -> 0
 *   msgsnd  mtype 7, a binary text with NULs (12 bytes)        -> 0
 *   msgsnd  mtype 3, "second"                                  -> 0
 *   msgsnd  mtype 5, "third"                                   -> 0
 *   msgsnd  mtype 0                                            -> -EINVAL
 *   msgsnd  64 bytes IPC_NOWAIT on the queue holding 23 of 64  -> -EAGAIN
 *   msgsnd  msgp a bad pointer                                 -> -EFAULT
 *   msgctl  msqid IPC_STAT: three messages, 23 bytes           -> 0
 *   msgrcv  msgsz 4, msgtyp 7, IPC_NOWAIT: the text is longer  -> -E2BIG
 *   msgrcv  msgtyp 99, IPC_NOWAIT: no such message             -> -ENOMSG
 *   msgrcv  MSG_COPY|IPC_NOWAIT, index 0: a copy of the first  -> 12 (-ENOSYS without CHECKPOINT_RESTORE)
 *   msgrcv  msgtyp -5: the lowest type <= 5                    -> 6 ("second", mtype 3)
 *   msgrcv  msgtyp 7, MSG_EXCEPT|IPC_NOWAIT: any but 7         -> 5 ("third", mtype 5)
 *   msgrcv  msgsz 4, msgtyp 0, MSG_NOERROR: cut to 4 bytes     -> 4 (mtype 7)
 *   msgrcv  IPC_NOWAIT on the empty queue                      -> -ENOMSG
 *   msgctl  msqid IPC_INFO                                     -> the highest index in use
 *   msgctl  msqid MSG_INFO                                     -> the highest index in use
 *   msgctl  msqid IPC_STAT, buf a bad pointer                  -> -EFAULT
 *   msgctl  msqid cmd 99                                       -> -EINVAL
 *   msgrcv  (a second thread) blocks on msqid2 ...
 *   msgctl  msqid2 IPC_RMID, buf NULL: ... so it returns       -> 0 (the thread's msgrcv -EIDRM)
 *   msgsnd  on the removed msqid2                              -> -EINVAL
 *   msgctl  msqid IPC_RMID                                     -> 0
 *   msgctl  msqid IPC_STAT on the removed queue                -> -EINVAL
 * and writes what the test needs to check them, one key=value per line, to the file named by
 * the first argument (stdout without one): its ids and IPC namespace, then per call, in call order
 * per syscall, a line "<syscall>.<n>=" with every argument passed (pointers as unsigned decimal)
 * and the result (-errno), plus what the kernel wrote back. Exits 0 when every call returned what
 * it should.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef MSG_COPY
#define MSG_COPY 040000
#endif
#ifndef MSG_EXCEPT
#define MSG_EXCEPT 020000
#endif

#define TEXT_MAX 64
#define QBYTES 64
#define BAD_CMD 99
#define MAX_CALLS 16
#define LINE_MAX_LEN 1024
#define BAD_POINTER ((void *)1)

struct message {
	long mtype;
	unsigned char mtext[TEXT_MAX];
};

static FILE *out;
static char lines[4][MAX_CALLS][LINE_MAX_LEN];
static int counts[4];
static const char *const names[4] = { "msgget", "msgsnd", "msgrcv", "msgctl" };
enum { GET, SND, RCV, CTL };

static int ok = 1;

/* The raw syscall's result: its return value, or -errno. */
static long result(long ret)
{
	return ret < 0 ? -errno : ret;
}

static unsigned long ptr(const void *p)
{
	return (unsigned long)p;
}

static void hex(char *to, size_t size, const unsigned char *bytes, long length)
{
	size_t at = 0;

	to[0] = '\0';
	for (long i = 0; i < length && at + 2 < size; i++)
		at += snprintf(to + at, size - at, "%02x", bytes[i]);
}

/* Record one call's line: names[kind].<n>=... */
static char *line(int kind)
{
	if (counts[kind] == MAX_CALLS) {
		fprintf(stderr, "too many %s calls\n", names[kind]);
		exit(2);
	}
	return lines[kind][counts[kind]++];
}

static void expect(const char *what, long got, long wanted)
{
	if (got != wanted) {
		fprintf(stderr, "%s: %ld, expected %ld\n", what, got, wanted);
		ok = 0;
	}
}

static long do_msgget(int key, int msgflg)
{
	long ret = result(syscall(SYS_msgget, key, msgflg));

	snprintf(line(GET), LINE_MAX_LEN, "%d,%d,%ld", key, msgflg, ret);
	return ret;
}

static long do_msgsnd(int msqid, const struct message *msgp, size_t msgsz, int msgflg)
{
	long ret = result(syscall(SYS_msgsnd, msqid, msgp, msgsz, msgflg));
	char text[2 * TEXT_MAX + 1] = "";

	if (ptr(msgp) != ptr(BAD_POINTER))
		hex(text, sizeof(text), msgp->mtext, msgsz < TEXT_MAX ? (long)msgsz : TEXT_MAX);
	/* msqid,msgp,msgsz,msgflg,ret,mtype,text */
	snprintf(line(SND), LINE_MAX_LEN, "%d,%lu,%zu,%d,%ld,%ld,%s", msqid, ptr(msgp), msgsz, msgflg, ret,
		 ptr(msgp) == ptr(BAD_POINTER) ? 0 : msgp->mtype, text);
	return ret;
}

/* One receive: its arguments, result, and what the kernel wrote back (tid: the caller's). */
static long do_msgrcv(int msqid, struct message *msgp, size_t msgsz, long msgtyp, int msgflg)
{
	long ret;
	char text[2 * TEXT_MAX + 1] = "";

	memset(msgp, 0, sizeof(*msgp));
	ret = result(syscall(SYS_msgrcv, msqid, msgp, msgsz, msgtyp, msgflg));
	if (ret > 0)
		hex(text, sizeof(text), msgp->mtext, ret);
	/* msqid,msgp,msgsz,msgtyp,msgflg,ret,mtype,text,tid */
	snprintf(line(RCV), LINE_MAX_LEN, "%d,%lu,%zu,%ld,%d,%ld,%ld,%s,%ld", msqid, ptr(msgp), msgsz, msgtyp, msgflg,
		 ret, ret >= 0 ? msgp->mtype : 0, text, (long)syscall(SYS_gettid));
	return ret;
}

/* A struct msqid_ds as the test reads it: the fields strace prints, in rc_msqid_ds order. */
static void print_ds(char *to, size_t size, const struct msqid_ds *ds)
{
	snprintf(to, size, ",ds=%d;%u;%u;%u;%u;%u;%u;%ld;%ld;%ld;%lu;%lu;%lu;%d;%d", ds->msg_perm.__key,
		 ds->msg_perm.uid, ds->msg_perm.gid, ds->msg_perm.cuid, ds->msg_perm.cgid, ds->msg_perm.mode,
		 ds->msg_perm.__seq, (long)ds->msg_stime, (long)ds->msg_rtime, (long)ds->msg_ctime,
		 (unsigned long)ds->__msg_cbytes, (unsigned long)ds->msg_qnum, (unsigned long)ds->msg_qbytes,
		 ds->msg_lspid, ds->msg_lrpid);
}

static long do_msgctl(int msqid, int cmd, void *buf)
{
	long ret = result(syscall(SYS_msgctl, msqid, cmd, buf));
	char *to = line(CTL);
	int at;

	/* msqid,cmd,buf,ret[,ds=...|,info=...] */
	at = snprintf(to, LINE_MAX_LEN, "%d,%d,%lu,%ld", msqid, cmd, ptr(buf), ret);
	if (ptr(buf) != ptr(BAD_POINTER) && buf && (cmd == IPC_SET || ((cmd == IPC_STAT) && ret >= 0))) {
		print_ds(to + at, LINE_MAX_LEN - at, buf);
	} else if (buf && (cmd == IPC_INFO || cmd == MSG_INFO) && ret >= 0) {
		const struct msginfo *info = buf;

		snprintf(to + at, LINE_MAX_LEN - at, ",info=%d;%d;%d;%d;%d;%d;%d;%u", info->msgpool, info->msgmap,
			 info->msgmax, info->msgmnb, info->msgmni, info->msgssz, info->msgtql, info->msgseg);
	}
	return ret;
}

/* The inode in a /proc/self/ns link, "ipc:[4026531839]" -> 4026531839. */
static unsigned long ns_inode(const char *link)
{
	char target[64];
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	char *open_bracket;

	if (n < 0)
		return 0;
	target[n] = '\0';
	open_bracket = strchr(target, '[');
	return open_bracket ? strtoul(open_bracket + 1, NULL, 10) : 0;
}

struct receiver {
	int msqid;
	long tid;
	long ret;
	struct message msg;
};

static void *receive_blocking(void *arg)
{
	struct receiver *receiver = arg;

	receiver->tid = syscall(SYS_gettid);
	__atomic_store_n(&receiver->ret, 1, __ATOMIC_RELEASE);
	receiver->ret = do_msgrcv(receiver->msqid, &receiver->msg, TEXT_MAX, 0, 0);
	return NULL;
}

/* Wait until the thread sits in msgrcv (syscall 70, /proc's view of it). */
static void wait_blocked_in_msgrcv(long tid)
{
	char path[64], text[64];

	snprintf(path, sizeof(path), "/proc/self/task/%ld/syscall", tid);
	for (int tries = 0; tries < 10000; tries++) {
		FILE *file = fopen(path, "r");
		int blocked = 0;

		if (file) {
			blocked = fgets(text, sizeof(text), file) && strncmp(text, "70 ", 3) == 0;
			fclose(file);
		}
		if (blocked)
			return;
		usleep(1000);
	}
	fprintf(stderr, "the receiver never blocked in msgrcv\n");
	exit(2);
}

int main(int argc, char **argv)
{
	/* Binary on purpose: NULs first, inside and last, bytes with the top bit set. */
	static const unsigned char binary[] = { 0x00, 's', 'v', 0x00, 0xff, 0x80, 0x01, 0x00, 0x00, 'e', 'n', 'd' };
	struct message first = { .mtype = 7 }, second = { .mtype = 3 }, third = { .mtype = 5 };
	struct message zero_type = { .mtype = 0 }, big = { .mtype = 1 }, received;
	struct msqid_ds fresh, set, full, bad_unused;
	struct msginfo ipc_info, msg_info;
	struct receiver receiver;
	pthread_t thread;
	int key = (int)(0x52430000u | ((unsigned)getpid() & 0xffff));
	int missing_key = key ^ 0x00800000;
	long msqid, msqid2, copy;

	out = argc > 1 ? fopen(argv[1], "w") : stdout;
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	memcpy(first.mtext, binary, sizeof(binary));
	strcpy((char *)second.mtext, "second");
	strcpy((char *)third.mtext, "third");
	strcpy((char *)zero_type.mtext, "zero");
	memset(big.mtext, 'b', sizeof(big.mtext));
	memset(&fresh, 0, sizeof(fresh));
	memset(&full, 0, sizeof(full));
	memset(&ipc_info, 0, sizeof(ipc_info));
	memset(&msg_info, 0, sizeof(msg_info));
	memset(&bad_unused, 0, sizeof(bad_unused));

	msqid = do_msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	if (msqid < 0) {
		fprintf(stderr, "msgget %#x: %s\n", key, strerror((int)-msqid));
		return 2;
	}
	expect("msgget again", do_msgget(key, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
	expect("msgget missing", do_msgget(missing_key, 0), -ENOENT);
	expect("msgget open", do_msgget(key, 0), msqid);
	msqid2 = do_msgget(IPC_PRIVATE, 0640);
	if (msqid2 < 0) {
		fprintf(stderr, "msgget IPC_PRIVATE: %s\n", strerror((int)-msqid2));
		return 2;
	}

	expect("IPC_STAT fresh", do_msgctl(msqid, IPC_STAT, &fresh), 0);
	set = fresh;
	set.msg_perm.mode = 0640;
	set.msg_qbytes = QBYTES;
	expect("IPC_SET", do_msgctl(msqid, IPC_SET, &set), 0);

	expect("msgsnd first", do_msgsnd(msqid, &first, sizeof(binary), 0), 0);
	expect("msgsnd second", do_msgsnd(msqid, &second, strlen("second"), 0), 0);
	expect("msgsnd third", do_msgsnd(msqid, &third, strlen("third"), 0), 0);
	expect("msgsnd mtype 0", do_msgsnd(msqid, &zero_type, strlen("zero"), 0), -EINVAL);
	expect("msgsnd full", do_msgsnd(msqid, &big, TEXT_MAX, IPC_NOWAIT), -EAGAIN);
	expect("msgsnd bad msgp", do_msgsnd(msqid, BAD_POINTER, 4, IPC_NOWAIT), -EFAULT);
	expect("IPC_STAT full", do_msgctl(msqid, IPC_STAT, &full), 0);

	expect("msgrcv E2BIG", do_msgrcv((int)msqid, &received, 4, 7, IPC_NOWAIT), -E2BIG);
	expect("msgrcv ENOMSG", do_msgrcv((int)msqid, &received, TEXT_MAX, 99, IPC_NOWAIT), -ENOMSG);
	copy = do_msgrcv((int)msqid, &received, TEXT_MAX, 0, MSG_COPY | IPC_NOWAIT);
	if (copy != -ENOSYS)
		expect("msgrcv MSG_COPY", copy, sizeof(binary));
	expect("msgrcv -5", do_msgrcv((int)msqid, &received, TEXT_MAX, -5, 0), strlen("second"));
	expect("msgrcv MSG_EXCEPT", do_msgrcv((int)msqid, &received, TEXT_MAX, 7, MSG_EXCEPT | IPC_NOWAIT),
	       strlen("third"));
	expect("msgrcv MSG_NOERROR", do_msgrcv((int)msqid, &received, 4, 0, MSG_NOERROR), 4);
	expect("msgrcv empty", do_msgrcv((int)msqid, &received, TEXT_MAX, 0, IPC_NOWAIT), -ENOMSG);

	if (do_msgctl(msqid, IPC_INFO, &ipc_info) < 0 || do_msgctl(msqid, MSG_INFO, &msg_info) < 0)
		ok = 0;
	expect("IPC_STAT bad buf", do_msgctl(msqid, IPC_STAT, BAD_POINTER), -EFAULT);
	expect("bad cmd", do_msgctl(msqid, BAD_CMD, NULL), -EINVAL);

	receiver.msqid = (int)msqid2;
	receiver.ret = 0;
	if (pthread_create(&thread, NULL, receive_blocking, &receiver)) {
		fprintf(stderr, "pthread_create failed\n");
		return 2;
	}
	while (!__atomic_load_n(&receiver.ret, __ATOMIC_ACQUIRE))
		usleep(100);
	wait_blocked_in_msgrcv(receiver.tid);
	expect("IPC_RMID msqid2", do_msgctl(msqid2, IPC_RMID, NULL), 0);
	pthread_join(thread, NULL);
	expect("msgrcv EIDRM", receiver.ret, -EIDRM);
	expect("msgsnd removed", do_msgsnd(msqid2, &second, strlen("second"), 0), -EINVAL);
	expect("IPC_RMID", do_msgctl(msqid, IPC_RMID, NULL), 0);
	expect("IPC_STAT removed", do_msgctl(msqid, IPC_STAT, &bad_unused), -EINVAL);

	fprintf(out, "pid=%d\ntid=%ld\nppid=%d\nuid=%d\ngid=%d\n", getpid(), (long)syscall(SYS_gettid), getppid(),
		(int)getuid(), (int)getgid());
	fprintf(out, "ipc_ns=%lu\nkey=%d\nmissing_key=%d\nmsqid=%ld\nmsqid2=%ld\nreceiver_tid=%ld\n",
		ns_inode("/proc/self/ns/ipc"), key, missing_key, msqid, msqid2, receiver.tid);
	for (int kind = 0; kind < 4; kind++)
		for (int i = 0; i < counts[kind]; i++)
			fprintf(out, "%s.%d=%s\n", names[kind], i, lines[kind][i]);
	if (out != stdout)
		fclose(out);
	return ok ? 0 : 1;
}

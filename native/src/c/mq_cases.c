/*
 * Makes the message-queue syscalls other than mq_notify with known arguments, for the
 * end-to-end test, each as exactly one raw syscall:
 *   mq_open          create O_CREAT|O_EXCL|O_RDWR 0640 {maxmsg 4, msgsize 64} -> descriptor
 *   mq_open          a missing name, no O_CREAT (attr passed, ignored)         -> -ENOENT
 *   mq_open          the queue again, O_CREAT|O_EXCL, attr NULL                -> -EEXIST
 *   mq_timedreceive  empty blocking queue, abs_timeout in the past             -> -ETIMEDOUT
 *   mq_timedsend     a binary message with NULs, prio 7, abs_timeout           -> 0
 *   mq_timedsend     a text message, prio 1, abs_timeout NULL                  -> 0
 *   mq_getsetattr    set O_NONBLOCK, oldattr read back (2 messages queued)     -> 0
 *   mq_timedsend x2  fill the queue (prio 0)                                   -> 0
 *   mq_timedsend     on the full O_NONBLOCK queue                              -> -EAGAIN
 *   mq_timedreceive  x4: the prio-7 message first, then prio 1, then the fills -> their lengths
 *   mq_timedreceive  on the empty O_NONBLOCK queue                             -> -EAGAIN
 *   mq_getsetattr    on a descriptor that is not open                          -> -EBADF
 *   mq_unlink        the queue, then again                                     -> 0, -ENOENT
 * and writes what the test needs to check them, one key=value per line, to the file named by
 * the first argument (stdout without one): its ids and namespaces, every pointer it passed (as
 * unsigned decimal), every value it passed or got back, every return value (-errno).
 * Exits 0 when every call returned what it should.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BAD_MQDES 987
#define MAXMSG 4
#define MSGSIZE 64
#define SEND_PRIO 7
#define TEXT_PRIO 1
#define FILL_PRIO 0
#define FILLS 3          /* two fill the queue, the third finds it full */
#define RECEIVES MAXMSG  /* everything queued */
#define TIMEOUT_AHEAD_S 60

static FILE *out;

/* The raw syscall's result: its return value, or -errno. */
static long result(long ret)
{
	return ret < 0 ? -errno : ret;
}

static unsigned long ptr(const void *p)
{
	return (unsigned long)p;
}

/* The inode in a /proc/self/ns link, "mnt:[4026531840]" -> 4026531840. */
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

/* The cgroup v2 path: the "0::" line of /proc/self/cgroup. */
static void print_cgroup(void)
{
	char line[4096];
	FILE *cgroup = fopen("/proc/self/cgroup", "r");

	while (cgroup && fgets(line, sizeof(line), cgroup)) {
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			fprintf(out, "cgroup=%s\n", line + 3);
		}
	}
	if (cgroup)
		fclose(cgroup);
}

static void print_hex(const char *key, const unsigned char *bytes, size_t length)
{
	fprintf(out, "%s=", key);
	for (size_t i = 0; i < length; i++)
		fprintf(out, "%02x", bytes[i]);
	fprintf(out, "\n");
}

static void print_timespec(const char *key, const struct timespec *ts)
{
	fprintf(out, "%s_ptr=%lu\n%s_sec=%lld\n%s_nsec=%ld\n", key, ptr(ts), key, (long long)ts->tv_sec, key,
		ts->tv_nsec);
}

static void print_attr(const char *key, const struct mq_attr *attr)
{
	fprintf(out, "%s_ptr=%lu\n%s=%ld,%ld,%ld,%ld\n", key, ptr(attr), key, attr->mq_flags, attr->mq_maxmsg,
		attr->mq_msgsize, attr->mq_curmsgs);
}

int main(int argc, char **argv)
{
	/* Binary on purpose: NULs first, inside and last, bytes with the top bit set. */
	static const unsigned char binary[] = { 0x00, 'r', 'c', 0x00, 0xff, 0x80, 0x01, 0x00, 0x00, 'e', 'n', 'd' };
	static const char text[] = "second";
	char name[64], missing[64], fills[FILLS][8];
	struct mq_attr create = { .mq_maxmsg = MAXMSG, .mq_msgsize = MSGSIZE };
	/* The kernel uses only mq_flags: the rest are marks the test finds in the record. */
	struct mq_attr nonblock = { .mq_flags = O_NONBLOCK, .mq_maxmsg = 91, .mq_msgsize = 92, .mq_curmsgs = 93 };
	struct mq_attr old, bad_old;
	struct timespec now, future, past;
	/* One slot per receive that gets a message, and a spare that the failing receives share. */
	unsigned char received[RECEIVES + 1][MSGSIZE];
	unsigned int prio[RECEIVES + 1];
	long open_create, open_missing, open_exists, receive_timedout, send_binary, send_text, setattr;
	long send_fill[FILLS], receive[RECEIVES + 1], badattr, unlink_first, unlink_again;
	struct stat queue;
	int ok;

	out = argc > 1 ? fopen(argv[1], "w") : stdout;
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	/* The raw syscall takes the name without glibc's leading '/'. */
	snprintf(name, sizeof(name), "ringcap-mq-%d", getpid());
	snprintf(missing, sizeof(missing), "ringcap-mq-missing-%d", getpid());
	for (int i = 0; i < FILLS; i++)
		snprintf(fills[i], sizeof(fills[i]), "fill%d", i);
	memset(received, 0, sizeof(received));
	memset(prio, 0, sizeof(prio));
	memset(&old, 0, sizeof(old));
	memset(&bad_old, 0, sizeof(bad_old));
	clock_gettime(CLOCK_REALTIME, &now);
	future = (struct timespec){ .tv_sec = now.tv_sec + TIMEOUT_AHEAD_S, .tv_nsec = now.tv_nsec };
	past = (struct timespec){ .tv_sec = now.tv_sec - 1, .tv_nsec = 123456789 };
	close(BAD_MQDES);

	open_create = result(syscall(SYS_mq_open, name, O_CREAT | O_EXCL | O_RDWR, 0640, &create));
	open_missing = result(syscall(SYS_mq_open, missing, O_RDONLY, 0, &create));
	open_exists = result(syscall(SYS_mq_open, name, O_CREAT | O_EXCL | O_RDWR, 0600, NULL));
	if (open_create < 0) {
		fprintf(stderr, "mq_open %s: %s\n", name, strerror((int)-open_create));
		return 2;
	}
	const int q = (int)open_create;

	receive_timedout = result(syscall(SYS_mq_timedreceive, q, received[RECEIVES], MSGSIZE, &prio[RECEIVES], &past));
	send_binary = result(syscall(SYS_mq_timedsend, q, binary, sizeof(binary), SEND_PRIO, &future));
	send_text = result(syscall(SYS_mq_timedsend, q, text, strlen(text), TEXT_PRIO, NULL));
	setattr = result(syscall(SYS_mq_getsetattr, q, &nonblock, &old));
	for (int i = 0; i < FILLS; i++)
		send_fill[i] = result(syscall(SYS_mq_timedsend, q, fills[i], strlen(fills[i]), FILL_PRIO, NULL));
	for (int i = 0; i <= RECEIVES; i++)
		receive[i] = result(syscall(SYS_mq_timedreceive, q, received[i], MSGSIZE, &prio[i], NULL));
	badattr = result(syscall(SYS_mq_getsetattr, BAD_MQDES, &nonblock, &bad_old));
	fstat(q, &queue);
	unlink_first = result(syscall(SYS_mq_unlink, name));
	unlink_again = result(syscall(SYS_mq_unlink, name));

	fprintf(out, "pid=%d\ntid=%ld\nppid=%d\nuid=%d\ngid=%d\n", getpid(), (long)syscall(SYS_gettid), getppid(),
		(int)getuid(), (int)getgid());
	fprintf(out, "mnt_ns=%lu\npid_ns=%lu\n", ns_inode("/proc/self/ns/mnt"), ns_inode("/proc/self/ns/pid"));
	print_cgroup();
	fprintf(out, "name=%s\nname_ptr=%lu\nmissing=%s\nmissing_ptr=%lu\n", name, ptr(name), missing, ptr(missing));
	fprintf(out, "mqdes=%d\nmq_inode=%lu\nbad_mqdes=%d\n", q, (unsigned long)queue.st_ino, BAD_MQDES);
	print_attr("create", &create);
	print_attr("nonblock", &nonblock);
	print_attr("old", &old);
	fprintf(out, "bad_old_ptr=%lu\n", ptr(&bad_old));
	print_timespec("future", &future);
	print_timespec("past", &past);
	fprintf(out, "binary_ptr=%lu\ntext_ptr=%lu\n", ptr(binary), ptr(text));
	print_hex("binary", binary, sizeof(binary));
	print_hex("text", (const unsigned char *)text, strlen(text));
	for (int i = 0; i < FILLS; i++) {
		char key[16];

		snprintf(key, sizeof(key), "fill%d", i);
		fprintf(out, "%s_ptr=%lu\n", key, ptr(fills[i]));
		print_hex(key, (const unsigned char *)fills[i], strlen(fills[i]));
	}
	for (int i = 0; i <= RECEIVES; i++)
		fprintf(out, "received%d_ptr=%lu\nprio%d_ptr=%lu\nprio%d=%u\n", i, ptr(received[i]), i, ptr(&prio[i]), i,
			prio[i]);
	fprintf(out, "open_create=%ld\nopen_missing=%ld\nopen_exists=%ld\n", open_create, open_missing, open_exists);
	fprintf(out, "receive_timedout=%ld\nsend_binary=%ld\nsend_text=%ld\nsetattr=%ld\n", receive_timedout,
		send_binary, send_text, setattr);
	fprintf(out, "send_fill=%ld,%ld,%ld\n", send_fill[0], send_fill[1], send_fill[2]);
	fprintf(out, "receive=%ld,%ld,%ld,%ld,%ld\n", receive[0], receive[1], receive[2], receive[3], receive[4]);
	fprintf(out, "badattr=%ld\nunlink_first=%ld\nunlink_again=%ld\n", badattr, unlink_first, unlink_again);
	if (out != stdout)
		fclose(out);
	close(q);

	ok = open_missing == -ENOENT && open_exists == -EEXIST && receive_timedout == -ETIMEDOUT &&
	     send_binary == 0 && send_text == 0 && setattr == 0 && old.mq_flags == 0 && old.mq_curmsgs == 2 &&
	     send_fill[0] == 0 && send_fill[1] == 0 && send_fill[2] == -EAGAIN &&
	     receive[0] == (long)sizeof(binary) && prio[0] == SEND_PRIO && memcmp(received[0], binary, sizeof(binary)) == 0 &&
	     receive[1] == (long)strlen(text) && prio[1] == TEXT_PRIO && receive[4] == -EAGAIN &&
	     badattr == -EBADF && unlink_first == 0 && unlink_again == -ENOENT;
	return ok ? 0 : 1;
}

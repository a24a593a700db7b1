/*
 * mq_notify with SIGEV_THREAD through glibc, as programs use it:
 *   mq_open       create O_CREAT|O_EXCL|O_RDWR 0600                         -> descriptor
 *   mq_notify     SIGEV_THREAD (glibc: its netlink socket in sigev_signo, its 32-byte cookie
 *                 in sigev_value.sival_ptr: the function and the value first) -> 0
 *   mq_timedsend  one message: the kernel notifies through the netlink socket, glibc's helper
 *                 thread runs the function                                  -> 0
 *   mq_unlink     the queue                                                 -> 0
 * and writes, one key=value per line, to the file named by the first argument: pid, mqdes, the
 * netlink socket's descriptor (the only socket this process has), the function's address and the
 * value (unsigned decimal), and notified=1 once the function ran. Exits 0 when it ran.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define VALUE 0xbeef

static sem_t notified;
static volatile int seen_value;

static void on_message(union sigval value)
{
	seen_value = value.sival_int;
	sem_post(&notified);
}

/* The socket glibc opened for the notification: this process has no other. */
static int netlink_fd(void)
{
	DIR *fds = opendir("/proc/self/fd");
	struct dirent *entry;
	char path[300], target[64];
	int found = -1;

	if (!fds)
		return -1;
	while ((entry = readdir(fds)) != NULL) {
		ssize_t n;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", entry->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0) {
			target[n] = '\0';
			if (strncmp(target, "socket:", 7) == 0)
				found = atoi(entry->d_name);
		}
	}
	closedir(fds);
	return found;
}

int main(int argc, char **argv)
{
	char name[64];
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 16 };
	struct sigevent sev;
	struct timespec deadline;
	FILE *facts;
	mqd_t q;
	int ok;

	if (argc != 2 || !(facts = fopen(argv[1], "w")))
		return 2;
	sem_init(&notified, 0, 0);
	snprintf(name, sizeof(name), "/rc_thread_%d", getpid());
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		return 2;
	}
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_notify_function = on_message;
	sev.sigev_value.sival_int = VALUE;
	if (mq_notify(q, &sev) != 0) {
		perror("mq_notify");
		return 2;
	}
	if (mq_send(q, "ping", 4, 0) != 0) {
		perror("mq_send");
		return 2;
	}
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 30;
	ok = sem_timedwait(&notified, &deadline) == 0 && seen_value == VALUE;
	mq_unlink(name);
	fprintf(facts, "pid=%d\nmqdes=%d\nnetlink_fd=%d\nfunction=%lu\nvalue=%d\nnotified=%d\n", getpid(), (int)q,
		netlink_fd(), (unsigned long)(void *)on_message, VALUE, ok);
	fclose(facts);
	return ok ? 0 : 1;
}

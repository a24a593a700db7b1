/*
 * mq_context_changes FACTS: mq_notify(q, NULL) calls around each change of the
 * context a record carries and the BPF side copies per task (comm, mount
 * namespace, parent), so a test can check every record shows the context of
 * its own moment:
 *   1. as started;
 *   2. after prctl(PR_SET_NAME, "rc-renamed");
 *   3. after unshare(CLONE_NEWNS) (needs CAP_SYS_ADMIN);
 *   4. in a grandchild, while its parent (the middle process) lives;
 *   5. in the same grandchild after the middle process exited and it was
 *      reparented to this process (a child subreaper).
 * Writes key=value facts: pid, ppid, mnt_before, mnt_after, middle, grandchild.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void notify_cancel(mqd_t q)
{
	syscall(SYS_mq_notify, q, NULL);
}

static unsigned long mnt_ns(void)
{
	struct stat st;

	return stat("/proc/self/ns/mnt", &st) == 0 ? (unsigned long)st.st_ino : 0;
}

int main(int argc, char **argv)
{
	char name[64];
	int ready[2];
	FILE *out;
	mqd_t q;
	pid_t middle;

	if (argc != 2) {
		fprintf(stderr, "usage: mq_context_changes FACTS\n");
		return 2;
	}
	out = fopen(argv[1], "w");
	snprintf(name, sizeof(name), "/ringcap-ctx-%d", getpid());
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, NULL);
	if (!out || q == (mqd_t)-1 || pipe(ready) != 0) {
		perror("mq_context_changes");
		return 1;
	}
	mq_unlink(name);
	fprintf(out, "pid=%d\nppid=%d\nmnt_before=%lu\n", getpid(), getppid(), mnt_ns());

	notify_cancel(q); /* 1 */
	prctl(PR_SET_NAME, "rc-renamed");
	notify_cancel(q); /* 2 */
	if (unshare(CLONE_NEWNS) != 0) {
		perror("unshare(CLONE_NEWNS)");
		return 1;
	}
	fprintf(out, "mnt_after=%lu\n", mnt_ns());
	notify_cancel(q); /* 3 */

	prctl(PR_SET_CHILD_SUBREAPER, 1);
	fflush(out);
	middle = fork();
	if (middle == 0) {
		pid_t me = getpid();
		pid_t grandchild = fork();
		char byte = 1;

		if (grandchild == 0) {
			notify_cancel(q); /* 4: the middle process waits for this before it exits */
			if (write(ready[1], &byte, 1) != 1)
				_exit(1);
			while (getppid() == me)
				usleep(1000);
			notify_cancel(q); /* 5 */
			_exit(0);
		}
		if (grandchild < 0 || read(ready[0], &byte, 1) != 1)
			_exit(1);
		_exit(0);
	}
	waitpid(middle, NULL, 0);
	/* The subreaper inherits the grandchild: the one child left to wait for. */
	pid_t grandchild = wait(NULL);
	fprintf(out, "middle=%d\ngrandchild=%d\n", middle, grandchild);
	fclose(out);
	return 0;
}

/*
 * Makes five mq_notify calls with known arguments, for the end-to-end test:
 *   1. SIGEV_SIGNAL, SIGUSR1, sival_int 0x5eed     -> 0
 *   2. SIGEV_SIGNAL, SIGUSR2, sival_int 7          -> -EBUSY (already registered)
 *   3. NULL (cancel)                               -> 0
 *   4. SIGEV_NONE                                  -> 0
 *   5. SIGEV_SIGNAL on a descriptor not open       -> -EBADF
 * and prints what the test needs to check them, one key=value per line, to stdout or to the
 * file named by the first argument. With a second argument "wait" it reads one line from stdin
 * before the calls, so a test can start a capture filtered on its pid first.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BAD_MQDES 987

static int call(mqd_t q, const struct sigevent *sev)
{
	/* the raw syscall: exactly one mq_notify per call, whatever libc does */
	return syscall(SYS_mq_notify, q, sev) == 0 ? 0 : -errno;
}

int main(int argc, char **argv)
{
	char name[64];
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	struct sigevent signal1, signal2, none;
	mqd_t q;

	snprintf(name, sizeof(name), "/ringcap-cases-%d", getpid());
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		return 2;
	}
	mq_unlink(name);
	close(BAD_MQDES);

	memset(&signal1, 0, sizeof(signal1));
	signal1.sigev_notify = SIGEV_SIGNAL;
	signal1.sigev_signo = SIGUSR1;
	signal1.sigev_value.sival_int = 0x5eed;
	memset(&signal2, 0, sizeof(signal2));
	signal2.sigev_notify = SIGEV_SIGNAL;
	signal2.sigev_signo = SIGUSR2;
	signal2.sigev_value.sival_int = 7;
	memset(&none, 0, sizeof(none));
	none.sigev_notify = SIGEV_NONE;

	if (argc > 2 && strcmp(argv[2], "wait") == 0) {
		char line[16];

		if (!fgets(line, sizeof(line), stdin))
			return 2;
	}

	int r1 = call(q, &signal1);
	int r2 = call(q, &signal2);
	int r3 = call(q, NULL);
	int r4 = call(q, &none);
	int r5 = call(BAD_MQDES, &signal1);

	FILE *out = argc > 1 ? fopen(argv[1], "w") : stdout;
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	fprintf(out, "pid=%d\ntid=%ld\nuid=%d\ngid=%d\nmqdes=%d\nbad_mqdes=%d\n", getpid(),
		(long)syscall(SYS_gettid), (int)getuid(), (int)getgid(), (int)q, BAD_MQDES);
	fprintf(out, "signal1=%lu\nsignal2=%lu\nnone=%lu\n", (unsigned long)&signal1, (unsigned long)&signal2,
		(unsigned long)&none);
	fprintf(out, "results=%d,%d,%d,%d,%d\n", r1, r2, r3, r4, r5);
	if (out != stdout)
		fclose(out);
	mq_close(q);
	return (r1 == 0 && r2 == -EBUSY && r3 == 0 && r4 == 0 && r5 == -EBADF) ? 0 : 1;
}

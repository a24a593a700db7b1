/*
 * mq_notify under the conditions the engine must see through, for the kernel tests:
 *
 *   mq_notify_races toctou CALLS FACTS   a thread rewrites the sigevent in a tight loop while the
 *                                        main thread registers (SIGUSR1 or SIGUSR2) and cancels
 *                                        CALLS times: some calls read one value at entry, another
 *                                        at exit
 *   mq_notify_races deliver FACTS        registers SIGEV_SIGNAL (SIGUSR1, value 0xfeed), sends a
 *                                        message, and waits for the notification signal
 *
 * FACTS gets key=value lines: pid, mqdes, what was observed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sigevent shared_sev;
static atomic_int stop_writer;

static mqd_t open_queue(const char *tag)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	char name[64];
	mqd_t q;

	snprintf(name, sizeof(name), "/ringcap-%s-%d", tag, getpid());
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		exit(2);
	}
	mq_unlink(name);
	return q;
}

static void *rewrite(void *unused)
{
	(void)unused;
	while (!atomic_load_explicit(&stop_writer, memory_order_relaxed)) {
		/* volatile stores: the compiler must not fold the flips away */
		((volatile struct sigevent *)&shared_sev)->sigev_signo = SIGUSR2;
		((volatile struct sigevent *)&shared_sev)->sigev_value.sival_int = 2;
		((volatile struct sigevent *)&shared_sev)->sigev_signo = SIGUSR1;
		((volatile struct sigevent *)&shared_sev)->sigev_value.sival_int = 1;
	}
	return NULL;
}

static int toctou(long calls, FILE *facts)
{
	mqd_t q = open_queue("toctou");
	pthread_t writer;
	long failed = 0;

	memset(&shared_sev, 0, sizeof(shared_sev));
	shared_sev.sigev_notify = SIGEV_SIGNAL;
	shared_sev.sigev_signo = SIGUSR1;
	shared_sev.sigev_value.sival_int = 1;
	pthread_create(&writer, NULL, rewrite, NULL);
	for (long i = 0; i < calls; i++) {
		if (syscall(SYS_mq_notify, q, &shared_sev) != 0)
			failed++;
		if (syscall(SYS_mq_notify, q, NULL) != 0)
			failed++;
	}
	atomic_store(&stop_writer, 1);
	pthread_join(writer, NULL);
	fprintf(facts, "pid=%d\nmqdes=%d\nsevp=%lu\ncalls=%ld\nfailed=%ld\n", getpid(), (int)q,
		(unsigned long)&shared_sev, calls * 2, failed);
	return failed ? 1 : 0;
}

static int deliver(FILE *facts)
{
	mqd_t q = open_queue("deliver");
	struct sigevent sev;
	siginfo_t info;
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL); /* taken with sigwaitinfo, not delivered to a handler */
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGUSR1;
	sev.sigev_value.sival_int = 0xfeed;
	if (syscall(SYS_mq_notify, q, &sev) != 0) {
		perror("mq_notify");
		return 2;
	}
	if (syscall(SYS_mq_timedsend, q, "ping", 4, 0, NULL) != 0) {
		perror("mq_timedsend");
		return 2;
	}
	if (sigwaitinfo(&usr1, &info) != SIGUSR1) {
		perror("sigwaitinfo");
		return 2;
	}
	fprintf(facts, "pid=%d\nmqdes=%d\nsi_code=%d\nsi_value=%d\n", getpid(), (int)q, info.si_code,
		info.si_value.sival_int);
	return info.si_code == SI_MESGQ ? 0 : 1;
}

int main(int argc, char **argv)
{
	FILE *facts;
	int rc;

	if (argc == 4 && strcmp(argv[1], "toctou") == 0) {
		facts = fopen(argv[3], "w");
		if (!facts)
			return 2;
		rc = toctou(atol(argv[2]), facts);
	} else if (argc == 3 && strcmp(argv[1], "deliver") == 0) {
		facts = fopen(argv[2], "w");
		if (!facts)
			return 2;
		rc = deliver(facts);
	} else {
		fprintf(stderr, "usage: %s toctou CALLS FACTS | deliver FACTS\n", argv[0]);
		return 2;
	}
	fclose(facts);
	return rc;
}

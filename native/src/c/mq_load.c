/*
 * Load generator: T threads, each with its own queue, each calling
 * mq_notify(q, &sev); mq_notify(q, NULL) in a loop, for a count of calls
 * or a duration. Prints the calls made and calls/s on one line: per wall second, and per second of
 * the process's CPU time (user + system, the BPF programs included: they run in the caller's
 * context), which a shared, loaded machine perturbs far less than the wall clock.
 *
 *   mq_load [-t THREADS] [-n CALLS_PER_THREAD | -d SECONDS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct worker {
	pthread_t thread;
	unsigned long long calls_wanted; /* 0: run for the duration */
	double seconds;
	unsigned long long calls_made;
	int failed;
};

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *run(void *arg)
{
	struct worker *w = arg;
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	struct sigevent sev;
	char name[64];
	mqd_t q;

	snprintf(name, sizeof(name), "/ringcap-load-%d-%ld", getpid(), (long)syscall(SYS_gettid));
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1) {
		perror("mq_open");
		w->failed = 1;
		return NULL;
	}
	mq_unlink(name);
	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;

	double deadline = now() + w->seconds;
	unsigned long long made = 0;
	for (;;) {
		if (w->calls_wanted) {
			if (made >= w->calls_wanted)
				break;
		} else if ((made & 1023) == 0 && now() >= deadline) {
			break;
		}
		/* set, then cancel: the raw syscall so one loop step is exactly one call */
		if (syscall(SYS_mq_notify, q, (made & 1) ? NULL : &sev) != 0) {
			perror("mq_notify");
			w->failed = 1;
			break;
		}
		made++;
	}
	if (made & 1)
		syscall(SYS_mq_notify, q, NULL), made++; /* leave no registration behind */
	w->calls_made = made;
	mq_close(q);
	return NULL;
}

int main(int argc, char **argv)
{
	int threads = 1, opt;
	unsigned long long calls = 0;
	double seconds = 0;

	while ((opt = getopt(argc, argv, "t:n:d:")) != -1) {
		switch (opt) {
		case 't': threads = atoi(optarg); break;
		case 'n': calls = strtoull(optarg, NULL, 10); break;
		case 'd': seconds = atof(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-t THREADS] [-n CALLS_PER_THREAD | -d SECONDS]\n", argv[0]);
			return 2;
		}
	}
	if (threads < 1 || (calls == 0 && seconds <= 0) || (calls && (calls & 1))) {
		fprintf(stderr, "mq_load: give -n EVEN_COUNT or -d SECONDS, and -t >= 1\n");
		return 2;
	}

	struct worker *workers = calloc(threads, sizeof(*workers));
	double start = now();
	double cpu_start = cpu_now();
	for (int i = 0; i < threads; i++) {
		workers[i].calls_wanted = calls;
		workers[i].seconds = seconds;
		pthread_create(&workers[i].thread, NULL, run, &workers[i]);
	}
	unsigned long long total = 0;
	int failed = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(workers[i].thread, NULL);
		total += workers[i].calls_made;
		failed |= workers[i].failed;
	}
	double elapsed = now() - start;
	double cpu = cpu_now() - cpu_start;
	printf("threads=%d calls=%llu seconds=%.3f calls_per_sec=%.0f cpu_seconds=%.3f calls_per_cpu_sec=%.0f\n", threads,
	       total, elapsed, total / elapsed, cpu, total / cpu);
	free(workers);
	return failed ? 1 : 0;
}

/*
 * The bystander workload: one thread calling getppid(), a syscall no ringcap event traces, in a
 * loop; what every other task on the host pays while ringcap traces the mq events (a syscall
 * tracepoint puts every task on the slow syscall path; the raw hook runs its programs on every
 * syscall). Prints the calls made and calls/s on one line, per wall and per CPU second, as mq_load does.
 *
 *   getppid_load [-n CALLS | -d SECONDS]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	unsigned long long wanted = 1000000, made = 0;
	double seconds = 0;
	int opt;

	while ((opt = getopt(argc, argv, "n:d:")) != -1) {
		if (opt == 'n') {
			wanted = strtoull(optarg, NULL, 10);
		} else if (opt == 'd') {
			seconds = atof(optarg);
			wanted = 0;
		} else {
			fprintf(stderr, "usage: getppid_load [-n CALLS | -d SECONDS]\n");
			return 2;
		}
	}
	double start = now();
	double cpu_start = cpu_now();
	double deadline = start + seconds;
	for (;;) {
		if (wanted) {
			if (made >= wanted)
				break;
		} else if ((made & 1023) == 0 && now() >= deadline) {
			break;
		}
		syscall(SYS_getppid); /* not glibc's getppid(): never cached, always a syscall */
		made++;
	}
	double elapsed = now() - start;
	double cpu = cpu_now() - cpu_start;
	printf("calls=%llu seconds=%.3f calls_per_sec=%.0f cpu_seconds=%.3f calls_per_cpu_sec=%.0f\n", made, elapsed,
	       made / elapsed, cpu, made / cpu);
	return 0;
}

/*
 * One slow call among fast ones, for the duration filters: opens an empty queue, sends one message
 * and receives it (fast), asks its attributes (fast), then waits 200 ms in mq_timedreceive on the
 * empty queue until its absolute timeout (-ETIMEDOUT), and unlinks the queue. Prints
 * pid=, mqdes=, slow_ns= (how long the slow call took as measured here) and results= to the file
 * named by the first argument (or stdout).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WAIT_NS 200000000L

static long long now_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
	char name[64], buffer[64];
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 }, got;
	struct timespec deadline;
	unsigned int prio;
	long long start, slow;
	int send, receive, getattr, timed;
	FILE *out = argc > 1 ? fopen(argv[1], "w") : stdout;
	mqd_t q;

	if (!out)
		return 2;
	snprintf(name, sizeof(name), "/ringcap-slow-%d", getpid());
	q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1)
		return 2;
	send = mq_send(q, "x", 1, 1) == 0 ? 0 : -errno;
	receive = mq_receive(q, buffer, sizeof(buffer), &prio) >= 0 ? 1 : -errno;
	getattr = mq_getattr(q, &got) == 0 ? 0 : -errno;

	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += WAIT_NS;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	start = now_ns(CLOCK_MONOTONIC);
	timed = mq_timedreceive(q, buffer, sizeof(buffer), &prio, &deadline) >= 0 ? 0 : -errno;
	slow = now_ns(CLOCK_MONOTONIC) - start;
	mq_close(q);
	mq_unlink(name);

	fprintf(out, "pid=%d\nmqdes=%d\nslow_ns=%lld\nresults=%d,%d,%d,%d\n", getpid(), (int)q, slow, send, receive,
		getattr, timed);
	fclose(out);
	return send == 0 && receive == 1 && getattr == 0 && timed == -ETIMEDOUT ? 0 : 1;
}

/*
 * mq_notify under the conditions the engine must see through, for the kernel tests:
 *
 *   mq_notify_races toctou CALLS FACTS   forces the race CALLS times, no luck involved: a
 *                                        SIGEV_THREAD registration whose 32-byte cookie sits on a
 *                                        page userfaultfd holds back. The kernel copies the
 *                                        sigevent, then the cookie; that copy faults, and while the
 *                                        calling thread waits in the kernel a second thread (the
 *                                        fault handler) rewrites the sigevent's sigev_value from
 *                                        COOKIE to COOKIE+64, then fills the page. So every such
 *                                        call reads one sigevent at entry and another at exit.
 *                                        Each forced call is followed by a control registration
 *                                        (cookie on an ordinary page, value CONTROL, nothing
 *                                        rewrites it) and every registration by a cancel.
 *   mq_notify_races deliver FACTS        registers SIGEV_SIGNAL (SIGUSR1, value 0xfeed), sends a
 *                                        message, and waits for the notification signal
 *
 * FACTS gets key=value lines: pid, mqdes, what was observed (toctou: sevp, the three sigev_value
 * values, the faults the handler served; it exits non-zero unless every call returned 0 and
 * every forced call faulted exactly once).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct sigevent shared_sev;
/* Where the handler, woken by the cookie's fault, points sigev_value before it lets the kernel on. */
static volatile unsigned long rewritten_value;
static atomic_long faults_served;

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

struct fault_handler {
	int uffd;
	int stop[2]; /* a pipe: written once the calls are made (closing uffd does not end a read blocked on it) */
	long page_size;
	char *fill; /* one page: the cookie bytes the kernel gets once the fault is served */
};

/*
 * Serves the cookie page's faults: rewrites the sigevent first (the calling thread is stopped in
 * the kernel's copy of the cookie, after its copy of the sigevent), then maps the page, which wakes
 * the caller. Ends when told through the stop pipe.
 */
static void *serve_faults(void *arg)
{
	struct fault_handler *handler = arg;
	struct uffd_msg msg;

	for (;;) {
		struct pollfd fds[2] = { { .fd = handler->uffd, .events = POLLIN }, { .fd = handler->stop[0], .events = POLLIN } };
		struct uffdio_copy copy;
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("poll");
			exit(2);
		}
		if (fds[1].revents)
			return NULL;
		n = read(handler->uffd, &msg, sizeof(msg));
		if (n < 0 && errno == EAGAIN)
			continue; /* a fault can be woken before it is read */
		if (n != (ssize_t)sizeof(msg)) {
			perror("read(userfaultfd)");
			exit(2);
		}
		if (msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		((volatile struct sigevent *)&shared_sev)->sigev_value.sival_ptr = (void *)rewritten_value;
		atomic_fetch_add(&faults_served, 1);
		copy.dst = msg.arg.pagefault.address & ~(unsigned long long)(handler->page_size - 1);
		copy.src = (unsigned long)handler->fill;
		copy.len = handler->page_size;
		copy.mode = 0;
		copy.copy = 0;
		if (ioctl(handler->uffd, UFFDIO_COPY, &copy) != 0) {
			perror("UFFDIO_COPY");
			exit(2);
		}
	}
}

/* Takes the cancel's NOTIFY_REMOVED message off the socket: a full socket would block the next registration. */
static void drain_socket(int netlink)
{
	char buffer[64];

	while (recv(netlink, buffer, sizeof(buffer), MSG_DONTWAIT) > 0)
		;
}

static int toctou(long calls, FILE *facts)
{
	static char control_cookie[64];
	struct fault_handler handler = { .page_size = sysconf(_SC_PAGESIZE) };
	struct uffdio_api api = { .api = UFFD_API, .features = 0 };
	struct uffdio_register reg;
	mqd_t q = open_queue("toctou");
	int netlink = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	unsigned long cookie, control = (unsigned long)control_cookie;
	pthread_t thread;
	long failed = 0;
	char *page;

	if (netlink < 0) {
		perror("socket(AF_NETLINK)");
		return 2;
	}
	/*
	 * Kernel-mode faults too (no UFFD_USER_MODE_ONLY): the cookie is copied by the kernel. Needs root.
	 * Non-blocking: poll on a blocking userfaultfd always reports an error.
	 */
	handler.uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (handler.uffd < 0 || ioctl(handler.uffd, UFFDIO_API, &api) != 0) {
		perror("userfaultfd");
		return 2;
	}
	page = mmap(NULL, handler.page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	handler.fill = mmap(NULL, handler.page_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED || handler.fill == MAP_FAILED || pipe(handler.stop) != 0) {
		perror("mmap");
		return 2;
	}
	memset(handler.fill, 0xc0, handler.page_size);
	reg.range.start = (unsigned long)page;
	reg.range.len = handler.page_size;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(handler.uffd, UFFDIO_REGISTER, &reg) != 0) {
		perror("UFFDIO_REGISTER");
		return 2;
	}
	cookie = (unsigned long)page;
	rewritten_value = cookie + 64;
	pthread_create(&thread, NULL, serve_faults, &handler);

	memset(&shared_sev, 0, sizeof(shared_sev));
	shared_sev.sigev_notify = SIGEV_THREAD;
	shared_sev.sigev_signo = netlink; /* as glibc's mq_notify sets it */
	for (long i = 0; i < calls; i++) {
		/* forced: the cookie page is missing again, so the kernel's copy of it faults */
		if (madvise(page, handler.page_size, MADV_DONTNEED) != 0) {
			perror("madvise");
			return 2;
		}
		shared_sev.sigev_value.sival_ptr = (void *)cookie;
		if (syscall(SYS_mq_notify, q, &shared_sev) != 0)
			failed++;
		if (syscall(SYS_mq_notify, q, NULL) != 0)
			failed++;
		drain_socket(netlink);
		/* control: the same call with a cookie on an ordinary page, nothing rewrites the sigevent */
		shared_sev.sigev_value.sival_ptr = (void *)control;
		if (syscall(SYS_mq_notify, q, &shared_sev) != 0)
			failed++;
		if (syscall(SYS_mq_notify, q, NULL) != 0)
			failed++;
		drain_socket(netlink);
	}
	if (write(handler.stop[1], "x", 1) != 1) {
		perror("write");
		return 2;
	}
	pthread_join(thread, NULL);
	fprintf(facts, "pid=%d\nmqdes=%d\nnetlink=%d\nsevp=%lu\ncookie=%lu\nrewritten=%lu\ncontrol=%lu\n"
		"calls=%ld\nfaults=%ld\nfailed=%ld\n", getpid(), (int)q, netlink, (unsigned long)&shared_sev,
		cookie, rewritten_value, control, calls * 4, atomic_load(&faults_served), failed);
	return failed || atomic_load(&faults_served) != calls ? 1 : 0;
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

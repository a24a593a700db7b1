/*
 * 32-bit (ia32) syscalls from a 64-bit process (int $0x80) whose numbers are ringcap's syscalls in
 * the x86_64 table (68-71, 240-245), then one real mq_notify. The syscall tracepoints ignore ia32
 * calls, and so must the raw hook (it dispatches on the number): a capture of this program holds
 * exactly one syscall record, the mq_notify. Each ia32 call is harmless (a no-op or an error).
 * Prints one line: ia32=<results> mq_notify=<result>.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static long ia32(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret;
}

int main(void)
{
	/* ia32: 68 sgetmask, 70 setreuid16(-1,-1), 71 setregid16(-1,-1), 240 futex(NULL, FUTEX_WAKE),
	 * 241 sched_setaffinity(0, 0, NULL), 242 sched_getaffinity(0, 0, NULL), 243 set_thread_area(NULL),
	 * 244 get_thread_area(NULL), 245 io_setup(0, NULL) */
	const long calls[][4] = {
		{68, 0, 0, 0}, {70, -1, -1, 0}, {71, -1, -1, 0}, {240, 0, 1, 0}, {241, 0, 0, 0},
		{242, 0, 0, 0}, {243, 0, 0, 0}, {244, 0, 0, 0}, {245, 0, 0, 0},
	};

	printf("ia32=");
	for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		printf("%s%ld", i ? "," : "", ia32(calls[i][0], calls[i][1], calls[i][2], calls[i][3]));
	printf(" mq_notify=%ld\n", syscall(SYS_mq_notify, -1, NULL) == -1 ? -1L : 0L);
	return 0;
}

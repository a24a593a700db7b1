/*
 * Strings at and past the record's 255 bytes, and descriptors that are not queues, for the
 * end-to-end test; each call exactly one raw syscall:
 *   mq_open    a 255-byte name, O_CREAT|O_EXCL|O_RDWR (the longest the kernel takes) -> descriptor
 *   mq_unlink  that name                                                               -> 0
 *   mq_open    a 256-byte name (the shortest it refuses)                               -> -ENAMETOOLONG
 *   mq_open    a 300-byte name                                                         -> -ENAMETOOLONG
 *   mq_unlink  the 300-byte name                                                       -> -ENAMETOOLONG
 *   mq_unlink  a 5000-byte name (past PATH_MAX: getname stops reading)                 -> -ENAMETOOLONG
 *   mq_notify  a descriptor of "/", sevp NULL                                          -> -EBADF
 *   mq_timedsend  a regular file's descriptor                                          -> -EBADF
 *   mq_timedreceive  that file's descriptor                                            -> -EBADF
 *   mq_getsetattr  "/"'s descriptor                                                    -> -EBADF
 *   mq_notify  the 255-byte queue (still open), sevp NULL                              -> 0
 *   mq_timedsend  that queue                                                           -> 0
 * then forks a child that execs this program through a path of 300 bytes (the binary's own path
 * behind extra slashes) and exits 0 at once.
 * Writes one key=value per line to the file named by the first argument: names, descriptors,
 * the queue's st_ino, results, the exec path. Exits 0 when every call returned what it should.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define LONGEST 255   /* NAME_MAX: what the kernel takes, and what a record holds before its NUL */
#define LONG_NAME 300
#define HUGE_NAME 5000
#define EXEC_PATH 300

static long result(long ret)
{
	return ret < 0 ? -errno : ret;
}

/* A name of `length` bytes: a marker of this process, then 'x' up to the length. */
static char *name_of(size_t length)
{
	char *name = malloc(length + 1);
	int prefix = snprintf(name, length + 1, "ringcap-strings-%d-", getpid());

	memset(name + prefix, 'x', length - prefix);
	name[length] = '\0';
	return name;
}

int main(int argc, char **argv)
{
	char *longest, *just_over, *long_name, *huge;
	char self[PATH_MAX], exec_path[EXEC_PATH + 1];
	long open_longest, unlink_longest, open_just_over, open_long, unlink_long, unlink_huge;
	long notify_root, send_file, receive_file, getsetattr_root, notify_queue, send_queue;
	struct mq_attr_raw { long flags, maxmsg, msgsize, curmsgs, reserved[4]; } old;
	struct stat queue;
	char buffer[64];
	char file_template[] = "/tmp/ringcap-strings-XXXXXX";
	int root, file, status, ok;
	ssize_t self_length;
	pid_t child;
	FILE *out;

	if (argc > 1 && strcmp(argv[1], "--exit") == 0)
		return 0; /* the child, exec'd through the long path */
	out = argc > 1 ? fopen(argv[1], "w") : stdout;
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	longest = name_of(LONGEST);
	just_over = name_of(LONGEST + 1);
	long_name = name_of(LONG_NAME);
	huge = name_of(HUGE_NAME);
	root = open("/", O_RDONLY | O_DIRECTORY);
	file = mkstemp(file_template);
	unlink(file_template);

	open_longest = result(syscall(SYS_mq_open, longest, O_CREAT | O_EXCL | O_RDWR, 0600, NULL));
	unlink_longest = result(syscall(SYS_mq_unlink, longest));
	open_just_over = result(syscall(SYS_mq_open, just_over, O_CREAT | O_RDWR, 0600, NULL));
	open_long = result(syscall(SYS_mq_open, long_name, O_CREAT | O_RDWR, 0600, NULL));
	unlink_long = result(syscall(SYS_mq_unlink, long_name));
	unlink_huge = result(syscall(SYS_mq_unlink, huge));
	notify_root = result(syscall(SYS_mq_notify, root, NULL));
	send_file = result(syscall(SYS_mq_timedsend, file, "m", 1, 0, NULL));
	receive_file = result(syscall(SYS_mq_timedreceive, file, buffer, sizeof(buffer), NULL, NULL));
	getsetattr_root = result(syscall(SYS_mq_getsetattr, root, NULL, &old));
	notify_queue = result(syscall(SYS_mq_notify, (int)open_longest, NULL));
	send_queue = result(syscall(SYS_mq_timedsend, (int)open_longest, "m", 1, 0, NULL));
	fstat((int)open_longest, &queue);

	/* The binary's own path behind extra slashes: the same file, a path of EXEC_PATH bytes. */
	self_length = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (self_length <= 0 || self_length >= EXEC_PATH) {
		fprintf(stderr, "cannot build a %d-byte path to this program\n", EXEC_PATH);
		return 2;
	}
	self[self_length] = '\0';
	memset(exec_path, '/', EXEC_PATH - self_length);
	memcpy(exec_path + EXEC_PATH - self_length, self, self_length + 1);
	fflush(NULL);
	child = fork();
	if (child == 0) {
		execl(exec_path, "mq_strings", "--exit", (char *)NULL);
		_exit(127);
	}
	waitpid(child, &status, 0);

	fprintf(out, "pid=%d\nchild=%d\n", getpid(), child);
	fprintf(out, "longest=%s\njust_over=%s\nlong_name=%s\nhuge=%s\n", longest, just_over, long_name, huge);
	fprintf(out, "root_fd=%d\nfile_fd=%d\nmqdes=%ld\nmq_inode=%lu\n", root, file, open_longest,
		(unsigned long)queue.st_ino);
	fprintf(out, "exec_path=%s\n", exec_path);
	fprintf(out, "open_longest=%ld\nunlink_longest=%ld\nopen_just_over=%ld\nopen_long=%ld\nunlink_long=%ld\n",
		open_longest, unlink_longest, open_just_over, open_long, unlink_long);
	fprintf(out, "unlink_huge=%ld\nnotify_root=%ld\nsend_file=%ld\nreceive_file=%ld\ngetsetattr_root=%ld\n",
		unlink_huge, notify_root, send_file, receive_file, getsetattr_root);
	fprintf(out, "notify_queue=%ld\nsend_queue=%ld\nchild_status=%d\n", notify_queue, send_queue, status);
	if (out != stdout)
		fclose(out);

	ok = open_longest >= 0 && unlink_longest == 0 && open_just_over == -ENAMETOOLONG &&
	     open_long == -ENAMETOOLONG && unlink_long == -ENAMETOOLONG && unlink_huge == -ENAMETOOLONG &&
	     notify_root == -EBADF && send_file == -EBADF && receive_file == -EBADF && getsetattr_root == -EBADF &&
	     notify_queue == 0 && send_queue == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	return ok ? 0 : 1;
}

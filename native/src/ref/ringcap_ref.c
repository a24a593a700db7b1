/*
 * The reference a Java engine has to beat: the same ringcap BPF object, consumed by plain C with
 * libbpf's ring_buffer__consume() in a busy loop, every record fwrite()n to a file. Also runs a
 * workload under empty BPF programs (the cost floor of the hooks alone).
 *
 *   ringcap_ref capture OUT [--ring-size BYTES] [--hold] [--prog-stats] [--raw] -- CMD ARGS...
 *       load ringcap.bpf.o (tracepoint variant, or with --raw the tp_btf sys_enter/sys_exit
 *       pair; no-wakeup submits), trace CMD and its descendants, write records to OUT; with
 *       --hold, consume nothing until CMD has exited, then time the drain. Prints one line:
 *       key=value ...
 *   ringcap_ref empty [--raw] -- CMD ARGS...
 *       attach empty programs to the mq_notify tracepoints (--raw: to tp_btf sys_enter and
 *       sys_exit), run CMD, detach.
 */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/types.h>
#include <bpf/bpf.h>
#include "ringcap_event.h" /* the skeleton names struct rc_config */
#include "ringcap.skel.h"
#include "empty.skel.h"

static FILE *out;
static unsigned long long records, bytes;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int on_record(void *ctx, void *data, size_t size)
{
	(void)ctx;
	fwrite(data, size, 1, out);
	records++;
	bytes += size;
	return 0;
}

static pid_t spawn(char **argv)
{
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	return pid;
}

/* One field of struct rc_cpu_counters, summed over every CPU's slot. */
static unsigned long long sum_counter(struct ringcap *skel, size_t field)
{
	int cpus = libbpf_num_possible_cpus();
	struct rc_cpu_counters values[cpus];
	unsigned long long sum = 0;
	__u32 key = 0;

	if (bpf_map__lookup_elem(skel->maps.rc_counters, &key, sizeof(key), values, sizeof(values), 0))
		return 0;
	for (int i = 0; i < cpus; i++)
		sum += *(__u64 *)((char *)&values[i] + field);
	return sum;
}

/* Run count and mean in-kernel ns per run of every program that ran. */
static void print_prog_stats(struct bpf_object *obj)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info);

		if (bpf_program__fd(prog) < 0 || bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) ||
		    !info.run_cnt)
			continue;
		printf("prog %s run_cnt=%llu ns_per_run=%.1f\n", bpf_program__name(prog),
		       (unsigned long long)info.run_cnt, (double)info.run_time_ns / info.run_cnt);
	}
}

static int capture(int argc, char **argv)
{
	const char *path = argv[2];
	unsigned int ring_size = 64u << 20;
	int hold = 0, prog_stats = 0, raw = 0, stats_fd = -1, status, i = 3;
	struct ring_buffer *ring;
	struct ringcap *skel;
	struct bpf_program *prog;
	pid_t child;

	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--ring-size") == 0 && i + 1 < argc)
			ring_size = strtoul(argv[++i], NULL, 0);
		else if (strcmp(argv[i], "--hold") == 0)
			hold = 1;
		else if (strcmp(argv[i], "--prog-stats") == 0)
			prog_stats = 1;
		else if (strcmp(argv[i], "--raw") == 0)
			raw = 1;
	}
	if (i >= argc - 1) {
		fprintf(stderr, "ringcap_ref capture OUT [--ring-size BYTES] [--hold] [--prog-stats] [--raw] -- CMD ARGS...\n");
		return 2;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return 2;
	}
	skel = ringcap__open();
	if (!skel)
		return 1;
	bpf_map__set_max_entries(skel->maps.rc_events, ring_size);
	skel->rodata->rc_config.filter_root_tgid = getpid();
	skel->rodata->rc_config.filter_uid = 0xffffffffu;
	skel->rodata->rc_config.event_mask = ~0ULL;
	skel->rodata->rc_config.submit_flags = BPF_RB_NO_WAKEUP;
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);

		/* the tracepoint variants, as ringcap uses on this kernel, or the raw pair */
		int hook = strstr(name, "_kp_") || strstr(name, "_fe_") || strstr(name, "_tp_") || strstr(name, "rc_raw_");
		int wanted = raw ? strstr(name, "rc_raw_") != NULL : strstr(name, "_tp_") != NULL;

		bpf_program__set_autoload(prog, !hook || wanted);
	}
	if (ringcap__load(skel) || ringcap__attach(skel)) {
		fprintf(stderr, "ringcap_ref: cannot load or attach: %s\n", strerror(errno));
		return 1;
	}
	ring = ring_buffer__new(bpf_map__fd(skel->maps.rc_events), on_record, NULL, NULL);
	if (!ring)
		return 1;

	/* The kernel times each program run while this fd is open: the BPF side's own cost per event. */
	if (prog_stats && (stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME)) < 0)
		fprintf(stderr, "ringcap_ref: cannot enable BPF run-time stats: %s\n", strerror(errno));
	double start = now();
	child = spawn(&argv[i + 1]);
	if (hold) {
		waitpid(child, &status, 0);
	} else {
		while (waitpid(child, &status, WNOHANG) == 0)
			ring_buffer__consume(ring);
	}
	double drain_start = now();
	ringcap__detach(skel);
	while (ring_buffer__consume(ring) > 0)
		;
	fflush(out);
	double end = now();
	printf("records=%llu bytes=%llu submitted=%llu dropped=%llu seconds=%.3f drain_seconds=%.3f\n", records, bytes,
	       sum_counter(skel, offsetof(struct rc_cpu_counters, submitted)),
	       sum_counter(skel, offsetof(struct rc_cpu_counters, dropped)), end - start, end - drain_start);
	if (stats_fd >= 0)
		print_prog_stats(skel->obj);
	ring_buffer__free(ring);
	ringcap__destroy(skel);
	fclose(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

static int empty(int argc, char **argv)
{
	struct empty *skel;
	int status, raw = argc > 2 && strcmp(argv[2], "--raw") == 0;

	if (raw) {
		argv++;
		argc--;
	}
	if (argc < 4 || strcmp(argv[2], "--") != 0) {
		fprintf(stderr, "ringcap_ref empty [--raw] -- CMD ARGS...\n");
		return 2;
	}
	skel = empty__open();
	if (skel) {
		bpf_program__set_autoload(skel->progs.empty_enter, !raw);
		bpf_program__set_autoload(skel->progs.empty_exit, !raw);
		bpf_program__set_autoload(skel->progs.empty_raw_enter, raw);
		bpf_program__set_autoload(skel->progs.empty_raw_exit, raw);
	}
	if (!skel || empty__load(skel) || empty__attach(skel)) {
		fprintf(stderr, "ringcap_ref: cannot load or attach the empty programs\n");
		return 1;
	}
	waitpid(spawn(&argv[3]), &status, 0);
	empty__destroy(skel);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "capture") == 0)
		return capture(argc, argv);
	if (argc > 2 && strcmp(argv[1], "empty") == 0)
		return empty(argc, argv);
	fprintf(stderr, "usage: ringcap_ref capture OUT [--ring-size BYTES] [--hold] [--prog-stats] [--raw] -- CMD... | ringcap_ref empty [--raw] -- CMD...\n");
	return 2;
}

/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A syscall's arguments from its entry hook to its exit hook, kept in task-local
 * storage: created on a thread's first traced call, reused after, freed with the
 * thread. Measured here against a hash keyed by pid_tgid (spinlock, a table
 * preallocated for every thread that might ever call): the traced mq_notify
 * workload ran 0.52 -> 0.83 M calls/s with the C reference consumer.
 *
 * Every value is RC_INFLIGHT_VALUE(event): the entry's clock, then the record's own
 * struct rc_<event>_args (ringcap_event.h), which the exit hook copies into the record in one
 * assignment. A slot is in flight while its entry_ns is not 0; the exit hook clears it.
 */
#ifndef RINGCAP_INFLIGHT_BPF_H
#define RINGCAP_INFLIGHT_BPF_H

#include "maps.bpf.h"
#include "filter.bpf.h"
#include "context.bpf.h"

/* The in-flight value of an event: entry_ns first, where rc_inflight_take looks. */
#define RC_INFLIGHT_VALUE(event)                           \
	struct event##_inflight {                          \
		__u64 entry_ns;                            \
		struct rc_##event##_args args;             \
	}

RC_INFLIGHT_VALUE(mq_open);
RC_INFLIGHT_VALUE(mq_unlink);
RC_INFLIGHT_VALUE(mq_timedsend);
RC_INFLIGHT_VALUE(mq_timedreceive);
RC_INFLIGHT_VALUE(mq_notify);
RC_INFLIGHT_VALUE(mq_getsetattr);
RC_INFLIGHT_VALUE(msgget);
RC_INFLIGHT_VALUE(msgsnd);
RC_INFLIGHT_VALUE(msgrcv);
RC_INFLIGHT_VALUE(msgctl);

/*
 * Everything ringcap keeps per task, in one task-storage value, so a traced call looks it up
 * once at entry and once at exit (before: its event's in-flight map at entry and exit, and the
 * context copy's map again at exit). A task is in one syscall at a time, so one slot holds the
 * call in flight whatever its event; inflight_type says which, and an exit of another type
 * (a call entered before we attached) finds nothing. No rc_ prefix: not a wire type.
 * Measured with ringcap_ref --prog-stats (BPF_ENABLE_STATS, mq_load -n 300000, tree filter on,
 * 12 alternating runs, medians of entry + exit ns per run): 244 before, 241 with the one value
 * alone (the lookups hit the task's storage cache: a few ns each), 232 with the tree verdict
 * kept too (paired median -13 ns, nearly all of it at entry, where the hash lookup was).
 */
struct task_state {
	struct task_context_copy context; /* rc_fill_header's copy (context.bpf.h) */
	__u32 inflight_type;              /* enum rc_event_type of the call in flight */
	/*
	 * 1: the pid and process-tree filters let this task through. Never revoked: a task's tgid
	 * never changes, and a traced process stays in the tree until it exits. A task they turn
	 * away is asked again next time (it may be added to the tree later: -p).
	 */
	__u32 tgid_wanted;
	union {
		__u64 entry_ns; /* first in every member: 0 when nothing is in flight */
		struct mq_open_inflight mq_open;
		struct mq_unlink_inflight mq_unlink;
		struct mq_timedsend_inflight mq_timedsend;
		struct mq_timedreceive_inflight mq_timedreceive;
		struct mq_notify_inflight mq_notify;
		struct mq_getsetattr_inflight mq_getsetattr;
		struct msgget_inflight msgget;
		struct msgsnd_inflight msgsnd;
		struct msgrcv_inflight msgrcv;
		struct msgctl_inflight msgctl;
	} inflight;
};

/* __weak: every event's object and raw.bpf.o define it; the linker keeps one. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_state);
} rc_task_states SEC(".maps") __weak;

static __always_inline struct task_state *rc_task_state_get(__u64 flags)
{
	return bpf_task_storage_get(&rc_task_states, bpf_get_current_task_btf(), 0, flags);
}

/*
 * Entry: the current task's state to keep this call in, when the call passes every filter;
 * NULL when it does not. The pid and tree verdict comes from the state once given (the tree
 * filter is a hash lookup); uid, cgroup and comm can change any time and are asked each call.
 * The state is created on a task's first traced call, reused after, freed with the task.
 */
static __always_inline struct task_state *rc_enter_state(__u32 event_type, __u64 pid_tgid)
{
	struct task_state *state;

	if (!(rc_config.event_mask & (1ULL << event_type)))
		return NULL;
	state = rc_task_state_get(0);
	if (!(state && state->tgid_wanted) && !rc_tgid_wanted(pid_tgid >> 32))
		return NULL;
	if (!rc_task_wanted())
		return NULL;
	if (!state) {
		state = rc_task_state_get(BPF_LOCAL_STORAGE_GET_F_CREATE);
		if (!state)
			return NULL;
	}
	state->tgid_wanted = 1;
	return state;
}

/* Entry: keep this call's arguments (an RC_INFLIGHT_VALUE with a non-zero entry_ns). */
#define rc_inflight_store(state, event, event_type, value) \
	({                                                  \
		(state)->inflight.event = (value);          \
		(state)->inflight_type = (event_type);      \
	})

static __always_inline void *rc_inflight_slot(__u32 event_type)
{
	struct task_state *state = rc_task_state_get(0);

	if (!state || state->inflight_type != event_type || !state->inflight.entry_ns)
		return NULL;
	return &state->inflight;
}

/* Exit: the event's arguments kept at entry, or NULL when this call was not traced. */
#define rc_inflight_take(event, event_type) ((struct event##_inflight *)rc_inflight_slot(event_type))

/* The context copy in the same task state as an in-flight value rc_inflight_take returned. */
#define rc_inflight_context(in) \
	(&((struct task_state *)((void *)(in) - __builtin_offsetof(struct task_state, inflight)))->context)

/*
 * The exit of an event whose record is the header and its entry-time args, nothing read at exit
 * (mq_open, mq_unlink, mq_timedsend, msgget, msgsnd): take the in-flight value, apply the exit
 * filters, reserve, fill the header, copy the args in one assignment, submit. Expands where
 * rc_exit_wanted, rc_reserve, rc_fill_header and rc_submit are in scope (every syscall's .bpf.c).
 */
#define RC_COPY_EXIT(event, event_type)                                               \
	static __always_inline int rc_##event##_exit(long ret)                        \
	{                                                                             \
		struct event##_inflight *in;                                          \
		struct rc_##event *e;                                                 \
                                                                                      \
		in = rc_inflight_take(event, event_type);                              \
		if (!in)                                                              \
			return 0; /* filtered out, or entered before we attached */  \
		if (!rc_exit_wanted(ret, in->entry_ns))                               \
			goto out;                                                     \
		e = rc_reserve(sizeof(*e));                                           \
		if (!e)                                                               \
			goto out;                                                     \
		rc_fill_header(&e->hdr, event_type, sizeof(*e), in->entry_ns, ret,    \
			       rc_inflight_context(in));                              \
		e->args = in->args;                                                   \
		rc_submit(e);                                                         \
	out:                                                                          \
		in->entry_ns = 0;                                                     \
		return 0;                                                             \
	}

#endif /* RINGCAP_INFLIGHT_BPF_H */

/*
 * sandbox.c — privilege separation in the manner of OpenSSH: the listener,
 * started as root, binds its port and then becomes an unprivileged user
 * for good (keys_drop_privileges); every process it forks then confines
 * itself with no_new_privs and a seccomp filter (libseccomp) that allows
 * only the system calls its stage needs:
 *
 *  - sandbox_connection(): a connection process, from its first byte on
 *    (key exchange, authentication against LMDB, channel requests) up to
 *    starting its session: files, its sockets, fork + exec of the session.
 *    No new socket, no connect/bind, no ptrace, no mount, no setuid, no
 *    change of owner or mode, no module, key or BPF call.
 *  - sandbox_relay(): the same process once its session runs: only the
 *    relay's calls remain (no open, no exec, no fork).
 *  - keys_sandbox_session(): the session process (ncurses and LMDB): files
 *    in the data directory and the terminal, no exec, no fork, no socket,
 *    signals to itself only.
 *
 * A refused call raises SIGSYS: a short line on stderr names it, and the
 * process dies of the signal (its parent logs the crash). In a sanitizer
 * build the filters are not installed (see KEYS_SANITIZED), no_new_privs is.
 */
#include "keys/keys-int.h"

#include <errno.h>
#include <grp.h>
#include <libintl.h>
#include <pwd.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* What any recond process needs: memory, time, signals, I/O on open descriptors. */
static const int sandbox_base[] = {
	SCMP_SYS(read), SCMP_SYS(readv), SCMP_SYS(pread64), SCMP_SYS(write), SCMP_SYS(writev),
	SCMP_SYS(pwrite64), SCMP_SYS(close), SCMP_SYS(lseek), SCMP_SYS(fstat),
	SCMP_SYS(newfstatat), SCMP_SYS(fcntl), SCMP_SYS(ioctl), SCMP_SYS(dup), SCMP_SYS(dup2),
	SCMP_SYS(dup3), SCMP_SYS(poll), SCMP_SYS(ppoll), SCMP_SYS(select), SCMP_SYS(pselect6),
	SCMP_SYS(epoll_create1), SCMP_SYS(epoll_ctl), SCMP_SYS(epoll_wait),
	SCMP_SYS(epoll_pwait), SCMP_SYS(mmap), SCMP_SYS(munmap), SCMP_SYS(mremap),
	SCMP_SYS(mprotect), SCMP_SYS(brk), SCMP_SYS(madvise), SCMP_SYS(futex),
	SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(clock_gettime),
	SCMP_SYS(clock_getres), SCMP_SYS(gettimeofday), SCMP_SYS(time), SCMP_SYS(nanosleep),
	SCMP_SYS(clock_nanosleep), SCMP_SYS(alarm), SCMP_SYS(setitimer), SCMP_SYS(getitimer),
	SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask), SCMP_SYS(rt_sigreturn),
	SCMP_SYS(rt_sigpending), SCMP_SYS(rt_sigsuspend), SCMP_SYS(sigaltstack),
	SCMP_SYS(getpid), SCMP_SYS(getppid), SCMP_SYS(gettid), SCMP_SYS(getuid),
	SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(getpgrp),
	SCMP_SYS(getrandom), SCMP_SYS(getrlimit), SCMP_SYS(prlimit64), SCMP_SYS(getrusage),
	SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity), SCMP_SYS(uname), SCMP_SYS(sysinfo),
	SCMP_SYS(exit), SCMP_SYS(exit_group), SCMP_SYS(restart_syscall), SCMP_SYS(mlock),
	SCMP_SYS(munlock), SCMP_SYS(mincore), SCMP_SYS(membarrier), SCMP_SYS(getresuid),
	SCMP_SYS(getresgid), SCMP_SYS(getgroups), SCMP_SYS(getpgid), SCMP_SYS(getsid),
	SCMP_SYS(getcpu), SCMP_SYS(sched_getparam), SCMP_SYS(sched_getscheduler),
	/* on the sockets and pipes it was given */
	SCMP_SYS(recvfrom), SCMP_SYS(recvmsg), SCMP_SYS(sendto), SCMP_SYS(sendmsg),
	SCMP_SYS(shutdown), SCMP_SYS(getsockname), SCMP_SYS(getpeername), SCMP_SYS(setsockopt),
	SCMP_SYS(getsockopt),
};

/* Opening and reading files (LMDB, terminfo, the pty), as a session needs. */
static const int sandbox_files[] = {
	SCMP_SYS(openat), SCMP_SYS(open), SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(statx),
	SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2), SCMP_SYS(readlink),
	SCMP_SYS(readlinkat), SCMP_SYS(getdents64), SCMP_SYS(getcwd), SCMP_SYS(flock),
	SCMP_SYS(fsync), SCMP_SYS(fdatasync), SCMP_SYS(msync), SCMP_SYS(ftruncate),
	SCMP_SYS(umask), SCMP_SYS(pipe2), SCMP_SYS(mkdir), SCMP_SYS(mkdirat), SCMP_SYS(rename),
	SCMP_SYS(renameat), SCMP_SYS(renameat2), SCMP_SYS(unlink), SCMP_SYS(unlinkat),
	SCMP_SYS(close_range), SCMP_SYS(fstatfs), SCMP_SYS(statfs), SCMP_SYS(fadvise64),
	SCMP_SYS(fallocate), SCMP_SYS(pipe),
};

/* Starting and watching the session process (connection process, before it runs). */
static const int sandbox_spawn[] = {
	SCMP_SYS(clone), SCMP_SYS(clone3), SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(execve),
	SCMP_SYS(setsid), SCMP_SYS(prctl), SCMP_SYS(seccomp), SCMP_SYS(arch_prctl),
	SCMP_SYS(set_tid_address), SCMP_SYS(setrlimit),
};

/* Watching and ending the session process (connection process, from then on). */
static const int sandbox_watch[] = {
	SCMP_SYS(kill), SCMP_SYS(tgkill), SCMP_SYS(wait4), SCMP_SYS(waitid),
};

static void sandbox_on_sigsys(int sig, siginfo_t *si, void *uctx)
{
	char msg[80] = "recond: system call refused by the sandbox: ";
	size_t n = strlen(msg);
	int nr = si->si_syscall, digits[12], k = 0;
	struct sigaction dfl;

	if (nr < 0)
		nr = 0;
	do {
		digits[k++] = nr % 10;
		nr /= 10;
	} while (nr > 0 && k < 12);
	while (k > 0 && n < sizeof msg - 2)
		msg[n++] = (char)('0' + digits[--k]);
	msg[n++] = '\n';
	if (write(STDERR_FILENO, msg, n) < 0) {
		/* nothing more to do in a signal handler */
	}
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGSYS, &dfl, NULL);
	raise(SIGSYS);
	_exit(128 + SIGSYS);
}

static int sandbox_add(scmp_filter_ctx ctx, const int *calls, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (calls[i] >= 0 && seccomp_rule_add(ctx, SCMP_ACT_ALLOW, calls[i], 0) != 0)
			return RC_ERR;
	return RC_OK;
}

/*
 * Translations (gettext) and signal names (strsignal) are read from files
 * the first time they are asked for: read them before a filter that may
 * forbid opening files, so that a message later never costs the process.
 */
static void sandbox_preload(void)
{
	(void)gettext("");
	(void)dgettext("libc", "");
	(void)strsignal(SIGSEGV);
}

/*
 * no_new_privs, then (unless a sanitizer build) a filter allowing the base
 * calls, the lists given, and kill/tgkill to this process alone when
 * `self_signals`. RC_OK, or RC_ERR logged.
 */
static int sandbox_install(const char *stage, const int *const *lists, const size_t *sizes,
                           size_t nlists, bool self_signals)
{
	scmp_filter_ctx ctx = NULL;
	struct sigaction sa;
	pid_t self = getpid();
	int rc = RC_ERR;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		log_error("%s: no_new_privs: %s", stage, strerror(errno));
		goto out;
	}
	if (KEYS_SANITIZED) {
		rc = RC_OK;
		goto out;
	}
	sandbox_preload();
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = sandbox_on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSYS, &sa, NULL);
	ctx = seccomp_init(SCMP_ACT_TRAP);
	if (ctx == NULL || sandbox_add(ctx, sandbox_base, ARRAY_LEN(sandbox_base)) != RC_OK)
		goto fail;
	for (size_t i = 0; i < nlists; i++)
		if (sandbox_add(ctx, lists[i], sizes[i]) != RC_OK)
			goto fail;
	if (self_signals &&
	    (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1, SCMP_A0(SCMP_CMP_EQ,
	                      (scmp_datum_t)self)) != 0 ||
	     seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
	                      SCMP_A0(SCMP_CMP_EQ, 0)) != 0 ||
	     seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
	                      SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self)) != 0))
		goto fail;
	if (seccomp_load(ctx) != 0)
		goto fail;
	rc = RC_OK;
	goto out;
fail:
	log_error("%s: cannot install the system-call filter", stage);
out:
	if (ctx != NULL)
		seccomp_release(ctx);
	return rc;
}

int sandbox_connection(void)
{
	const int *lists[] = { sandbox_files, sandbox_spawn, sandbox_watch };
	size_t sizes[] = { ARRAY_LEN(sandbox_files), ARRAY_LEN(sandbox_spawn),
	                   ARRAY_LEN(sandbox_watch) };

	return sandbox_install("connection", lists, sizes, ARRAY_LEN(lists), false);
}

int sandbox_relay(void)
{
	const int *lists[] = { sandbox_watch };
	size_t sizes[] = { ARRAY_LEN(sandbox_watch) };

	return sandbox_install("relay", lists, sizes, ARRAY_LEN(lists), false);
}

int keys_sandbox_session(void)
{
	const int *lists[] = { sandbox_files };
	size_t sizes[] = { ARRAY_LEN(sandbox_files) };

	return sandbox_install("session", lists, sizes, ARRAY_LEN(lists), true);
}

int keys_drop_privileges(const char *user, const char *data_dir, char **why)
{
	struct passwd *pw;
	struct stat st;

	if (user == NULL)
		return RC_OK;
	if (geteuid() != 0)
		return fail(why, RC_INVALID, "--user %s demande d'être lancé en root", user);
	pw = getpwnam(user);
	if (pw == NULL)
		return fail(why, RC_INVALID, "utilisateur inconnu : %s (créez-le d'abord)", user);
	if (pw->pw_uid == 0)
		return fail(why, RC_INVALID, "--user doit nommer un utilisateur non privilégié, "
		            "pas %s", user);
	if (stat(data_dir, &st) != 0 || st.st_uid != pw->pw_uid)
		return fail(why, RC_INVALID, "%s doit appartenir à %s (chown -R %s %s)", data_dir,
		            user, user, data_dir);
	if (setgroups(0, NULL) != 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0)
		return fail(why, RC_ERR, "changement d'utilisateur impossible : %s", strerror(errno));
	/* As OpenSSH checks: there is no way back. */
	if (setuid(0) == 0 || seteuid(0) == 0)
		return fail(why, RC_ERR, "les privilèges de root n'ont pas pu être abandonnés");
	log_info("running as %s (uid %ld, gid %ld)", user, (long)pw->pw_uid, (long)pw->pw_gid);
	return RC_OK;
}

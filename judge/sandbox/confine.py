"""What a forked child does to enter its run's confinement, before the solution starts.

Two callers: the helper's child right before execve (supervise.py), and the zygote's child
right before it runs the solution in the already warm interpreter (bootstrap.py --zygote).
Standard library only and nothing of the judge imported: the zygote loads this file by path,
outside the judge package, and drops it from sys.modules before the solution runs.
"""

import os
import signal
from dataclasses import dataclass, field

FSIZE_FLOOR = 64 * 1024 * 1024


def rlimits(cpu_seconds, memory, output, stack=None):
    """The rlimits of a run as plain (resource, soft, hard) triples (they cross the wire).
    `stack`: bytes, -1 for unlimited, None to keep the helper's own."""
    import resource  # POSIX only; imported where used, so that importing this module never fails

    cpu_soft = int(cpu_seconds) + 1
    data = memory + 1024**3
    fsize = max(output, FSIZE_FLOOR)
    extra = []
    if stack is not None:  # (never above the child's hard limit: _setrlimit)
        wanted = resource.RLIM_INFINITY if stack < 0 else stack
        extra.append((resource.RLIMIT_STACK, wanted, wanted))
    return extra + [
        # soft < hard: SIGXCPU first (catchable, shows up as a signal), then SIGKILL.
        (resource.RLIMIT_CPU, cpu_soft, cpu_soft + 1),
        # DATA, not AS: AS counts every thread's 8 MiB stack reservation and breaks threaded
        # Python. DATA is only a backstop against a runaway single process; the tree limit
        # is enforced by polling (and by the cgroup where one is in force).
        (resource.RLIMIT_DATA, data, data),
        (resource.RLIMIT_FSIZE, fsize, fsize),
        (resource.RLIMIT_CORE, 0, 0),
    ]


@dataclass(frozen=True, kw_only=True)
class Child:
    """What a forked child enters, as one value (both callers build it from what they have).

    `python_signals`: the child goes on as a Python interpreter (the zygote's) whose start-up
    already set its own signal dispositions, exactly as a fresh interpreter would; otherwise
    the child is about to exec, and dispositions that survive exec are reset to defaults."""

    stdin_fd: int
    out_w: int
    err_w: int
    obs_w: int  # -1: no observation channel
    workdir: str
    cgroup_procs: list  # the slot's cgroup.procs files to join while still root
    limits: list  # rlimits() triples
    uid: object  # int, or None to keep the uid
    no_new_privs: object  # the prctl to call after dropping the uid
    python_signals: bool
    cpus: list = field(default_factory=list)  # CPUs to pin the run to; empty: any


def enter(child):
    """Join the cgroup, own session, fds 0-3, work dir, rlimits, then the unprivileged uid
    (`child`: a Child)."""
    stdin_fd, out_w, err_w, obs_w = child.stdin_fd, child.out_w, child.err_w, child.obs_w
    workdir, cgroup_procs, limits, uid = child.workdir, child.cgroup_procs, child.limits, child.uid
    no_new_privs, python_signals = child.no_new_privs, child.python_signals
    for procs in cgroup_procs:  # join the slot's cgroup while still root
        with open(procs, "w") as fh:
            fh.write(str(os.getpid()))
    os.setsid()
    os.dup2(stdin_fd, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    keep = 3
    if obs_w >= 0:
        os.dup2(obs_w, 3)
        os.set_inheritable(3, True)
        keep = 4
    os.closerange(keep, _max_fd())
    os.chdir(workdir)
    if not python_signals:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    for sig in (signal.SIGTERM, signal.SIGCHLD, signal.SIGUSR1):
        signal.signal(sig, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    if child.cpus:  # inherited by every process the run starts
        os.sched_setaffinity(0, child.cpus)
    for which, soft, hard in limits:
        _setrlimit(which, soft, hard)
    if uid is not None:
        # Irreversibly; no_new_privs keeps setuid binaries from regaining privileges.
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        no_new_privs()


def _setrlimit(which, soft, hard):
    import resource

    # Never above the hard limit the child has: only root may raise one, and a child whose
    # setrlimit failed would not start. RLIM_INFINITY is -1 here, so min() cannot see it.
    old_soft, old_hard = resource.getrlimit(which)
    if old_hard != resource.RLIM_INFINITY:
        hard = old_hard if hard == resource.RLIM_INFINITY else min(hard, old_hard)
        soft = hard if soft == resource.RLIM_INFINITY else min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def _max_fd():
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 4096

"""Linux process controls through libc (no-ops that report False elsewhere)."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38


def _prctl(option: int, value: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def set_child_subreaper() -> bool:
    """Orphans of our descendants come to us instead of init: nothing escapes the tree."""
    return _prctl(PR_SET_CHILD_SUBREAPER, 1)


def set_parent_death_signal(signum: int) -> bool:
    """Get `signum` when our parent dies (the judge was killed): then clean up and go."""
    return _prctl(PR_SET_PDEATHSIG, signum)


def set_no_new_privs() -> bool:
    """execve can never grant privileges again (setuid binaries, file capabilities)."""
    return _prctl(PR_SET_NO_NEW_PRIVS, 1)

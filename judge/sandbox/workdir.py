"""A run's work dir made read-only (RunSpec.read_only_workdir), and writable again for its
removal. Shared by the POSIX helper (supervise.py) and the portable sandbox (portable_run.py)."""

from __future__ import annotations

import contextlib
import os

READ_ONLY_DIR = 0o555


def seal(workdir: str, run_uid: int | None) -> bool:
    """Take away the run's right to create, change or delete files in `workdir`, whose files
    are written already and not given to the run's uid. True where that holds against the run;
    False where it cannot: on Windows a folder's read-only attribute does not stop new files,
    and root's override of file modes lets a run as root (without an unprivileged uid of its
    own) write anyway. A run of the folder's own user could give itself the right back with
    chmod: the basic isolation level trusts the user's own files no more than that."""
    if os.name != "posix":
        return False
    for entry in os.scandir(workdir):
        if entry.is_file(follow_symlinks=False):
            os.chmod(entry.path, entry.stat(follow_symlinks=False).st_mode & ~0o222)
    os.chmod(workdir, READ_ONLY_DIR)
    return run_uid is not None or os.geteuid() != 0


def unseal(workdir: str) -> None:
    """Writable again, so that the folder and its files can be removed (a user's own folder
    of mode 0555 keeps its files)."""
    with contextlib.suppress(OSError):
        os.chmod(workdir, 0o700)

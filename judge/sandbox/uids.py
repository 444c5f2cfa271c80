"""An unprivileged uid for each sandbox helper, unique on the host while the helper lives.

Every judge numbers its parallel slots from 0. With the uid simply UID_BASE + slot, two judges
on one machine (a teacher's two terminals, a CI runner's parallel jobs, the test suite's
workers) would run their solutions under the same uid: processes of one uid may signal each
other (`kill(-1, SIGKILL)` reaches the other judge's runs where there is no pid namespace)
and share one RLIMIT_NPROC count, so one judge's fork bomb would starve the other's threads.
So a helper leases its uid: an exclusive `flock` on a file named after it, held for as long
as the Sandbox keeps the helper and released by the kernel if the judge dies, however it dies.

Only the uid layer (Linux, root) leases: `fcntl` is imported when a lease is taken, never at
import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from judge.core.errors import JudgeError
from judge.sandbox.layers import UID_BASE, _

UID_COUNT = 64  # uids in the range: more parallel helpers on one host than a judge ever needs
LEASE_DIR = Path("/run/judge-uids")  # root-only (the uid layer needs root), a tmpfs: gone at reboot


def uid_range() -> range:
    """The uids this judge may lease: UID_COUNT from `JUDGE_UID_BASE` (default UID_BASE)."""
    raw = os.environ.get("JUDGE_UID_BASE", "")
    try:
        base = int(raw) if raw else UID_BASE
    except ValueError:
        raise JudgeError(_("JUDGE_UID_BASE: expected a number, got {value}").format(value=repr(raw))) from None
    if not 1000 <= base <= 2**31 - UID_COUNT:
        raise JudgeError(
            _("JUDGE_UID_BASE: expected an unused uid of at least 1000, got {value}").format(value=repr(raw))
        )
    return range(base, base + UID_COUNT)


@dataclass
class UidLease:
    """A uid no other live sandbox helper on this host has; release() gives it back."""

    uid: int
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing the file drops the flock
            self.fd = -1


def lease_uid(slot: int) -> UidLease:
    """The first free uid of the range, trying UID_BASE + slot first (the uid a lone judge's
    slot has always had, so a lone judge's runs look as they always did)."""
    import fcntl

    uids = uid_range()
    LEASE_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    for k in range(len(uids)):
        uid = uids[(slot + k) % len(uids)]
        fd = os.open(LEASE_DIR / str(uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return UidLease(uid, fd)
    raise JudgeError(
        _("{path}: every uid of {first}-{last} is in use by other judges running on this machine").format(
            path=LEASE_DIR, first=uids.start, last=uids.stop - 1
        )
    )

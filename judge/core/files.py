"""Files the judge writes whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from judge.core.errors import ConfigError
from judge.core.i18n import _


def read_data_text(path: Path, encoding: str = "utf-8") -> str:
    """A data file's text (config.yaml, a problem's YAML, an LMS export); a missing, unreadable
    or non-UTF-8 file is a ConfigError naming it. `encoding`: "utf-8-sig" skips a BOM."""
    try:
        return Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise ConfigError(path, None, _("file not found")) from None
    except UnicodeDecodeError:
        raise ConfigError(path, None, _("not UTF-8 text")) from None
    except OSError as exc:
        raise ConfigError(path, None, _("cannot read: {reason}").format(reason=exc.strerror)) from None


def write_atomic(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path` through a temporary file renamed into place: a reader
    (or a crash) never sees a partial report."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # surrogateescape: a name that was not UTF-8 text on disk (a student folder under
        # LC_ALL=C, decoded byte by byte) is written back as the bytes it was, not a crash.
        with os.fdopen(fd, "w", encoding="utf-8", errors="surrogateescape", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

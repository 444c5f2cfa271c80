"""Framing between the judge and its portable sandbox helper: length-prefixed pickles over
a pair of pipes (the helper's stdin and stdout). No socket and no fd passing, so it works
wherever `subprocess` does (Windows included).

Both ends are the judge's own code; a solution never holds these pipes (they are not
inherited by the runs), so pickle is safe here, as in wire.py.
"""

from __future__ import annotations

import pickle
import struct
from typing import IO, Any

_HEADER = struct.Struct("!Q")


def send(stream: IO[bytes], obj: Any) -> None:
    """One frame, written in one call and flushed (the other end waits for it)."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)) + payload)
    stream.flush()


def recv(stream: IO[bytes]) -> tuple[bool, Any]:
    """(True, the next object), or (False, None) when the other end is gone."""
    try:
        header = _read_exact(stream, _HEADER.size)
        if header is None:
            return False, None
        (size,) = _HEADER.unpack(header)
        payload = _read_exact(stream, size)
    except (OSError, ValueError):
        return False, None
    if payload is None:
        return False, None
    return True, pickle.loads(payload)


def _read_exact(stream: IO[bytes], size: int) -> bytes | None:
    chunks = []
    while size > 0:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)

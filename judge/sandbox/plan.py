"""What a sandbox will do: the isolation level asked for and the layers it gives on this
machine (judge/sandbox/layers.py decides; the helper receives it as one word)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    level: str  # the level asked for
    namespaces: str | None  # "native" (root), "bwrap" or None
    cgroup: str | None  # "v1", "v2" or None
    drop_uid: bool
    layers: tuple[str, ...]  # what will be in force

    @property
    def private_view(self) -> bool:
        """Does the helper live in namespaces with its own view (a private /tmp and /dev/shm)?"""
        return self.namespaces is not None

    def to_arg(self) -> str:
        """One command-line word, for the helper: it must not probe the machine again (inside
        bwrap that costs a nested bwrap, ~20 ms of every helper's boot) nor see it otherwise."""
        return "/".join(
            [
                self.level,
                self.namespaces or "-",
                self.cgroup or "-",
                "uid" if self.drop_uid else "-",
                ",".join(self.layers),
            ]
        )

    @classmethod
    def from_arg(cls, arg: str) -> Plan:
        level, namespaces, cgroup, drop_uid, layers = arg.split("/")
        return cls(
            level,
            None if namespaces == "-" else namespaces,
            None if cgroup == "-" else cgroup,
            drop_uid == "uid",
            tuple(filter(None, layers.split(","))),
        )

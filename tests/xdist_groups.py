"""`xdist_group` that holds on every pytest: the groups reach the scheduler through a file.

pytest-xdist's own `--dist loadgroup` writes a test's group into its node id
(`item._nodeid += "@group"`) in the worker and reads it back in the controller. pytest 9.2
keeps node ids elsewhere (`Node._id`), so that write is lost without a word: every group is
split over the workers, and two tests built to run one after the other run at once (a hostile
batch's stray sweep then killed a concurrent test's judge in another worker; CI, 2026-12-06).

So the groups travel by a file instead: each worker writes {node id: group} once it has
collected (before it tells the controller so), and the controller's scheduler, a
LoadScopeScheduling whose scope of a test is its group, reads it. After the run the controller
checks that each group ran on one worker; a split group fails the run instead of making it
flaky.

The hooks are imported into tests/conftest.py; nothing here imports xdist at import time
(`pytest -p no:xdist` and a Python without it still load the conftest).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

ENV = "JUDGE_TEST_GROUPS"  # the file's path, set by the controller for its workers


def group_of(item: pytest.Item) -> str | None:
    """The item's group, named as xdist names it (several marks: their names joined by _)."""
    names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
    return "_".join(sorted(names)) or None


def _plain(nodeid: str) -> str:
    """A node id without the @group xdist's older releases append (after the parameters)."""
    at = nodeid.rfind("@")
    return nodeid[:at] if at > nodeid.rfind("]") and at > nodeid.rfind("::") else nodeid


def choose_path(config: pytest.Config, tmpdir: str) -> None:
    """In the controller, once it knows it will distribute by group: where workers write."""
    if config.getvalue("dist") == "loadgroup":
        os.environ[ENV] = str(Path(tmpdir) / f"groups-{os.getpid()}.json")


@pytest.hookimpl(tryfirst=True)  # before xdist's own tells the controller collection is done
def pytest_collection_finish(session: pytest.Session) -> None:
    path = os.environ.get(ENV)
    if not path or not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    groups = {_plain(item.nodeid): g for item in session.items if (g := group_of(item))}
    # Every worker collects the same tests, so they write the same text; the rename makes
    # each write whole for a reader.
    tmp = f"{path}.{os.environ['PYTEST_XDIST_WORKER']}"
    Path(tmp).write_text(json.dumps(groups, sort_keys=True))
    os.replace(tmp, path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    path = os.environ.get(ENV)
    if not path or config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        """LoadScope where a test's scope is its group (read from the workers' file), and a
        test of no group is a scope of its own."""

        _groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._groups is None:
                self._groups = read_groups(path)
            plain = _plain(nodeid)
            group = self._groups.get(plain)
            return f"@{group}" if group else plain

    return GroupScheduling(config, log)


def read_groups(path: str) -> dict[str, str]:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        # Without it every group would be split: stop rather than run a flaky suite.
        raise pytest.UsageError(f"tests/xdist_groups.py: the workers' groups are unreadable ({error})") from error


class GroupWitness:
    """The controller's record of which worker ran each group's tests."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.workers: dict[str, set[str]] = defaultdict(set)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        node = getattr(report, "node", None)  # the worker, on reports xdist forwards
        if node is not None and report.when == "call":
            self.workers[report.nodeid].add(node.gateway.id)

    def split_groups(self) -> dict[str, set[str]]:
        groups = read_groups(self.path)
        by_group: dict[str, set[str]] = defaultdict(set)
        for nodeid, workers in self.workers.items():
            if group := groups.get(_plain(nodeid)):
                by_group[group] |= workers
        return {g: w for g, w in by_group.items() if len(w) > 1}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs) -> None:
    path = os.environ.get(ENV)
    if path and not config.pluginmanager.has_plugin("judge-group-witness"):
        config.pluginmanager.register(GroupWitness(path), "judge-group-witness")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    witness = session.config.pluginmanager.get_plugin("judge-group-witness")
    if witness is None or not witness.workers or not Path(witness.path).exists():
        return
    split = witness.split_groups()
    if split:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for group, workers in sorted(split.items()):
            line = f"xdist group {group!r} ran on several workers ({', '.join(sorted(workers))}): its tests are not isolated"
            if reporter is not None:
                reporter.write_line(line, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

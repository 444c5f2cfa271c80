"""`judge grade --cluster`: a real Dask scheduler and two workers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, SUBMISSIONS, run_judge

distributed = pytest.importorskip(
    "distributed", reason="the cluster extra is not installed: pip install 'judge[cluster]'"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster():
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                ":0",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--nworkers",
                        "1",
                        "--dashboard-address",
                        ":0",
                        "--no-nanny",
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        client = None
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                client = distributed.Client(address, timeout="2s")
                if len(client.scheduler_info()["workers"]) >= 2:
                    break
            except OSError:
                pass
            finally:
                if client is not None:
                    client.close()
                    client = None
            time.sleep(0.5)
        else:
            pytest.fail("the Dask cluster did not come up with 2 workers in 60 s")
        yield address
    finally:
        for p in procs[::-1]:
            p.terminate()
        for p in procs:
            try:  # a worker may take Dask's 10 s to close its comms: its tasks are done by now
                p.wait(timeout=2)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def _class_subset(tmp_path) -> tuple[Path, dict[str, str]]:
    """The sample class's assigned problems and one thread exercise (its controlled schedules
    run on the workers too): the rest of the class adds time, not coverage."""
    import shutil

    expected = yaml.safe_load((ROOT / "tests" / "data" / "sample_class_expected.yaml").read_text())
    kept = {key: verdict for key, verdict in expected.items() if key.split("/")[1].isdigit()}
    kept["kuznetsova_e/threads-lock"] = expected["kuznetsova_e/threads-lock"]
    folder = tmp_path / "class"
    for key in kept:
        student, problem = key.split("/")
        (folder / student).mkdir(parents=True, exist_ok=True)
        shutil.copy(SUBMISSIONS / student / f"{problem}.py", folder / student / f"{problem}.py")
    return folder, kept


def test_cluster_grading_gives_the_same_verdicts_as_local(cluster, tmp_path):
    folder, expected = _class_subset(tmp_path)
    r = run_judge(
        "grade",
        str(folder),
        "--cluster",
        cluster,
        "--out",
        str(tmp_path / "out"),
        "-q",
        env={"JUDGE_CACHE_DIR": str(tmp_path / "cache")},
        timeout=900,
    )
    assert r.code == 0, r.err
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    got = {f"{x['student']}/{x['problem']}": x["verdict"] for x in report["results"]}
    assert got == expected
    # The results landed in the same cache: a second run needs no cluster work at all.
    again = run_judge(
        "grade",
        str(folder),
        "--cluster",
        cluster,
        "--out",
        str(tmp_path / "again"),
        "-q",
        env={"JUDGE_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert f"{len(expected)} unchanged, from the cache" in again.out


def test_folder_submissions_travel_to_the_workers_whole(cluster, tmp_path):
    """A layout that names folders (issue 23): each submission is a folder of files, rebuilt on
    the worker as it was (its modules, its named entry point, a subfolder the grader refuses)."""
    from tests.conftest import PROBLEMS, write

    klass = tmp_path / "class"
    write(klass / "ada" / "3504" / "main.py", "from leap import leap\nprint('YES' if leap(int(input())) else 'NO')\n")
    write(klass / "ada" / "3504" / "leap.py", "def leap(y):\n    return y % 4 == 0 and y % 100 != 0 or y % 400 == 0\n")
    write(klass / "bob" / "3504" / "main.py", "print('YES')\n")
    write(klass / "carl" / "3504" / "main.py", "print('NO')\n")
    write(klass / "carl" / "3504" / "more" / "notes.txt", "a folder inside\n")
    config = write(tmp_path / "config.yaml", f"problems_dir: {PROBLEMS}\nlayout: '{{student}}/{{problem}}'\n")
    reports = {}
    for where, extra in (("local", ()), ("cluster", ("--cluster", cluster))):
        r = run_judge(
            "--config", str(config), "grade", str(klass), "--out", str(tmp_path / where), "-q", "--no-cache", *extra,
            timeout=600,
        )  # fmt: skip
        assert r.code == 0, r.err
        results = json.loads((tmp_path / where / "report.json").read_text())["results"]
        reports[where] = {x["student"]: (x["verdict"], x["score"], x["message"]) for x in results}
    assert reports["cluster"] == reports["local"]
    assert {s: v[0] for s, v in reports["local"].items()} == {"ada": "AC", "bob": "WA", "carl": "CE"}
    assert "a folder inside a submission folder" in reports["cluster"]["carl"][2]


def test_unreachable_cluster_is_one_clear_line(tmp_path):
    r = run_judge(
        "grade",
        str(SUBMISSIONS),
        "--cluster",
        f"tcp://127.0.0.1:{_free_port()}",
        "--no-cache",
        "--out",
        str(tmp_path / "out"),
        "-q",
    )
    assert r.code == 2
    assert "cannot connect to the Dask scheduler" in r.err and "Traceback" not in r.err

"""The render farm with real processes: a ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1, started here from a second copy of the project (its own scenes
and its own copy of the package), and the client rendering on them with ``--scheduler``.

The scenes are rendered by the stand-in Manim (a program), so the tests are about the
farm: the work reaches the workers and comes back published, a worker killed mid-render
loses nothing, a worker whose checkout differs refuses with a clear message, Ctrl-C
cancels the cluster's tasks.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from outputs_helpers import ffprobe
from standins.project import cli_process, make_project, started

from entropy_explorer.cli import main
from entropy_explorer.pipeline.leaves.farm import scheduler_address
from entropy_explorer.pipeline.leaves.project import Project
from entropy_explorer.pipeline.leaves.scenes import PACKAGE_DIR

DASK = Path(sys.executable).parent / "dask"


@dataclass
class Cluster:
    address: str
    client: Project
    checkout: Path
    workers: list[subprocess.Popen[bytes]]

    def worker_started(self) -> list[tuple[int, str]]:
        """``(pid, scene file)`` of every stand-in the workers ran (in their checkout)."""
        return started(Project(self.checkout))


def _wait_for(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def _copy_checkout(project: Project, to: Path) -> Path:
    """A second copy of ``project``: its scenes and assets, and the package's source."""
    shutil.copytree(project.root, to, ignore=shutil.ignore_patterns("build", "media"))
    shutil.copytree(PACKAGE_DIR, to / "src" / "entropy_explorer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return to


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("farm")
    client = make_project(root, {1: "# standin: sleep=3", 2: "# standin: seconds=3"}, "client")
    checkout = _copy_checkout(client, root / "worker-checkout")
    env = {**os.environ, "PYTHONPATH": str(checkout / "src"),
           "ENTROPY_PROJECT_ROOT": str(checkout)}
    address_file = root / "scheduler.json"
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(address_file)],
                              cwd=checkout, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)]
    try:
        _wait_for(lambda: address_file.exists() and address_file.stat().st_size > 0)
        import json

        address = json.loads(address_file.read_text())["address"]
        workers = [subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1",
                                     "--host", "127.0.0.1", "--no-dashboard",
                                     "--name", f"w{i}", "--preload",
                                     "entropy_explorer.pipeline.steps.farm_work"],
                                    cwd=checkout, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL) for i in range(2)]
        procs += workers
        probe = [sys.executable, "-c", "import sys; from distributed import Client; "
                 "c = Client(sys.argv[1], timeout=30); c.wait_for_workers(2, timeout=60)",
                 address]
        subprocess.run(probe, check=True, timeout=120)
        yield Cluster(address, client, checkout, workers)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def _render(cluster: Cluster, *args: str) -> int:
    return main(["render", "-q", "l", "--scheduler", cluster.address, *args],
                project=cluster.client)


def test_an_address_without_a_scheme_is_tcp_and_local_means_none() -> None:
    assert scheduler_address("10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    assert scheduler_address(None, {"ENTROPY_SCHEDULER": "tls://h:1"}) == "tls://h:1"
    assert scheduler_address("local", {"ENTROPY_SCHEDULER": "h:1"}) is None
    assert scheduler_address(None, {}) is None


@pytest.mark.slow
def test_the_cluster_renders_and_the_client_publishes(cluster: Cluster,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = len(cluster.worker_started())
    assert _render(cluster, "-f") == 0
    project = cluster.client
    for name in ("01-information", "02-axioms"):
        video = project.video_dir / f"{name}.mp4"
        assert float(ffprobe(video)["format"]["duration"]) >= 2
        assert "rendered on" in (project.logs_dir / "latest" / f"{name}.log").read_text()
    assert (project.build_dir / "entropy-explorer-full.mp4").exists()
    # the workers rendered in their own checkout; the client ran no Manim at all
    assert sorted(name for _pid, name in cluster.worker_started()[before:]) == [
        "s01_information.py", "s02_axioms.py"]
    assert started(project) == []
    # their media/ stays theirs: nothing of the client's folders was written by them
    assert not (cluster.checkout / "build").exists()


@pytest.mark.slow
def test_a_worker_killed_mid_render_loses_nothing(cluster: Cluster) -> None:
    before = len(cluster.worker_started())
    proc = cli_process(cluster.client, "render", "-q", "l", "-f", "--scheduler",
                       cluster.address, "01")
    try:
        _wait_for(lambda: len(cluster.worker_started()) > before)
        pid, name = cluster.worker_started()[before]
        assert name == "s01_information.py"
        worker = int(Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[1])
        os.kill(worker, signal.SIGKILL)  # the worker dies, and the render it ran with it
        os.kill(pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 0, out + err
    runs = [n for _p, n in cluster.worker_started()[before:]]
    assert runs == ["s01_information.py", "s01_information.py"], runs  # run again elsewhere
    video = cluster.client.video_dir / "01-information.mp4"
    assert float(ffprobe(video)["format"]["duration"]) >= 2
    assert not [p for p in cluster.client.build_dir.rglob("*") if ".tmp-" in p.name]


@pytest.mark.slow
def test_a_worker_whose_checkout_differs_refuses(cluster: Cluster,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    scene = cluster.client.scenes_dir / "s02_axioms.py"
    text = scene.read_text()
    if not (cluster.client.video_dir / "02-axioms.mp4").exists():  # tests may run apart
        assert _render(cluster, "02") == 0
    capsys.readouterr()
    published = (cluster.client.video_dir / "02-axioms.mp4").read_bytes()
    before = len(cluster.worker_started())
    scene.write_text(text + "\n# edited on the client only\n")
    try:
        assert _render(cluster, "02") == 1
    finally:
        scene.write_text(text)
    out, err = capsys.readouterr()
    assert "failed: 02-axioms" in err
    lines = out.splitlines()
    [at] = [i for i, x in enumerate(lines) if "02-axioms: failed" in x]
    line = lines[at + 1]  # the reason, under the task's line
    assert "its checkout" in line and "differs from the client's: scenes/s02_axioms.py is " \
        "not the same there; update that checkout" in line, line
    assert len(cluster.worker_started()) == before  # refused before rendering anything
    assert (cluster.client.video_dir / "02-axioms.mp4").read_bytes() == published


@pytest.mark.slow
def test_ctrl_c_cancels_the_clusters_task_and_exits_130(cluster: Cluster) -> None:
    before = len(cluster.worker_started())
    made = cluster.checkout / "media" / "videos" / "s01_information" / "480p15" / "InformationScene.mp4"
    last = made.stat().st_mtime_ns if made.exists() else None
    proc = cli_process(cluster.client, "render", "-q", "l", "-f", "--scheduler",
                       cluster.address, "01")
    try:
        _wait_for(lambda: len(cluster.worker_started()) > before)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        took = time.monotonic() - t0
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert took < 10, f"exit took {took:.1f} s"
    time.sleep(5)  # the stand-in sleeps 3 s before it writes: it was stopped, not let finish
    assert (made.stat().st_mtime_ns if made.exists() else None) == last

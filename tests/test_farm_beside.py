"""Work beside the renders (a scene's dry run, its voice): on a worker process of this
machine's cluster, in the calling process for a farm of threads or a cluster elsewhere."""

from __future__ import annotations

import os

import pytest

from entropy_explorer.pipeline.leaves.farm import Farm
from entropy_explorer.pipeline.leaves.project import DEFAULT_PROJECT
from entropy_explorer.pipeline.targets.run import Run
from entropy_explorer.pipeline.targets.videos import numbers_tasks
from entropy_explorer.pipeline.targets.voice import voice_task
from entropy_explorer.sections import SECTIONS
from entropy_explorer.speech import voice_setting


def _fails() -> None:
    raise ValueError("the scene broke")


@pytest.mark.slow
def test_a_local_cluster_of_processes_runs_it_on_a_worker_and_hands_back_its_error() -> None:
    farm = Farm(workers=1)
    try:
        assert farm.shares_machine
        assert farm.beside(os.getpid, name="pid") != os.getpid()
        with pytest.raises(ValueError, match="the scene broke"):
            farm.beside(_fails, name="fails")
    finally:
        farm.close()


def test_threads_and_a_cluster_elsewhere_run_it_here() -> None:
    threads = Farm(workers=1, processes=False)
    elsewhere = Farm(workers=1, address="tcp://127.0.0.1:1")
    assert not threads.shares_machine and not elsewhere.shares_machine
    # no cluster is started or reached: the call runs in this process
    assert threads.beside(os.getpid, name="pid") == os.getpid()
    assert elsewhere.beside(os.getpid, name="pid") == os.getpid()
    assert not threads.started and not elsewhere.started


@pytest.mark.parametrize("processes", [True, False])
def test_dry_run_tasks_run_side_by_side_only_on_worker_processes(tmp_path, processes: bool) -> None:
    run = Run(DEFAULT_PROJECT, tmp_path, Farm(workers=2, processes=processes))
    voice = voice_task(run, SECTIONS[0], voice_setting("default", env={}), lambda *a: [])
    [numbers, _join] = numbers_tasks(run, SECTIONS[:1], lambda *a: None)
    assert voice.in_process is not processes
    assert numbers.in_process is not processes

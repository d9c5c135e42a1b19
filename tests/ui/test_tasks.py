"""Work off the GUI thread: answers, both kinds of failure, an owner closed meanwhile."""

from __future__ import annotations

import logging
import threading
from functools import partial

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread
from pytestqt.qtbot import QtBot

from voicecall_desktop.ui.common.tasks import BackgroundTask


class DiskTrouble(Exception):
    pass


def make_task(owner: QObject) -> BackgroundTask:
    return BackgroundTask(
        "test job",
        expected=(DiskTrouble,),
        explain=lambda exc: f"Could not do it: {exc}",
        parent=owner,
    )


def test_done_carries_the_result_and_the_job_runs_off_the_gui_thread(qtbot: QtBot) -> None:
    owner = QObject()
    task = make_task(owner)
    ran_on: list[QThread | None] = []

    def job() -> int:
        ran_on.append(QThread.currentThread())
        return 42

    with qtbot.waitSignal(task.done, timeout=5000) as blocker:
        task.start(job)
        assert task.running
    assert blocker.args == [42]
    assert ran_on and ran_on[0] is not QThread.currentThread()
    assert not task.running


def test_jobs_run_one_at_a_time_in_the_order_started(qtbot: QtBot) -> None:
    owner = QObject()  # kept: a task lives as long as its owner
    task = make_task(owner)
    seen: list[object] = []
    task.done.connect(seen.append)
    for n in range(5):
        task.start(partial(int, n))  # a job that returns n
    assert task.wait(5000)
    qtbot.waitUntil(lambda: len(seen) == 5, timeout=5000)
    assert seen == [0, 1, 2, 3, 4]
    assert not task.running


def failure_told(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, level: int, error: Exception
) -> list[object]:
    """What ``failed`` carries when a task's job raises ``error`` (``caplog`` at ``level``)."""
    owner = QObject()  # kept: a task lives as long as its owner
    task = make_task(owner)

    def job() -> None:
        raise error

    with caplog.at_level(level), qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        task.start(job)
    return list(blocker.args or [])


def test_an_expected_error_becomes_a_sentence_without_a_traceback(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    told = failure_told(qtbot, caplog, logging.WARNING, DiskTrouble("the disk is full"))
    assert told == ["Could not do it: the disk is full"]
    assert any("the disk is full" in r.getMessage() for r in caplog.records)
    assert all(r.exc_info is None for r in caplog.records)


def test_an_unexpected_error_is_logged_with_its_traceback_and_the_person_told_to_see_the_log(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    told = failure_told(qtbot, caplog, logging.ERROR, ZeroDivisionError("a bug"))
    assert told == ["The test job failed unexpectedly; see the log."]
    assert isinstance(told[0], str) and "a bug" not in told[0]  # no exception text to a person
    logged = [r for r in caplog.records if r.exc_info is not None]
    assert logged and logged[0].exc_info is not None
    assert logged[0].exc_info[0] is ZeroDivisionError


def test_an_owner_destroyed_meanwhile_drops_the_answer(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    owner = QObject()
    task = make_task(owner)
    heard: list[object] = []
    task.done.connect(heard.append)
    task.failed.connect(heard.append)
    started, go_on = threading.Event(), threading.Event()

    def job() -> str:
        started.set()
        go_on.wait(5)
        return "too late"

    task.start(job)
    assert started.wait(5)
    shiboken6.delete(owner)  # the dialog closed while its job ran; must not wait for it
    assert not shiboken6.isValid(task)
    with caplog.at_level(logging.INFO):
        go_on.set()
        assert task.wait(5000)
        qtbot.wait(50)
    assert heard == []
    assert any("after its window closed" in r.getMessage() for r in caplog.records)

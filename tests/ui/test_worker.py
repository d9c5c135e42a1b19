"""The worker's work, run synchronously in the test's thread (no QThread needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState, Outcome
from voicecall_desktop.sandbox import Sandbox
from voicecall_desktop.service import AttemptResult, FlushReport, Service
from voicecall_desktop.ui.common.worker import SendWorker, WorkerHost

from .conftest import tomorrow, unused_port

FORM = CallForm(destination="07700 900123", username="r", source="Surgery")


@pytest.fixture
def service(home: Path) -> Iterator[Service]:
    running = Service(home)
    yield running
    running.close()


def record(worker: SendWorker) -> dict[str, list[object]]:
    seen: dict[str, list[object]] = {"attempted": [], "failed": [], "flushed": [], "probed": []}
    worker.attempted.connect(seen["attempted"].append)
    worker.failed.connect(seen["failed"].append)
    worker.flushFinished.connect(seen["flushed"].append)
    worker.probed.connect(lambda ok, text: seen["probed"].append((ok, text)))
    return seen


def test_send_one_and_flush(service: Service, sandbox: Sandbox, api_key: str) -> None:
    service.set_base_url(sandbox.url)
    worker = SendWorker(service)
    seen = record(worker)
    first = service.submit(FORM.model_copy(update={"day": tomorrow()})).record
    worker.send_one(first.id)
    [result] = seen["attempted"]
    assert isinstance(result, AttemptResult) and result.outcome is Outcome.ACCEPTED
    service.submit(FORM.model_copy(update={"destination": "07700 900124"}))
    worker.flush(False)
    [report] = seen["flushed"]
    assert isinstance(report, FlushReport) and report.count(Outcome.ACCEPTED) == 1
    assert len(sandbox.received) == 2
    worker.probe()
    probe = seen["probed"][0]
    assert isinstance(probe, tuple) and probe[0] is True
    worker.close_client()


def test_no_key_means_nothing_is_claimed_and_the_reason_is_given(
    service: Service, sandbox: Sandbox
) -> None:
    service.set_base_url(sandbox.url)
    worker = SendWorker(service)
    seen = record(worker)
    queued = service.submit(FORM).record
    worker.send_one(queued.id)
    assert seen["attempted"] == [] and "APIKey" in str(seen["failed"][0])
    assert service.get(queued.id).state is CallState.QUEUED  # type: ignore[union-attr]
    assert sandbox.received == []


def test_a_stopping_worker_starts_nothing_new(service: Service, api_key: str) -> None:
    service.set_base_url(f"http://127.0.0.1:{unused_port()}/")
    worker = SendWorker(service)
    seen = record(worker)
    queued = service.submit(FORM).record
    worker.stopping.set()
    worker.send_one(queued.id)
    worker.flush(False)
    worker.probe()
    assert all(not values for values in seen.values())


def test_the_host_thread_starts_and_stops_cleanly(service: Service) -> None:
    host = WorkerHost(service)
    assert host.is_running()
    assert host.stop(2000) and not host.is_running()
    assert host.stop()  # twice is fine

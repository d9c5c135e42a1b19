"""The use cases shared by window and command line, with the network swapped for a function."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, time
from pathlib import Path

import httpx
import pytest

from tests.days import open_day
from tests.kit import not_none
from tests.store_access import open_store_in_use
from voicecall_desktop.api import VoiceCallClient
from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState, Outcome
from voicecall_desktop.service import MissingKey, Service, backoff
from voicecall_desktop.store import StaleMove

FORM = CallForm(
    destination="07700 900123",
    username="reception",
    source="Surgery",
    day=open_day(2),
    times=(time(9, 30), time(14, 0)),
)
OK = {
    "StatusId": 1,
    "Status": "Queued",
    "Success": True,
    "Errors": {},
    "MessageId": 5,
    "Credits": 9,
}

Handler = Callable[[httpx.Request], httpx.Response]


def make_service(home: Path, handler: Handler) -> Service:
    def factory(settings: Settings, base_url: str) -> VoiceCallClient:
        return VoiceCallClient(base_url, transport=httpx.MockTransport(handler))

    return Service(home, base_url="http://127.0.0.1:9/", client_factory=factory)


class Api:
    """A scripted API: answers in turn, counting what it was sent."""

    def __init__(self, *answers: Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(request)


def ok(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=OK)


def refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


@pytest.fixture
def api() -> Api:
    return Api(ok)


def test_submit_then_send(home: Path, api_key: str, api: Api) -> None:
    service = make_service(home, api)
    submitted = service.submit(FORM)
    assert submitted.record.state is CallState.QUEUED
    result = service.send_one(submitted.record.id)
    assert result is not None and result.outcome is Outcome.ACCEPTED
    assert result.record.state is CallState.SENT and result.record.message_id == 5
    assert api_key not in (result.record.request_body or "")
    assert len(api.requests) == 1
    assert service.send_one(submitted.record.id) is None  # already sent: never twice
    assert len(api.requests) == 1
    service.close()


def test_invalid_form_records_nothing(home: Path, api_key: str, api: Api) -> None:
    service = make_service(home, api)
    with pytest.raises(InputErrors) as caught:
        service.submit(FORM.model_copy(update={"destination": "123", "source": "x"}))
    assert set(caught.value.fields) == {"Destination", "Source"}
    assert service.count() == 0
    service.close()


def test_failed_queueing_of_a_draft_keeps_the_draft(home: Path, api: Api) -> None:
    service = make_service(home, api)
    bad = FORM.model_copy(update={"destination": "0770"})
    draft = service.save_draft(bad)
    with pytest.raises(InputErrors):
        service.submit(bad, draft.id)
    kept = service.get(draft.id)
    assert kept is not None and kept.state is CallState.DRAFT and kept.form == bad
    service.close()


def test_missing_key_sends_nothing_and_keeps_the_call(home: Path, api: Api) -> None:
    service = make_service(home, api)
    record = service.submit(FORM).record
    with pytest.raises(MissingKey):
        service.send_one(record.id)
    assert not_none(service.get(record.id)).state is CallState.QUEUED
    assert api.requests == []
    service.close()


def test_flush_oldest_first_and_stops_at_first_undelivered(home: Path, api_key: str) -> None:
    api = Api(ok, refused, ok)
    service = make_service(home, api)
    ids = [service.submit(FORM).record.id for _ in range(3)]
    report = service.flush()
    assert [r.record.id for r in report.results] == ids[:2]
    assert [r.outcome for r in report.results] == [Outcome.ACCEPTED, Outcome.NOT_DELIVERED]
    assert report.stopped and report.still_queued == 2 and report.exit_code == 3
    second = service.get(ids[1])
    assert second is not None
    assert second.state is CallState.QUEUED and second.next_attempt_at is not None
    # The automatic path waits out the back-off; a person's flush sends now.
    assert service.flush(respect_backoff=True).results[0].record.id == ids[2]
    again = service.flush()
    assert [r.record.id for r in again.results] == [ids[1]] and again.exit_code == 0
    assert service.flush().results == []
    service.close()


def test_unknown_is_never_sent_again_without_a_person(home: Path, api_key: str) -> None:
    api = Api(timeout, ok)
    service = make_service(home, api)
    record = service.submit(FORM).record
    result = service.send_one(record.id)
    assert result is not None
    assert result.outcome is Outcome.UNKNOWN and result.record.state is CallState.UNKNOWN
    assert service.flush().results == []
    assert len(api.requests) == 1
    again = service.send_again(record.id)
    assert again.state is CallState.QUEUED
    notes = [event.note for event in service.events(record.id)]
    assert any("may be called twice" in note for note in notes)
    assert service.flush().results[0].outcome is Outcome.ACCEPTED
    with pytest.raises(StaleMove):
        service.send_again(record.id)  # sent is final
    service.close()


def test_late_answer_for_a_call_marked_unknown_is_recorded(home: Path, api_key: str) -> None:
    def answer_after_being_marked_stale(request: httpx.Request) -> httpx.Response:
        # Another process judging our live attempt abandoned (a store-level act).
        with open_store_in_use(home) as other:
            other.calls.recover_stale(lambda token: False, actor="other")
        return httpx.Response(200, json=OK)

    service = make_service(home, answer_after_being_marked_stale)
    record = service.submit(FORM).record
    result = service.send_one(record.id)
    assert result is not None
    assert result.record.state is CallState.SENT
    moves = [(e.from_state, e.to_state) for e in service.events(record.id)]
    assert ("sending", "unknown") in moves and ("unknown", "sent") in moves
    service.close()


def test_rejection_keeps_errors(home: Path, api_key: str) -> None:
    def reject(_: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400,
            json={
                "Message": "The request is invalid.",
                "ModelState": {"request.Destination": ["Bad number"]},
            },
        )

    service = make_service(home, reject)
    record = service.submit(FORM).record
    result = service.send_one(record.id)
    assert result is not None
    assert result.outcome is Outcome.REJECTED
    assert result.record.errors == {"Destination": "Bad number"}
    assert service.flush().results == []
    service.close()


def test_same_day_warning_and_drafts(home: Path, api: Api) -> None:
    service = make_service(home, api)
    first = service.submit(FORM).record
    second = service.submit(FORM.model_copy(update={"times": (time(16, 0),)}))
    assert [r.id for r in second.same_day] == [first.id]
    taken_back = service.to_draft(second.record.id)
    assert taken_back.state is CallState.DRAFT
    service.delete_draft(taken_back.id)
    assert service.get(taken_back.id) is None
    service.close()


def test_settings_round_trip_and_base_url_precedence(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = Service(home)
    settings = service.settings()
    settings.username = "reception"
    settings.format = "xml"
    service.save_settings(settings)
    assert service.settings().format == "xml"
    assert service.base_url() == "https://customerapi.patientcomms.co.uk/"
    monkeypatch.setenv("VOICECALL_BASE_URL", "https://env.example/")
    assert service.base_url() == "https://env.example/"
    service.set_base_url("https://flag.example/")
    assert service.base_url() == "https://flag.example/"
    service.close()


def test_backoff_grows_and_is_capped() -> None:
    assert backoff(1) == 30 and backoff(2) == 60 and backoff(20) == 900


def test_number_listed_after_queueing_is_never_sent(home: Path, api_key: str, api: Api) -> None:
    service = make_service(home, api)
    record = service.submit(FORM).record
    service.block("07700 900123")
    result = service.send_one(record.id)
    assert result is not None and result.outcome is Outcome.REJECTED
    assert result.record.state is CallState.REJECTED and "do-not-call" in result.message
    assert api.requests == []
    with pytest.raises(FieldError, match="do-not-call"):
        service.send_again(record.id)
    service.close()


def test_review_and_presets_are_audited_and_checked(home: Path, api_key: str) -> None:
    service = make_service(home, Api(timeout))
    record = service.submit(FORM).record
    service.send_one(record.id)
    service.mark_reviewed(record.id)
    notes = [(e.to_state, e.note) for e in service.events(record.id)]
    assert ("unknown", "reviewed") in notes
    service.save_preset(Preset.from_form("Flu clinic", FORM))
    service.save_preset(Preset.from_form("Weekly", FORM))
    with pytest.raises(FieldError, match="already exists"):
        service.rename_preset("Flu clinic", "weekly")
    assert service.rename_preset("Flu clinic", "Flu clinic 2")
    assert service.preset_names() == ["Flu clinic 2", "Weekly"]
    preset = service.get_preset("Flu clinic 2")
    assert preset is not None and preset.times == FORM.times
    service.close()


def test_do_not_call_import_is_one_transaction(home: Path) -> None:
    service = Service(home)
    data = b"Destination\n07700 900001\nnot a number\n07700 900002\n07700 900001\n"
    added, problems = service.import_do_not_call(data)
    assert added == 2 and [p.row for p in problems] == [3]
    assert "07700 900001" in service.export_do_not_call()
    service.close()


# -- the one boundary ----------------------------------------------------------


@pytest.mark.sqlite_only  # the lease files; the shared store's lease: tests/pg
def test_service_is_a_context_manager_that_releases_its_lease(home: Path) -> None:
    with Service(home):
        [lease] = list((home / "leases").iterdir())  # this process's, while the service is open
    assert not lease.exists()  # released: a new process may judge it
    with Service(home) as again:  # and the file opens again at once
        assert again.count() == 0


def test_prepare_send_makes_every_check_and_records_nothing(home: Path, api: Api) -> None:
    service = make_service(home, api)
    with pytest.raises(MissingKey):  # no key stored
        service.prepare_send(FORM)
    service.store_key("94670106-3242-43ff-96fa-475c7de2425c")
    check = service.prepare_send(FORM)
    assert check.spec.destination == 447700900123 and check.same_day == []
    with pytest.raises(InputErrors) as caught:
        service.prepare_send(FORM.model_copy(update={"source": "x"}))
    assert caught.value.fields == ["Source"]
    service.block("07700 900123")
    with pytest.raises(InputErrors, match="do-not-call"):
        service.prepare_send(FORM)
    assert service.count() == 0 and api.requests == []
    service.close()


def test_prepare_send_refuses_a_stored_value_that_is_not_a_key(home: Path, api: Api) -> None:
    """The window used to check only that something was stored; the CLI that it was a key."""
    import keyring

    keyring.set_password("VoiceCall Desktop", "PatientComms API key", "my password")
    with make_service(home, api) as service:
        status = service.key_status()
        assert status.stored and not status.valid
        with pytest.raises(MissingKey):
            service.prepare_send(FORM)
        assert service.count() == 0


def test_prepare_send_lists_same_day_calls_and_checks_the_address(
    home: Path, api_key: str, api: Api
) -> None:
    from voicecall_desktop.api import ConfigurationError

    with make_service(home, api) as service:
        first = service.submit(FORM).record
        assert [r.id for r in service.prepare_send(FORM).same_day] == [first.id]
        assert service.prepare_send(FORM, call_id=first.id).same_day == []
        service.set_base_url("http://example.org/")
        with pytest.raises(ConfigurationError, match="base URL"):
            service.prepare_send(FORM)


def test_key_status_store_and_clear(home: Path) -> None:
    from voicecall_desktop.service import BadKey

    with Service(home) as service:
        assert not service.key_status().stored
        with pytest.raises(BadKey):
            service.store_key("nope")
        service.store_key("{94670106-3242-43FF-96FA-475C7DE2425C}")
        assert service.key_status().valid and service.has_key()
        assert service.api_key() == "94670106-3242-43ff-96fa-475c7de2425c"
        assert service.clear_key() and not service.clear_key()


def test_pages_events_counts_and_lists_are_typed(home: Path, api_key: str) -> None:
    from voicecall_desktop.store import BlockedNumber, CallEvent

    with make_service(home, Api(refused, ok)) as service:
        ids = [
            service.submit(FORM.model_copy(update={"day": date(2030, 1, d)})).record.id
            for d in (7, 8, 9)
        ]
        draft = service.save_draft(FORM.model_copy(update={"destination": "12"}))
        assert [r.id for r in service.outbox_page().rows] == ids  # oldest first
        first = service.history_page(limit=2)
        assert [r.id for r in first.rows] == [draft.id, ids[2]] and first.has_more
        rest = service.history_page(limit=2, before_id=first.rows[-1].id)
        assert [r.id for r in rest.rows] == ids[1::-1] and not rest.has_more
        assert [r.id for r in service.iter_calls(page_size=1)] == [draft.id, *ids[::-1]]
        assert service.history_page(states=[CallState.DRAFT]).rows[0].id == draft.id
        service.flush()  # the first is not delivered: it stays queued
        assert service.queued_count() == 3 and service.count([CallState.DRAFT]) == 1
        service.flush()
        assert service.last_credits() == 9
        events = service.events(ids[0])
        assert all(isinstance(e, CallEvent) for e in events)
        assert [e.to_state for e in events][-2:] == [CallState.SENDING, CallState.SENT]
        service.block("07700 900999", note="asked on the phone")
        [entry] = service.do_not_call_list()
        assert isinstance(entry, BlockedNumber) and entry.note == "asked on the phone"
        assert entry.destination == 447700900999 and entry.added_at.tzinfo is not None
        info = service.store_info()
        if os.environ.get("VOICECALL_DATABASE_URL"):  # this module also runs on the shared store
            assert info.kind == "postgresql" and (info.schema_version or 0) >= 1
        else:
            assert info.kind == "sqlite" and info.schema_version == 3
        assert service.integrity_check() == "ok"


def test_service_uses_the_store_it_is_given(home: Path, tmp_path: Path) -> None:
    """The service cannot tell which store it holds: any Store will do."""
    from voicecall_desktop.store import SqliteStore

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with Service(home, store=SqliteStore(elsewhere)) as service:
        service.save_draft(FORM)
        assert service.store_info().location.startswith(str(elsewhere))
    with Service(home) as desk:
        assert desk.count() == 0  # nothing went into the desk's own file
    with Service(home, store=SqliteStore(elsewhere)) as service:
        assert service.count() == 1

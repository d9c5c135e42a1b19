"""The history pane: details, actions, confirmation before sending again, filters, export."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any, Unpack

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QMessageBox,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.store_access import desk_store
from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.schedule import LONDON
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.store import CallChanges, CallRecord, StoreError, answer_fields
from voicecall_desktop.ui.calls.detail import mask_api_key, pretty_body
from voicecall_desktop.ui.calls.history import HistoryPane

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
MASKED = "********-****-****-****-************"
DAY = date(2030, 12, 1)
YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def service(home: Path) -> Iterator[Service]:
    svc = Service(home)
    yield svc
    svc.close()


def book(
    service: Service, number: str, state: CallState, **fields: Unpack[CallChanges]
) -> CallRecord:
    """A call through the store's real moves (so it has an audit trail)."""
    form = CallForm(
        destination=number,
        username="reception",
        source="Surgery",
        day=DAY,
        times=(time(9, 30), time(14, 0)),
    )
    record = service.submit(form).record
    if state is CallState.QUEUED:
        return record
    request = json.dumps({"APIKey": MASKED, "Username": "reception", "Destination": 1})
    values: CallChanges = {"request_format": "json", "request_body": request, **fields}
    with desk_store(service) as store:
        store.calls.claim(store.lease.token, call_id=record.id)
        return store.calls.move(
            record.id,
            [CallState.SENDING],
            state,
            actor=service.actor,
            owner=store.lease.token,
            fields=values,
            note=state.label,
        )


def answer(
    success: bool,
    status: str,
    errors: dict[str, str],
    *,
    last_error: str | None = None,
    **extra: int,
) -> CallChanges:
    """The changes an answer makes (``extra`` goes into the body too), with ``last_error``."""
    status_id = 1 if success else 4
    body: dict[str, object] = {"StatusId": status_id, "Status": status, "Success": success}
    body |= {"Errors": errors, **{k.title().replace("_", ""): v for k, v in extra.items()}}
    changes = answer_fields(
        success=success,
        status_id=status_id,
        status=status,
        errors=errors,
        message_id=extra.get("message_id"),
        credits=extra.get("credits"),
        response_body=json.dumps(body),
    )
    if last_error is not None:
        changes["last_error"] = last_error
    return changes


@pytest.fixture
def calls(service: Service) -> dict[str, CallRecord]:
    sent = book(
        service,
        "07700 900123",
        CallState.SENT,
        **answer(True, "Accepted", {}, message_id=5012345, credits=1),
    )
    rejected = book(
        service,
        "07700 900456",
        CallState.REJECTED,
        **answer(
            False,
            "Invalid request",
            {"Destination": "The number is not a mobile", "Times": "09:30 is outside hours"},
            last_error="PatientComms refused the call (400).",
        ),
    )
    unknown = book(
        service,
        "07700 900789",
        CallState.UNKNOWN,
        last_error="The connection dropped after the request went out.",
    )
    queued = book(service, "020 7946 0123", CallState.QUEUED)
    return {"sent": sent, "rejected": rejected, "unknown": unknown, "queued": queued}


@pytest.fixture
def pane(qtbot: QtBot, service: Service, calls: dict[str, CallRecord]) -> HistoryPane:
    widget = HistoryPane(service)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


def test_the_table_is_found_by_its_contract_name_and_every_control_is_labelled(
    pane: HistoryPane,
) -> None:
    view = pane.findChild(QTableView, "HistoryView")
    assert isinstance(view, QAbstractItemView) and view is pane.view
    assert view.accessibleName() == "Call history"
    assert not view.isSortingEnabled()
    assert view.selectionBehavior() is QAbstractItemView.SelectionBehavior.SelectRows
    assert view.alternatingRowColors()
    assert view.model().rowCount() == 4
    assert view.model().data(view.model().index(0, 0)) == "020 7946 0123"  # newest first
    controls: list[QWidget] = [
        pane.search_edit,
        pane.state_combo,
        pane.detail,
        pane.technical_button,
        pane.technical,
        pane.copy_button,
        pane.use_button,
        pane.send_again_button,
        pane.refresh_button,
        pane.export_button,
    ]
    for widget in controls:
        assert widget.objectName() and widget.accessibleName(), widget
        assert widget.toolTip(), widget


def test_a_rejected_call_shows_its_errors_as_a_list_and_never_the_key(
    pane: HistoryPane, calls: dict[str, CallRecord], service: Service
) -> None:
    with (
        desk_store(service) as store,
        store.db.transaction() as tx,
    ):  # as if a key had slipped into the stored body
        tx.execute(
            "UPDATE calls SET request_body = ? WHERE id = ?",
            (json.dumps({"APIKey": KEY, "Username": "reception"}), calls["rejected"].id),
        )
    pane.refresh()
    assert pane.select_call(calls["rejected"].id)
    summary = pane.detail.toPlainText()
    assert summary.startswith("Refused – phone number not accepted · 07700 900456")
    assert "01/12/2030 at 09:30, 14:00" in summary and "will not be phoned" in summary
    assert "PatientComms would not call this phone number" in summary  # explained
    assert "Destination: The number is not a mobile" in summary  # and as said
    assert "Invalid request" not in summary  # the vendor's Status is a technical detail
    html = pane.technical.toHtml()
    text = pane.technical.toPlainText()
    assert "<li" in html and "Errors" in text
    assert "Destination: The number is not a mobile" in text
    assert "Times: 09:30 is outside hours" in text
    assert "PatientComms refused the call (400)." in text
    assert "Invalid request (StatusId 4)" in text
    assert '"Success": false' in text  # the response, laid out
    assert KEY not in text and MASKED in text
    assert "Queued → Sending" in text and "Sending → Rejected" in text  # the audit trail
    lease = re.compile(r"-\d+-[0-9a-f]{12}\b")  # a process's lease token: host-pid-hex
    assert not lease.search(text) and not lease.search(summary)
    assert "VoiceCall Desktop" in text  # the claim's actor, named for a person


def test_send_again_is_offered_only_for_rejected_or_unknown_calls(
    pane: HistoryPane, calls: dict[str, CallRecord]
) -> None:
    for name, offered in (
        ("sent", False),
        ("queued", False),
        ("rejected", True),
        ("unknown", True),
    ):
        pane.select_call(calls[name].id)
        assert pane.send_again_action.isEnabled() is offered, name
        assert pane.send_again_button.isEnabled() is offered, name


def test_send_again_asks_first_and_only_yes_sends(
    pane: HistoryPane, calls: dict[str, CallRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, str]] = []
    reply = [NO]

    def ask(kind: str) -> Any:
        def fake(_parent: object, title: str, text: str, *_: object) -> object:
            asked.append((kind, f"{title}\n{text}"))
            return reply[0]

        return fake

    monkeypatch.setattr(QMessageBox, "warning", ask("warning"))
    monkeypatch.setattr(QMessageBox, "question", ask("question"))
    emitted: list[int] = []
    pane.sendAgainConfirmed.connect(emitted.append)

    pane.select_call(calls["unknown"].id)
    pane.send_again_action.trigger()
    assert len(asked) == 1 and not emitted  # "No" sends nothing
    kind, text = asked[0]
    assert kind == "warning"
    assert "PatientComms may already have this call" in text
    assert "called twice" in text and "07700 900789" in text
    reply[0] = YES
    pane.send_again_action.trigger()
    assert emitted == [calls["unknown"].id]

    pane.select_call(calls["rejected"].id)
    pane.send_again_action.trigger()
    assert emitted[-1] == calls["rejected"].id
    kind, text = asked[-1]
    assert kind == "question"
    assert "called twice" in text and "The number is not a mobile" in text

    pane.select_call(calls["sent"].id)
    pane.send_again_action.trigger()  # disabled: nothing asked, nothing sent
    assert len(asked) == 3 and len(emitted) == 2


def test_send_again_rechecks_the_state_before_asking(
    pane: HistoryPane,
    calls: dict[str, CallRecord],
    service: Service,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pane.select_call(calls["unknown"].id)
    # A late answer arrives (or the command line sent it again) after the row was read.
    with desk_store(service) as store:
        store.calls.move(calls["unknown"].id, [CallState.UNKNOWN], CallState.SENT, actor="cli")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *_: told.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda *_: pytest.fail("must not ask"))
    emitted: list[int] = []
    pane.sendAgainConfirmed.connect(emitted.append)
    pane.send_again_action.trigger()
    assert not emitted and "now “Booked”" in told[0]
    assert pane.current_record() is not None
    assert pane.current_record().state is CallState.SENT  # type: ignore[union-attr]
    assert not pane.send_again_action.isEnabled()


def test_use_as_new_and_copy(pane: HistoryPane, calls: dict[str, CallRecord]) -> None:
    used: list[object] = []
    pane.useAsNew.connect(used.append)
    pane.select_call(calls["sent"].id)
    pane.use_action.trigger()
    assert used == [calls["sent"]] and used[0].form.destination == "07700 900123"  # type: ignore[attr-defined]
    pane.copy_action.trigger()
    copied = QApplication.clipboard().text()
    assert copied.split("\t") == [
        "07700 900123",
        "01/12/2030 09:30, 14:00",
        "Booked",
        calls["sent"].created_at.astimezone(LONDON).strftime("%d/%m/%Y %H:%M"),
        "5012345",
        "1",
    ]
    pane.view.selectAll()
    assert not pane.use_action.isEnabled()  # one call at a time
    pane.copy_action.trigger()
    assert len(QApplication.clipboard().text().splitlines()) == 4


def test_search_waits_for_typing_to_pause_and_state_filter_applies_at_once(
    qtbot: QtBot, pane: HistoryPane, calls: dict[str, CallRecord]
) -> None:
    qtbot.keyClicks(pane.search_edit, "07700 900456")
    assert pane.model.rowCount() == 4  # not yet: the search is debounced
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1, timeout=2000)
    assert pane.model.record(0).id == calls["rejected"].id
    assert pane.count_label.text() == "1 call shown"
    pane.search_edit.clear()
    pane.search_edit.returnPressed.emit()  # Enter searches at once
    assert pane.model.rowCount() == 4
    pane.state_combo.setCurrentIndex(pane.state_combo.findData(CallState.UNKNOWN.value))
    assert [pane.model.record(r).id for r in range(pane.model.rowCount())] == [calls["unknown"].id]
    pane.set_filter("no such status", None)
    assert pane.model.rowCount() == 0 and pane.count_label.text() == "No calls match."


def test_refresh_keeps_the_selection_and_shows_the_new_state(
    pane: HistoryPane, calls: dict[str, CallRecord], service: Service
) -> None:
    pane.select_call(calls["unknown"].id)
    assert pane.send_again_action.isEnabled()
    with desk_store(service) as store:
        store.calls.move(calls["unknown"].id, [CallState.UNKNOWN], CallState.SENT, actor="test")
    book(service, "07700 900999", CallState.QUEUED)
    pane.refresh()
    assert pane.model.rowCount() == 5
    assert pane.current_record() is not None
    assert pane.current_record().id == calls["unknown"].id  # type: ignore[union-attr]
    assert not pane.send_again_action.isEnabled()
    assert pane.detail.toPlainText().startswith("Booked")


def test_export_writes_the_filtered_calls_off_the_gui_thread(
    qtbot: QtBot,
    pane: HistoryPane,
    calls: dict[str, CallRecord],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out" / "rejected"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))
    pane.set_filter("", CallState.REJECTED)
    with qtbot.waitSignal(pane.exportFinished, timeout=5000) as done:
        pane.export_action.trigger()
    path, count = done.args
    assert path == str(target) + ".csv" and count == 1
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and KEY.encode() not in raw
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["Destination"] for r in rows] == ["07700 900456"]
    assert rows[0]["Date"] == "01/12/2030" and rows[0]["State"] == "Rejected"
    assert "Exported 1 call" in pane.count_label.text()
    assert pane.export_action.isEnabled()


def test_a_failed_export_is_explained(
    qtbot: QtBot, pane: HistoryPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_: shown.append(text))
    with qtbot.waitSignal(pane.exportFailed, timeout=5000):
        pane.export_to(str(tmp_path / "missing" / "calls.csv"))
    assert shown and "Could not" in shown[0]


def test_body_helpers() -> None:
    xml = f'<VoiceRequest xmlns="urn:x"><APIKey xmlns="urn:y">{KEY}</APIKey><A>1</A></VoiceRequest>'
    masked = mask_api_key(xml)
    assert KEY not in masked and MASKED in masked
    assert pretty_body(masked).splitlines()[1].strip().startswith("<APIKey")
    assert KEY not in mask_api_key(json.dumps({"APIKey": KEY}))
    assert pretty_body("<html><p>Bad gateway") == "<html><p>Bad gateway"
    assert pretty_body("") == "" and pretty_body("plain") == "plain"
    assert pretty_body('{"a":1}') == '{\n  "a": 1\n}'


def test_keyboard_shortcuts_act_on_the_table_only(
    qtbot: QtBot, pane: HistoryPane, calls: dict[str, CallRecord]
) -> None:
    pane.show()
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    pane.select_call(calls["rejected"].id)
    pane.view.setFocus()
    QApplication.clipboard().clear()
    qtbot.keyClick(pane.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert "07700 900456" in QApplication.clipboard().text()
    used: list[object] = []
    pane.useAsNew.connect(used.append)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(pane.view, Qt.Key.Key_N, ctrl | shift)
    assert used == [calls["rejected"]]
    qtbot.keyClick(pane.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert pane.search_edit.hasFocus()
    pane.search_edit.setText("07700")
    pane.search_edit.selectAll()
    qtbot.keyClick(pane.search_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "07700"  # the line edit's own copy


def test_an_unreadable_database_is_said_plainly(
    qtbot: QtBot, service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**_: object) -> object:
        raise StoreError("Cannot use the call database: the disk is full.")

    monkeypatch.setattr(service, "page", broken)
    pane = HistoryPane(service)
    qtbot.addWidget(pane)
    assert "could not be read" in pane.count_label.text()
    assert "disk is full" in pane.count_label.toolTip()
    monkeypatch.undo()
    pane.refresh()
    assert pane.count_label.text() == "No calls yet."

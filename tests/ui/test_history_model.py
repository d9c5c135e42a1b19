"""The history model without any widget: lazy keyset paging, filters, refresh, CSV export."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtTest import QAbstractItemModelTester

from tests.store_access import desk_store
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.store import CallRecord, StoreError
from voicecall_desktop.ui.calls.cells import (
    COL_BOOKED,
    COL_CREDITS,
    COL_DESTINATION,
    COL_MESSAGE_ID,
    COL_RESULT,
    COL_SCHEDULE,
    HEADERS,
)
from voicecall_desktop.ui.calls.export import CSV_HEADER, export_csv
from voicecall_desktop.ui.calls.history_model import HistoryModel
from voicecall_desktop.ui.common.table_model import ROW_ROLE

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
START = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)  # summer: London is UTC+1
NUMBER = 447700900123  # every 1000th seeded row


@pytest.fixture
def service(home: Path) -> Iterator[Service]:
    svc = Service(home)
    yield svc
    svc.close()


#: Every 100th call is unknown, then every 7th rejected, every 13th queued, the rest sent.
STATE_SQL = (
    "CASE WHEN i % 100 = 0 THEN 'unknown' WHEN i % 7 = 0 THEN 'rejected' "
    "WHEN i % 13 = 0 THEN 'queued' ELSE 'sent' END"
)
SEED_SQL = f"""
INSERT INTO calls (state, destination, destination_text, username, source, site,
    restrict_sends, day, times, created_at, updated_at, booked_by, booked_on, success,
    status_id, status, errors, message_id, credits, request_body)
WITH RECURSIVE seq(i) AS (SELECT :start UNION ALL SELECT i + 1 FROM seq WHERE i < :stop - 1),
numbered(i, st, at) AS (
    SELECT i, {STATE_SQL},
        strftime('%Y-%m-%dT%H:%M:%S+00:00', '2026-07-01 08:00:00', '+' || i || ' minutes')
    FROM seq)
SELECT st, 447700900000 + i % 1000, printf('07700 900%03d', i % 1000), 'reception',
    'Surgery', '', 0, '2030-12-01', '["09:30", "14:00"]', at, at, 'alice', 'PC-01',
    CASE st WHEN 'sent' THEN 1 WHEN 'rejected' THEN 0 END,
    CASE st WHEN 'sent' THEN 1 WHEN 'rejected' THEN 4 END,
    CASE st WHEN 'sent' THEN 'Accepted' WHEN 'rejected' THEN 'Invalid request' END,
    CASE st WHEN 'rejected' THEN '{{"Destination": "Not a mobile"}}' END,
    CASE st WHEN 'sent' THEN 5000000 + i END,
    CASE st WHEN 'sent' THEN 1 END,
    :body
FROM numbered
"""


def seed(service: Service, count: int, start: int = 0) -> None:
    """``count`` calls straight into the ``calls`` table, in one transaction, made by SQLite."""
    body = f'{{"APIKey":"{KEY}"}}'  # a key that must never reach an export
    with desk_store(service) as store, store.db.transaction() as tx:
        tx.execute(SEED_SQL, {"start": start, "stop": start + count, "body": body})


def page_to_end(model: HistoryModel) -> int:
    fetches = 0
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        fetches += 1
    return fetches


@pytest.mark.qt_log_level_fail("WARNING")
def test_model_keeps_qt_model_rules_while_paging_filtering_and_refreshing(
    qapp: object, service: Service
) -> None:
    seed(service, 450)
    model = HistoryModel(service, page_size=100)
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning)
    page_to_end(model)  # the tester fetches too
    assert model.rowCount() == 450
    model.set_filter("", CallState.REJECTED)
    model.fetchMore(QModelIndex())
    seed(service, 30, start=450)
    with desk_store(service) as store:  # leaves the filter
        store.calls.move(model.record(0).id, [CallState.REJECTED], CallState.QUEUED, actor="test")
    model.refresh()
    assert model.state is CallState.REJECTED
    assert all(model.record(r).state is CallState.REJECTED for r in range(model.rowCount()))
    model.set_filter("", None)
    page_to_end(model)
    seed(service, 5, start=480)
    model.refresh()
    assert model.rowCount() == 485
    del tester


def test_hundred_thousand_rows_load_a_page_at_a_time(qapp: object, service: Service) -> None:
    seed(service, 100_000)
    model = HistoryModel(service)
    assert model.rowCount() == 200  # one page, not 100 000
    for pages in range(2, 6):
        assert model.canFetchMore(QModelIndex())
        model.fetchMore(QModelIndex())
        assert model.rowCount() == 200 * pages
    ids = [model.record(r).id for r in range(model.rowCount())]
    assert ids == list(range(100_000, 99_000, -1))  # newest first, no gap, no repeat

    # 1000 unknown calls spread through the 100 000: five pages, then the end.
    model.set_filter("", CallState.UNKNOWN)
    assert model.rowCount() == 200
    fetches = 0
    while model.canFetchMore(QModelIndex()):
        assert model.rowCount() < 1000
        model.fetchMore(QModelIndex())
        fetches += 1
    assert fetches == 4 and model.rowCount() == 1000
    assert {model.record(r).state for r in range(1000)} == {CallState.UNKNOWN}
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 1000

    # A whole number is matched exactly (100 calls to it), and with a state.
    model.set_filter("07700 900123", None)
    assert not model.canFetchMore(QModelIndex())
    assert model.rowCount() == 100
    assert {model.record(r).destination for r in range(100)} == {NUMBER}
    model.set_filter("+44 7700 900123", CallState.REJECTED)
    rows = [model.record(r) for r in range(model.rowCount())]
    assert rows and all(r.destination == NUMBER and r.state is CallState.REJECTED for r in rows)


def test_filter_by_state_and_status_text(qapp: object, service: Service) -> None:
    seed(service, 1000)
    model = HistoryModel(service)
    model.set_filter("", CallState.UNKNOWN)
    page_to_end(model)
    assert model.rowCount() == service.count([CallState.UNKNOWN]) > 0
    assert all(model.record(r).state is CallState.UNKNOWN for r in range(model.rowCount()))
    model.set_filter("invalid req", None)
    page_to_end(model)
    assert model.rowCount() == service.count([CallState.REJECTED])
    model.set_filter("'; DROP TABLE calls; --", None)
    assert model.rowCount() == 0
    assert service.count() == 1000


def test_cells_roles_and_headers(qapp: object, service: Service) -> None:
    seed(service, 2)  # i = 0: unknown, i = 1: sent
    model = HistoryModel(service)
    assert model.columnCount() == len(HEADERS) == 8  # the last two only on the shared store
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)] == list(HEADERS)
    assert HEADERS[6:] == ("Desk", "Booked by")
    # Most needed first: the result beside the number and the day, not the vendor's Status.
    assert HEADERS[:3] == ("Phone number", "Day and times", "Result")
    sent = model.index(0, 0)

    def cell(column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(sent.siblingAtColumn(column), role)

    assert cell(COL_BOOKED) == "01/07/2026 09:01"  # 08:01 UTC is 09:01 in London in July
    assert cell(COL_DESTINATION) == "07700 900001"
    assert cell(COL_SCHEDULE) == "01/12/2030 09:30, 14:00"
    assert cell(COL_RESULT) == "Booked"  # not State "Sent" beside Status "Accepted"
    assert cell(COL_MESSAGE_ID) == "5000001"
    assert cell(COL_CREDITS) == "1"
    assert cell(6) == model.record(0).booked_on and cell(7) == model.record(0).booked_by
    icon = cell(COL_RESULT, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()
    assert isinstance(cell(COL_RESULT, Qt.ItemDataRole.ForegroundRole), QColor)
    assert "accepted" in str(cell(COL_RESULT, Qt.ItemDataRole.ToolTipRole))
    assert cell(COL_CREDITS, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    record = cell(COL_BOOKED, ROW_ROLE)
    assert isinstance(record, CallRecord) and record is model.record(0)
    unknown = model.index(1, COL_RESULT)
    assert model.data(unknown) == "Not sure – check before sending again"
    assert "PatientComms portal" in model.data(unknown, Qt.ItemDataRole.ToolTipRole)
    assert model.data(unknown, Qt.ItemDataRole.ForegroundRole) != cell(
        COL_RESULT, Qt.ItemDataRole.ForegroundRole
    )
    assert model.row_of(record.id) == 0 and model.row_of(999) is None


def test_refresh_inserts_new_calls_updates_changed_ones_and_keeps_depth(
    qapp: object, service: Service
) -> None:
    seed(service, 500)
    model = HistoryModel(service)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 400
    watched = model.record(10)
    changed: list[int] = []
    inserted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.extend([a.row(), b.row()]))
    model.rowsInserted.connect(lambda _p, a, b: inserted.append((a, b)))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    seed(service, 3, start=500)
    with (
        desk_store(service) as store,
        store.db.transaction() as tx,
    ):  # e.g. a late answer for that call
        tx.execute(
            "UPDATE calls SET status = 'Delivered', credits = 2000 WHERE id = ?", (watched.id,)
        )
    model.refresh()
    assert not resets
    assert inserted == [(0, 2)]
    assert model.rowCount() == 403
    assert model.record(0).id > watched.id
    assert model.record(13).id == watched.id
    assert model.data(model.index(13, COL_CREDITS)) == "2,000"  # as numbers read everywhere
    assert 13 in changed
    assert model.canFetchMore(QModelIndex())


def test_load_failure_is_reported_and_stops_fetching(qapp: object) -> None:
    class BrokenStore:
        def page(self, **_: object) -> object:
            raise StoreError("Cannot use the call database: the disk is full.")

    model = HistoryModel(BrokenStore())  # type: ignore[arg-type]
    assert model.rowCount() == 0
    messages: list[str] = []
    model.loadFailed.connect(messages.append)
    model.set_filter("x", None)
    assert messages and "disk is full" in messages[0]
    assert not model.canFetchMore(QModelIndex())


def test_export_csv_writes_every_matching_call_for_excel_and_never_the_key(
    service: Service, tmp_path: Path
) -> None:
    seed(service, 2500)
    with (
        desk_store(service) as store,
        store.db.transaction() as tx,
    ):  # a value Excel would run as a formula
        tx.execute("UPDATE calls SET username = '=HYPERLINK(\"x\")' WHERE id = 1")
    path = tmp_path / "history.csv"
    records = service.iter_calls("", [CallState.REJECTED], page_size=100)
    count = export_csv(records, path)
    assert count == service.count([CallState.REJECTED])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert KEY.encode() not in raw
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == count + 1
    first = dict(zip(CSV_HEADER, rows[1], strict=True))
    assert first["State"] == "Rejected"
    assert first["Destination"].startswith("07700 900")
    assert first["Date"] == "01/12/2030" and first["Times"] == "09:30; 14:00"
    assert first["Errors"] == "Destination: Not a mobile"
    assert datetime.strptime(first["Booked at"], "%d/%m/%Y %H:%M")
    everything = tmp_path / "all.csv"
    assert export_csv(service.iter_calls(), everything) == 2500
    text = everything.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and KEY not in text
    assert not list(tmp_path.glob("*.partial"))

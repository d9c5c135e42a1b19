"""The store protocol's promises, run against both stores: the desk's SQLite and PostgreSQL.

The same test, the same expectations: the service cannot tell which store it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from voicecall_desktop.core.models import CallForm, CallSpec
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.errors import StaleMove

FORM = CallForm(
    destination="07700 900123",
    username="reception",
    source="Surgery",
    day=date(2030, 1, 7),
    times=(time(9, 30), time(14, 0)),
)


def form(number: str = "07700 900123", day: date = date(2030, 1, 7)) -> CallForm:
    return FORM.model_copy(update={"destination": number, "day": day})


def spec(f: CallForm = FORM) -> CallSpec:
    return CallSpec.from_form(f, now=datetime(2030, 1, 1, tzinfo=UTC))[0]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "sqlite":
        try:
            from voicecall_desktop.store import open_store
        except ImportError:
            pytest.skip("the SQLite store's open_store() is not on this branch yet")
        opened = open_store(tmp_path / "desk")
    else:
        from voicecall_desktop.store_pg import PgStore

        opened = PgStore(request.getfixturevalue("pg_url"))
    yield opened
    opened.close()


def queue(store: Any, f: CallForm = FORM) -> int:
    return int(store.calls.create(f, spec(f), CallState.QUEUED, actor="amy", machine="DESK1").id)


def test_a_draft_keeps_a_half_filled_form_and_who_booked_it(store: Any) -> None:
    half = CallForm(destination="0770 not a number", source="S", times=(time(8, 0),))
    record = store.calls.create(half, None, CallState.DRAFT, actor="amy", machine="DESK1")
    again = store.calls.get(record.id)
    assert again == record
    assert again.state is CallState.DRAFT
    assert again.destination is None
    assert again.destination_text == "0770 not a number"
    assert again.times == (time(8, 0),)
    assert (again.booked_by, again.booked_on) == ("amy", "DESK1")
    assert again.created_at.tzinfo is not None


def test_a_queued_call_keeps_its_validated_fields(store: Any) -> None:
    record = store.calls.get(queue(store))
    assert record.state is CallState.QUEUED
    assert record.destination == 447700900123
    assert record.day == date(2030, 1, 7)
    assert record.times == (time(9, 30), time(14, 0))
    assert record.spec() == spec()
    [created] = store.calls.events(record.id)
    assert (created.from_state, created.to_state, created.actor) == (None, CallState.QUEUED, "amy")


def test_create_many_is_all_or_nothing(store: Any) -> None:
    with pytest.raises(ValueError):
        store.calls.create_many(
            [(FORM, spec()), (FORM, None)], CallState.QUEUED, actor="a", machine="m"
        )
    assert store.calls.count() == 0
    ids = store.calls.create_many(
        [(form("07700 900001"), spec(form("07700 900001"))), (form("07700 900002"), None)],
        CallState.DRAFT,
        actor="a",
        machine="m",
    )
    assert len(ids) == 2 and ids[0] < ids[1]
    assert store.calls.count([CallState.DRAFT]) == 2
    with pytest.raises(ValueError):
        store.calls.create(FORM, spec(), CallState.SENT, actor="a", machine="m")


def test_moves_are_checked_against_the_state_machine_and_the_owner(store: Any) -> None:
    call_id = queue(store)
    with pytest.raises(StaleMove):
        store.calls.move(call_id, [CallState.DRAFT], CallState.QUEUED, actor="a")
    with pytest.raises(StaleMove):
        store.calls.move(call_id, [CallState.QUEUED], CallState.SENT, actor="a")
    with pytest.raises(StaleMove):
        store.calls.move(call_id + 1000, [CallState.QUEUED], CallState.DRAFT, actor="a")
    claimed = store.calls.claim("owner-1")
    assert claimed.id == call_id and claimed.state is CallState.SENDING
    assert claimed.owner == "owner-1" and claimed.attempts == 1
    with pytest.raises(StaleMove):
        store.calls.move(call_id, [CallState.SENDING], CallState.SENT, actor="a", owner="other")
    answered = datetime(2030, 1, 1, 9, tzinfo=UTC)
    sent = store.calls.move(
        call_id,
        [CallState.SENDING],
        CallState.SENT,
        actor="a",
        owner="owner-1",
        fields={
            "success": True,
            "status_id": 1,
            "status": "Queued for delivery",
            "errors": {"Destination": "looked odd"},
            "message_id": 99,
            "credits": 2,
            "answered_at": answered,
            "owner": None,
        },
    )
    assert sent.state is CallState.SENT and sent.success is True
    assert sent.errors == {"Destination": "looked odd"}
    assert sent.answered_at == answered and sent.owner is None
    moves = [(e.from_state, e.to_state) for e in store.calls.events(call_id)]
    assert moves[-2:] == [
        (CallState.QUEUED, CallState.SENDING),
        (CallState.SENDING, CallState.SENT),
    ]
    with pytest.raises(ValueError):
        store.calls.move(
            call_id, [CallState.SENT], CallState.SENT, actor="a", fields={"state": "x"}
        )


def test_a_same_state_move_only_sets_fields_and_notes(store: Any) -> None:
    call_id = queue(store)
    store.calls.claim("o")
    store.calls.move(call_id, [CallState.SENDING], CallState.UNKNOWN, actor="a")
    before = len(store.calls.events(call_id))
    reviewed = store.calls.move(
        call_id,
        [CallState.UNKNOWN],
        CallState.UNKNOWN,
        actor="a",
        note="reviewed",
        fields={"reviewed": True},
    )
    assert reviewed.reviewed is True
    assert len(store.calls.events(call_id)) == before + 1


def test_claim_takes_the_oldest_due_call_once(store: Any) -> None:
    first, second = queue(store, form("07700 900001")), queue(store, form("07700 900002"))
    later = datetime.now(UTC) + timedelta(hours=1)
    store.calls.claim("o")  # takes `first`
    store.calls.move(
        first,
        [CallState.SENDING],
        CallState.QUEUED,
        actor="a",
        owner="o",
        fields={"next_attempt_at": later, "owner": None},
    )
    assert store.calls.claim("o", respect_backoff=True).id == second
    assert store.calls.claim("o", respect_backoff=True) is None
    assert store.calls.claim("o", call_id=second) is None  # already sending
    again = store.calls.claim("o", respect_backoff=False)
    assert again.id == first and again.attempts == 2


def test_update_form_only_edits_drafts(store: Any) -> None:
    draft = store.calls.create(FORM, None, CallState.DRAFT, actor="a", machine="m")
    edited = form("07700 900555")
    queued = store.calls.update_form(
        draft.id, edited, spec(edited), actor="a", target=CallState.QUEUED
    )
    assert queued.state is CallState.QUEUED and queued.destination == 447700900555
    with pytest.raises(StaleMove):
        store.calls.update_form(draft.id, FORM, None, actor="a", target=CallState.DRAFT)


def test_recover_stale_makes_dead_claims_unknown_never_queued(store: Any) -> None:
    dead, live = queue(store, form("07700 900001")), queue(store, form("07700 900002"))
    store.calls.claim("dead-owner")
    store.calls.claim("live-owner")
    moved = store.calls.recover_stale(lambda token: token == "live-owner", actor="desk")
    assert moved == [dead]
    assert store.calls.get(dead).state is CallState.UNKNOWN
    assert "stopped" in (store.calls.get(dead).last_error or "")
    assert store.calls.get(live).state is CallState.SENDING
    assert [r.id for r in store.calls.sending()] == [live]


def test_pages_are_keyset_and_ordered(store: Any) -> None:
    ids = [queue(store, form(f"07700 9001{n:02d}")) for n in range(7)]
    page = store.calls.page(limit=3)
    assert [r.id for r in page.rows] == ids[::-1][:3] and page.has_more
    rest = store.calls.page(limit=10, before_id=page.rows[-1].id)
    assert [r.id for r in rest.rows] == ids[::-1][3:] and not rest.has_more
    oldest = store.calls.page(limit=2, oldest_first=True, before_id=ids[1])
    assert [r.id for r in oldest.rows] == ids[2:4]
    assert store.calls.page(states=[CallState.DRAFT]).rows == []


def test_search_by_number_part_word_and_state(store: Any) -> None:
    a = queue(store, form("07700 900123"))
    b = queue(store, form("07700 900456"))
    store.calls.claim("o", call_id=b)
    store.calls.move(
        b,
        [CallState.SENDING],
        CallState.UNKNOWN,
        actor="x",
        fields={"last_error": "Read timeout from PatientComms"},
    )

    def found(text: str) -> list[int]:
        return [r.id for r in store.calls.page(search=text).rows]

    assert found("07700 900123") == [a]  # a whole number
    assert found("900123") == [a]  # part of one
    assert found("07700") == [b, a]  # leading 0 also matches the stored 44…
    assert found("0456") == [b]
    assert found("read TIMEOUT") == [b]  # the last error, any case
    assert found("outcome unknown") == [b]  # the state's word as shown
    assert found("surg") == [b, a]
    assert found("100%_") == []  # LIKE's wildcards are literal
    assert found("\udcff") == []  # undecodable input is matched, never refused


def test_same_day_spans_live_calls_only(store: Any) -> None:
    a = queue(store, form("07700 900123"))
    store.calls.create(form("07700 900123"), None, CallState.DRAFT, actor="a", machine="m")
    queue(store, form("07700 900123", date(2030, 1, 8)))
    assert [r.id for r in store.calls.same_day(447700900123, date(2030, 1, 7))] == [a]
    assert store.calls.same_day(447700900123, date(2030, 1, 7), exclude_id=a) == []
    assert store.calls.same_day(447700900123, None) == []


def test_booked_counts_count_calls_that_ring_per_day_in_the_range(store: Any) -> None:
    monday, tuesday, friday = date(2030, 1, 7), date(2030, 1, 8), date(2030, 1, 11)
    for number in ("07700 900123", "07700 900124", "07700 900125"):
        queue(store, form(number, monday))
    queue(store, form("07700 900126", tuesday))
    # A draft and a refused call do not ring: not counted.
    store.calls.create(form("07700 900127", tuesday), None, CallState.DRAFT, actor="a", machine="m")
    refused = queue(store, form("07700 900128", tuesday))
    unknown = queue(store, form("07700 900129", friday))
    for call_id, to in ((refused, CallState.REJECTED), (unknown, CallState.UNKNOWN)):
        assert store.calls.claim("o", call_id=call_id) is not None
        store.calls.move(call_id, [CallState.SENDING], to, actor="a", owner="o")
    assert store.calls.booked_counts(monday, friday) == {monday: 3, tuesday: 1, friday: 1}
    assert store.calls.booked_counts(tuesday, tuesday) == {tuesday: 1}
    # The ends of the range are included; days outside it and empty days are left out.
    assert store.calls.booked_counts(date(2030, 1, 9), date(2030, 1, 10)) == {}
    assert store.calls.booked_counts(friday, monday) == {}


def test_purge_and_delete_draft(store: Any) -> None:
    sent = queue(store)
    store.calls.claim("o")
    store.calls.move(sent, [CallState.SENDING], CallState.SENT, actor="a", owner="o")
    waiting = queue(store, form("07700 900999"))
    draft = store.calls.create(FORM, None, CallState.DRAFT, actor="a", machine="m").id
    assert store.calls.purge_before(datetime.now(UTC) + timedelta(days=1)) == 1
    assert store.calls.get(sent) is None and store.calls.get(waiting) is not None
    with pytest.raises(StaleMove):
        store.calls.delete_draft(waiting, actor="a")
    store.calls.delete_draft(draft, actor="a")
    assert store.calls.get(draft) is None and store.calls.events(draft) == []


def test_do_not_call_list(store: Any) -> None:
    dnc = store.do_not_call
    assert dnc.add(447700900123, actor="amy", note="asked") is True
    assert dnc.add(447700900123, actor="bob") is False
    assert dnc.add_many([447700900123, 447700900124], actor="amy") == 1
    entry = dnc.get(447700900123)
    assert (entry.destination, entry.added_by, entry.note) == (447700900123, "amy", "asked")
    assert [e.destination for e in dnc.all()] == [447700900123, 447700900124]
    assert dnc.remove(447700900123) is True and dnc.remove(447700900123) is False
    assert dnc.get(447700900123) is None


def test_presets_ignore_case(store: Any) -> None:
    presets = store.presets
    presets.save("Flu clinic", {"source": "Flu"})
    presets.save("FLU CLINIC", {"source": "Flu 2"})
    assert presets.names() == ["FLU CLINIC"]
    assert presets.get("flu clinic") == {"source": "Flu 2"}
    assert presets.rename("flu clinic", "Jabs") is True
    assert presets.rename("nothing", "x") is False
    assert presets.delete("JABS") is True and presets.names() == []


def test_settings_round_trip(store: Any) -> None:
    settings = Settings()
    settings.source = "Practice"
    settings.retention_days = 30
    store.settings.save(settings)
    loaded = store.settings.load()
    assert loaded.source == "Practice" and loaded.retention_days == 30


def test_info_and_integrity(store: Any) -> None:
    info = store.info()
    assert info.kind in ("sqlite", "postgresql") and info.schema_version >= 1
    assert "password" not in info.location
    assert store.integrity_check() == "ok"

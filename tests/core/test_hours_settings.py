"""The humane-hours settings: defaults, typed values, and the store's round trip.

The store keeps one JSON value per key and sets fields one at a time, so each
new field must dump to plain JSON, load back equal, and have a default for
settings saved before it existed.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from voicecall_desktop.core.practice_days import WEEKDAYS, Closure
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.store import open_database
from voicecall_desktop.store.settings import SettingsStore

PROPERTY = settings(max_examples=150, deadline=None, database=None, derandomize=True)

HOURS_FIELDS = ("quiet_hours_start", "quiet_hours_end", "nation", "open_weekdays", "closures")


def test_defaults() -> None:
    dumped = Settings().model_dump()
    assert {k: dumped[k] for k in HOURS_FIELDS} == {
        "quiet_hours_start": "20:00",
        "quiet_hours_end": "08:00",
        "nation": "england-and-wales",
        "open_weekdays": ["mon", "tue", "wed", "thu", "fri"],
        "closures": [],
    }


def test_settings_saved_before_these_fields_still_load(tmp_path: Path) -> None:
    db = open_database(tmp_path / "calls.db")
    try:
        with db.transaction() as tx:
            tx.execute("DELETE FROM settings")
            tx.execute("INSERT INTO settings (key, value) VALUES ('username', '\"reception\"')")
        loaded = SettingsStore(db).load()
    finally:
        db.close()
    assert loaded.username == "reception"
    assert loaded.model_dump(include=set(HOURS_FIELDS)) == Settings().model_dump(
        include=set(HOURS_FIELDS)
    )


def test_the_store_keeps_them(tmp_path: Path) -> None:
    chosen = Settings(
        quiet_hours_start="19:30",
        quiet_hours_end="0830",
        nation="Northern Ireland",
        open_weekdays="mon-sat",
        closures="24/12/2026 Staff training; 2027-01-04 Boiler repair",
    )
    db = open_database(tmp_path / "calls.db")
    try:
        SettingsStore(db).save(chosen)
        loaded = SettingsStore(db).load()
        stored = dict(db.read("SELECT key, value FROM settings WHERE key = 'closures'")[0])
    finally:
        db.close()
    assert loaded == chosen
    assert json.loads(stored["value"]) == [
        {"date": "2026-12-24", "reason": "Staff training"},
        {"date": "2027-01-04", "reason": "Boiler repair"},
    ]


def test_a_bad_stored_value_falls_back_to_its_default(tmp_path: Path) -> None:
    db = open_database(tmp_path / "calls.db")
    try:
        with db.transaction() as tx:
            tx.execute("DELETE FROM settings")
            tx.execute("INSERT INTO settings (key, value) VALUES ('nation', '\"France\"')")
            tx.execute("INSERT INTO settings (key, value) VALUES ('quiet_hours_end', '\"25\"')")
        loaded = SettingsStore(db).load()
    finally:
        db.close()
    assert loaded.nation == "england-and-wales"
    assert loaded.quiet_hours_end == time(8, 0)


@pytest.mark.parametrize(
    ("name", "typed", "kept"),
    [
        ("quiet_hours_start", "8pm", time(20, 0)),
        ("quiet_hours_end", "0745", time(7, 45)),
        ("nation", "Wales", "england-and-wales"),
        ("nation", "ENG", "england-and-wales"),
        ("nation", "scotland", "scotland"),
        ("nation", "NI", "northern-ireland"),
        ("open_weekdays", "Monday to Friday", ["mon", "tue", "wed", "thu", "fri"]),
        ("open_weekdays", "fri, mon, Wed, mon", ["mon", "wed", "fri"]),
        ("open_weekdays", "Tues Thurs SATURDAY", ["tue", "thu", "sat"]),
        ("open_weekdays", "sat-mon", ["mon", "sat", "sun"]),
        (
            "closures",
            '[{"date": "2026-12-24", "reason": " Staff   training "}]',
            [Closure(date=date(2026, 12, 24), reason="Staff training")],
        ),
        ("closures", "", []),
    ],
)
def test_typed_values_as_the_command_line_gives_them(name: str, typed: str, kept: object) -> None:
    chosen = Settings()
    setattr(chosen, name, typed)
    assert getattr(chosen, name) == kept


def test_quiet_hours_keep_whole_minutes() -> None:
    chosen = Settings(quiet_hours_end=time(7, 45, 30))
    assert chosen.quiet_hours_end == time(7, 45)


@pytest.mark.parametrize(
    ("name", "typed", "says"),
    [
        ("quiet_hours_start", "25", "25 is not an hour"),
        ("nation", "France", "is not a UK nation"),
        ("open_weekdays", "", "open on at least one day"),
        ("open_weekdays", "weekdays", "is not a day of the week"),
        ("open_weekdays", "monkey-fri", "'monkey' is not a day of the week"),
        ("closures", "2026-12-24", "say why the practice is closed"),
        ("closures", "Christmas Eve", "is not a date"),
        ("closures", "2026-12-24 a; 24/12/2026 b", "24/12/2026 is listed twice"),
        ("closures", "[not json", "is not a readable JSON list"),
    ],
)
def test_bad_values_are_refused_in_plain_words(name: str, typed: str, says: str) -> None:
    chosen = Settings()
    with pytest.raises(ValidationError) as caught:
        setattr(chosen, name, typed)
    message = caught.value.errors()[0]["msg"]
    assert says in message
    assert not message.startswith("Value error")
    assert chosen == Settings()  # a refused value leaves the setting as it was


hours_values = st.fixed_dictionaries(
    {
        "quiet_hours_start": st.builds(time, st.integers(0, 23), st.integers(0, 59)),
        "quiet_hours_end": st.builds(time, st.integers(0, 23), st.integers(0, 59)),
        "nation": st.sampled_from(["england-and-wales", "scotland", "northern-ireland"]),
        "open_weekdays": st.lists(st.sampled_from(WEEKDAYS), min_size=1, unique=True),
        "closures": st.lists(
            st.builds(
                Closure,
                date=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
                reason=st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).filter(
                    lambda r: r.strip() and " ".join(r.split()) == r
                ),
            ),
            max_size=4,
            unique_by=lambda c: c.date,
        ),
    }
)


@PROPERTY
@given(values=hours_values, order=st.permutations(HOURS_FIELDS))
def test_set_one_at_a_time_in_any_order_then_through_json_and_back(
    values: dict[str, object], order: list[str]
) -> None:
    chosen = Settings()
    for name in order:
        setattr(chosen, name, values[name])
    # What the store does: json.dumps(model_dump()) per key, json.loads and setattr to load.
    restored = Settings()
    for name, value in json.loads(json.dumps(chosen.model_dump())).items():
        setattr(restored, name, value)
    assert restored == chosen
    assert Settings(**chosen.model_dump()) == chosen  # as the settings dialog rebuilds them
    assert restored.open_weekdays == sorted(set(restored.open_weekdays), key=WEEKDAYS.index)
    assert [c.date for c in restored.closures] == sorted(c.date for c in restored.closures)

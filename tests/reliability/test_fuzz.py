"""Fuzzing what people and servers hand us: phone numbers, the booking form, response
bodies, CSV call lists and history search text.

Every property is the same promise in a different place: any input gives a clean
answer (a value, or the one error type that names what is wrong) and nothing else
escapes. Runs are derandomized (reproducible in CI) and bounded in examples and time.
"""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.kit import not_none
from voicecall_desktop.api import Unreadable, decode, encode_json, encode_xml
from voicecall_desktop.api.codecs import decode_json, decode_xml
from voicecall_desktop.core.batch import COLUMNS, parse_batch
from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallSpec, SingleSendResponse
from voicecall_desktop.core.phone import format_destination, parse_destination
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState
from voicecall_desktop.sandbox._codec import parse_json, parse_xml
from voicecall_desktop.service import Service
from voicecall_desktop.store import Database, SqliteStore

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
FORM_FIELDS = {"Destination", "Username", "Source", "CustomerSiteId", "Date", "Times"}

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=2),
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

PHONEISH = st.text(alphabet="0123456789+()-. /\t", max_size=24)
NUMBERISH = st.from_regex(r"\A(\+|00|0)?[1-9][0-9 ]{6,16}\Z")
GOOD_NUMBERS = st.sampled_from(
    ["07700 900123", "+44 7700 900123", "447700900123", "+44 (0)20 7946 0000", "0044 7700 900001"]
)

# -- phone input -------------------------------------------------------------------------


@given(text=st.one_of(st.text(max_size=60), PHONEISH, NUMBERISH, GOOD_NUMBERS))
@example(text="+44 (0)7700 900123")
@example(text="0" * 40)
@example(text="٠٧٧٠٠ ٩٠٠١٢٣")  # Arabic-Indic digits
@example(text="07700 900123\x00")
@FUZZ
def test_phone_input_gives_a_number_or_a_destination_error(text: str) -> None:
    try:
        number = parse_destination(text)
    except FieldError as exc:
        assert exc.field == "Destination"
        assert exc.message.strip()
        return
    assert type(number) is int
    assert 10**6 < number < 10**15, number  # 7..15 digits, the E.164 limit
    # What is stored reads back as the same patient, whether typed from the stored
    # form (with its +) or from the way the window shows it.
    assert parse_destination("+" + str(number)) == number
    assert parse_destination(format_destination(number)) == number


@given(value=st.integers(min_value=-(10**18), max_value=10**18))
@FUZZ
def test_phone_input_as_an_integer(value: int) -> None:
    try:
        number = parse_destination(value)
    except FieldError as exc:
        assert exc.field == "Destination"
        return
    assert 10**6 < number < 10**15


def _example_numbers() -> Iterator[str]:
    kinds = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            found = phonenumbers.example_number_for_type(region, kind)
            if found is not None:
                yield phonenumbers.format_number(found, phonenumbers.PhoneNumberFormat.E164)


def test_every_countrys_example_number_keeps_its_identity() -> None:
    """Every region's example numbers: accepted as the same digits, or refused by name."""
    changed = []
    for e164 in _example_numbers():
        try:
            number = parse_destination(e164)
        except FieldError as exc:
            assert exc.field == "Destination"
            continue
        if str(number) != e164[1:] or parse_destination(format_destination(number)) != number:
            changed.append((e164, number, format_destination(number)))
    assert changed == []


# -- the form model ----------------------------------------------------------------------

# Characters XML 1.0 can carry (the XML body cannot hold C0 controls other than tab/LF/CR).
_XML_SAFE = st.characters(
    blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\t ")
_SAFE_TEXT = st.text(alphabet=_XML_SAFE, max_size=24)


@given(
    destination=st.one_of(st.text(max_size=30), PHONEISH, GOOD_NUMBERS),
    username=st.none() | st.text(max_size=30),
    source=st.none() | st.text(max_size=20),
    site=st.none() | st.text(max_size=120),
    restrict=st.booleans(),
    day=st.none() | st.dates(),
    times=st.lists(st.times(), max_size=5),
)
@example(
    destination="07700 900123",
    username="reception",
    source="Surgery",
    site=None,
    restrict=False,
    day=date(2027, 3, 28),
    times=[time(1, 30)],  # the hour the clocks skip
)
@example(
    destination="07700 900123",
    username="reception",
    source="Surgery",
    site="",
    restrict=True,
    day=date(9999, 12, 31),
    times=[time(23, 59, 59, 999999)],
)
@FUZZ
def test_form_gives_a_call_or_errors_naming_known_fields(
    destination: str,
    username: str | None,
    source: str | None,
    site: str | None,
    restrict: bool,
    day: date | None,
    times: list[time],
) -> None:
    try:
        spec, notes = CallSpec.from_input(
            destination=destination,
            username=username,
            source=source,
            site=site,
            restrict_sends=restrict,
            day=day,
            times=times,
            now=NOW,
        )
    except InputErrors as exc:
        assert exc.errors, "InputErrors without any field"
        assert set(exc.fields) <= FORM_FIELDS, exc.fields
        assert all(e.message.strip() for e in exc.errors)
        return
    assert all(isinstance(n, str) for n in notes)
    assert spec.username and 3 <= len(spec.source) <= 14
    assert spec.site is None or len(spec.site) <= 100
    # An accepted call can always be put on the wire, and reads back as itself.
    request = spec.to_request(KEY, now=NOW)
    body = json.loads(encode_json(request))
    assert body["Destination"] == spec.destination
    again, _ = CallSpec.from_form(spec.to_form(), now=NOW)
    assert again == spec


@given(
    username=_SAFE_TEXT,
    source=_SAFE_TEXT,
    site=st.none() | _SAFE_TEXT,
)
@FUZZ
def test_accepted_text_survives_both_wire_formats(
    username: str, source: str, site: str | None
) -> None:
    """What the form accepts reaches the API unchanged, as JSON and as DataContract XML."""
    try:
        spec, _ = CallSpec.from_input(
            destination="07700 900123", username=username, source=source, site=site, now=NOW
        )
    except InputErrors:
        return
    request = spec.to_request(KEY, now=NOW)
    for fields, errors in (
        parse_json(encode_json(request), "utf-8"),
        parse_xml(encode_xml(request)),
    ):
        assert errors == {}
        assert fields["Username"] == spec.username
        assert fields["Source"] == spec.source
        assert fields.get("CustomerSiteId") == spec.site


@pytest.mark.parametrize("text", ["rec\x0beption", "rec\x01eption", "Surgery\x1b"])
def test_control_characters_are_refused_or_survive_xml(text: str) -> None:
    try:
        spec, _ = CallSpec.from_input(
            destination="07700 900123", username=text, source="Surgery", now=NOW
        )
    except InputErrors as exc:
        assert exc.fields == ["Username"]
        return
    ET.fromstring(encode_xml(spec.to_request(KEY, now=NOW)))


# -- response decoders -------------------------------------------------------------------

SEED_JSON = (
    b'{ "StatusId": 1, "Status": "sample string 2", "Success": true, "Errors": '
    b'{ "sample string 1": "sample string 2", "sample string 3": "sample string 4" }, '
    b'"MessageId": 1, "Credits": 1 }'
)
SEED_XML = (
    b'<SingleSendResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    b'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs.Response"> '
    b'<Errors xmlns:d2p1="http://schemas.microsoft.com/2003/10/Serialization/Arrays" '
    b'xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs"> '
    b"<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 1</d2p1:Key> "
    b"<d2p1:Value>sample string 2</d2p1:Value> </d2p1:KeyValueOfstringstring> "
    b"<d2p1:KeyValueOfstringstring> <d2p1:Key>sample string 3</d2p1:Key> "
    b"<d2p1:Value>sample string 4</d2p1:Value> </d2p1:KeyValueOfstringstring> </Errors> "
    b'<Status xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"sample string 2</Status> "
    b'<StatusId xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"1</StatusId> "
    b'<Success xmlns="http://schemas.datacontract.org/2004/07/PatientComms.API.Public.DTOs">'
    b"true</Success> <Credits>1</Credits> <MessageId>1</MessageId> </SingleSendResponse>"
)
SEED_MODELSTATE = (
    b'{"Message":"The request is invalid.","ModelState":{"request.Destination":'
    b'["The Destination field is required."],"request.Source":["Too long.", null]}}'
)
SEED_ERROR_XML = (
    b"<Error><Message>The request is invalid.</Message><ModelState>"
    b"<request.Destination>The Destination field is required.</request.Destination>"
    b"</ModelState></Error>"
)
SEED_NIL_XML = (
    b'<SingleSendResponse xmlns:i="http://www.w3.org/2001/XMLSchema-instance">'
    b'<Errors i:nil="true"/><Status i:nil="true"/><Success>false</Success>'
    b"<MessageId></MessageId></SingleSendResponse>"
)
SEEDS = [SEED_JSON, SEED_XML, SEED_MODELSTATE, SEED_ERROR_XML, SEED_NIL_XML]
CONTENT_TYPES = st.sampled_from(
    [
        None,
        "",
        "application/json",
        "application/json; charset=utf-8",
        "text/json",
        "application/xml",
        "text/xml; charset=utf-16",
        "text/html",
        "text/plain",
        "application/octet-stream",
    ]
)
_OPS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "delete", "insert", "truncate", "repeat", "swap"]),
        st.integers(min_value=0, max_value=2000),
        st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=6,
)


def mutate(seed: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    """Apply byte-level edits, as a flaky link, a proxy or a broken server would."""
    data = bytearray(seed)
    for op, where, chunk in ops:
        at = where % (len(data) + 1)
        if op == "flip" and data:
            data[at % len(data)] ^= chunk[0] or 0x20
        elif op == "delete":
            del data[at : at + len(chunk)]
        elif op == "insert":
            data[at:at] = chunk
        elif op == "truncate":
            del data[at:]
        elif op == "repeat":
            data[at:at] = data[at : at + 40]
        elif op == "swap" and len(data) > 1:
            other = (at + len(chunk) * 7) % len(data)
            a, b = sorted((at % len(data), other))
            data[a], data[b] = data[b], data[a]
    return bytes(data)


BODIES = st.one_of(
    st.binary(max_size=400),
    st.builds(mutate, st.sampled_from(SEEDS), _OPS),
    st.sampled_from(SEEDS),
)


@given(body=BODIES, content_type=CONTENT_TYPES)
@example(body=b"\xef\xbb\xbf" + SEED_JSON, content_type=None)
@example(body=SEED_XML.decode().encode("utf-16"), content_type="application/xml")
@example(body=b"[" * 100_000, content_type="application/json")
@example(body=b"<a>" * 50_000, content_type="application/xml")
@FUZZ
def test_decoders_give_a_response_or_unreadable(body: bytes, content_type: str | None) -> None:
    decoders: list[Callable[[], object]] = [
        lambda: decode(body, content_type),
        lambda: decode_json(body),
        lambda: decode_xml(body),
    ]
    for decoder in decoders:
        try:
            result = decoder()
        except Unreadable as exc:
            assert str(exc).strip()
            continue
        assert isinstance(result, SingleSendResponse)
        assert result.Success in (True, False, None)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.Errors.items())


def test_the_seeds_themselves_decode() -> None:
    assert decode(SEED_JSON, "application/json").Success is True
    assert decode(SEED_XML, "application/xml").Success is True
    assert decode(SEED_MODELSTATE, "application/json").Success is False
    assert decode(SEED_NIL_XML, "application/xml").Success is False


# -- CSV call lists ----------------------------------------------------------------------

SETTINGS = Settings(username="reception", source="Surgery")
_CELLS = st.one_of(
    GOOD_NUMBERS,
    PHONEISH,
    st.sampled_from(["2026-12-01", "01/12/2026", "31/02/2027", "2020-01-01", "tomorrow", ""]),
    st.sampled_from(["09:30", "09:30;14:00", "25:00", "9.30", "09:30,10:00", ""]),
    st.sampled_from(["true", "No", "1", "maybe", ""]),
    st.text(max_size=15),
)


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    names = draw(
        st.lists(st.sampled_from([*COLUMNS, "notes", "Destination", "DATE", ""]), max_size=8)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = draw(st.lists(st.lists(_CELLS, max_size=len(names) + 2), max_size=12))

    def line(cells: list[str]) -> str:
        quoted = [f'"{c}"' if delimiter in c or '"' in c else c for c in cells]
        return delimiter.join(quoted)

    text = "\r\n".join([line(names), *(line(r) for r in rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@given(data=st.one_of(st.binary(max_size=600), csv_files()))
@example(data=b"destination\n" + b"x" * 200_000)  # a cell past csv's field size limit
@example(data=b"\x00destination\x00\n07700 900123\x00")
@example(data=b'destination\n"07700 900123')  # an unterminated quote
@FUZZ
def test_call_lists_never_raise(data: bytes) -> None:
    blocked = 447700900001
    batch = parse_batch(
        data,
        SETTINGS,
        blocked=lambda d: "on the do-not-call list" if d == blocked else None,
        now=NOW,
    )
    for problem in batch.invalid:
        assert problem.field in (*COLUMNS, "file"), problem
        assert problem.row >= 1 and problem.message.strip()
    for row in batch.rows:
        assert row.row >= 2
        assert row.valid or row.problems
        if row.valid:
            assert row.spec is not None and row.spec.destination != blocked


# -- history search ----------------------------------------------------------------------


SqlParams = tuple[object, ...] | dict[str, object]


class _Spy:
    """Records every SQL statement the store asks for, to prove input never becomes SQL."""

    def __init__(self, read: Callable[[str, SqlParams], list[sqlite3.Row]]) -> None:
        self._read = read
        self.statements: list[str] = []

    def __call__(self, sql: str, params: SqlParams = ()) -> list[sqlite3.Row]:
        self.statements.append(sql)
        return self._read(sql, params)


@pytest.fixture
def store(home: Path) -> Iterator[tuple[Service, _Spy, set[str], int, Database]]:
    sqlite = SqliteStore(home)  # handed to the service, so the test can watch its statements
    service = Service(home, store=sqlite)
    items = []
    for i in range(30):
        spec, _ = CallSpec.from_input(
            destination=f"07700 900{i:03d}", username=f"user{i % 3}", source="Surgery", now=NOW
        )
        items.append((spec.to_form(), spec))
    sqlite.calls.create_many(items, CallState.QUEUED, actor="test", machine="test")
    service.save_draft(not_none(service.get(1)).form)
    spy = _Spy(sqlite.db.read)
    sqlite.db.read = spy  # type: ignore[method-assign]  # watched in place, as the store calls it
    # The statements one search of each kind builds: nothing else may ever be run.
    # (Three characters or more use the trigram index; shorter text a LIKE scan.)
    for text in ("", "07700 900001", "0123", "12", "Queued", "50% off_", "q%"):
        service.page(search=text, limit=5)
    templates = set(spy.statements)
    count = service.count()
    yield service, spy, templates, count, sqlite.db
    service.close()


@given(
    text=st.one_of(
        st.text(max_size=40),
        PHONEISH,
        st.sampled_from(
            [
                "'; DROP TABLE calls; --",
                "%",
                "_",
                "\\",
                "' OR 1=1 --",
                '" OR ""="',
                "07700 900001' --",
                "\x00",
                "ORDER BY id",
            ]
        ),
    )
)
@FUZZ
def test_search_text_is_only_ever_a_parameter(
    store: tuple[Service, _Spy, set[str], int, Database], text: str
) -> None:
    service, spy, templates, count, db = store
    changes = db.connection().total_changes
    spy.statements.clear()
    page = service.page(search=text, limit=20)
    assert len(page.rows) <= 20
    assert spy.statements, "the spy saw no statement"
    assert set(spy.statements) <= templates, "search text changed the SQL itself"
    assert service.count() == count
    assert db.connection().total_changes == changes


def test_search_with_undecodable_text(store: tuple[Service, _Spy, set[str], int, Database]) -> None:
    service, _spy, _templates, count, _db = store
    service.page(search="caf\udce9", limit=5)
    assert service.count() == count

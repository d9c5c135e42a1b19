"""The wire models and the call as a person books it."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import pytest
from pydantic import ValidationError

from voicecall_desktop.core.errors import FieldError, InputErrors
from voicecall_desktop.core.models import CallForm, CallSpec, SingleSendResponse, VoiceRequest

KEY = "94670106-3242-43ff-96fa-475c7de2425c"
NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
SEED_ORDER = [
    "APIKey",
    "Username",
    "Destination",
    "Source",
    "CustomerSiteId",
    "RestrictSends",
    "Date",
    "Times",
]
GOOD = {
    "destination": "07700 900123",
    "username": "reception1",
    "source": "SurgeryA",
}


def _spec(**overrides: object) -> tuple[CallSpec, list[str]]:
    values: dict[str, object] = {**GOOD, "now": NOW, **overrides}
    return CallSpec.from_input(**values)  # type: ignore[arg-type]


def _errors(**overrides: object) -> InputErrors:
    with pytest.raises(InputErrors) as caught:
        _spec(**overrides)
    return caught.value


# -- CallSpec.from_input -------------------------------------------------------


def test_every_wrong_field_is_reported_at_once() -> None:
    errors = _errors(
        destination="not a number",
        username="  ",
        source="sample string 4",
        site="x" * 101,
        day=date(2026, 10, 1),
    )
    assert errors.fields == ["Destination", "Username", "Source", "CustomerSiteId", "Date"]
    assert all(isinstance(e, FieldError) for e in errors.errors)
    text = str(errors)
    for field in errors.fields:
        assert f"{field}: " in text


def test_schedule_error_is_reported_with_the_others() -> None:
    errors = _errors(destination="", day=date(2027, 3, 28), times=[time(1, 30)])
    assert errors.fields == ["Destination", "Times"]
    assert "does not exist" in errors.errors[1].message


def test_good_input_gives_a_spec() -> None:
    spec, notes = _spec(
        destination="+44 (0)7700 900123",
        username="  reception1 ",
        source=" SurgeryA ",
        site=" site-5 ",
        restrict_sends=True,
        day=date(2026, 12, 1),
        times=[time(14, 0), time(9, 30), time(14, 0)],
    )
    assert spec == CallSpec(
        destination=447700900123,
        username="reception1",
        source="SurgeryA",
        site="site-5",
        restrict_sends=True,
        day=date(2026, 12, 1),
        times=(time(9, 30), time(14, 0)),
    )
    assert notes == []


@pytest.mark.parametrize("source", ["abc", "x" * 14, "  abc  ", "Surgery & Co"])
def test_source_of_3_to_14_characters_is_accepted(source: str) -> None:
    spec, _ = _spec(source=source)
    assert spec.source == source.strip()


@pytest.mark.parametrize(
    ("source", "length"),
    [("", 0), (None, 0), ("ab", 2), ("  ab  ", 2), ("x" * 15, 15), ("sample string 4", 15)],
)
def test_source_outside_3_to_14_is_refused(source: str | None, length: int) -> None:
    errors = _errors(source=source)
    assert errors.fields == ["Source"]
    assert errors.errors[0].message == f"must be 3 to 14 characters (it is {length})"


def test_seed_sample_source_breaks_the_rule_and_the_rule_wins() -> None:
    assert len("sample string 4") == 15
    with pytest.raises(InputErrors):
        _spec(source="sample string 4")
    with pytest.raises(ValidationError):
        VoiceRequest(APIKey=KEY, Username="u", Destination=3, Source="sample string 4")


def test_customer_site_id_up_to_100_characters() -> None:
    spec, _ = _spec(site="s" * 100)
    assert spec.site == "s" * 100
    errors = _errors(site="s" * 101)
    assert errors.fields == ["CustomerSiteId"]
    assert "at most 100" in errors.errors[0].message
    assert "101" in errors.errors[0].message


@pytest.mark.parametrize("site", [None, "", "   "])
def test_blank_site_is_left_out(site: str | None) -> None:
    spec, _ = _spec(site=site)
    assert spec.site is None
    assert "CustomerSiteId" not in spec.to_request(KEY, now=NOW).wire_fields()


@pytest.mark.parametrize("username", [None, "", "   "])
def test_username_is_required(username: str | None) -> None:
    errors = _errors(username=username)
    assert errors.fields == ["Username"]
    assert "user name" in errors.errors[0].message


def test_times_without_a_day_are_booked_for_today() -> None:
    spec, _ = _spec(times=[time(9, 0)])
    assert spec.day == date(2026, 11, 1)
    assert spec.times == (time(9, 0),)


def test_no_day_and_no_times_is_as_soon_as_possible() -> None:
    spec, _ = _spec()
    assert spec.day is None and spec.times == ()
    request = spec.to_request(KEY, now=NOW)
    assert request.Date is None and request.Times is None
    assert list(request.wire_fields()) == [
        "APIKey",
        "Username",
        "Destination",
        "Source",
        "RestrictSends",
    ]


def test_time_that_happens_twice_comes_back_as_a_note() -> None:
    _, notes = _spec(day=date(2027, 10, 31), times=[time(1, 30)])
    assert len(notes) == 1 and "happens twice" in notes[0]


def test_form_round_trip() -> None:
    spec, _ = _spec(site="site-5", day=date(2026, 12, 1), times=[time(9, 30)])
    form = spec.to_form()
    assert form == CallForm(
        destination="07700 900123",
        username="reception1",
        source="SurgeryA",
        site="site-5",
        restrict_sends=False,
        day=date(2026, 12, 1),
        times=(time(9, 30),),
    )
    again, _ = CallSpec.from_form(form, now=NOW)
    assert again == spec


def test_empty_form_reports_every_required_field() -> None:
    with pytest.raises(InputErrors) as caught:
        CallSpec.from_form(CallForm(), now=NOW)
    assert caught.value.fields == ["Destination", "Username", "Source"]


# -- to_request / VoiceRequest ---------------------------------------------------


def test_to_request_builds_the_wire_request() -> None:
    spec, _ = _spec(site="site-5", restrict_sends=True, day=date(2027, 6, 15), times=[time(9, 30)])
    request = spec.to_request(KEY, now=NOW)
    assert isinstance(request, VoiceRequest)
    assert request.APIKey == uuid.UUID(KEY)
    assert request.Destination == 447700900123
    assert request.wire_fields() == {
        "APIKey": KEY,
        "Username": "reception1",
        "Destination": 447700900123,
        "Source": "SurgeryA",
        "CustomerSiteId": "site-5",
        "RestrictSends": True,
        "Date": "2027-06-15T00:00:00+01:00",
        "Times": ["2027-06-15T09:30:00+01:00"],
    }
    assert list(request.wire_fields()) == SEED_ORDER


def test_to_request_sends_a_call_whose_time_has_passed_while_queued() -> None:
    spec, _ = _spec(day=date(2026, 12, 1), times=[time(9, 30)])
    later = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    request = spec.to_request(uuid.UUID(KEY), now=later)
    assert request.wire_fields()["Times"] == ["2026-12-01T09:30:00+00:00"]


def test_to_request_refuses_a_bad_key() -> None:
    spec, _ = _spec()
    with pytest.raises(ValueError):
        spec.to_request("not-a-guid", now=NOW)


def test_wire_fields_key_order_is_the_seed_samples() -> None:
    full = VoiceRequest(
        APIKey=KEY,
        Username="sample string 2",
        Destination=3,
        Source="sample str 4",
        CustomerSiteId="sample string 5",
        RestrictSends=True,
        Date=datetime(2025, 4, 4, 7, 19, 40, tzinfo=UTC),
        Times=[datetime(2025, 4, 4, 7, 19, 40, tzinfo=UTC)] * 2,
    )
    assert list(full.wire_fields()) == SEED_ORDER
    bare = VoiceRequest(APIKey=KEY, Username="u", Destination=3, Source="abc")
    assert bare.wire_fields() == {
        "APIKey": KEY,
        "Username": "u",
        "Destination": 3,
        "Source": "abc",
        "RestrictSends": False,
    }


def test_empty_times_list_is_left_out() -> None:
    request = VoiceRequest(APIKey=KEY, Username="u", Destination=3, Source="abc", Times=[])
    assert "Times" not in request.wire_fields()


@pytest.mark.parametrize(
    "bad",
    [
        {"APIKey": "not-a-guid"},
        {"Username": ""},
        {"Destination": 0},
        {"Destination": -447700900123},
        {"Source": "ab"},
        {"Source": "x" * 15},
        {"CustomerSiteId": "x" * 101},
        {"Date": datetime(2026, 12, 1)},  # naive: no offset to put on the wire
        {"Times": [datetime(2026, 12, 1, 9, 30)]},
        {"Extra": "field"},
    ],
)
def test_voice_request_refuses_what_the_api_would(bad: dict[str, object]) -> None:
    values: dict[str, object] = {
        "APIKey": KEY,
        "Username": "u",
        "Destination": 447700900123,
        "Source": "abc",
        **bad,
    }
    with pytest.raises(ValidationError):
        VoiceRequest(**values)


def test_voice_request_is_frozen() -> None:
    request = VoiceRequest(APIKey=KEY, Username="u", Destination=3, Source="abc")
    with pytest.raises(ValidationError):
        request.Username = "other"  # type: ignore[misc]


# -- SingleSendResponse -----------------------------------------------------------


def test_response_with_nothing_in_it() -> None:
    response = SingleSendResponse.model_validate({})
    assert response == SingleSendResponse(
        StatusId=None, Status=None, Success=None, Errors={}, MessageId=None, Credits=None
    )
    assert response.error_lines() == []


def test_response_with_every_field_null() -> None:
    response = SingleSendResponse.model_validate(
        dict.fromkeys(["StatusId", "Status", "Success", "Errors", "MessageId", "Credits"], None)
    )
    assert response.Errors == {}
    assert response.Success is None and response.StatusId is None


def test_response_errors_values_become_strings() -> None:
    response = SingleSendResponse.model_validate(
        {"Errors": {"a": 1, "b": None, "c": True, "d": [1, 2], "e": "text"}}
    )
    assert response.Errors == {"a": "1", "b": "", "c": "True", "d": "1 2", "e": "text"}
    assert response.error_lines() == ["a: 1", "b", "c: True", "d: 1 2", "e: text"]


@pytest.mark.parametrize(
    ("errors", "lines"),
    [
        (["Number is barred", "No credit"], ["Number is barred", "No credit"]),
        ("Number is barred", ["Number is barred"]),
        ([{"Destination": "barred"}], ['{"Destination": "barred"}']),
        ("  ", []),
    ],
)
def test_response_errors_in_another_shape_are_kept_as_text(
    errors: object, lines: list[str]
) -> None:
    response = SingleSendResponse.model_validate({"Success": False, "Errors": errors})
    assert response.error_lines() == lines


def test_response_errors_that_are_a_number_are_refused_by_the_model() -> None:
    with pytest.raises(ValidationError):
        SingleSendResponse.model_validate({"Errors": 5})


@pytest.mark.parametrize("word", ["true", "yes", 1, "1"])
def test_response_success_must_be_a_real_boolean(word: object) -> None:
    with pytest.raises(ValidationError):
        SingleSendResponse.model_validate({"Success": word})


def test_response_drops_numbers_sqlite_cannot_store_with_a_note() -> None:
    big = int("9" * 30)
    response = SingleSendResponse.model_validate(
        {"Success": True, "StatusId": big, "MessageId": str(big), "Credits": 2**63, "Status": "ok"}
    )
    assert (response.StatusId, response.MessageId, response.Credits) == (None, None, None)
    assert response.Success is True and response.Status == "ok"
    assert len(response.notes) == 3
    assert "30-digit" in response.notes[0]
    edge = SingleSendResponse.model_validate({"MessageId": 2**63 - 1, "Credits": -(2**63)})
    assert (edge.MessageId, edge.Credits, edge.notes) == (2**63 - 1, -(2**63), [])


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("Queued\x1b[2J", "Queued[2J"),
        ("Queued\n#99 Sent 07700 900999", "Queued #99 Sent 07700 900999"),
        ("a\r\nb\tc", "a b c"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        ("zero\u200bwidth\x00\x7f\x9b", "zerowidth"),
        ("Zoë – ok", "Zoë – ok"),
    ],
)
def test_response_text_loses_control_characters(said: str, shown: str) -> None:
    response = SingleSendResponse.model_validate(
        {"Status": said, "Errors": {said: said}, "Success": False}
    )
    assert response.Status == shown
    assert response.Errors == {shown: shown}


def test_response_text_is_capped() -> None:
    response = SingleSendResponse.model_validate({"Status": "x" * 10_000})
    assert response.Status is not None and len(response.Status) == 2000


def test_response_ignores_unknown_fields_and_coerces_numbers() -> None:
    response = SingleSendResponse.model_validate(
        {"StatusId": "7", "Success": True, "MessageId": 12, "Credits": 3, "Extra": {}}
    )
    assert response.StatusId == 7
    assert response.Success is True
    assert (response.MessageId, response.Credits) == (12, 3)


def test_settings_carry_the_new_hardening_choices_with_safe_defaults() -> None:
    from voicecall_desktop.core.settings import Settings

    settings = Settings()
    assert (settings.allow_abroad, settings.send_deadline) == (False, 60.0)
    with pytest.raises(ValidationError):
        Settings(send_deadline=0)
    assert Settings.model_validate({"allow_abroad": True}).allow_abroad is True

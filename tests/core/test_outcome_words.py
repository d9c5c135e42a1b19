"""A call's result in a receptionist's words: one column instead of State beside Status."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from voicecall_desktop.core.outcome_words import (
    HOW_TO_CHECK,
    outcome_words,
    refusal_reasons,
    short_reason,
    state_for_words,
)
from voicecall_desktop.core.states import CallState


def test_each_state_reads_as_a_receptionist_says_it() -> None:
    assert outcome_words(CallState.SENT).short == "Booked"
    assert outcome_words(CallState.QUEUED).short == "Waiting to send"
    assert outcome_words(CallState.SENDING).short == "Sending…"
    assert outcome_words(CallState.DRAFT).short == "Draft"
    assert outcome_words(CallState.UNKNOWN).short == "Not sure – check before sending again"
    assert outcome_words(CallState.UNKNOWN, reviewed=True).short == "Reviewed"


def test_a_refusal_names_its_reason_when_the_api_gives_one() -> None:
    barred = outcome_words(CallState.REJECTED, errors={"Destination": "Number is barred"})
    assert barred.short == "Refused – number barred"
    assert "will not be phoned" in barred.summary
    credits = outcome_words(CallState.REJECTED, errors={"Credits": "Insufficient credits"})
    assert credits.short == "Refused – no credits left"
    # ASP.NET's ModelState keys carry a "request." prefix.
    key = outcome_words(CallState.REJECTED, errors={"request.APIKey": "Invalid"})
    assert key.short == "Refused – practice key not accepted"
    assert outcome_words(CallState.REJECTED).short == "Refused"
    http = outcome_words(CallState.REJECTED, last_error="HTTP 401 Unauthorized\nbody")
    assert http.short == "Refused – HTTP 401 Unauthorized"


def test_an_unknown_outcome_says_how_to_check() -> None:
    words = outcome_words(CallState.UNKNOWN)
    assert words.advice == HOW_TO_CHECK
    assert "PatientComms portal" in words.advice and "phone the patient" in words.advice
    assert outcome_words(CallState.UNKNOWN, reviewed=True).advice == ""


def test_a_waiting_call_says_why_it_waits() -> None:
    words = outcome_words(CallState.QUEUED, last_error="Cannot reach PatientComms.\nmore")
    assert words.short == "Waiting to send"
    assert words.summary == "Not sent yet: Cannot reach PatientComms."


def test_common_refusal_reasons_are_explained() -> None:
    reasons = dict(
        refusal_reasons(
            {
                "Destination": "Number is barred",
                "Source": "Invalid",
                "APIKey": "Invalid",
                "Credits": "Insufficient credits",
                "Flavour": "Odd",
            }
        )
    )
    assert "barred" in reasons["Destination: Number is barred"]
    assert "caller ID" in reasons["Source: Invalid"]
    assert "IT support" in reasons["APIKey: Invalid"]
    assert "top it up" in reasons["Credits: Insufficient credits"]
    assert reasons["Flavour: Odd"] == ""  # passed on as said, nothing invented


def test_a_long_unknown_reason_is_clipped() -> None:
    text = short_reason("Flavour", "x" * 200)
    assert len(text) == 40 and text.endswith("…")


@given(
    state=st.sampled_from(list(CallState)),
    errors=st.dictionaries(st.text(max_size=30), st.text(max_size=300), max_size=3),
    last_error=st.none() | st.text(max_size=300),
    reviewed=st.booleans(),
)
def test_the_result_is_always_short_printable_words(
    state: CallState,
    errors: dict[str, str],
    last_error: str | None,
    reviewed: bool,
) -> None:
    words = outcome_words(state, errors=errors, last_error=last_error, reviewed=reviewed)
    assert words.short and words.summary
    assert len(words.short) <= len("Refused – ") + 40
    for text in (words.short, words.summary):
        assert not any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in text)
    for said, _meaning in refusal_reasons(errors):
        assert "\n" not in said and "\x1b" not in said


def test_the_result_words_typed_in_the_search_find_their_state() -> None:
    assert state_for_words("Booked") is CallState.SENT
    assert state_for_words("  refused ") is CallState.REJECTED
    assert state_for_words("not  sure") is CallState.UNKNOWN
    assert state_for_words("Not sure – check before sending again") is CallState.UNKNOWN
    assert state_for_words("waiting to send") is CallState.QUEUED
    assert state_for_words("07700 900123") is None and state_for_words("barred") is None

"""What happened to a call, in the words a receptionist uses.

The store keeps a call's state (``draft … unknown``) and the API's own answer
(``Status``, ``Errors``). Side by side they mislead: a call PatientComms
accepted has the vendor's Status "Queued", which in the outbox means "not yet
sent". :func:`outcome_words` turns both into one result ("Booked", "Refused –
number barred", "Not sure – check before sending again"), a sentence saying
what happened and one saying what to do. :func:`refusal_reasons` explains the
common ``Errors`` keys. Pure: the window's history, outbox and detail use it,
and so can the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from voicecall_desktop.core.states import CallState
from voicecall_desktop.core.untrusted import clean_text

#: The result column's words for states whose words never depend on the answer.
BOOKED = "Booked"
WAITING = "Waiting to send"
SENDING = "Sending…"
DRAFT = "Draft"
REFUSED = "Refused"
NOT_SURE = "Not sure – check before sending again"
REVIEWED = "Reviewed"

#: Each state's words where a state is chosen (the history's filter).
STATE_WORDS: dict[CallState, str] = {
    CallState.SENT: BOOKED,
    CallState.REJECTED: REFUSED,
    CallState.UNKNOWN: "Not sure",
    CallState.QUEUED: WAITING,
    CallState.SENDING: "Sending",
    CallState.DRAFT: DRAFT,
}

#: Words a person may type to find calls by their result (the search box), lower case.
_TYPED: dict[str, CallState] = {
    **{words.lower(): state for state, words in STATE_WORDS.items()},
    NOT_SURE.lower(): CallState.UNKNOWN,
    SENDING.lower(): CallState.SENDING,
    "waiting": CallState.QUEUED,
}


def state_for_words(text: str) -> CallState | None:
    """The state whose result words ``text`` is ("Booked", "refused", "Not sure"), or None.

    The store's search knows the state names and the API's words; a receptionist
    types the words the window shows.
    """
    return _TYPED.get(" ".join(text.split()).lower())


#: How a person checks a call whose outcome is unknown, before sending it again.
HOW_TO_CHECK = (
    "Before sending it again, check whether it was booked: look for the message in the "
    "PatientComms portal (same number, day and time), or phone the patient. Then press "
    "“Mark as reviewed”, or “Send again” if it was not booked."
)

#: ``Errors`` key (lower case, without a ``request.`` prefix) → (short reason, explanation).
_REASONS: dict[str, tuple[str, str]] = {
    "destination": (
        "phone number not accepted",
        "PatientComms would not call this phone number. Check the number with the patient "
        "or their record; if it is right, the number cannot be called by the service.",
    ),
    "source": (
        "caller ID not accepted",
        "The caller ID (the number the patient sees, “Source” in Settings) was not "
        "accepted. Ask your IT support to check it in Settings.",
    ),
    "apikey": (
        "practice key not accepted",
        "PatientComms did not accept the practice's API key. Ask your IT support to check "
        "the key in Settings; no call can be booked until it is fixed.",
    ),
    "credits": (
        "no credits left",
        "The practice's PatientComms account has run out of credits. Ask whoever looks after "
        "the account to top it up, then send the call again.",
    ),
    "username": (
        "username not accepted",
        "The PatientComms username was not accepted. Ask your IT support to check it in Settings.",
    ),
    "customersiteid": (
        "site ID not accepted",
        "The site ID was not accepted. Ask your IT support to check it in Settings.",
    ),
    "date": (
        "day not accepted",
        "PatientComms would not book the call on this day. Use the call as a new call "
        "with another day.",
    ),
    "times": (
        "time not accepted",
        "PatientComms would not book the call at this time. Use the call as a new call "
        "with another time.",
    ),
    "request": (
        "request not understood",
        "PatientComms could not read the request. Ask your IT support; the technical "
        "details below show what was sent.",
    ),
}
_SHORT_MAX = 40


@dataclass(frozen=True)
class OutcomeWords:
    """A call's result: the column's words, what happened, what to do ("" when nothing)."""

    short: str
    summary: str
    advice: str = ""


def _key(name: str) -> str:
    return name.rsplit(".", 1)[-1].strip().lower()


def _clip(text: str) -> str:
    text = clean_text(text).strip().rstrip(".")
    return text if len(text) <= _SHORT_MAX else text[: _SHORT_MAX - 1].rstrip() + "…"


def short_reason(name: str, message: str) -> str:
    """``number barred`` for ``Destination: Number is barred``; a known key's words otherwise."""
    key = _key(name)
    if key == "destination" and "barred" in message.lower():
        return "number barred"
    known = _REASONS.get(key)
    if known is not None:
        return known[0]
    return _clip(message) or _clip(name)


def refusal_reasons(errors: Mapping[str, str]) -> list[tuple[str, str]]:
    """Each ``Errors`` entry as (what PatientComms said, what it means in plain words).

    A key this app does not know is passed on as the server gave it (made printable),
    with no explanation.
    """
    found = []
    for name, message in errors.items():
        said = clean_text(f"{name}: {message}" if message else name)
        known = _REASONS.get(_key(name))
        meaning = known[1] if known else ""
        if _key(name) == "destination" and "barred" in message.lower():
            meaning = (
                "PatientComms has this number barred: it will not call it. Check the number "
                "with the patient; if it is right, contact them another way."
            )
        found.append((said, meaning))
    return found


def outcome_words(
    state: CallState,
    *,
    errors: Mapping[str, str] | None = None,
    last_error: str | None = None,
    reviewed: bool = False,
) -> OutcomeWords:
    """The result a receptionist reads at a glance, for a call in ``state``.

    Args:
        errors: the API's ``Errors`` (a refused call's reasons).
        last_error: why the last attempt failed (a call still waiting, or refused
            without ``Errors``), as the store recorded it.
        reviewed: a person has checked an ``unknown`` call.
    """
    errors = errors or {}
    problem = clean_text(last_error.splitlines()[0]).rstrip(". ") if last_error else ""
    if state is CallState.DRAFT:
        return OutcomeWords(
            DRAFT, "Saved, not sent.", "Open it from the outbox to finish it and send it."
        )
    if state is CallState.QUEUED:
        if problem:
            return OutcomeWords(
                WAITING,
                f"Not sent yet: {problem}.",
                "Nothing to do: it is tried again by itself. Take it back to draft in "
                "the outbox to stop it.",
            )
        return OutcomeWords(
            WAITING,
            "Waiting in the outbox; it goes out by itself.",
            "Take it back to draft in the outbox to stop it.",
        )
    if state is CallState.SENDING:
        return OutcomeWords(SENDING, "Being sent to PatientComms now.")
    if state is CallState.SENT:
        return OutcomeWords(BOOKED, "PatientComms accepted the call: the patient will be phoned.")
    if state is CallState.REJECTED:
        if errors:
            name, message = next(iter(errors.items()))
            reason = short_reason(name, message)
        else:
            reason = _clip(problem) if problem else ""
        short = f"{REFUSED} – {reason}" if reason else REFUSED
        return OutcomeWords(
            short,
            "PatientComms refused the call: the patient will not be phoned.",
            "Put right what PatientComms objected to, then use the call as a new call "
            "or send it again.",
        )
    if reviewed:
        return OutcomeWords(
            REVIEWED,
            "No clear answer came from PatientComms; a person has checked this call.",
        )
    return OutcomeWords(
        NOT_SURE,
        "The request may have reached PatientComms, but no clear answer came back: the "
        "patient may or may not be phoned.",
        HOW_TO_CHECK,
    )


__all__ = [
    "BOOKED",
    "DRAFT",
    "HOW_TO_CHECK",
    "NOT_SURE",
    "REFUSED",
    "REVIEWED",
    "SENDING",
    "STATE_WORDS",
    "WAITING",
    "OutcomeWords",
    "outcome_words",
    "refusal_reasons",
    "short_reason",
    "state_for_words",
]

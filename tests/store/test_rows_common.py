"""The engine-neutral pieces both stores use: search terms and the checks before a move."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecall_desktop.core.states import CallState
from voicecall_desktop.store.errors import StaleMove
from voicecall_desktop.store.rows_common import check_new, checked_move, keyset_page_sql
from voicecall_desktop.store.search import parse_terms


def test_search_text_is_a_number_part_of_one_or_words() -> None:
    whole = parse_terms("07700 900123")
    assert whole.number == 447700900123 and whole.needle is None
    part = parse_terms("0123")
    assert part.number is None and part.needle == "123"
    words = parse_terms("Surgery")
    assert words.number is None and words.needle is None and words.text == "Surgery"


@given(st.text(alphabet="0123456789 ", min_size=1).filter(lambda t: t.strip()))
def test_digits_and_spaces_are_never_taken_for_words(text: str) -> None:
    terms = parse_terms(text.strip())
    assert terms.number is not None or terms.needle is not None


def test_a_move_is_refused_when_the_call_is_gone_elsewhere_or_owned_by_another() -> None:
    queued = {CallState.QUEUED}
    with pytest.raises(StaleMove, match="does not exist"):
        checked_move(1, None, None, queued, CallState.SENDING, None)
    with pytest.raises(StaleMove, match="is sent, not queued"):
        checked_move(1, CallState.SENT, None, queued, CallState.SENDING, None)
    with pytest.raises(StaleMove, match="is sending"):
        checked_move(1, CallState.SENDING, "a", {CallState.SENDING}, CallState.SENT, "b")
    with pytest.raises(StaleMove, match="cannot move from draft to sent"):
        checked_move(1, CallState.DRAFT, None, {CallState.DRAFT}, CallState.SENT, None)
    assert checked_move(1, CallState.QUEUED, None, queued, CallState.SENDING, None) is (
        CallState.QUEUED
    )


def test_a_new_call_starts_as_a_draft_or_a_queued_call_with_a_spec() -> None:
    with pytest.raises(ValueError, match="cannot start as sent"):
        check_new(CallState.SENT, [])
    with pytest.raises(ValueError, match="validated CallSpec"):
        check_new(CallState.QUEUED, [None])
    check_new(CallState.DRAFT, [None])


@pytest.mark.parametrize(("mark", "oldest_first"), [("?", False), ("%s", True)])
def test_the_page_asks_for_one_row_more_after_the_cursor(mark: str, oldest_first: bool) -> None:
    params: list[object] = ["queued"]
    query = keyset_page_sql(
        "SELECT * FROM calls",
        [f"state = {mark}"],
        params,
        before_id=50,
        oldest_first=oldest_first,
        limit=10,
        mark=mark,
    )
    cursor = f"id > {mark}" if oldest_first else f"id < {mark}"
    order = "ASC" if oldest_first else "DESC"
    assert query == (
        f"SELECT * FROM calls WHERE state = {mark} AND {cursor} ORDER BY id {order} LIMIT {mark}"
    )
    assert params == ["queued", 50, 11]

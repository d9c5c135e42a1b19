"""Turn what a person typed into the history's search box into SQL over ``calls``.

Three or more characters go through the ``calls_search`` FTS5 trigram index
(schema 3), which finds any part of a number or a word without reading every
row; shorter text falls back to a ``LIKE`` scan, as a trigram index cannot
serve it. A whole phone number uses the plain ``destination`` index.
Input only ever travels as SQL parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from voicecall_desktop.core.phone import parse_destination

#: The smallest text a trigram index can answer.
TRIGRAM = 3

#: Columns of ``calls_search`` that hold the number (digits, and as it was typed).
NUMBER_COLUMNS = "{number destination_text}"


def _phrase(text: str) -> str:
    """An FTS5 phrase matching ``text`` literally (quotes doubled, nothing else special)."""
    return '"' + text.replace('"', '""') + '"'


def like_pattern(text: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern finding ``text`` anywhere, taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Terms:
    """What a search box's text is: a whole number, part of one, or words.

    Exactly one of ``number`` (a whole phone number), ``needle`` (the digits of
    part of a number, a leading 0 dropped) or neither (words) is set. ``text``
    is the cleaned text as typed.
    """

    text: str
    number: int | None = None
    needle: str | None = None


def parse_terms(text: str) -> Terms:
    """Sort already-cleaned, non-empty search text into number / part of a number / words."""
    try:
        number = parse_destination(text)
    except ValueError:
        number = None
    if number is not None:
        return Terms(text, number=number)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        # Part of a number: "0123" should also find "44123…" stored without the 0.
        needle = digits[1:] if digits.startswith("0") and len(digits) > 1 else digits
        return Terms(text, needle=needle)
    return Terms(text)


#: Rows whose indexed text matches an FTS5 query.
FTS_CLAUSE = "id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?)"


def fts_page_clause(*, before: bool, oldest_first: bool) -> str:
    """FTS_CLAUSE with the page's order, cursor and limit pushed into the index.

    A common word ("sent", "Surgery") matches most calls: asking the index for
    only the next page's rowids, in order, keeps that as fast as a rare one.
    Any other filter must be part of the FTS query too (see :func:`with_states`),
    or the limit would cut the page short. Parameters: the query, the cursor (when
    ``before``), then the limit.
    """
    cursor = (" AND rowid > ?" if oldest_first else " AND rowid < ?") if before else ""
    order = "ASC" if oldest_first else "DESC"
    return (
        "id IN (SELECT rowid FROM calls_search WHERE calls_search MATCH ?"
        f"{cursor} ORDER BY rowid {order} LIMIT ?)"
    )


def search_clause(search: str) -> tuple[str, list[object]] | None:
    """A WHERE clause and its parameters for ``search``, or None to match everything."""
    # Text that is not valid Unicode (undecodable bytes on a command line) is matched
    # as far as it can be, never passed to SQLite as it is.
    text = search.strip().encode("utf-8", "replace").decode("utf-8")
    # Control characters (a NUL ends an FTS5 query early) are in no number or word a
    # person searches for: they are dropped, not passed to the index.
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ").strip()
    if not text:
        return None
    terms = parse_terms(text)
    if terms.number is not None:
        return "destination = ?", [terms.number]
    needle = terms.needle
    if needle is not None:
        if len(needle) >= TRIGRAM:
            phrases = [_phrase(needle)]
            if text != needle:
                phrases.append(_phrase(text))
            query = f"{NUMBER_COLUMNS} : ({' OR '.join(phrases)})"
            return FTS_CLAUSE, [query]
        return (
            "(CAST(destination AS TEXT) LIKE ? ESCAPE '\\' OR destination_text LIKE ? ESCAPE '\\')",
            [like_pattern(needle), like_pattern(text)],
        )
    if len(text) >= TRIGRAM:
        return FTS_CLAUSE, [_phrase(text)]
    columns = ("status", "destination_text", "username", "source")
    return (
        "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")",
        [like_pattern(text)] * len(columns),
    )


def with_states(query: str, states: list[str] | None) -> str:
    """The FTS query narrowed to calls in ``states`` (their value is in the ``state`` column).

    No state's value is part of another state's words, so a phrase on the
    column picks exactly that state.
    """
    if not states:
        return query
    wanted = " OR ".join(f"state : {_phrase(state)}" for state in states)
    return f"({query}) AND ({wanted})"

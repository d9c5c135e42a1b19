"""Turn what a person typed into the history's search box into SQL over ``calls``.

Three or more characters go through the ``calls_search`` FTS5 trigram index
(schema 3), which finds any part of a number or a word without reading every
row; shorter text falls back to a ``LIKE`` scan, as a trigram index cannot
serve it. A whole phone number uses the plain ``destination`` index.
Input only ever travels as SQL parameters.
"""

from __future__ import annotations

from voicecall_desktop.core.phone import parse_destination

#: The smallest text a trigram index can answer.
TRIGRAM = 3

#: Columns of ``calls_search`` that hold the number (digits, and as it was typed).
NUMBER_COLUMNS = "{number destination_text}"


def _phrase(text: str) -> str:
    """An FTS5 phrase matching ``text`` literally (quotes doubled, nothing else special)."""
    return '"' + text.replace('"', '""') + '"'


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
    try:
        number = parse_destination(text)
    except ValueError:
        number = None
    if number is not None:
        return "destination = ?", [number]
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        # Part of a number: "0123" should also find "44123…" stored without the 0.
        needle = digits[1:] if digits.startswith("0") and len(digits) > 1 else digits
        if len(needle) >= TRIGRAM:
            phrases = [_phrase(needle)]
            if text != needle:
                phrases.append(_phrase(text))
            query = f"{NUMBER_COLUMNS} : ({' OR '.join(phrases)})"
            return FTS_CLAUSE, [query]
        return (
            "(CAST(destination AS TEXT) LIKE ? ESCAPE '\\' OR destination_text LIKE ? ESCAPE '\\')",
            [_like(needle), _like(text)],
        )
    if len(text) >= TRIGRAM:
        return FTS_CLAUSE, [_phrase(text)]
    columns = ("status", "destination_text", "username", "source")
    return (
        "(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns) + ")",
        [_like(text)] * len(columns),
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

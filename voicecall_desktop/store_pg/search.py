"""What a person typed into the search box, as SQL over ``calls`` (see store.protocol).

``number_text`` (the number's digits and the number as typed) and
``search_text`` (every searchable field, lower-cased, one per line) are
generated columns with ``pg_trgm`` GIN indexes, so a search of three or more
characters reads the index, not every row. Input only travels as parameters.
"""

from __future__ import annotations

from voicecall_desktop.store.search import like_pattern, parse_terms


def search_clause(search: str) -> tuple[str, list[object]] | None:
    """A WHERE clause and its parameters for ``search``, or None to match everything."""
    # Undecodable bytes are matched as far as they can be; NUL cannot be sent as text.
    text = search.strip().encode("utf-8", "replace").decode("utf-8").replace("\x00", "")
    if not text:
        return None
    terms = parse_terms(text)
    if terms.number is not None:
        return "destination = %s", [terms.number]
    if terms.needle is not None:
        return "(number_text LIKE %s OR number_text LIKE %s)", [
            like_pattern(terms.needle),
            like_pattern(text),
        ]
    # ILIKE, not a lower() in Python: the server folds case by its own rules, as the column.
    return "search_text ILIKE %s", [like_pattern(text)]

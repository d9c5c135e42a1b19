"""Whatever a person types or pastes, the shared store keeps a draft and answers a search."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState
from voicecall_desktop.store_pg import PgStore

FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def readable(text: str) -> str:
    """What the shared store can hold of ``text`` (NUL dropped, undecodable replaced)."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


@given(text=st.text(max_size=40))
@example(text="100%_\\")
@example(text="07700 900123\x00")
@example(text="\udcff\udcfe bytes")
@example(text="ZOË 'quoted' \"double\" ; DROP TABLE calls; --")
@FUZZ
def test_any_text_is_kept_as_a_draft_and_found_again(pg_store: PgStore, text: str) -> None:
    draft = CallForm(destination=text, source=f"<{text}>", username="u")
    record = pg_store.calls.create(draft, None, CallState.DRAFT, actor="a", machine="m")
    again = pg_store.calls.get(record.id)
    assert again is not None
    assert again.destination_text == readable(text).strip()
    assert again.source == f"<{readable(text)}>".strip()
    page = pg_store.calls.page(search=text, limit=500)  # never raises
    wanted = readable(text).strip()
    if wanted and not any(ch.isdigit() for ch in wanted):
        assert record.id in [r.id for r in page.rows]

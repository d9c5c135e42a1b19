from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.states import CallState


def test_open_and_create(pg_store):
    rec = pg_store.calls.create(
        CallForm(destination="07700 900123", source="S"),
        None,
        CallState.DRAFT,
        actor="amy",
        machine="DESK1",
    )
    assert pg_store.calls.get(rec.id).booked_on == "DESK1"

"""Render the README's screenshots offscreen: ``python tools/screenshots.py [OUT_DIR]``.

Writes to ``docs/screenshots/``, at the two screens a reception desk has
(1366×768 and 1024×600; the window gets the screen less a title bar and border):

* ``main-window.png`` and ``main-window-1024x600.png``: a filled-in form, the
  outbox and the history;
* ``history-detail.png`` and ``history-detail-1024x600.png``: a refused call's details;
* ``settings.png`` and ``settings-hours.png`` (the Calling hours tab);
* ``import.png``: a call list under review, with a bank holiday and a bad row;
* ``presets.png``: the form being edited as a preset, beside the Presets dialog;
* ``do-not-call.png``;
* ``calendar.png``: December with its bank holidays and the calls booked per day.

Everything runs in training mode against the built-in sandbox, in a throw-away
data folder, with a key kept in memory: no keyring, no network, no patient.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QDate, QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from voicecall_desktop.core.models import CallForm
from voicecall_desktop.core.presets import Preset
from voicecall_desktop.core.schedule import local_now
from voicecall_desktop.core.settings import Settings
from voicecall_desktop.core.states import CallState
from voicecall_desktop.service import Service
from voicecall_desktop.ui.app import make_application
from voicecall_desktop.ui.booking.presets_dialog import PresetsDialog
from voicecall_desktop.ui.dialogs.do_not_call import DoNotCallDialog
from voicecall_desktop.ui.dialogs.settings import SettingsDialog
from voicecall_desktop.ui.window.main_window import MainWindow
from voicecall_desktop.ui.window.state import FRAME_ALLOWANCE
from voicecall_desktop.ui.window.training import MemoryKeyStore, Training

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
SHOT_KEY = "94670106-3242-43ff-96fa-475c7de2425c"  # the vendor's sample key, never a real one
#: Screen sizes, and the suffix of their files ("" for the README's main one).
SCREENS = (((1366, 768), ""), ((1024, 600), "-1024x600"))


def wait_until(done: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        QCoreApplication.processEvents()
        time.sleep(0.01)


def settle(widget: QWidget) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    widget.repaint()


def save(widget: QWidget, name: str, out: Path) -> Path:
    settle(widget)
    path = out / name
    if not widget.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")
    return path


def book(window: MainWindow, form: CallForm) -> int:
    """Send one call through the form and wait for its outcome."""
    window.form.load(form)
    assert window.booking.send(), window.form.notice.text()
    call_id = window.booking.pending_id
    wait_until(lambda: window.booking.pending_id is None)
    assert call_id is not None
    return call_id


def settings_dialog(window: MainWindow, folder: Path, out: Path) -> None:
    """The dialog as a practice sees it: a key stored, its own defaults, the real API address."""
    service = Service(folder / "settings-shot", keys=MemoryKeyStore(SHOT_KEY))
    try:
        service.save_settings(Settings(username="reception", source="Riverside GP", site="RIV-01"))
        dialog = SettingsDialog(service, window.host, parent=window)
        dialog.key_edit.setText("94670106-3242-43ff-96fa")  # half pasted: the GUID check speaks
        dialog.show()
        save(dialog, "settings.png", out)
        dialog.tabs.setCurrentIndex(1)
        dialog.hours.closures.setPlainText("24/12/2026 Staff training\n02/01/2027 Boiler repair")
        save(dialog, "settings-hours.png", out)
        dialog.close()
    finally:
        service.close()


def presets_shot(window: MainWindow, out: Path, day: date) -> None:
    """The form's top half while a preset is edited in it, beside the Presets dialog."""
    service = window.service
    for preset in (
        Preset(
            name="Flu clinic reminder",
            username="reception",
            source="Riverside GP",
            site="RIV-01",
            restrict_sends=True,
            times=(clock(9, 30), clock(14, 0)),
        ),
        Preset(
            name="Asthma review",
            username="nurse.team",
            source="Riverside GP",
            site="RIV-01",
            times=(clock(10, 15),),
        ),
        Preset(
            name="Saturday vaccinations",
            username="reception",
            source="Riverside Hub",
            times=(clock(8, 45), clock(11, 0), clock(13, 30)),
        ),
    ):
        service.save_preset(preset)
    window.presets.reload()
    window.form.clear(service.settings())
    window.form.load(CallForm(destination="07700 900123", day=day))
    window.presets.edit("Flu clinic reminder")
    dialog = PresetsDialog(service, parent=window)
    dialog.select("Flu clinic reminder")
    dialog.show()
    settle(window)
    settle(dialog)
    form = window.form
    bottom = form.send_button.mapTo(form, QPoint(0, form.send_button.height())).y() + 4
    left = form.grab().copy(0, 0, form.width(), bottom)
    dialog.resize(dialog.width(), bottom)
    settle(dialog)
    right = dialog.grab()
    dialog.close()
    window.presets.stop_editing()
    gap = 16
    canvas = QPixmap(left.width() + gap + right.width(), max(left.height(), right.height()))
    canvas.fill(QColor("#d9dde3"))
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, left)
    painter.drawPixmap(left.width() + gap, 0, right)
    painter.end()
    path = out / "presets.png"
    if not canvas.save(str(path)):
        raise OSError(f"could not write {path}")
    print(f"wrote {path}")


def do_not_call_shot(window: MainWindow, out: Path) -> None:
    service = window.service
    service.user, service.machine = "reception", "FRONT-DESK-1"  # as on a practice PC
    for number, note in (
        ("07700 900461", "asked at reception"),
        ("+44 7700 900872", "letter, 12/11"),
        ("07700 900233", ""),
        ("01632 960983", "moved away; family asked by phone"),
    ):
        service.block(number, note)
    dialog = DoNotCallDialog(service, parent=window)
    dialog.select(447700900872)
    dialog.number_edit.setText("07700 9001")  # half typed: the Destination rules speak
    dialog.show()
    save(dialog, "do-not-call.png", out)
    dialog.close()


def main(out: Path = OUT) -> int:
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger().addHandler(logging.NullHandler())  # no log lines on the console
    app: QApplication = make_application()
    with tempfile.TemporaryDirectory(prefix="voicecall-shots-") as folder:
        training = Training(Path(folder))
        window = MainWindow(
            training.service,
            training=True,
            on_shutdown=training.stop,
        )
        window.resize(1366 - FRAME_ALLOWANCE.width(), 768 - FRAME_ALLOWANCE.height())
        window.show()
        wait_until(lambda: window.monitor.state == "online")

        tomorrow = local_now().date() + timedelta(days=1)
        base = CallForm(username="reception", source="Riverside GP", site="RIV-01")

        def call(number: str, *times: clock, day: date = tomorrow) -> CallForm:
            return base.model_copy(update={"destination": number, "day": day, "times": times})

        book(window, call("07700 900461", clock(9, 30)))
        book(window, call("+44 7700 900872", clock(11, 0), clock(15, 45)))
        training.sandbox.set_mode("reject", times=1)
        refused = book(window, call("07700 900233", clock(10, 15)))
        window.form.load(call("07700 900319"))
        window.booking.save_draft()

        for (width, height), suffix in SCREENS:
            window.resize(width - FRAME_ALLOWANCE.width(), height - FRAME_ALLOWANCE.height())
            window.form.clear(training.service.settings())
            window.form.load(
                base.model_copy(
                    update={
                        "destination": "07700 900123",
                        "day": tomorrow,
                        "times": (clock(9, 0), clock(13, 30)),
                    }
                )
            )
            window.history.select_call(refused)
            save(window, f"main-window{suffix}.png", out)
            record = window.history.current_record()
            assert record is not None and record.state is CallState.REJECTED
            save(window.history, f"history-detail{suffix}.png", out)

        settings_dialog(window, Path(folder), out)
        import_shot(window, Path(folder), out, tomorrow)
        presets_shot(window, out, tomorrow)
        do_not_call_shot(window, out)
        calendar_shot(window, out, call)
        window.close()
    app.quit()
    return 0


def import_shot(window: MainWindow, folder: Path, out: Path, day: date) -> None:
    """A call list under review: good rows, a bank holiday, a number refused."""
    csv = folder / "flu-clinic.csv"
    csv.write_text(
        "destination,date,times,source\n"
        f"07700 900501,{day:%d/%m/%Y},09:30,Riverside GP\n"
        f"07700 900502,{day:%d/%m/%Y},09:40;14:00,Riverside GP\n"
        "07700 900503,28/12/2026,10:00,Riverside GP\n"
        f"0900 123 456,{day:%d/%m/%Y},10:10,Riverside GP\n"
        f"07700 900505,{day:%d/%m/%Y},25:00,Riverside GP\n",
        encoding="utf-8",
    )
    dialog = window.import_call_list(str(csv))
    wait_until(lambda: dialog.model.preview is not None)
    dialog.resize(1000, 520)
    save(dialog, "import.png", out)
    dialog.reject()


def calendar_shot(window: MainWindow, out: Path, call: Callable[..., CallForm]) -> None:
    """The form's calendar for December 2026: Christmas, Boxing Day's substitute Monday,
    and the calls booked on each day."""
    from voicecall_desktop.ui.booking.day_calendar import DayCalendar

    for number, day in (
        ("07700 900601", date(2026, 12, 3)),
        ("07700 900602", date(2026, 12, 3)),
        ("07700 900603", date(2026, 12, 3)),
        ("07700 900604", date(2026, 12, 8)),
        ("07700 900605", date(2026, 12, 15)),
        ("07700 900606", date(2026, 12, 15)),
    ):
        book(window, call(number, clock(10, 0), day=day))
    day_edit = getattr(window.form, "day", None)
    calendar = getattr(day_edit, "day_calendar", None)
    if not isinstance(calendar, DayCalendar):
        raise RuntimeError("the form's Day box has no practice calendar")
    calendar.setCurrentPage(2026, 12)
    calendar.setSelectedDate(QDate(2026, 12, 3))
    calendar.show()
    wait_until(lambda: calendar.count(date(2026, 12, 3)) == 3)  # counts are read off-thread
    save(calendar, "calendar.png", out)
    calendar.hide()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))

"""Open every screen of the app on a laptop screen of a given size and scaling, and say
which ones do not fit it.

Run in a process of its own (tests/gui/test_gui_screen_fit.py starts it): the screen is
set when Qt starts, from the offscreen platform's configuration file

    QT_QPA_PLATFORM=offscreen:configfile=laptop.json
    {"screens": [{"width": 1280, "height": 660, "logicalDpi": 144, ...}]}

A screen of 144 dots per inch is what Windows reports at 150% scaling: Qt then scales by
1.5, exactly as on the laptop, so the app sees a screen of 853 by 440 logical pixels (the
pixel sizes in the file are physical, the task bar already taken off). ``QT_SCALE_FACTOR``
gives the same logical screen, but by a path the real platforms do not take.

From the tests folder (``--laptop`` starts the process with that laptop's screen):

    python -m helpers.every_screen --laptop 1280x720-150 --language ar --report out.json \
        [--pictures folder] [--only today,log-session]

Why this, and not the alternatives: the offscreen platform does not keep a window on its
screen (a window asked to be 2000 pixels tall is 2000 pixels tall), so each window's
smallest size and its size as it opens are compared with the room by hand, and each
control is checked against the window at that size.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QPoint,
    QRect,
    QSize,
    QThreadPool,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QWidget,
)

#: What Windows takes off the top of a window: its title bar (logical pixels).
TITLE_BAR = 32
#: The task bar: 40 logical pixels at every scaling (Windows scales it with the screen).
TASK_BAR = 40
#: (name, physical width, physical height, scaling): the laptops a mentor has.
LAPTOPS = (
    ("1366x768-100", 1366, 768, 1.0),
    ("1280x720-125", 1280, 720, 1.25),
    ("1280x720-150", 1280, 720, 1.5),
)
#: What a mentor reads or uses; each must be on screen (or in a part that scrolls).
CONTROLS = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractScrollArea,
    QProgressBar,
    QLabel,
)
#: Buttons that must be in view without scrolling, on every screen that has them.
ALWAYS_IN_VIEW = frozenset({"save", "cancel", "unlock", "lock", "nav-log-session"})
#: On a 1366x768 screen at 100%, what a form shows without scrolling (the issue: Notes
#: and "Did it happen?" were below the fold of the session form).
IN_VIEW_AT_100 = {"log-session": ("notes", "status"), "change-session": ("notes", "status")}
#: The height of the room at 1366x768, 100%: more room than this is that laptop.
ROOM_AT_100 = 768 - TASK_BAR - TITLE_BAR
TODAY = date(2026, 11, 22)
PASSPHRASE = "we meet for tea on fridays"


def screen_config(width: int, height: int, scaling: float) -> dict[str, object]:
    """The offscreen platform's configuration for one laptop, less its task bar."""
    return {
        "screens": [
            {
                "name": "laptop",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height - round(TASK_BAR * scaling),
                "logicalDpi": round(96 * scaling),
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }


def run_on_laptop(
    laptop: tuple[str, int, int, float],
    language: str,
    report: Path | None = None,
    pictures: Path | None = None,
    only: str = "",
) -> dict[str, Any]:
    """Open every screen in a new process whose screen is this laptop's; its findings."""
    _name, width, height, scaling = laptop
    with tempfile.TemporaryDirectory() as folder:
        report = report or Path(folder) / "report.json"
        config = Path(folder) / "laptop.json"
        config.write_text(json.dumps(screen_config(width, height, scaling)), encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        env.pop("QT_SCALE_FACTOR", None)  # the screen's own scaling only
        command = [sys.executable, "-m", "helpers.every_screen", "--language", language]
        command += ["--report", str(report)]
        if pictures is not None:
            command += ["--pictures", str(pictures.resolve()), "--only", only]
        subprocess.run(command, cwd=Path(__file__).resolve().parents[1], env=env, check=True)
        found: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return found


def room() -> QSize:
    """The room a window has: the screen's free area less the title bar."""
    screen = QGuiApplication.primaryScreen()
    free = screen.availableGeometry().size()
    return QSize(free.width(), free.height() - TITLE_BAR)


def settle() -> None:
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(10_000)
        QCoreApplication.processEvents()


def describe(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "accessibleName"):
        value = getattr(widget, getter, None)
        text = str(value()) if callable(value) else ""
        if text:
            break
    name = widget.objectName() or type(widget).__name__
    return f"{name} {text[:40]!r}" if text else name


def _is_scrolled(parent: QWidget) -> bool:
    """Is this the viewport of a scroll area (what is inside it scrolls into view)?"""
    area = parent.parentWidget()
    return isinstance(area, QAbstractScrollArea) and area.viewport() is parent


def outside(widget: QWidget, top: QWidget) -> str | None:
    """Where a widget is cut off by the window or by one of its parents, if it is. A
    widget inside a scroll area is reachable: only the scroll area itself must show."""
    shown = QRect(QPoint(0, 0), widget.size())
    child = widget
    while child is not top:
        parent = child.parentWidget()
        if parent is None:
            return None
        if _is_scrolled(parent):
            return None
        shown = shown.translated(child.pos())
        if not parent.rect().contains(shown):
            reach = f"{shown.right() + 1}x{shown.bottom() + 1}"
            return f"reaches {reach} of {parent.width()}x{parent.height()} in {describe(parent)}"
        child = parent
    return None


def out_of_view(widget: QWidget, top: QWidget) -> bool:
    """Is any part of the widget out of view (scrolled away counts as out of view)?"""
    shown = QRect(QPoint(0, 0), widget.size())
    child = widget
    while child is not top:
        parent = child.parentWidget()
        if parent is None:
            return True
        shown = shown.translated(child.pos())
        if not parent.rect().contains(shown):
            return True
        child = parent
    return False


def squashed(widget: QWidget) -> bool:
    """A button or a one-line label smaller than its words: some are cut off."""
    if isinstance(widget, QAbstractButton) or (
        isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
    ):
        need = widget.minimumSizeHint()
        return widget.width() < need.width() or widget.height() < need.height()
    return False


def misfits(top: QWidget, screen_name: str = "") -> list[str]:
    """What of this window does not fit the screen: its smallest size, its size as it
    opens, then every control at that size (the window made no bigger than the room)."""
    space = room()
    problems = []
    need = top.minimumSizeHint().expandedTo(top.minimumSize())
    if need.width() > space.width() or need.height() > space.height():
        problems.append(
            f"needs at least {need.width()}x{need.height()}, the screen has "
            f"{space.width()}x{space.height()}"
        )
    opens = top.size()
    if opens.width() > space.width() or opens.height() > space.height():
        problems.append(f"opens at {opens.width()}x{opens.height()}")
    top.resize(opens.boundedTo(space).expandedTo(need.boundedTo(space)))
    settle()
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.window() is not top:
            continue
        if not widget.isVisible() or (isinstance(widget, QLabel) and not widget.text()):
            continue
        where = outside(widget, top)
        if where is not None:
            problems.append(f"{describe(widget)} is cut off: {where}")
        elif squashed(widget):
            problems.append(f"{describe(widget)} is squashed")
    wanted = set(ALWAYS_IN_VIEW)
    if space.height() >= ROOM_AT_100:
        wanted.update(IN_VIEW_AT_100.get(screen_name, ()))
    for widget in top.findChildren(QWidget):
        named = widget.objectName() in wanted and widget.window() is top
        if named and widget.isVisible() and out_of_view(widget, top):
            problems.append(f"{describe(widget)} is not in view without scrolling")
    for area in top.findChildren(QScrollArea):
        if area.isVisible() and area.window() is top and area.horizontalScrollBar().maximum() > 0:
            problems.append(f"{describe(area)} scrolls sideways")
    return problems


def every_screen(data: Path, language: str) -> Iterator[tuple[str, QWidget]]:
    """Open each screen in turn and hand it over (the window, or a dialog on it)."""
    from dataclasses import replace

    from helpers.check_ins import check_ins_over_a_year
    from helpers.kdf_cache import FLOOR_SALT, remember_argon2id_keys
    from parentrus_desktop.domain import (
        Celebration,
        Child,
        Family,
        FollowUp,
        School,
        Session,
        StaffMember,
        TalkThrough,
        WorryPassedOn,
        new_record_id,
    )
    from parentrus_desktop.domain.safeguarding import PassedOnTo
    from parentrus_desktop.domain.vocabulary import (
        ActionOwner,
        CelebrationCategory,
        SessionKind,
        SessionStatus,
        StaffRole,
        VenueCategory,
    )
    from parentrus_desktop.gui.app import make_window
    from parentrus_desktop.gui.crash_dialog import CrashDialog, crash_details
    from parentrus_desktop.gui.draft_offer import DraftOffer
    from parentrus_desktop.gui.first_run import FirstRunScreen, RecoveryKeyStep
    from parentrus_desktop.gui.keys_dialog import (
        CHANGE_PASSPHRASE,
        NEW_RECOVERY_KEY,
        NewRecoveryKeyDialog,
    )
    from parentrus_desktop.gui.record_dialog import RecordDialog
    from parentrus_desktop.gui.unlock import FileChangedNotice, PickerScreen
    from parentrus_desktop.operations.demo_data import DemoSize, demo_records
    from parentrus_desktop.operations.drafts import Draft
    from parentrus_desktop.store.profiles import create_profile
    from parentrus_desktop.vault.kdf import KdfParameters

    # The floor, each key derived once in this process (helpers/kdf_cache.py): four
    # profiles are created or opened here, all with the same passphrase.
    remember_argon2id_keys()

    def fast() -> KdfParameters:
        return KdfParameters(salt=FLOOR_SALT)

    first_dir = data / "first"
    window = make_window(first_dir, language)
    window.context.make_kdf = fast
    window.context.today = lambda: TODAY
    window.show()
    window.context.preferences.set("language", "")
    window.show_first_run(can_go_back=True)
    yield "first-run-language", window
    window.context.preferences.set("language", language)
    window.show_first_run(can_go_back=True)
    yield "first-run-profile", window
    first = window.current_screen
    assert isinstance(first, FirstRunScreen)
    key = RecoveryKeyStep("5IYP-T3ZQ-WXCA-3SSO-72Z4-G73U-6QRO-Y3CH-IXLI")
    first.addWidget(key)
    first.setCurrentWidget(key)
    yield "first-run-recovery-key", window
    restore = first.create_step.open_restore()
    yield "restore", restore
    restore.reject()
    window.close()

    profiles = data / "profiles"
    profile, _key = create_profile(profiles, "Hodan", PASSPHRASE, kdf=fast())
    demo = list(demo_records(DemoSize(14, 160), seed=3, today=TODAY))
    # A school with its key staff, long names and all: the family page's "Who to ask at
    # school", the school's form and the page printed for the family show them.
    school = next(r for r in demo if isinstance(r, School))
    staff = tuple(
        StaffMember(id=new_record_id(), role=role, name=name, how_to_reach=reach)
        for role, name, reach in (
            (StaffRole.KEY_CONTACT, "Mrs Oluwakemi Adeyemi-Richardson", "Family room, 8:30-9:30"),
            (StaffRole.CLASS_TEACHER, "Mr Bartholomew Fitzgerald", "A note in the reading book"),
            (StaffRole.HEAD_OF_YEAR, "Ms Begum", "Through the office, 0161 496 0000"),
            (StaffRole.SPECIAL_NEEDS_COORDINATOR, "Mrs Kowalska", "Office phone, Tuesdays"),
            (StaffRole.ATTENDANCE, "Mr Ahmed", "Attendance line before 9am"),
        )
    )
    demo = [replace(school, staff=staff) if r is school else r for r in demo]
    long_named = Family(
        id=new_record_id(),
        code="WHQ-RU",
        carers=("Oluwaseun Adebayo-Williams", "Maria-Fernanda"),
        children=(
            Child(
                first_name="Oluwadamilare",
                school_id=school.id,
                year_group=4,
                class_teacher=staff[1].id,
            ),
        ),
        languages=("ar", "en"),
        joined_on=TODAY - timedelta(days=40),
    )
    planned = Session(
        id=new_record_id(),
        session_kind=SessionKind.ONE_TO_ONE,
        families=(long_named.id,),
        venue_category=VenueCategory.LIBRARY,
        on=TODAY - timedelta(days=2),
        starts_at=time(10, 0),
        minutes=45,
        status=SessionStatus.PLANNED,
    )
    follow_up = FollowUp(
        id=new_record_id(),
        family=long_named.id,
        owner=ActionOwner.MENTOR,
        what="Ring the school office about the trip letter",
        due_on=TODAY + timedelta(days=3),
        raised_on=TODAY,
    )
    # A celebration, so the family page lists it and its card can be shown.
    celebration = Celebration(
        id=new_record_id(),
        family=long_named.id,
        category=CelebrationCategory.JOINED_PARENTS_FORUM,
        on=TODAY - timedelta(days=1),
    )
    worry = WorryPassedOn(
        id=new_record_id(),
        family=long_named.id,
        on=TODAY - timedelta(days=1),
        at=time(16, 5),
        to=PassedOnTo.PROGRAMME_LEAD,
        words="Rang the lead from the car park",
    )
    flag = TalkThrough(
        id=new_record_id(),
        family=long_named.id,
        session=planned.id,
        words="She asked me to go with her to the school about the bullying; is that my place?",
        raised_on=TODAY - timedelta(days=1),
    )
    profile.save(*demo, long_named, planned, follow_up, celebration, worry, flag)
    profile.save(*check_ins_over_a_year(long_named.id, TODAY))  # the family page's chart
    profile.lock()
    create_profile(profiles, "Agnieszka", PASSPHRASE, kdf=fast())[0].lock()
    window = make_window(profiles, language)
    window.context.make_kdf = fast
    window.context.today = lambda: TODAY
    window.show()
    settle()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    yield "picker", window
    picker.forgot.click()
    yield "picker-forgot", window
    # Help, before unlocking: About, and the guide at a page with pictures.
    about = window.show_about()
    settle()
    yield "about", about
    about.close()
    guide = window.show_guide()
    guide.open_page("01-first-time.md")  # type: ignore[attr-defined]
    settle()
    yield "user-guide", guide
    guide.close()
    window.show_picker()
    picker = window.current_screen
    assert isinstance(picker, PickerScreen)
    yield "restore-from-picker", picker.open_restore()
    picker.restore_dialog.reject()  # type: ignore[union-attr]
    picker.profiles.setCurrentRow(1)
    picker.passphrase.setText(PASSPHRASE)
    picker.unlock()
    settle()
    workspace = window.workspace
    assert workspace is not None
    records = workspace.records
    notice = FileChangedNotice(records.profile, window)
    notice.show()
    yield "file-changed", notice
    notice.close()
    new_key = NewRecoveryKeyDialog("5IYP-T3ZQ-WXCA-3SSO-72Z4-G73U-6QRO-Y3CH-IXLI", window)
    new_key.show()
    yield "new-recovery-key", new_key
    new_key.accept()
    try:
        raise ValueError("an example of an error nobody caught")
    except ValueError as error:
        crash = CrashDialog(crash_details(error), window)
    crash.show()
    yield "something-went-wrong", crash
    crash.close()
    for name, page in (
        ("today", workspace.today_page),
        ("families", workspace.families_page),
        ("follow-ups", workspace.follow_ups_page),
        ("referrals", workspace.referrals_page),
        ("celebrations", workspace.celebrations_page),
        ("check-ins", workspace.check_ins_page),
        ("my-log", workspace.my_log_page),
        ("places", workspace.places_page),
        ("schools", workspace.schools_page),
        ("school", workspace.school_page),
        ("glossary", workspace.glossary_page),
        ("settings", workspace.settings_page),
    ):
        workspace.show_page(page)
        yield name, window
    workspace.open_family(long_named.id)
    yield "family", window
    family = records.family(long_named.id)
    assert family is not None
    forms: list[tuple[str, Callable[[], QWidget | None]]] = [
        ("log-session", lambda: workspace.log_session(family)),
        ("change-session", lambda: workspace.open_session(planned)),
        ("add-family", lambda: workspace.edit_family(None)),
        ("change-family", lambda: workspace.edit_family(family)),
        ("follow-up", lambda: workspace.open_follow_up(follow_up)),
        ("referral", lambda: workspace.open_referral(None, family.id)),
        ("celebration", lambda: workspace.open_celebration(None, family.id)),
        ("check-in", lambda: workspace.open_check_in(None, family.id)),
        ("consent", lambda: workspace._add_for_family("consent", family.id)),
        ("celebration-card", lambda: workspace.print_card(celebration)),
        ("log-entry", lambda: workspace.open_log_entry(None)),
        ("safeguarding", lambda: workspace.open_worry(None, family.id)),
        ("place", lambda: workspace.open_venue(None)),
        ("service", lambda: workspace.open_agency(None)),
        ("school-staff", lambda: workspace.open_school(records.profile.get(school.id))),  # type: ignore[arg-type]
        ("who-to-ask", lambda: workspace.print_who_to_ask(family)),
        ("family-handout", lambda: workspace.print_handout(family)),
        ("school-words", lambda: workspace.print_school_words(family)),
        ("search", workspace.open_search),
        ("what-is-counted", lambda: workspace.show_counted(family)),
        ("connect-school", lambda: workspace.connect_school(None)),
        ("erase-family", lambda: workspace.ask_erase(family)),
        ("keep-family", lambda: workspace.ask_keep(family)),
        ("change-passphrase", lambda: workspace.settings_page.open_keys(CHANGE_PASSPHRASE)),
        ("new-recovery-key-asked", lambda: workspace.settings_page.open_keys(NEW_RECOVERY_KEY)),
        ("activity", workspace.settings_page.keeping_records.open_activity),
        ("talk-through", lambda: workspace.open_talk_through(None, family.id, planned.id)),
        ("supervision-summary", workspace.open_supervision_summary),
    ]
    for name, open_form in forms:
        before = set(workspace.findChildren(QWidget))
        opened = open_form()
        if opened is None:  # opened by the workspace, handed back by no one
            opened = next(
                w for w in workspace.findChildren(QWidget) if w.isWindow() and w not in before
            )
        settle()
        yield name, opened
        if isinstance(opened, RecordDialog):
            opened.discard()
        else:
            opened.close()
        settle()
    form = workspace.open_follow_up(follow_up)
    assert isinstance(form, RecordDialog)
    yield "delete-question", form.ask_delete()
    form.discard()
    draft = Draft(
        form="SessionForm",
        fields={},
        written_at=datetime(2026, 11, 21, 15, 30, tzinfo=UTC),
        editing=None,
        family=family.id,
        families=(family.id,),
        pending=(),
        was=None,
    )
    offer = DraftOffer(records, draft, workspace)
    offer.show()
    yield "carry-on", offer
    offer.reject()
    window.lock()
    window.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="en")
    parser.add_argument("--report", type=Path, help="where to write what was found (JSON)")
    parser.add_argument("--pictures", type=Path, help="a folder for a PNG of each screen")
    parser.add_argument("--only", default="", help="the screens to picture, by name, commas")
    parser.add_argument(
        "--laptop", choices=[laptop[0] for laptop in LAPTOPS], help="run on this laptop's screen"
    )
    args = parser.parse_args()
    if args.laptop is not None:  # a new process, its screen set as Qt starts
        laptop = next(laptop for laptop in LAPTOPS if laptop[0] == args.laptop)
        run_on_laptop(laptop, args.language, args.report, args.pictures, args.only)
        return
    warnings: list[str] = []

    def heard(_kind: object, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            warnings.append(message)

    qInstallMessageHandler(heard)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    screen = QGuiApplication.primaryScreen()
    found: dict[str, list[str]] = {}
    cut: dict[str, list[str]] = {}  # words cut off, and a window laid out the wrong way
    from helpers.cut_off import words_cut_off, wrong_direction
    from parentrus_desktop.gui.language import is_right_to_left

    with tempfile.TemporaryDirectory() as data:
        for name, top in every_screen(Path(data), args.language):
            settle()
            found[name] = misfits(top, name)
            cut[name] = words_cut_off(top)
            turned = wrong_direction(top, is_right_to_left(args.language))
            cut[name] += [turned] if turned else []
            if args.pictures is not None and (not args.only or name in args.only.split(",")):
                args.pictures.mkdir(parents=True, exist_ok=True)
                top.grab().save(str(args.pictures / f"{name}.png"))
    free = screen.availableGeometry()
    report = {
        "screen": [free.width(), free.height()],
        "scaling": screen.devicePixelRatio(),
        "screens": found,
        "words_cut_off": cut,
        "warnings": warnings,
    }
    if args.report is not None:
        args.report.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    app.quit()


if __name__ == "__main__":
    main()

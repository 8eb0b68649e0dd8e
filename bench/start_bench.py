"""Cold start to the first screen, beside a bare PySide6 window: wall time and peak memory.

Run: .venv/bin/python bench/start_bench.py [--runs N] [--bundle dist/parentrus/parentrus]

Each figure is a whole process, from its start to its exit, the way a mentor starts the
app: the baseline is a tiny script that shows a bare QMainWindow and quits once it is
painted; the app runs with ``--exit-after-start`` (it quits once the first screen is painted)
on a fresh data folder (the first-run screen) and on one with a profile (the picker).
The runs are interleaved (baseline, app, app... then again), so a machine that slows
down slows every kind alike; medians and their ratios to the baseline are printed, with
the processes' CPU time (user and system), which a busy machine moves less.
Targets (issue 15): time within 2.5x the baseline, peak memory within 1.6x.

With --unlock, it then measures the unlock: a profile with 20 example families, the app
started as a mentor starts it, the passphrase typed (after a pause, as a mentor types),
then Unlock pressed: the seconds until the Today page is painted, each run a new process,
with the warm-up of the workspace's modules (gui/warm_up.py) on and off, interleaved.
Linux only (posix_spawn, and wait4's peak memory in KiB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TIME_LIMIT = 2.5
MEMORY_LIMIT = 1.6
BUNDLE = Path(__file__).resolve().parents[1] / "dist" / "parentrus" / "parentrus"

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 760)

class FirstPaint(QObject):  # as the app's --exit-after-start: once painted
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False

first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
sys.exit(app.exec())
"""


@dataclass
class Kind:
    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


def run_once(command: list[str], environment: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user and system) and peak resident memory (MiB) of one
    whole process (the kernel's accounting of the reaped child, wait4)."""
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, environment)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024  # KiB on Linux


PROFILE = """
import os, sys
from pathlib import Path
from parentrus_desktop.store.profiles import create_profile
from parentrus_desktop.vault.kdf import KdfParameters

# The quickest key derivation the vault allows: only the file's presence matters here.
kdf = KdfParameters(salt=os.urandom(16))
create_profile(Path(sys.argv[1]), "Bench", "a bench passphrase for start", kdf=kdf)[0].lock()
"""


def profile_folder(root: Path, environment: dict[str, str]) -> Path:
    """A data folder with one profile in it: the first screen is then the picker. Made by
    another process: the kernel's peak for a child can carry this process's own peak (the
    memory it had when the child started), so this one stays smaller than any child."""
    folder = root / "with-profile"
    run_once([sys.executable, "-c", PROFILE, str(folder)], environment)
    return folder


BENCH_PASSPHRASE = "a bench passphrase for the unlock"  # noqa: S105 - an invented one
#: gui/warm_up.py's switch (not imported: this process stays small, see profile_folder).
NO_WARM_UP = "PARENTRUS_NO_WARM_UP"

UNLOCK_PROFILE = """
import sys
from pathlib import Path
from parentrus_desktop.operations.demo_data import DemoSize, add_example_records
from parentrus_desktop.store.profiles import create_profile

# The vault's usual key derivation: it is part of every unlock.
profile = create_profile(Path(sys.argv[1]), "Bench", sys.argv[2])[0]
add_example_records(profile, DemoSize(20, 200), seed=1)
profile.lock()
"""

# The app as the `parentrus` command starts it; once the first screen is painted and the
# passphrase typed, Unlock is pressed; the seconds to the Today page painted are printed.
UNLOCK = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from parentrus_desktop.gui import app
from parentrus_desktop.gui.first_paint import FirstPaint

data, passphrase, typing_seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
windows = []
make_window = app.make_window

def made(*given):
    window = make_window(*given)
    windows.append(window)
    FirstPaint(window).painted.connect(lambda: QTimer.singleShot(int(typing_seconds * 1000), press))
    return window

def press():
    window = windows[0]
    window.current_screen.passphrase.setText(passphrase)
    started = time.perf_counter()

    def today_shown():
        if window.workspace is None:
            QTimer.singleShot(5, today_shown)
            return
        window.repaint()  # the Today page painted, not only made
        print(f"unlock {time.perf_counter() - started:.4f}", flush=True)
        QApplication.instance().quit()

    window.current_screen.unlock()
    QTimer.singleShot(5, today_shown)

app.make_window = made
sys.exit(app.main(["--data-dir", data]))
"""

#: Seconds between the first paint and the Unlock press: a mentor types a passphrase.
TYPING_SECONDS = 2.0


def unlock_once(data: Path, environment: dict[str, str]) -> float:
    """Seconds from the Unlock press to the Today page painted, in a new app process."""
    child = [sys.executable, "-c", UNLOCK, str(data), BENCH_PASSPHRASE, str(TYPING_SECONDS)]
    done = subprocess.run(child, env=environment, capture_output=True, text=True, check=False)
    said = [line for line in done.stdout.splitlines() if line.startswith("unlock ")]
    if done.returncode != 0 or not said:
        raise SystemExit(f"the unlock run failed: {done.stderr[-2000:]}")
    return float(said[-1].split()[1])


def bench_unlock(root: Path, environment: dict[str, str], runs: int, base: float) -> None:
    """Unlock to Today with the warm-up on and off, interleaved; medians, ratio to `base`."""
    data = root / "unlock"
    run_once([sys.executable, "-c", UNLOCK_PROFILE, str(data), BENCH_PASSPHRASE], environment)
    kinds = {"warm-up on": environment, "warm-up off": {**environment, NO_WARM_UP: "1"}}
    seconds: dict[str, list[float]] = {name: [] for name in kinds}
    for env in kinds.values():  # unmeasured: the files in the disk cache
        unlock_once(data, env)
    for run in range(runs):
        for name, env in kinds.items():
            seconds[name].append(unlock_once(data, env))
        print(f"unlock run {run + 1}/{runs} done", file=sys.stderr)
    print(f"\nUnlock pressed ({TYPING_SECONDS:.0f} s after the first paint) to Today painted,")
    print(f"20 example families, median of {runs} interleaved runs")
    print(f"{'':26} {'seconds':>8} {'ratio to the bare window start':>31}")
    for name, figures in seconds.items():
        median = statistics.median(figures)
        print(f"{name:26} {median:8.3f} {median / base:31.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each kind (default 9)")
    parser.add_argument(
        "--bundle",
        type=Path,
        default=BUNDLE,
        help="the PyInstaller bundle's executable, measured too when it exists "
        "(default: dist/parentrus/parentrus)",
    )
    parser.add_argument("--unlock", action="store_true", help="measure the unlock too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="start-bench-") as temporary:
        root = Path(temporary)
        environment = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            # Compiled bytecode, as an installed app has (pip compiles it; a bundle holds
            # it): the unmeasured first runs write it here, not into the source folders.
            "PYTHONPYCACHEPREFIX": str(root / "bytecode"),
        }
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        with_profile = profile_folder(root, environment)
        python = [sys.executable]
        app = [*python, "-m", "parentrus_desktop.gui.app", "--exit-after-start", "--data-dir"]
        kinds = [
            Kind("bare PySide6 window", [*python, "-c", BARE_WINDOW]),
            Kind("app, fresh folder", [*app, str(root / "fresh")]),  # renewed each run
            Kind("app, with a profile", [*app, str(with_profile)]),
        ]
        bundle = args.bundle.resolve()
        if bundle.is_file():
            bundled = [str(bundle), "--exit-after-start", "--data-dir"]
            kinds += [
                Kind("bundle, fresh folder", [*bundled, str(root / "fresh")]),
                Kind("bundle, with a profile", [*bundled, str(with_profile)]),
            ]
        else:
            print(f"no bundle at {args.bundle} (make bundle builds it): not measured")
        for kind in kinds:  # one unmeasured run each: the files in the disk cache, as usual
            run_once(kind.command, environment)
        load_before = os.getloadavg()[0]
        for run in range(args.runs):
            for kind in kinds:
                shutil.rmtree(root / "fresh", ignore_errors=True)
                seconds, cpu, peak = run_once(kind.command, environment)
                kind.seconds.append(seconds)
                kind.cpu_seconds.append(cpu)
                kind.peak_mib.append(peak)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
        report(kinds, args.runs)
        # The ratios move with the machine's load (other work on the same cores): say it.
        print(f"load average (1 min): {load_before:.2f} before the runs, ", end="")
        print(f"{os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs")
        if args.unlock:
            bench_unlock(root, environment, args.runs, statistics.median(kinds[0].seconds))
    return 0


def report(kinds: list[Kind], runs: int) -> None:
    base = kinds[0]
    base_seconds = statistics.median(base.seconds)
    base_cpu = statistics.median(base.cpu_seconds)
    base_peak = statistics.median(base.peak_mib)
    print(f"\nCold start to the first screen, whole process, median of {runs} interleaved runs")
    ratio = f"{'ratio':>6}"
    print(f"{'':26} {'seconds':>8} {ratio} {'CPU s':>6} {ratio} {'peak MiB':>9} {ratio}")
    for kind in kinds:
        seconds = statistics.median(kind.seconds)
        cpu = statistics.median(kind.cpu_seconds)
        peak = statistics.median(kind.peak_mib)
        time_ratio, memory_ratio = seconds / base_seconds, peak / base_peak
        verdict = ""
        if kind is not base:
            within = time_ratio <= TIME_LIMIT and memory_ratio <= MEMORY_LIMIT
            verdict = "within" if within else "OVER"
        print(
            f"{kind.name:26} {seconds:8.3f} {time_ratio:6.2f} {cpu:6.3f} {cpu / base_cpu:6.2f}"
            f" {peak:9.1f} {memory_ratio:6.2f}"
            f"  {verdict}"
        )
    print(f"targets: time <= {TIME_LIMIT}x, peak memory <= {MEMORY_LIMIT}x the bare window")
    print("(CPU seconds, user and system, move less with the machine's load than wall time)")


if __name__ == "__main__":
    sys.exit(main())

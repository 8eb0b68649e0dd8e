"""Cold start to the first screen, beside a bare PySide6 window: wall time and peak memory.

Run: .venv/bin/python bench/start_bench.py [--runs N] [--bundle dist/parentrus/parentrus]

Each figure is a whole process, from its start to its exit, the way a mentor starts the
app: the baseline is a tiny script that shows a bare QMainWindow and quits once it is
shown; the app runs with ``--exit-after-start`` (it quits once the first screen is shown)
on a fresh data folder (the first-run screen) and on one with a profile (the picker).
The runs are interleaved (baseline, app, app... then again), so a machine that slows
down slows every kind alike; medians and their ratios to the baseline are printed.
Targets (issue 15): time within 2.5x the baseline, peak memory within 1.6x.
Linux only (posix_spawn, and wait4's peak memory in KiB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
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
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1100, 760)
window.show()
QTimer.singleShot(0, app.quit)  # as the app's --exit-after-start: once shown
sys.exit(app.exec())
"""


@dataclass
class Kind:
    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


def run_once(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one whole process (the kernel's
    accounting of the reaped child, wait4)."""
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, environment)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} exited with {code}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


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
        for run in range(args.runs):
            for kind in kinds:
                shutil.rmtree(root / "fresh", ignore_errors=True)
                seconds, peak = run_once(kind.command, environment)
                kind.seconds.append(seconds)
                kind.peak_mib.append(peak)
            print(f"run {run + 1}/{args.runs} done", file=sys.stderr)
    report(kinds, args.runs)
    return 0


def report(kinds: list[Kind], runs: int) -> None:
    base = kinds[0]
    base_seconds = statistics.median(base.seconds)
    base_peak = statistics.median(base.peak_mib)
    print(f"\nCold start to the first screen, whole process, median of {runs} interleaved runs")
    print(f"{'':26} {'seconds':>8} {'ratio':>6} {'peak MiB':>9} {'ratio':>6}")
    for kind in kinds:
        seconds = statistics.median(kind.seconds)
        peak = statistics.median(kind.peak_mib)
        time_ratio, memory_ratio = seconds / base_seconds, peak / base_peak
        verdict = ""
        if kind is not base:
            within = time_ratio <= TIME_LIMIT and memory_ratio <= MEMORY_LIMIT
            verdict = "within" if within else "OVER"
        print(
            f"{kind.name:26} {seconds:8.3f} {time_ratio:6.2f} {peak:9.1f} {memory_ratio:6.2f}"
            f"  {verdict}"
        )
    print(f"targets: time <= {TIME_LIMIT}x, peak memory <= {MEMORY_LIMIT}x the bare window")


if __name__ == "__main__":
    sys.exit(main())

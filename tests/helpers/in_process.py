"""parentrus-admin and parentrus-hub run inside the test process: the same main(),
arguments, environment, working folder and streams a subprocess would get, without its
second of imports.

A subprocess per command made the CLI tests the slowest in the suite (a second of imports
and, for the admin tool, a calibrated half-second Argon2id each time). The installed
commands are still run as real processes where the entry point is the point:
parentrus-admin in tests/integration/test_admin_cli.py (at the production key-derivation
cost), and ``parentrus-hub serve`` by every HubProcess (helpers/hub_process.py).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from unittest import mock

from parentrus_sync.hub import cli as hub_cli

from helpers.kdf_cache import FLOOR_SALT
from parentrus_desktop import cli, i18n
from parentrus_desktop.store import profiles
from parentrus_desktop.vault.kdf import KdfParameters


class _Stdin(io.StringIO):
    """What the command reads: given text, never a terminal (as under CI)."""

    def isatty(self) -> bool:
        return False


def _floor_kdf() -> KdfParameters:
    # Real Argon2id at the floor, as the floor_kdf fixture: the CLI tests are about the
    # commands, and the production cost is measured once, by the installed command's test.
    # The salt is the floor_kdf fixture's (helpers/kdf_cache.py: keys derived once).
    return KdfParameters(salt=FLOOR_SALT)


@contextlib.contextmanager
def _as_a_new_process(env: Mapping[str, str], cwd: Path | None) -> Iterator[None]:
    """The environment, folder and language a fresh process would start with; all put back."""
    language = i18n.current_language()
    folder = Path.cwd()
    with mock.patch.dict(os.environ, env, clear=True):
        i18n.set_language(i18n.SOURCE_LANGUAGE)  # a new process speaks English until told
        try:
            if cwd is not None:
                os.chdir(cwd)
            yield
        finally:
            os.chdir(folder)
            i18n.set_language(language)


def run_main(
    main: Callable[[Sequence[str]], int],
    program: str,
    args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``main(args)`` as ``subprocess.run([program, *args], env=env, cwd=cwd, input=stdin)``
    would run it (``env`` the whole environment). The exit code is main()'s, argparse's (2),
    or 1 with the traceback on stderr for an uncaught exception, as the interpreter gives."""
    out, err = io.StringIO(), io.StringIO()
    with (
        _as_a_new_process(dict(os.environ if env is None else env), cwd),
        mock.patch.object(sys, "stdin", _Stdin(stdin or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = main(args)
        except SystemExit as leaving:
            if leaving.code is None or isinstance(leaving.code, int):
                code = leaving.code or 0
            else:
                print(leaving.code, file=sys.stderr)
                code = 1
        except Exception:
            traceback.print_exc()
            code = 1
    return subprocess.CompletedProcess([program, *args], code, out.getvalue(), err.getvalue())


def run_admin(
    args: list[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """``parentrus-admin ARGS``, at the floor key-derivation cost."""
    with mock.patch.object(profiles, "calibrate", _floor_kdf):
        return run_main(cli.main, "parentrus-admin", args, env=env, cwd=cwd, stdin=stdin)


def run_hub_here(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``parentrus-hub ARGS`` (any command but serve, which runs until stopped)."""
    assert "serve" not in args, "parentrus-hub serve runs in a process of its own"
    return run_main(hub_cli.main, "parentrus-hub", args, stdin=stdin)

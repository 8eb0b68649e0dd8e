"""``parentrus-hub serve`` logs to standard output by default (journald and Docker collect
it there): each request's access line and each refused sign-in, never a query or password."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import httpx
from helpers.hub_process import PASSWORD, USERNAME, free_port, hub_command, run_hub


def test_serve_logs_requests_and_refusals_to_standard_output(tmp_path: Path) -> None:
    data = tmp_path / "hub-data"
    done = run_hub(
        "init", "--data", str(data), "--school-name", "Riverside Primary", "--password-stdin",
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [*hub_command(), "serve", "--data", str(data), "--port", str(port)],
            stdout=stdout, stderr=stderr,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/api/v1/hello?planted=query").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, err.read_text()
            time.sleep(0.1)
        with httpx.Client(base_url=url) as client:
            page = client.get("/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf is not None
            wrong = {"csrf": csrf.group(1), "username": USERNAME, "password": "planted-password"}
            assert client.post("/login", data=wrong).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=30)
    text = out.read_text()
    assert "parentrus_sync.hub.access: GET /api/v1/hello 200 " in text
    assert "parentrus_sync.hub.access: POST /login 401 " in text
    assert "parentrus_sync.hub.auth: Sign-in refused from 127.0.0.1" in text
    assert "planted" not in text + err.read_text()
    assert "parentrus_sync.hub.access" not in err.read_text()

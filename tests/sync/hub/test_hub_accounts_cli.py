"""``parentrus-hub coordinator list | password | remove`` on both backends: a forgotten
password is set anew and whoever was signed in with the old one is signed out; an account
is removed with its sessions; the hub's last account is never removed."""

from __future__ import annotations

import re

import httpx
from helpers.hub_process import PASSWORD, SCHOOL, USERNAME, HubProcess, run_hub
from parentrus_sync.hub.passwords import password_matches

NEW_PASSWORD = "another long password"
OTHER = "hillside-academy"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def _signed_in(url: str, username: str, password: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    page = client.get("/login")
    done = client.post(
        "/login",
        data={"csrf": _csrf(page.text), "username": username, "password": password},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/", done.text
    return client


def _at_numbers(client: httpx.Client) -> bool:
    """Whether the session still opens the numbers page (else: sent to sign in)."""
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code in (200, 303)
    return answer.status_code == 200


def _hub(hub_process: HubProcess, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    done = run_hub(*args, "--data", str(hub_process.data), stdin=stdin)
    return done.returncode, done.stdout, done.stderr


def test_a_new_password_signs_out_the_old_one(hub_process: HubProcess) -> None:
    assert _hub(hub_process, "school", "add", "Hillside Academy")[0] == 0
    added = _hub(hub_process, "coordinator", "add", "hill", "--school", OTHER,
                 "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert added[0] == 0, added
    code, out, _ = _hub(hub_process, "coordinator", "list")
    assert code == 0 and out.splitlines() == [f"{USERNAME}  {SCHOOL}", f"hill  {OTHER}"]

    mine = _signed_in(hub_process.url, USERNAME, PASSWORD)
    theirs = _signed_in(hub_process.url, "hill", PASSWORD)
    try:
        assert _at_numbers(mine) and _at_numbers(theirs)
        short = _hub(hub_process, "coordinator", "password", USERNAME, "--password-stdin",
                     stdin="short\n")  # fmt: skip
        assert short[0] == 2 and "The password was not changed." in short[2]
        assert _at_numbers(mine)
        unknown = _hub(hub_process, "coordinator", "password", "nobody", "--password-stdin",
                       stdin=NEW_PASSWORD + "\n")  # fmt: skip
        assert unknown[0] == 2 and "There is no account called nobody" in unknown[2]

        code, out, err = _hub(hub_process, "coordinator", "password", USERNAME,
                              "--password-stdin", stdin=NEW_PASSWORD + "\n")  # fmt: skip
        assert code == 0, err
        assert not _at_numbers(mine)  # signed out on the spot
        assert _at_numbers(theirs)  # another account's session is untouched
        _signed_in(hub_process.url, USERNAME, NEW_PASSWORD).close()
        storage = hub_process.storage()
        try:
            account = storage.coordinator(USERNAME)
            assert account is not None and password_matches(account.password_hash, NEW_PASSWORD)
        finally:
            storage.close()

        code, out, err = _hub(hub_process, "coordinator", "remove", "hill")
        assert code == 0, err
        assert not _at_numbers(theirs)
        code, out, _ = _hub(hub_process, "coordinator", "list")
        assert out.splitlines() == [f"{USERNAME}  {SCHOOL}"]
        assert _hub(hub_process, "coordinator", "remove", "hill")[0] == 2

        # The last account stays: without it nobody could sign in to set anything right.
        code, _, err = _hub(hub_process, "coordinator", "remove", USERNAME)
        assert code == 2
        assert "only account on this hub" in err and "Nothing was removed." in err
        assert _hub(hub_process, "coordinator", "list")[1].splitlines() == [f"{USERNAME}  {SCHOOL}"]
    finally:
        mine.close()
        theirs.close()


def test_the_sign_in_page_names_the_command_for_a_new_password(hub_process: HubProcess) -> None:
    page = httpx.get(hub_process.url + "/login", timeout=60)
    assert "<code>parentrus-hub coordinator password</code>" in page.text

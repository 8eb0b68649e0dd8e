"""The policy page over real HTTP: what the school asks its laptops for, what each choice
costs, and every number's margin under it; saving is what the laptops get next."""

from __future__ import annotations

import html
import math
import re

import httpx
import pytest
from hubweb_kit import SCHOOL, csrf_of, sign_in
from parentrus_sync.hub.hub import Hub
from parentrus_sync.periods import PeriodKind
from parentrus_sync.protocol import Policy, read_signed_policy
from parentrus_sync.report_shape import DEFAULT_BREAKDOWNS, MENU
from parentrus_sync.school_plan import ReportPlan, cost_of_adding

OPTIONAL = tuple(b.name for b in MENU if not b.core)


def form(token: str, **changes: str) -> dict[str, str]:
    """The policy form as a browser sends it: the default choices, then ``changes``; a
    breakdown's checkbox is sent only when it is ticked."""
    fields = {"csrf": token, "school": SCHOOL, "cadence": "term", "epsilon": "10"}
    fields |= {"families": "40", "action": "save"}
    fields |= {f"breakdown-{name}": "on" for name in DEFAULT_BREAKDOWNS}
    fields |= changes
    return {k: v for k, v in fields.items() if v != ""}


def margin_cells(page: str, name: str) -> list[str]:
    row = re.search(rf'<tr data-cell="{name}">(.*?)</tr>', page, re.S)
    assert row, name
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_the_page_shows_the_policy_each_optional_cost_and_every_margin(
    client: httpx.Client, web_hub: Hub
) -> None:
    sign_in(client)
    dashboard = client.get("/").text
    assert 'href="/policy"' in dashboard  # in the navigation
    page = client.get("/policy")
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert '<input type="radio" name="cadence" value="term" checked>' in text
    assert 'name="epsilon" inputmode="decimal" value="10"' in text
    assert 'name="families" inputmode="numeric" value="40"' in text
    for b in MENU:
        ticked = f'name="breakdown-{b.name}" value="on" checked' in text
        assert ticked == b.core, b.name
    plan = ReportPlan()
    for name in OPTIONAL:
        added = cost_of_adding(plan, name)
        percent = round((added.wider - 1) * 100)
        keep = math.ceil(added.epsilon_to_keep_margins * 10) / 10
        wanted = (
            f"at the same privacy limit, every number gets about {percent}% wider; to keep "
            f"them as they are, ε would go from 10 to {keep:g}."
        )
        assert wanted in text, name
    for name in DEFAULT_BREAKDOWNS:
        one, five = (math.ceil(plan.margin(name, laptops=n)) for n in (1, 5))
        assert margin_cells(text, name) == [f"± {one}", f"± {five}"]
    assert margin_cells(text, "sessions_held") != margin_cells(text, "families_new")


def test_saving_sets_the_policy_the_laptops_get_next(client: httpx.Client, web_hub: Hub) -> None:
    sign_in(client)
    token = csrf_of(client.get("/policy").text)
    chosen = form(
        token,
        cadence="month",
        epsilon="8,5",
        families="30",
        **{"breakdown-sessions_by_topic": "on"},
    )
    del chosen["breakdown-check_in_changes"]
    saved = client.post("/policy", data=chosen, follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/policy?school={SCHOOL}&saved=1"
    wanted = Policy(
        SCHOOL,
        period_kind=PeriodKind.MONTH,
        epsilon=8.5,
        breakdowns=tuple(
            n for n in (*DEFAULT_BREAKDOWNS, "sessions_by_topic") if n != "check_in_changes"
        ),
        families_per_laptop=30,
    )
    held = web_hub.storage.school(SCHOOL)
    assert held is not None and held.policy == wanted
    # What a laptop gets at its next sync, signed by the hub.
    answer = client.get(f"/api/v1/policy/{SCHOOL}")
    assert read_signed_policy(answer.json(), web_hub.public_key) == wanted
    page = html.unescape(client.get(saved.headers["location"]).text)
    assert "Saved." in page and "a report each month" in page
    assert 'name="breakdown-sessions_by_topic" value="on" checked' in page
    topics = math.ceil(wanted.plan().margin("sessions_by_topic", laptops=5))
    assert margin_cells(page, "sessions_by_topic")[1] == f"± {topics}"


def test_the_school_sets_how_long_laptops_keep_closed_families_and_the_pages_say_it(
    client: httpx.Client, web_hub: Hub
) -> None:
    sign_in(client)
    page = html.unescape(client.get("/policy").text)
    assert "Your school sets no limit on how long" in page
    assert 'id="keeping"' not in client.get("/").text  # the numbers page: only a limit
    assert 'name="keep" inputmode="numeric" value=""' in page
    saved = client.post("/policy", data=form(csrf_of(page), keep="6"), follow_redirects=False)
    assert saved.status_code == 303
    held = web_hub.storage.school(SCHOOL)
    assert held is not None and held.policy == Policy(SCHOOL, keep_closed_months=6)
    # Signed and sent like the rest of the policy.
    answer = client.get(f"/api/v1/policy/{SCHOOL}")
    assert read_signed_policy(answer.json(), web_hub.public_key).keep_closed_months == 6
    said = (
        "Your school asks the mentors’ laptops to keep a closed family’s records no longer "
        "than 6 months after the family finished."
    )
    after = html.unescape(client.get(saved.headers["location"]).text)
    assert said in after and 'name="keep" inputmode="numeric" value="6"' in after
    assert said in html.unescape(client.get("/").text)  # the dashboard says it too
    # Emptied: no limit again, and the policy is the old form, byte for byte.
    token = csrf_of(after)
    assert client.post("/policy", data=form(token, keep=""), follow_redirects=False).is_redirect
    assert client.get(f"/api/v1/policy/{SCHOOL}").json()["policy"] == Policy(SCHOOL).to_json()
    for wrong in ("0", "121", "six", "6.5", "-3"):
        refused = client.post("/policy", data=form(token, keep=wrong))
        assert refused.status_code == 400
        assert "from 1 to 120, or leave it empty for no limit" in html.unescape(refused.text)
        assert f'value="{wrong}"' in refused.text  # kept, to be put right


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"epsilon": "25"}, "The yearly privacy limit can be at most 20."),
        ({"epsilon": "20.5"}, "The yearly privacy limit can be at most 20."),
        ({"epsilon": "0.5"}, "must be at least 1"),
        ({"epsilon": "ten"}, "as a number from 1 to 20"),
        ({"epsilon": "nan"}, "as a number from 1 to 20"),
        ({"families": "3"}, "a whole number from 5 to 200"),
        ({"families": "201"}, "a whole number from 5 to 200"),
        ({"families": "²"}, "a whole number from 5 to 200"),
        ({"cadence": "week"}, "each term or each month"),
        ({f"breakdown-{n}": "" for n in DEFAULT_BREAKDOWNS}, "at least one number"),
        ({"breakdown-secret_numbers": "on"}, "does not know"),
    ],
)
def test_a_choice_outside_what_is_allowed_is_refused_in_plain_words(
    client: httpx.Client, web_hub: Hub, changes: dict[str, str], words: str
) -> None:
    sign_in(client)
    token = csrf_of(client.get("/policy").text)
    before = web_hub.storage.school(SCHOOL)
    answer = client.post("/policy", data=form(token, **changes))
    assert answer.status_code == 400
    problem = re.search(r'<p class="problem" role="alert">(.*?)</p>', answer.text, re.S)
    assert problem and words in html.unescape(problem.group(1))
    assert web_hub.storage.school(SCHOOL) == before
    # The form keeps what was typed, so it can be put right.
    for field in ("epsilon", "families"):
        if field in changes:
            assert f'value="{changes[field]}"' in answer.text


def test_showing_the_margins_of_a_choice_saves_nothing(client: httpx.Client, web_hub: Hub) -> None:
    sign_in(client)
    token = csrf_of(client.get("/policy").text)
    before = web_hub.storage.school(SCHOOL)
    answer = client.post("/policy", data=form(token, epsilon="5", action="preview"))
    assert answer.status_code == 200
    assert web_hub.storage.school(SCHOOL) == before
    text = html.unescape(answer.text)
    assert "would be with these choices" in text and "limit of ε = 5:" in text
    lower = ReportPlan(epsilon=5.0)
    one = math.ceil(lower.margin("families_active", laptops=1))
    assert margin_cells(text, "families_active")[0] == f"± {one}"
    assert one > math.ceil(ReportPlan().margin("families_active", laptops=1))


def test_the_policy_form_needs_its_csrf_token_and_a_signed_in_coordinator(
    client: httpx.Client, web_hub: Hub
) -> None:
    assert client.get("/policy", follow_redirects=False).status_code == 303
    sign_in(client)
    before = web_hub.storage.school(SCHOOL)
    forged = client.post("/policy", data=form("not-the-token", epsilon="20"))
    assert forged.status_code == 403
    assert web_hub.storage.school(SCHOOL) == before

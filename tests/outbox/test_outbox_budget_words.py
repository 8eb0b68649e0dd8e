"""A family's yearly privacy budget, when it stops a report, in the mentor's words: each
refusal code of the accountant has its own sentence, with its numbers written the way
the mentor's language writes them; the hub's refusals of a format-2 report too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from parentrus_sync import budget
from parentrus_sync.budget import BudgetRefused
from parentrus_sync.school_plan import ReportPlan, check_within

from parentrus_desktop import i18n
from parentrus_desktop.gui.language import apply_language
from parentrus_desktop.outbox.refusal_words import (
    BUDGET_WORDS,
    UNKNOWN,
    UNKNOWN_BUDGET,
    WORDS,
    budget_words,
    refusal_words,
)

#: The hub's refusals of a report its school's policy does not allow (report format 2).
HUB_BUDGET_CODES = ("bad-privacy", "overlapping-period", "beyond-limit", "budget-exceeded")


@pytest.fixture
def arabic() -> Iterator[None]:
    apply_language("ar")
    yield
    apply_language("en")
    assert i18n.current_language() == "en"


def test_every_refusal_of_the_accountant_has_its_own_words() -> None:
    assert set(BUDGET_WORDS) == {budget.TOO_HIGH, budget.OVER_BUDGET, budget.USED_UP}
    # The accountant's own refusal, as a school's plan meets it.
    plan = ReportPlan()
    with pytest.raises(BudgetRefused) as used_up:
        check_within(plan, spent_rho=budget.rho_for(plan.epsilon, plan.delta))
    assert budget_words(used_up.value, "Riverside Primary") == (
        "This school year's privacy budget for each family at Riverside Primary is used up, "
        "so no report is made for Riverside Primary until the new school year starts in "
        "September."
    )
    too_high = BudgetRefused(budget.TOO_HIGH, asked=25.5, highest=20.0)
    assert "a privacy limit of 25.5 for each family" in budget_words(too_high, "Riverside")
    assert "is 20. This laptop will not make" in budget_words(too_high, "Riverside")
    over = BudgetRefused(budget.OVER_BUDGET, asked=12.5, limit=10.0)
    assert "would be 12.5, and the most allowed is 10." in budget_words(over, "Riverside")
    newer = BudgetRefused(budget.USED_UP)
    newer.code = "budget-something-new"
    assert budget_words(newer, "Riverside") == UNKNOWN_BUDGET.format(school="Riverside")


def test_budget_words_are_in_the_mentor_s_language_with_its_numbers(arabic: None) -> None:
    over = BudgetRefused(budget.OVER_BUDGET, asked=12.5, limit=10.0)
    shown = budget_words(over, "Riverside")
    assert "These reports" not in shown  # the catalog's Arabic, never the English
    assert i18n.format_number(12.5) in shown and i18n.format_number(10.0) in shown
    assert str(over) not in shown  # nor the accountant's own English sentence


def test_the_hub_s_refusals_of_a_report_have_their_own_words() -> None:
    for code in HUB_BUDGET_CODES:
        assert code in WORDS and refusal_words(code) != UNKNOWN
    assert "privacy budget" in refusal_words("budget-exceeded")
    assert "larger than the families on one laptop could give" in refusal_words("beyond-limit")
    # An app too old for the hub's report format: the app must be updated.
    assert "this app needs to be updated" in refusal_words("version")

"""pgettext and ngettext speak the language a page is printed in (i18n.speaking), and one
English word with two meanings is two translations."""

from __future__ import annotations

from parentrus_desktop import i18n
from parentrus_desktop.domain.vocabulary import ActionOwner, FollowUpStatus, VenueCategory
from parentrus_desktop.labels import label


def test_one_english_word_two_meanings_two_translations() -> None:
    with i18n.speaking(["ar"]):
        button = i18n.pgettext("button", "Done")
        status = label(FollowUpStatus.DONE)
        assert button == "تم" and status == "أُنجزت"
        assert label(VenueCategory.SCHOOL) and label(ActionOwner.SCHOOL)
    assert i18n.pgettext("button", "Done") == "Done"  # the mentor's English again
    assert label(FollowUpStatus.DONE) == "Done"


def test_counts_and_contexts_follow_the_language_spoken() -> None:
    with i18n.speaking(["ar"]):
        assert i18n.ngettext("Imported {count} record.", "Imported {count} records.", 2) == (
            "استُورد سجلان."
        )
        assert i18n.npgettext("no such context", "{n} thing", "{n} things", 3) == "{n} things"
    assert i18n.ngettext("Imported {count} record.", "Imported {count} records.", 1) == (
        "Imported {count} record."
    )

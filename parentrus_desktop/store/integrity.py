"""The manifest check at unlock, said in plain words, and the error that stops reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import _, ngettext
from parentrus_desktop.store.manifest import IntegrityResult, Row
from parentrus_desktop.vault.errors import VaultError


class FileChangedOutsideApp(VaultError):
    """The file's rows do not match its manifest: reports are not made from it."""

    message = N_(
        "This profile's file was changed outside the app: some of its records were "
        "removed, added or put back from an older copy. You can still read your records, "
        "but no report is made from this file until your IT volunteer has checked it with "
        "'parentrus-admin verify'."
    )


#: How many of one kind of thing, in words. An unknown kind (the kind column is in the
#: clear, so someone editing the file can write anything there) is "other item".
_HOW_MANY: dict[str, Callable[[int], str]] = {
    "family": lambda n: ngettext("{count} family", "{count} families", n),
    "session": lambda n: ngettext("{count} session", "{count} sessions", n),
    "follow_up": lambda n: ngettext("{count} follow-up", "{count} follow-ups", n),
    "consent": lambda n: ngettext("{count} consent record", "{count} consent records", n),
    "referral": lambda n: ngettext("{count} referral", "{count} referrals", n),
    "celebration": lambda n: ngettext("{count} celebration", "{count} celebrations", n),
    "check_in": lambda n: ngettext("{count} check-in", "{count} check-ins", n),
    "mentor_log": lambda n: ngettext("{count} entry in your log", "{count} entries in your log", n),
    "talk_through": lambda n: ngettext(
        "{count} thing to talk through with your manager",
        "{count} things to talk through with your manager",
        n,
    ),
    "venue": lambda n: ngettext("{count} place", "{count} places", n),
    "agency": lambda n: ngettext("{count} service", "{count} services", n),
    "school": lambda n: ngettext("{count} school", "{count} schools", n),
    "worry_passed_on": lambda n: ngettext(
        "{count} safety worry passed on", "{count} safety worries passed on", n
    ),
    "safeguarding-steps": lambda n: ngettext(
        "{count} text of your organisation's safeguarding steps",
        "{count} texts of your organisation's safeguarding steps",
        n,
    ),
    "key": lambda n: ngettext(
        "{count} family's key (without it, that family's records cannot be opened)",
        "{count} families' keys (without them, those families' records cannot be opened)",
        n,
    ),
    "secret": lambda n: ngettext(
        "{count} of the app's own secret keys", "{count} of the app's own secret keys", n
    ),
    "school-connection": lambda n: ngettext(
        "{count} connection to a school", "{count} connections to schools", n
    ),
    "outbox-report": lambda n: ngettext(
        "{count} report waiting to be sent", "{count} reports waiting to be sent", n
    ),
    "draft": lambda n: ngettext(
        "{count} unsaved form kept when the profile locked",
        "{count} unsaved forms kept when the profile locked",
        n,
    ),
    "activity": lambda n: ngettext(
        "{count} line of what happened on this profile",
        "{count} lines of what happened on this profile",
        n,
    ),
    "retention-rule": lambda n: ngettext(
        "{count} setting for how long records are kept",
        "{count} settings for how long records are kept",
        n,
    ),
    "retention-kept": lambda n: ngettext(
        "{count} decision to keep a closed family longer",
        "{count} decisions to keep closed families longer",
        n,
    ),
    "backup-state": lambda n: ngettext(
        "{count} note of when backups were made", "{count} notes of when backups were made", n
    ),
    "profile-identity": lambda n: ngettext(
        "{count} mark that tells this profile's backups apart",
        "{count} marks that tell this profile's backups apart",
        n,
    ),
}


def how_many(rows: list[Row]) -> str:
    """'3 consent records, 1 session': each kind counted, most first."""
    counts = Counter(row.kind for row in rows)
    parts = []
    for kind, count in sorted(counts.items(), key=lambda kc: (-kc[1], kc[0])):
        words = _HOW_MANY.get(kind)
        text = (
            words(count)
            if words is not None
            else ngettext("{count} other item", "{count} other items", count)
        )
        parts.append(text.format(count=count))
    # Translators: between the items of a list (your language's list separator)
    return _(", ").join(parts)


def integrity_words(result: IntegrityResult) -> list[str]:
    """One plain sentence per problem the check found; empty when the file is as the app
    left it."""
    lines = []
    if result.missing:
        lines.append(
            _("Removed from this file outside the app: {things}.").format(
                things=how_many(result.missing)
            )
        )
    if result.added:
        lines.append(
            _("Added to this file outside the app (the app did not save them): {things}.").format(
                things=how_many(result.added)
            )
        )
    if result.changed:
        lines.append(
            _(
                "Replaced outside the app, for example by an older copy of the same record: "
                "{things}."
            ).format(things=how_many(result.changed))
        )
    if result.manifest_damaged:
        lines.append(
            _(
                "The app's list of what this file holds was removed or changed outside the "
                "app, so some records could not be checked."
            )
        )
    return lines

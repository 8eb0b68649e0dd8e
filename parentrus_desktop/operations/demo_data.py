"""Example families and sessions for training new mentors and for benchmarks.

Everything here is invented. Names come from the communities the programme serves
and notes are written in several of their languages, so that training looks like
real work and benchmarks sort, search and fold real scripts. The same seed and the
same "today" give the same records.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from parentrus_desktop.domain import (
    Agency,
    Celebration,
    CheckIn,
    Child,
    Consent,
    Contact,
    EngagementPlan,
    Family,
    FollowUp,
    MentorLogEntry,
    Record,
    Referral,
    School,
    Session,
    Venue,
)
from parentrus_desktop.domain.consent_words import consent_words
from parentrus_desktop.domain.family import _CODE_ALPHABET
from parentrus_desktop.domain.rules import follow_ups_for
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    FamilyStatus,
    FollowUpStatus,
    MentorLogKind,
    NonAttendanceReason,
    ReferralStatus,
    SessionKind,
    SessionStatus,
    Topic,
    VenueCategory,
)
from parentrus_desktop.operations import Done
from parentrus_desktop.store.unlocked import UnlockedProfile

# (language tag, carer names, child names)
COMMUNITIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "so",
        ("Amina", "Hodan", "Faduma", "Abdi", "Ifrah", "Maryan"),
        ("Ayaan", "Hamza", "Sagal", "Idil"),
    ),
    (
        "bn",
        ("Rahima", "Nasrin", "Shahid", "Tahmina", "Rokeya"),
        ("Rafi", "Nusrat", "Sadia", "Tanvir"),
    ),
    ("ur", ("Saima", "Imran", "Bushra", "Zainab", "Nadia"), ("Hassan", "Aisha", "Bilal", "Mariam")),
    ("ar", ("Fatima", "Layla", "Omar", "Yusuf", "Huda"), ("Adam", "Noor", "Ali", "Sara")),
    (
        "pl",
        ("Agnieszka", "Katarzyna", "Piotr", "Marek", "Zofia"),
        ("Kacper", "Zuzanna", "Jakub", "Lena"),
    ),
    ("ro", ("Elena", "Ioana", "Andrei", "Mihaela"), ("Darius", "Bianca", "Luca", "Ana")),
    ("ps", ("Mariam", "Ahmad", "Parwana", "Gul"), ("Bashir", "Farida", "Samir", "Zarmina")),
    ("ti", ("Selam", "Yonas", "Helen", "Tesfay"), ("Robel", "Luwam", "Natnael", "Eden")),
    ("uk", ("Olena", "Iryna", "Oksana", "Dmytro"), ("Maksym", "Sofiia", "Artem", "Anna")),
    (
        "en",
        ("Kelly", "Jade", "Dean", "Shannon", "Marcia", "Delroy"),
        ("Tyler", "Chloe", "Kai", "Jayden"),
    ),
)

NOTES: dict[str, tuple[str, ...]] = {
    "en": (
        "Talked about the reading record and how to hear her read at bedtime.",
        "Mum worried about the letter from school about attendance; we read it together.",
        "Practised what to say at parents' evening. Dad wants to ask about maths sets.",
        "Went through the school app and how to report an absence.",
        "Feeling more confident; wants to join the parents' forum next term.",
    ),
    "so": (
        "Waxaan ka wada hadalnay akhriska guriga iyo buugga dugsiga.",
        "Hooyadu waxay ka walwalsan tahay imaanshaha dugsiga; warqadda ayaan wada akhrinay.",
    ),
    "ar": (
        "تحدثنا عن القراءة في البيت وكيف تساعد ابنها في الواجبات.",
        "الأم قلقة بشأن رسالة المدرسة عن الحضور، قرأناها معًا.",
    ),
    "pl": (
        "Rozmawialiśmy o czytaniu w domu i o zebraniu z nauczycielem.",
        "Mama martwi się o frekwencję; razem przeczytałyśmy list ze szkoły.",
    ),
    "ur": ("ہم نے گھر پر پڑھائی اور اسکول کے خط کے بارے میں بات کی۔",),
    "bn": ("আমরা বাড়িতে পড়া এবং স্কুলের চিঠি নিয়ে কথা বললাম।",),
    "ro": ("Am vorbit despre cititul acasă și despre ședința cu profesorii.",),
    "uk": ("Говорили про читання вдома та зустріч з учителем.",),
}

VENUES = (
    ("Eastfield Community Centre", VenueCategory.COMMUNITY_CENTRE),
    ("Central Library, children's corner", VenueCategory.LIBRARY),
    ("Corner Café", VenueCategory.CAFE),
    ("Al-Noor Centre", VenueCategory.FAITH_VENUE),
    ("Victoria Park", VenueCategory.PARK),
)
AGENCIES = (
    ("Adult Learning Service", AgencyCategory.ADULT_LITERACY),
    ("ESOL classes at the college", AgencyCategory.LANGUAGE_CLASSES),
    ("Citizens Advice", AgencyCategory.BENEFITS_AND_DEBT),
    ("Family Hub", AgencyCategory.FAMILY_SUPPORT),
    ("SEND information service", AgencyCategory.SPECIAL_NEEDS_SUPPORT),
)
SCHOOLS = ("Riverside Primary School", "Hillview Academy")

_KIND_WEIGHTS = (
    (SessionKind.ONE_TO_ONE, 40),
    (SessionKind.GROUP, 15),
    (SessionKind.HOME_VISIT, 15),
    (SessionKind.PHONE_OR_VIDEO, 20),
    (SessionKind.SCHOOL_MEETING, 7),
    (SessionKind.PARENTS_FORUM, 3),
)
_STATUS_WEIGHTS = (
    (SessionStatus.HELD, 84),
    (SessionStatus.DID_NOT_ATTEND, 9),
    (SessionStatus.CANCELLED, 3),
    (SessionStatus.PLANNED, 4),
)


@dataclass(frozen=True)
class DemoSize:
    families: int = 20
    sessions: int = 200


class _Maker:
    def __init__(self, seed: int, today: date) -> None:
        self.rng = random.Random(seed)
        self.today = today

    def id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def code(self, used: set[str]) -> str:
        while True:
            letters = "".join(self.rng.choice(_CODE_ALPHABET) for _ in range(5))
            code = letters[:3] + "-" + letters[3:]
            if code not in used:
                used.add(code)
                return code

    def day_within(self, days_back: int, start: date | None = None) -> date:
        start = start or self.today - timedelta(days=days_back)
        span = max(0, (self.today - start).days)
        return start + timedelta(days=self.rng.randint(0, span))

    def note(self, language: str) -> str:
        choices = NOTES.get(language, NOTES["en"])
        note = self.rng.choice(choices)
        if self.rng.random() < 0.5:
            note += " " + self.rng.choice(NOTES["en"])
        return note

    def weighted(self, pairs: tuple[tuple[object, int], ...]) -> object:
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]


def demo_records(size: DemoSize, seed: int = 1, today: date | None = None) -> Iterator[Record]:
    """Directories first, then each family with its consents, then sessions and the rest."""
    make = _Maker(seed, today or date.today())
    rng = make.rng
    venues = [Venue(id=make.id(), name=n, category=c) for n, c in VENUES]
    agencies = [Agency(id=make.id(), name=n, category=c) for n, c in AGENCIES]
    schools = [School(id=make.id(), name=n) for n in SCHOOLS]
    yield from venues
    yield from agencies
    yield from schools

    families: list[Family] = []
    used_codes: set[str] = set()
    for _ in range(size.families):
        language, carers, children = rng.choice(COMMUNITIES)
        joined = make.day_within(540)
        status = rng.choices(list(FamilyStatus), (80, 8, 12))[0]
        family = Family(
            id=make.id(),
            code=make.code(used_codes),
            carers=tuple(rng.sample(carers, rng.choice((1, 1, 2)))),
            children=tuple(
                Child(
                    first_name=name, school_id=rng.choice(schools).id, year_group=rng.randint(0, 11)
                )
                for name in rng.sample(children, rng.randint(1, 3))
            ),
            languages=(language, "en") if language != "en" else ("en",),
            interpreter_needed=language != "en" and rng.random() < 0.4,
            contact=Contact(
                phone=f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
                best_times=rng.choice(("after school run", "evenings", "mornings")),
            ),
            aspirations=rng.choice(
                (
                    "Wants her son to go to university.",
                    "Hopes the children feel they belong at school.",
                    "Wants to understand homework so she can help.",
                )
            ),
            barriers=tuple(rng.sample(list(Barrier)[:-1], rng.randint(1, 3))),
            status=status,
            joined_on=joined,
            closed_on=make.day_within(0, joined) if status is FamilyStatus.CLOSED else None,
            plan=EngagementPlan(
                goals="Go to parents' evening with the mentor.",
                strategies="Practise questions first; meet at the library.",
                review_on=joined + timedelta(days=90),
            ),
            notes=make.note(language),
        )
        families.append(family)
        yield family
        for scope in (ConsentScope.NOTES_KEPT, ConsentScope.COUNTED):
            yield Consent(
                id=make.id(),
                family=family.id,
                scope=scope,
                agreed=scope is ConsentScope.NOTES_KEPT or rng.random() > 0.05,
                wording_version=consent_words(scope).version,  # the words read out today
                language=language,
                given_on=joined,
                method=ConsentMethod.WITH_INTERPRETER
                if family.interpreter_needed
                else ConsentMethod.SPOKEN,
            )
        for visit in range(rng.randint(1, 3)):
            yield CheckIn(
                id=make.id(),
                family=family.id,
                on=min(make.today, joined + timedelta(days=120 * visit)),
                answers={q: min(5, rng.randint(1, 3) + visit) for q in CheckInQuestion},
            )
    if not families:
        return
    yield from _sessions_and_follow_ups(make, size.sessions, families, venues, schools)
    for family in rng.sample(families, max(1, len(families) // 4)):
        yield Referral(
            id=make.id(),
            family=family.id,
            category=rng.choice(list(AgencyCategory)),
            agency=rng.choice(agencies).id,
            made_on=make.day_within(0, family.joined_on),
            consent_given=True,
            status=rng.choice(list(ReferralStatus)[1:]),
        )
    for family in rng.sample(families, max(1, len(families) // 3)):
        yield Celebration(
            id=make.id(),
            family=family.id,
            category=rng.choice(list(CelebrationCategory)),
            on=make.day_within(0, family.joined_on),
            notes=make.note(family.languages[0]),
        )
    for month in range(12):
        yield MentorLogEntry(
            id=make.id(),
            entry_kind=list(MentorLogKind)[month % 3],
            on=make.today - timedelta(days=30 * month),
            minutes=60,
            notes="Supervision with the mentor manager." if month % 3 == 0 else "",
        )


def _sessions_and_follow_ups(
    make: _Maker, count: int, families: list[Family], venues: list[Venue], schools: list[School]
) -> Iterator[Record]:
    rng = make.rng
    by_id = {f.id: f for f in families}
    for _ in range(count):
        kind = make.weighted(_KIND_WEIGHTS)
        assert isinstance(kind, SessionKind)
        if kind in (SessionKind.GROUP, SessionKind.PARENTS_FORUM):
            present = tuple(
                f.id for f in rng.sample(families, min(len(families), rng.randint(2, 6)))
            )
            others = rng.randint(0, 4)
        else:
            present, others = (rng.choice(families).id,), 0
        first = by_id[present[0]]
        status = make.weighted(_STATUS_WEIGHTS)
        assert isinstance(status, SessionStatus)
        on = make.day_within(0, first.joined_on)
        if status is SessionStatus.PLANNED:
            on = make.today + timedelta(days=rng.randint(0, 14))
        venue = rng.choice(venues)
        category = {
            SessionKind.HOME_VISIT: VenueCategory.FAMILY_HOME,
            SessionKind.PHONE_OR_VIDEO: VenueCategory.PHONE_OR_ONLINE,
            SessionKind.SCHOOL_MEETING: VenueCategory.SCHOOL,
        }.get(kind, venue.category)
        session = Session(
            id=make.id(),
            session_kind=kind,
            venue_category=category,
            venue=venue.id if category is venue.category else None,
            on=on,
            starts_at=time(rng.choice((9, 10, 13, 15, 18)), rng.choice((0, 30))),
            minutes=rng.choice((30, 45, 60, 90)),
            families=present,
            others=others,
            languages=first.languages,
            interpreter_used=first.interpreter_needed,
            topics=tuple(rng.sample(list(Topic)[:-1], rng.randint(1, 3))),
            notes=make.note(first.languages[0]) if status is SessionStatus.HELD else "",
            status=status,
            non_attendance_reason=rng.choice(list(NonAttendanceReason))
            if status is SessionStatus.DID_NOT_ATTEND
            else None,
            entered_on=min(make.today, on + timedelta(days=rng.choice((0, 0, 1, 2, 9)))),
        )
        yield session
        for follow_up in follow_ups_for(session, session.on):
            # A mentor calls within days: only recent missed sessions still need a call.
            done = follow_up.due_on < make.today - timedelta(days=7)
            yield replace(
                follow_up,
                id=make.id(),  # deterministic ids for a given seed
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                done_on=follow_up.due_on if done else None,
            )
        if status is SessionStatus.HELD and rng.random() < 0.2:
            school = rng.random() < 0.4
            old = on < make.today - timedelta(days=30)
            # Schools answer most requests; old follow-ups are mostly done by now.
            done = rng.random() < (0.9 if old else 0.5)
            answered = school and done
            yield FollowUp(
                id=make.id(),
                family=present[0],
                session=session.id,
                owner=ActionOwner.SCHOOL if school else rng.choice(list(ActionOwner)[:2]),
                what=rng.choice(
                    (
                        "Ask the class teacher for a meeting about reading.",
                        "Bring the free school meals form.",
                        "Find the homework club times.",
                    )
                ),
                due_on=on + timedelta(days=7),
                school=rng.choice(schools).id if school else None,
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                school_answer="Meeting arranged with the class teacher." if answered else "",
                answered_on=on + timedelta(days=5) if answered else None,
                done_on=on + timedelta(days=5) if done else None,
                raised_on=on,
            )


#: Example records are saved in chunks, so memory stays flat at any size.
SAVE_BATCH = 2000


def add_example_records(
    profile: UnlockedProfile, size: DemoSize, seed: int = 1, today: date | None = None
) -> Done[int]:
    """Save invented families and their sessions (for training and trying the app);
    returns how many records were added."""
    batch: list[Record] = []
    saved = 0
    kinds: set[str] = set()
    for record in demo_records(size, seed=seed, today=today):
        batch.append(record)
        kinds.add(record.kind)
        if len(batch) >= SAVE_BATCH:
            profile.save(*batch)
            saved += len(batch)
            batch.clear()
    profile.save(*batch)
    saved += len(batch)
    return Done(saved, frozenset(kinds))

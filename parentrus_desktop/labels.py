"""What each choice is called on screen, in plain words, in the mentor's language."""

from __future__ import annotations

from enum import StrEnum

from parentrus_desktop.domain.safeguarding import PassedOnTo
from parentrus_desktop.domain.validation import N_
from parentrus_desktop.domain.vocabulary import (
    ActionOwner,
    AgencyCategory,
    Barrier,
    CelebrationCategory,
    CheckInQuestion,
    ConsentMethod,
    ConsentScope,
    ContactMethod,
    FamilyStatus,
    FollowUpStatus,
    MentorLogKind,
    NonAttendanceReason,
    ReferralStatus,
    SessionKind,
    SessionStatus,
    StaffRole,
    Topic,
    VenueCategory,
)
from parentrus_desktop.i18n import NC_, _, pgettext

# Pairs, not a dict literal: members of two enums with the same value ("attendance",
# "other") are equal as strings, so a dict keyed by them kept only the last one (a
# session's topic "Going to school every day" showed as "Attendance officer").
_PAIRS: tuple[tuple[StrEnum, str | tuple[str, str]], ...] = (
    (FamilyStatus.ACTIVE, NC_("a family's status", "Active")),
    (FamilyStatus.PAUSED, NC_("a family's status", "Paused")),
    (FamilyStatus.CLOSED, NC_("a family's status", "Closed")),
    (Barrier.NEGATIVE_EXPERIENCE_OF_SCHOOL, N_("Bad experience of school")),
    (Barrier.LOW_LITERACY, N_("Finds reading and writing hard")),
    (Barrier.LANGUAGE, NC_("a barrier for the family", "Language")),
    (Barrier.CULTURAL_DIFFERENCE, N_("Different school culture")),
    (Barrier.LACK_OF_TIME, N_("Not enough time")),
    (Barrier.LOW_ASPIRATIONS, N_("Low hopes for school")),
    (Barrier.HEALTH, NC_("a barrier for the family", "Health")),
    (Barrier.CHILDCARE, N_("Childcare")),
    (Barrier.TRANSPORT, N_("Transport")),
    (Barrier.OTHER, N_("Something else")),
    (ContactMethod.PHONE_CALL, N_("Phone call")),
    (ContactMethod.TEXT_MESSAGE, N_("Text message")),
    (ContactMethod.IN_PERSON, N_("In person")),
    (ContactMethod.THROUGH_SOMEONE_ELSE, N_("Through someone else")),
    (SessionKind.ONE_TO_ONE, N_("One to one")),
    (SessionKind.GROUP, N_("Group of families")),
    (SessionKind.HOME_VISIT, N_("Home visit")),
    (SessionKind.PHONE_OR_VIDEO, N_("Phone or video call")),
    (SessionKind.SCHOOL_MEETING, N_("Meeting at school together")),
    (SessionKind.PARENTS_FORUM, N_("Parents' forum")),
    (VenueCategory.COMMUNITY_CENTRE, N_("Community centre")),
    (VenueCategory.LIBRARY, N_("Library")),
    (VenueCategory.CAFE, N_("Café")),
    (VenueCategory.FAITH_VENUE, N_("Place of worship")),
    (VenueCategory.PARK, N_("Park")),
    (VenueCategory.SCHOOL, NC_("a place to meet", "School")),
    (VenueCategory.FAMILY_HOME, N_("Family's home")),
    (VenueCategory.PHONE_OR_ONLINE, N_("Phone or online")),
    (VenueCategory.OTHER, N_("Somewhere else")),
    (Topic.LEARNING_AT_HOME, N_("Learning at home")),
    (Topic.READING, N_("Reading")),
    (Topic.HOMEWORK, N_("Homework")),
    (Topic.SCHOOL_COMMUNICATION, N_("Letters and messages from school")),
    (Topic.ATTENDANCE, N_("Going to school every day")),
    (Topic.BEHAVIOUR, N_("Behaviour")),
    (Topic.TRANSITION, N_("Moving to a new school or class")),
    (Topic.WELLBEING, N_("Wellbeing")),
    (Topic.HEALTH_DIET_EXERCISE, N_("Health, food and exercise")),
    (Topic.E_SAFETY, N_("Staying safe online")),
    (Topic.SPECIAL_NEEDS, N_("Special needs")),
    (Topic.PARENTS_EVENING, N_("Parents' evening")),
    (Topic.SCHOOL_SYSTEMS, N_("How school works, school words")),
    (Topic.COMMUNITY_SERVICES, N_("Help in the community")),
    (Topic.PARENT_CONFIDENCE, N_("Parent's confidence")),
    (Topic.OTHER, N_("Something else")),
    (SessionStatus.PLANNED, N_("Planned")),
    (SessionStatus.HELD, N_("Happened")),
    (SessionStatus.DID_NOT_ATTEND, N_("They could not come")),
    (SessionStatus.CANCELLED, N_("Cancelled")),
    (NonAttendanceReason.FORGOT, N_("Forgot")),
    (NonAttendanceReason.ILLNESS, N_("Illness")),
    (NonAttendanceReason.CHILDCARE, N_("Childcare")),
    (NonAttendanceReason.WORK, N_("Work")),
    (NonAttendanceReason.TRANSPORT, N_("Transport")),
    (NonAttendanceReason.FAMILY_EMERGENCY, N_("Family emergency")),
    (NonAttendanceReason.NOT_READY, N_("Not ready yet")),
    (NonAttendanceReason.UNKNOWN, N_("Don't know yet")),
    (NonAttendanceReason.OTHER, N_("Something else")),
    (ActionOwner.PARENT, N_("Parent")),
    # Translators: who does a follow-up: the mentor using the app
    (ActionOwner.MENTOR, N_("Me (mentor)")),
    (ActionOwner.SCHOOL, NC_("who does it", "School")),
    (ActionOwner.OTHER_AGENCY, N_("Another service")),
    (FollowUpStatus.OPEN, N_("To do")),
    (FollowUpStatus.DONE, NC_("a follow-up's status", "Done")),
    (FollowUpStatus.CANCELLED, N_("No longer needed")),
    (AgencyCategory.ADULT_LITERACY, N_("Reading and writing for adults")),
    (AgencyCategory.LANGUAGE_CLASSES, N_("Language classes")),
    (AgencyCategory.HEALTH, NC_("a kind of service", "Health")),
    (AgencyCategory.MENTAL_HEALTH, N_("Mental health")),
    (AgencyCategory.HOUSING, N_("Housing")),
    (AgencyCategory.BENEFITS_AND_DEBT, N_("Benefits and debt")),
    (AgencyCategory.FAMILY_SUPPORT, N_("Family support")),
    (AgencyCategory.SPECIAL_NEEDS_SUPPORT, N_("Special needs support")),
    (AgencyCategory.YOUTH_SERVICES, N_("Youth services")),
    (AgencyCategory.LEGAL_ADVICE, N_("Legal advice")),
    (AgencyCategory.OTHER, N_("Something else")),
    (ReferralStatus.SUGGESTED, N_("Gave them the details")),
    (ReferralStatus.REFERRED, N_("Referred, with their consent")),
    (ReferralStatus.IN_TOUCH, N_("In touch with the service")),
    (ReferralStatus.COMPLETED, N_("Finished")),
    (ReferralStatus.DECLINED, N_("Said no")),
    (CelebrationCategory.CHILD_ACHIEVEMENT, N_("Child's achievement")),
    (CelebrationCategory.BETTER_ATTENDANCE, N_("Better attendance")),
    (CelebrationCategory.FIRST_SCHOOL_MEETING, N_("First meeting at school")),
    (CelebrationCategory.JOINED_PARENTS_FORUM, N_("Joined the parents' forum")),
    (CelebrationCategory.TRAINED_AS_MENTOR, N_("Trained as a mentor")),
    (CelebrationCategory.OTHER, N_("Something else")),
    (CheckInQuestion.FEELS_WELCOME, N_("I feel welcome at school")),
    (CheckInQuestion.KNOWS_WHOM_TO_CONTACT, N_("I know whom to contact at school")),
    (CheckInQuestion.CONFIDENT_WITH_TEACHERS, N_("I feel confident talking to teachers")),
    (CheckInQuestion.SUPPORTS_LEARNING_AT_HOME, N_("I can support learning at home")),
    (CheckInQuestion.UNDERSTANDS_PROGRESS, N_("I understand how my child is doing")),
    (CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE, N_("I take part in school life")),
    (ConsentScope.NOTES_KEPT, N_("Notes kept on the mentor's laptop")),
    (ConsentScope.COUNTED, N_("Counted in the school's anonymous numbers")),
    (ConsentScope.SPEAK_TO_SCHOOL, N_("Mentor may speak to the school for us")),
    (ConsentScope.REFERRAL, N_("A referral to another service")),
    (ConsentMethod.SPOKEN, N_("Said out loud")),
    (ConsentMethod.SIGNED, N_("Signed")),
    (ConsentMethod.WITH_INTERPRETER, N_("With an interpreter")),
    (MentorLogKind.SUPERVISION, N_("Supervision")),
    (MentorLogKind.TRAINING, N_("Training")),
    (MentorLogKind.WELLBEING, N_("My wellbeing")),
    (StaffRole.CLASS_TEACHER, N_("Class teacher")),
    (StaffRole.HEAD_OF_YEAR, N_("Head of year")),
    (StaffRole.SPECIAL_NEEDS_COORDINATOR, N_("Special needs (SENCO)")),
    (StaffRole.ATTENDANCE, N_("Attendance officer")),
    (StaffRole.KEY_CONTACT, N_("Key contact")),
    (PassedOnTo.PROGRAMME_LEAD, N_("The programme's safeguarding lead")),
    (PassedOnTo.SCHOOL_LEAD, N_("The school's safeguarding lead")),
    (PassedOnTo.CHILDRENS_SOCIAL_CARE, N_("Children's social care")),
    (PassedOnTo.POLICE_OR_EMERGENCY, N_("Police or emergency services")),
    (PassedOnTo.OTHER, N_("Someone else")),
)
_LABELS: dict[tuple[type, str], str | tuple[str, str]] = {
    (type(choice), choice.value): words for choice, words in _PAIRS
}


def label(choice: StrEnum) -> str:
    """The on-screen name of a choice, in the current language."""
    words = _LABELS[(type(choice), choice.value)]
    return pgettext(*words) if isinstance(words, tuple) else _(words)


def has_label(choice: StrEnum) -> bool:
    return (type(choice), choice.value) in _LABELS


#: Languages offered in lists: those the programme's communities speak most. They are the
#: report's language cells (parentrus_sync.cells.LANGUAGE_CELLS, in the same order; a test
#: keeps the two equal), so a school sees each of them; "another language" a mentor types
#: counts as "other". Adding one here needs a new report format (cells are on the wire).
COMMON_LANGUAGES = (
    "en",
    "ar",
    "bn",
    "so",
    "ur",
    "pa",
    "pl",
    "ro",
    "ps",
    "fa",
    "ti",
    "uk",
    "ku",
    "tr",
    "pt",
    "es",
    "fr",
    "zh",
    "rom",  # Romani
    "sq",
    "ru",
    "it",
    "nl",
    "hu",
    "sk",
    "bg",
    "el",
)


RECEPTION = 0  # the first school year in England, before Year 1


def school_year(year: int) -> str:
    """A school year as parents say it: "Reception", "Year 3"."""
    if year == RECEPTION:
        # Translators: the first school year in England, for children aged 4 to 5, before
        # Year 1; shown in brackets after a child's name, "Chloe (Reception)", so no
        # brackets inside it (a dash: "Zerówka – Reception")
        return _("Reception")
    # Translators: {year}: a school year's number, such as 6 ("Year 6", children aged 10
    # to 11), not a calendar year
    return _("Year {year}").format(year=year)

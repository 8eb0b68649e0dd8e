"""The fixed lists a mentor chooses from: kinds, categories, statuses and reasons.

Values are stable English identifiers stored inside sealed records and counted in
reports; what a mentor reads is the translated label, chosen elsewhere.
"""

from __future__ import annotations

from enum import StrEnum


class FamilyStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class Barrier(StrEnum):
    """What makes school hard to reach for this family, noted at intake."""

    NEGATIVE_EXPERIENCE_OF_SCHOOL = "negative_experience_of_school"
    LOW_LITERACY = "low_literacy"
    LANGUAGE = "language"
    CULTURAL_DIFFERENCE = "cultural_difference"
    LACK_OF_TIME = "lack_of_time"
    LOW_ASPIRATIONS = "low_aspirations"
    HEALTH = "health"
    CHILDCARE = "childcare"
    TRANSPORT = "transport"
    OTHER = "other"


class ContactMethod(StrEnum):
    PHONE_CALL = "phone_call"
    TEXT_MESSAGE = "text_message"
    IN_PERSON = "in_person"
    THROUGH_SOMEONE_ELSE = "through_someone_else"


class SessionKind(StrEnum):
    ONE_TO_ONE = "one_to_one"
    GROUP = "group"  # several families together
    HOME_VISIT = "home_visit"
    PHONE_OR_VIDEO = "phone_or_video"
    SCHOOL_MEETING = "school_meeting"  # the mentor goes with the parent
    PARENTS_FORUM = "parents_forum"


class VenueCategory(StrEnum):
    """Where a session happened, at the coarseness a school may see: never an address."""

    COMMUNITY_CENTRE = "community_centre"
    LIBRARY = "library"
    CAFE = "cafe"
    FAITH_VENUE = "faith_venue"
    PARK = "park"
    SCHOOL = "school"
    FAMILY_HOME = "family_home"
    PHONE_OR_ONLINE = "phone_or_online"
    OTHER = "other"


class Topic(StrEnum):
    LEARNING_AT_HOME = "learning_at_home"
    READING = "reading"
    HOMEWORK = "homework"
    SCHOOL_COMMUNICATION = "school_communication"
    ATTENDANCE = "attendance"
    BEHAVIOUR = "behaviour"
    TRANSITION = "transition"
    WELLBEING = "wellbeing"
    HEALTH_DIET_EXERCISE = "health_diet_exercise"
    E_SAFETY = "e_safety"
    SPECIAL_NEEDS = "special_needs"
    PARENTS_EVENING = "parents_evening"
    SCHOOL_SYSTEMS = "school_systems"  # jargon, systems, who is who
    COMMUNITY_SERVICES = "community_services"
    PARENT_CONFIDENCE = "parent_confidence"
    OTHER = "other"


class SessionStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"
    DID_NOT_ATTEND = "did_not_attend"
    CANCELLED = "cancelled"


class NonAttendanceReason(StrEnum):
    FORGOT = "forgot"
    ILLNESS = "illness"
    CHILDCARE = "childcare"
    WORK = "work"
    TRANSPORT = "transport"
    FAMILY_EMERGENCY = "family_emergency"
    NOT_READY = "not_ready"
    UNKNOWN = "unknown"
    OTHER = "other"


class ActionOwner(StrEnum):
    """Who has to do a follow-up."""

    PARENT = "parent"
    MENTOR = "mentor"
    SCHOOL = "school"
    OTHER_AGENCY = "other_agency"


class StaffRole(StrEnum):
    """Who a family can ask at school (staff, not families): a request to the school
    says which of them it went to."""

    CLASS_TEACHER = "class_teacher"
    HEAD_OF_YEAR = "head_of_year"
    SPECIAL_NEEDS_COORDINATOR = "special_needs_coordinator"
    ATTENDANCE = "attendance"
    KEY_CONTACT = "key_contact"  # the family's one key person, so they are not passed around


class FollowUpStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class AgencyCategory(StrEnum):
    ADULT_LITERACY = "adult_literacy"
    LANGUAGE_CLASSES = "language_classes"
    HEALTH = "health"
    MENTAL_HEALTH = "mental_health"
    HOUSING = "housing"
    BENEFITS_AND_DEBT = "benefits_and_debt"
    FAMILY_SUPPORT = "family_support"
    SPECIAL_NEEDS_SUPPORT = "special_needs_support"
    YOUTH_SERVICES = "youth_services"
    LEGAL_ADVICE = "legal_advice"
    OTHER = "other"


class ReferralStatus(StrEnum):
    SUGGESTED = "suggested"  # signposted: the family has the details
    REFERRED = "referred"  # the mentor made the referral with consent
    IN_TOUCH = "in_touch"  # the agency and the family are in contact
    COMPLETED = "completed"
    DECLINED = "declined"


class CelebrationCategory(StrEnum):
    CHILD_ACHIEVEMENT = "child_achievement"
    BETTER_ATTENDANCE = "better_attendance"
    FIRST_SCHOOL_MEETING = "first_school_meeting"
    JOINED_PARENTS_FORUM = "joined_parents_forum"
    TRAINED_AS_MENTOR = "trained_as_mentor"
    OTHER = "other"


class CheckInQuestion(StrEnum):
    """The six self-ratings (1 to 5) that are the programme's evidence of impact."""

    FEELS_WELCOME = "feels_welcome"
    KNOWS_WHOM_TO_CONTACT = "knows_whom_to_contact"
    CONFIDENT_WITH_TEACHERS = "confident_with_teachers"
    SUPPORTS_LEARNING_AT_HOME = "supports_learning_at_home"
    UNDERSTANDS_PROGRESS = "understands_progress"
    TAKES_PART_IN_SCHOOL_LIFE = "takes_part_in_school_life"


class ConsentScope(StrEnum):
    NOTES_KEPT = "notes_kept"  # notes about the family on the mentor's laptop
    COUNTED = "counted"  # included in the school's anonymised numbers
    SPEAK_TO_SCHOOL = "speak_to_school"  # the mentor may talk to the school for them
    REFERRAL = "referral"  # a referral to one agency


class ConsentMethod(StrEnum):
    SPOKEN = "spoken"
    SIGNED = "signed"
    WITH_INTERPRETER = "with_interpreter"


class MentorLogKind(StrEnum):
    SUPERVISION = "supervision"
    TRAINING = "training"
    WELLBEING = "wellbeing"

"""The fixed cells of every breakdown, in every report format: what each count is of.

A report always holds every cell of a breakdown it holds, zeros included, so which cells
appear says nothing about anybody. The formats differ only in their language cells.
"""

#: Languages with a cell of their own in report formats 1 and 2; every other language
#: counts as "other" there.
SECOND_FORMAT_LANGUAGE_CELLS = (
    "en", "ar", "bn", "so", "ur", "pa", "pl", "ro", "ps",
    "fa", "ti", "uk", "ku", "tr", "pt", "es", "fr", "zh",
)  # fmt: skip
#: The languages format 3 adds (issue 16): Romani first, one of the programme's main groups.
ADDED_LANGUAGE_CELLS = ("rom", "sq", "ru", "it", "nl", "hu", "sk", "bg", "el")
#: Languages with a cell of their own in the current format (3): every language the app
#: offers a family (the desktop's ``labels.COMMON_LANGUAGES``, in the same order; a test
#: keeps the two equal). "Another language" the mentor types, and any other tag, counts
#: as "other".
LANGUAGE_CELLS = (*SECOND_FORMAT_LANGUAGE_CELLS, *ADDED_LANGUAGE_CELLS)

SESSION_KINDS = (
    "one_to_one", "group", "home_visit", "phone_or_video", "school_meeting", "parents_forum",
)  # fmt: skip
VENUE_CATEGORIES = (
    "community_centre", "library", "cafe", "faith_venue", "park",
    "school", "family_home", "phone_or_online", "other",
)  # fmt: skip
TOPICS = (
    "learning_at_home", "reading", "homework", "school_communication", "attendance",
    "behaviour", "transition", "wellbeing", "health_diet_exercise", "e_safety",
    "special_needs", "parents_evening", "school_systems", "community_services",
    "parent_confidence", "other",
)  # fmt: skip
NON_ATTENDANCE_REASONS = (
    "forgot", "illness", "childcare", "work", "transport",
    "family_emergency", "not_ready", "unknown", "other",
)  # fmt: skip
BARRIERS = (
    "negative_experience_of_school", "low_literacy", "language", "cultural_difference",
    "lack_of_time", "low_aspirations", "health", "childcare", "transport", "other",
)  # fmt: skip
AGENCY_CATEGORIES = (
    "adult_literacy", "language_classes", "health", "mental_health", "housing",
    "benefits_and_debt", "family_support", "special_needs_support", "youth_services",
    "legal_advice", "other",
)  # fmt: skip
CELEBRATION_CATEGORIES = (
    "child_achievement", "better_attendance", "first_school_meeting",
    "joined_parents_forum", "trained_as_mentor", "other",
)  # fmt: skip
CHECK_IN_QUESTIONS = (
    "feels_welcome", "knows_whom_to_contact", "confident_with_teachers",
    "supports_learning_at_home", "understands_progress", "takes_part_in_school_life",
)  # fmt: skip
CHECK_IN_CHANGES = ("improved", "same", "lower")

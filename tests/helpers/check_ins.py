"""A family's check-ins over most of a year, one statement skipped once: enough to fill the
family page's chart (gui/checkin_chart.py) on the screens the tests open."""

from __future__ import annotations

from datetime import date, timedelta

from parentrus_desktop.domain import CheckIn, new_record_id
from parentrus_desktop.domain.vocabulary import CheckInQuestion

#: Each statement's answers, oldest first; None is a statement the parent skipped.
ANSWERS = {
    CheckInQuestion.FEELS_WELCOME: (2, 3, 4),
    CheckInQuestion.KNOWS_WHOM_TO_CONTACT: (1, 3, 5),
    CheckInQuestion.CONFIDENT_WITH_TEACHERS: (2, None, 4),
    CheckInQuestion.SUPPORTS_LEARNING_AT_HOME: (3, 3, 4),
    CheckInQuestion.UNDERSTANDS_PROGRESS: (2, 2, 3),
    CheckInQuestion.TAKES_PART_IN_SCHOOL_LIFE: (1, 1, 2),
}


def check_ins_over_a_year(family_id: str, today: date) -> list[CheckIn]:
    days = (today - timedelta(days=260), today - timedelta(days=160), today - timedelta(days=30))
    return [
        CheckIn(
            id=new_record_id(),
            family=family_id,
            on=day,
            answers={q: ratings[i] for q, ratings in ANSWERS.items() if ratings[i] is not None},
        )
        for i, day in enumerate(days)
    ]

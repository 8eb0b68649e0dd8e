"""School words a family meets, each as the school says it, with a plain explanation;
and the organisation's own words for its country's school system. Qt-free."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from parentrus_desktop.domain.validation import N_
from parentrus_desktop.i18n import NC_, _, pgettext
from parentrus_desktop.store.search import folded

#: The longest word and explanation the organisation can add (a word, not a page).
LONGEST_WORD = 80
LONGEST_EXPLANATION = 400


@dataclass(frozen=True)
class SchoolWord:
    """A word as the school says it (English, with its context for translators) and
    what it means, both marked for translation where they are defined."""

    word: tuple[str, str]
    explanation: str

    @property
    def english(self) -> str:
        return self.word[1]


@dataclass(frozen=True)
class OwnWord:
    """A word the organisation added for its own school system: shown as typed, in the
    language it was typed in (never translated)."""

    word: str
    explanation: str


@dataclass(frozen=True)
class ShownWord:
    """One entry as it is shown or printed: the word as the school says it, the word and
    its explanation in the language being spoken."""

    key: str
    school_says: str
    word: str
    explanation: str
    own: bool = False


SCHOOL_WORDS: tuple[SchoolWord, ...] = (
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Parents' evening"),
        # Translators: what "Parents' evening" means, in plain words for a parent
        N_(
            "A short meeting with your child's teacher, often after school. The teacher tells "
            "you how your child is doing, and you can ask questions."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "School report"),
        # Translators: what "School report" means, in plain words for a parent
        N_(
            "A letter or booklet from the school, once or more a year. It says how your child "
            "is doing in each subject and how often they came to school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Attendance letter"),
        # Translators: what "Attendance letter" means, in plain words for a parent
        N_(
            "A letter from the school when your child has missed many days. Read it and talk to"
            " the school: they can help."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Persistent absence"),
        # Translators: what "Persistent absence" means, in plain words for a parent
        N_(
            "When a child misses one school day in ten, or more. The school must do something "
            "about it, and it can lead to meetings or a fine."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Authorised absence"),
        # Translators: what "Authorised absence" means, in plain words for a parent
        N_("A day off school that the school agrees to, for example when your child is ill."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Unauthorised absence"),
        # Translators: what "Unauthorised absence" means, in plain words for a parent
        N_(
            "A day off school without a reason the school accepts, like a holiday in term time."
            " It can lead to a fine."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Exclusion"),
        # Translators: what "Exclusion" means, in plain words for a parent
        N_(
            "When the school sends a child away for breaking the rules, for some days or for "
            "good. The school must tell you in writing, and you can ask them to think again."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Suspension"),
        # Translators: what "Suspension" means, in plain words for a parent
        N_(
            "The child must stay away from school for a few days because of their behaviour. "
            "The school gives work to do at home."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Special educational needs (SEN)"),
        # Translators: what "Special educational needs (SEN)" means, in plain words for a parent
        N_(
            "When a child needs extra help to learn, because of a difficulty or a disability. "
            "The school should make a plan with you."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "SENCO"),
        # Translators: what "SENCO" means, in plain words for a parent
        N_(
            "The teacher who organises extra help for children with special educational needs. "
            "Ask to see them if you think your child needs more help."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "EHC plan"),
        # Translators: what "EHC plan" means, in plain words for a parent
        N_(
            "A written plan from the council for a child who needs a lot of extra help. It says"
            " what help the child must get at school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Educational psychologist"),
        # Translators: what "Educational psychologist" means, in plain words for a parent
        N_(
            "A specialist who finds out why a child finds learning hard, and tells the school "
            "how to help."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Free school meals"),
        # Translators: what "Free school meals" means, in plain words for a parent
        N_(
            "A free hot lunch at school for children of families with little money. You must "
            "ask for it: the school or the council has a form."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Pupil premium"),
        # Translators: what "Pupil premium" means, in plain words for a parent
        N_(
            "Extra money the school gets for some children, for example those who have free "
            "school meals. The school uses it to help them learn."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Homework club"),
        # Translators: what "Homework club" means, in plain words for a parent
        N_(
            "A time after lessons when children can do their homework at school, with a teacher"
            " to help."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "After-school club"),
        # Translators: what "After-school club" means, in plain words for a parent
        N_("An activity after lessons, like sport, music or art. Some are free, some cost money."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Breakfast club"),
        # Translators: what "Breakfast club" means, in plain words for a parent
        N_(
            "Children can come to school early and eat breakfast there. It helps parents who "
            "start work early."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Year group"),
        # Translators: what "Year group" means, in plain words for a parent
        N_(
            "All the children born in the same school year, from September to August: Year 1, "
            "Year 2 and so on."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Reception"),
        # Translators: what "Reception" means, in plain words for a parent
        N_("The first year of primary school, for children aged 4 to 5."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Key Stage"),
        # Translators: what "Key Stage" means, in plain words for a parent
        N_(
            "A group of school years. Key Stage 1 is Years 1 and 2, Key Stage 2 is Years 3 to "
            "6, and so on. Children are tested at the end of some of them."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Primary school"),
        # Translators: what "Primary school" means, in plain words for a parent
        N_("School for children aged 4 to 11, from Reception to Year 6."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Secondary school"),
        # Translators: what "Secondary school" means, in plain words for a parent
        N_("School for young people aged 11 to 16, from Year 7 to Year 11, sometimes to 18."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Transition to secondary"),
        # Translators: what "Transition to secondary" means, in plain words for a parent
        N_(
            "The move from primary school to secondary school, at about 11. There are often "
            "visits and meetings to help children get ready."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Open evening"),
        # Translators: what "Open evening" means, in plain words for a parent
        N_(
            "An evening when a school opens its doors to families who are choosing a school. "
            "You can look around and ask questions."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Catchment area"),
        # Translators: what "Catchment area" means, in plain words for a parent
        N_(
            "The streets around a school. Children who live there often have a better chance of"
            " a place at that school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Admissions"),
        # Translators: what "Admissions" means, in plain words for a parent
        N_(
            "How children get a place at a school. You ask the council before a set date, and "
            "list the schools you want."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "In-year application"),
        # Translators: what "In-year application" means, in plain words for a parent
        N_(
            "Asking for a school place in the middle of the school year, for example after "
            "moving house or coming to a new country."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Phonics"),
        # Translators: what "Phonics" means, in plain words for a parent
        N_(
            "How young children learn to read: each letter, or group of letters, has a sound, "
            "and they put the sounds together to read a word."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Reading record"),
        # Translators: what "Reading record" means, in plain words for a parent
        N_(
            "A small book that goes between home and school. You write in it when your child "
            "reads at home, and the teacher writes in it too."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "School trip consent"),
        # Translators: what "School trip consent" means, in plain words for a parent
        N_(
            "A form you sign to say your child may go on a school trip. Sometimes the school "
            "asks for some money too."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Uniform"),
        # Translators: what "Uniform" means, in plain words for a parent
        N_(
            "The clothes every child must wear at school. Ask the school about help to pay for "
            "it, or about second-hand uniform."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Term dates"),
        # Translators: what "Term dates" means, in plain words for a parent
        N_(
            "The days the school is open in the year, and the holidays between them. The school"
            " puts them on its website or sends a letter."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "INSET day"),
        # Translators: what "INSET day" means, in plain words for a parent
        N_(
            "A day when the teachers are learning and the children stay at home. The school "
            "tells you the dates before."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Attendance officer"),
        # Translators: what "Attendance officer" means, in plain words for a parent
        N_(
            "The person who checks that children come to school every day. They can help when "
            "it is hard to get your child to school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Head teacher"),
        # Translators: what "Head teacher" means, in plain words for a parent
        N_("The person in charge of the whole school."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Form tutor"),
        # Translators: what "Form tutor" means, in plain words for a parent
        N_(
            "In secondary school, the teacher who looks after your child's group every morning."
            " Often the first person to ask."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Teaching assistant"),
        # Translators: what "Teaching assistant" means, in plain words for a parent
        N_("An adult who helps the teacher in class, often with a small group or with one child."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Safeguarding lead"),
        # Translators: what "Safeguarding lead" means, in plain words for a parent
        N_(
            "The person at school who keeps children safe. Tell them if you are worried that a "
            "child is being hurt."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "School nurse"),
        # Translators: what "School nurse" means, in plain words for a parent
        N_(
            "A nurse who works with schools. They help with health, growing, eyesight, and "
            "worries about your child's body or feelings."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Medical needs"),
        # Translators: what "Medical needs" means, in plain words for a parent
        N_(
            "A health problem the school must know about, like asthma, an allergy or diabetes, "
            "so that they can keep your child safe."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Care plan"),
        # Translators: what "Care plan" means, in plain words for a parent
        N_(
            "A written plan, made with you and a nurse, that says what the school does for your"
            " child's health and what to do in an emergency."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "EAL (English as an additional language)"),
        # Translators: what "EAL" means, in plain words for a parent
        N_(
            "A child who speaks another language at home. The school may give extra help with "
            "English."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Setting"),
        # Translators: what "Setting" means, in plain words for a parent
        N_(
            "Putting children in groups by how well they do in one subject, like maths. A child"
            " can move to another group."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Streaming"),
        # Translators: what "Streaming" means, in plain words for a parent
        N_("Putting children in classes by how well they do in most subjects."),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Detention"),
        # Translators: what "Detention" means, in plain words for a parent
        N_(
            "A punishment: the child stays at school at break, at lunch or after school. The "
            "school should tell you the day before if it is after school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Behaviour policy"),
        # Translators: what "Behaviour policy" means, in plain words for a parent
        N_(
            "The school's rules about behaviour, and what happens when a child breaks them. You"
            " can ask for a copy."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Home-school agreement"),
        # Translators: what "Home-school agreement" means, in plain words for a parent
        N_(
            "A paper the school asks parents to sign. It says what the school, the parents and "
            "the child each promise to do."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Parent governor"),
        # Translators: what "Parent governor" means, in plain words for a parent
        N_(
            "A parent who helps run the school, in a group called the governors. Parents choose"
            " them by a vote."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "PTA"),
        # Translators: what "PTA" means, in plain words for a parent
        N_(
            "Parents and staff who raise money for the school and organise events. Anyone can join."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "School council"),
        # Translators: what "School council" means, in plain words for a parent
        N_(
            "A group of pupils chosen by their classmates to give the children's ideas to the "
            "school."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "Ofsted"),
        # Translators: what "Ofsted" means, in plain words for a parent
        N_(
            "The people who check schools in England for the government. They write a report on"
            " each school that anyone can read."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "SATs"),
        # Translators: what "SATs" means, in plain words for a parent
        N_(
            "Tests children take at the end of primary school, in Year 6, in reading, writing "
            "and maths."
        ),
    ),
    SchoolWord(
        # Translators: a word a family hears at school; the English stays beside it
        NC_("a school word, as the school says it", "GCSEs"),
        # Translators: what "GCSEs" means, in plain words for a parent
        N_(
            "The exams most young people take at 16, at the end of Year 11. The results matter "
            "for college and jobs."
        ),
    ),
)


def shown(own: Iterable[OwnWord] = ()) -> list[ShownWord]:
    """Every word, translated into the language being spoken (wrap the call in
    ``i18n.speaking`` for a family's language), then the organisation's own as typed;
    in the order of the word as the school says it."""
    built_in = [
        ShownWord(
            key=f"word:{entry.english}",
            school_says=entry.english,
            word=pgettext(*entry.word),
            explanation=_(entry.explanation),
        )
        for entry in SCHOOL_WORDS
    ]
    added = [
        ShownWord(
            key=f"own:{entry.word}",
            school_says=entry.word,
            word=entry.word,
            explanation=entry.explanation,
            own=True,
        )
        for entry in own
    ]
    return sorted(built_in + added, key=lambda w: folded(w.school_says))


#: Apostrophes a mentor may type, or not: "parent's evening", "parents evening".
_APOSTROPHES = re.compile("['\u2018\u2019\u02bc`]")


def _search_text(text: str) -> str:
    return _APOSTROPHES.sub("", folded(text))


def _name_rank(name: str, wanted: Sequence[str]) -> int | None:
    """How well the query's words match a word's name: 0 each a whole word of it, 1 each
    at least the start of one ("SEN" in "SENCO"), 2 somewhere inside; None when not all."""
    text = _search_text(name)
    names = re.findall(r"\w+", text)
    worst = 0
    for part in wanted:
        if part not in text:
            return None
        if part in names:
            continue
        worst = max(worst, 1 if any(n.startswith(part) for n in names) else 2)
    return worst


def find(words: Sequence[ShownWord], query: str) -> list[ShownWord]:
    """The words that match every word of the query: first those whose name matches (as
    the school says it, or translated), whole words before word starts before the inside
    of a word ("SEN" finds "Special educational needs (SEN)" and "SENCO" before
    "absence"), then those whose explanation does. Apostrophes are set aside."""
    wanted = _search_text(query).split()
    if not wanted:
        return list(words)
    ranked: list[tuple[int, int, ShownWord]] = []
    for place, word in enumerate(words):
        rank = _name_rank(f"{word.school_says} {word.word}", wanted)
        if rank is None:
            explanation = _search_text(word.explanation)
            rank = 3 if all(part in explanation for part in wanted) else None
        if rank is not None:
            ranked.append((rank, place, word))
    return [word for _rank, _place, word in sorted(ranked, key=lambda r: r[:2])]


def check_own_word(word: str, explanation: str, others: Iterable[OwnWord]) -> str | None:
    """What is wrong with a word the organisation wants to add, in plain words (to be
    translated where it is shown), or None when it can be added."""
    word, explanation = word.strip(), explanation.strip()
    if not word or not explanation:
        return N_("Type the word and what it means.")
    if len(word) > LONGEST_WORD or len(explanation) > LONGEST_EXPLANATION:
        return N_("That is too long: a word, and what it means in one to three sentences.")
    taken = {folded(w.word) for w in others} | {folded(w.english) for w in SCHOOL_WORDS}
    if folded(word) in taken:
        return N_("That word is in the list already.")
    return None

"""The default questions, after the OECD's evaluation guidelines for representative
deliberative processes (2021): was the process fair and the information balanced, were the
members heard, was there time enough, was the facilitation respectful, will the authority
respond, would they take part again.

Stored as text in the assembly's language (Danish) with an English translation, because the
secretariat edits them like any other content before the questionnaire opens.
"""

from __future__ import annotations

from typing import NamedTuple

from borgersamling.evaluation.models import Question


class DefaultQuestion(NamedTuple):
    kind: str
    text: str  # Danish
    text_en: str
    required: bool = True


SCALE = Question.Kind.SCALE
TEXT = Question.Kind.TEXT

DEFAULT_QUESTIONS: tuple[DefaultQuestion, ...] = (
    DefaultQuestion(
        SCALE,
        "Processen var fair – alle deltagere blev behandlet ens.",
        "The process was fair – all members were treated equally.",
    ),
    DefaultQuestion(
        SCALE,
        "Jeg fik mulighed for at sige min mening, og der blev lyttet til mig.",
        "I had the chance to say what I think, and I was listened to.",
    ),
    DefaultQuestion(
        SCALE,
        "Den information, vi fik, var balanceret og viste forskellige synspunkter.",
        "The information we received was balanced and showed different points of view.",
    ),
    DefaultQuestion(
        SCALE,
        "Jeg fik tilstrækkelig information til at tage stilling.",
        "I received enough information to make up my mind.",
    ),
    DefaultQuestion(
        SCALE,
        "Vi havde tid nok til at drøfte emnerne grundigt.",
        "We had enough time to discuss the topics thoroughly.",
    ),
    DefaultQuestion(
        SCALE,
        "Faciliteringen var respektfuld og gav plads til alle.",
        "The facilitation was respectful and gave everyone room to speak.",
    ),
    DefaultQuestion(
        SCALE,
        "Anbefalingerne afspejler det, borgersamlingen nåede frem til i fællesskab.",
        "The recommendations reflect what the assembly arrived at together.",
    ),
    DefaultQuestion(
        SCALE,
        "Jeg har tillid til, at kommunalbestyrelsen vil svare på vores anbefalinger.",
        "I trust that the council will respond to our recommendations.",
    ),
    DefaultQuestion(
        SCALE,
        "Jeg vil anbefale andre at deltage i en borgersamling.",
        "I would recommend others to take part in a citizens' assembly.",
    ),
    DefaultQuestion(
        TEXT,
        "Hvad kunne være gjort bedre?",
        "What should be improved?",
        required=False,
    ),
    DefaultQuestion(
        TEXT,
        "Er der andet, du vil fortælle os?",
        "Is there anything else you would like to tell us?",
        required=False,
    ),
)

"""The members' evaluation of the assembly: one anonymous questionnaire per assembly.

Anonymity is built into the tables, not promised by the views:

- ``Response`` and ``Answer`` have no column that points to a participant or a user, and no
  timestamp: a submission time could be matched with who was seen answering when.
- ``AnsweredMark`` records only that *someone* answered, as an HMAC of the questionnaire and
  the participant keyed with ``settings.SECRET_KEY`` (see ``anonymity.py``). It lets the
  platform refuse a second answer without being able to list who answered from the table
  alone, and it carries nothing (no time, no ordered id) that pairs it with a response.
- Both use random UUIDs as primary keys, so neither the order of the rows' ids nor the
  pairing of a mark with the response saved in the same transaction reveals anything.

Question texts are typed by the secretariat, in the assembly's language (Danish) and
optionally in English for members who use the English interface.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import Assembly


class Questionnaire(models.Model):
    assembly = models.OneToOneField(
        Assembly,
        on_delete=models.CASCADE,
        related_name="evaluation",
        verbose_name=_("assembly"),
    )
    opens_at = models.DateTimeField(_("opens"), help_text=_("Members can answer from this moment."))
    closes_at = models.DateTimeField(
        _("closes"),
        null=True,
        blank=True,
        help_text=_("Leave empty to keep the questionnaire open until you close it."),
    )
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown to the members above the questions.")
    )

    class Meta:
        verbose_name = _("evaluation questionnaire")
        verbose_name_plural = _("evaluation questionnaires")

    def __str__(self) -> str:
        return str(_("Evaluation of %(assembly)s") % {"assembly": self.assembly})

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def has_opened(self, now: datetime.datetime | None = None) -> bool:
        return self.opens_at <= (now or timezone.now())

    def has_responses(self) -> bool:
        return self.responses.exists()

    def questions_are_locked(self) -> bool:
        """Questions change only while nobody has answered: after the first response, a
        changed question would mix answers to two different questions."""
        return self.has_responses()


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Agree–disagree scale (1–5 and don't know)")
        TEXT = "text", _("Free text")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    text = models.TextField(_("text"), help_text=_("In the assembly's language (Danish)."))
    text_en = models.TextField(
        _("text in English"), blank=True, help_text=_("Shown in the English interface.")
    )
    required = models.BooleanField(
        _("required"),
        default=True,
        help_text=_("Scale questions always offer “don't know”."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("questionnaire", "order", "pk")

    def __str__(self) -> str:
        return self.display_text()

    def display_text(self) -> str:
        """The question in the interface's language, falling back to the assembly's."""
        if self.text_en and (get_language() or "").startswith("en"):
            return self.text_en
        return self.text

    @property
    def is_scale(self) -> bool:
        return self.kind == self.Kind.SCALE


class Response(models.Model):
    """One member's submitted questionnaire, with nothing that says whose or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        # Random ids: sorting by them gives an order unrelated to the order of answering.
        ordering = ("questionnaire", "id")

    def __str__(self) -> str:
        return str(_("Anonymous response"))


class Answer(models.Model):
    """The answer to one question in one response. ``value`` is 1–5 on the scale, 0 for
    "don't know", empty when skipped; ``text`` holds a free-text answer."""

    DONT_KNOW = 0

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    value = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = (
            models.UniqueConstraint(
                fields=["response", "question"], name="evaluation_answer_unique_question"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__lte=5),
                name="evaluation_answer_value_on_scale",
            ),
        )

    def __str__(self) -> str:
        return self.text or str(self.value)


class AnsweredMark(models.Model):
    """That one participant has answered, as a keyed hash; nothing else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="answered_marks",
        verbose_name=_("questionnaire"),
    )
    key = models.CharField(_("key"), max_length=64)

    class Meta:
        verbose_name = _("answered mark")
        verbose_name_plural = _("answered marks")
        constraints = (
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="evaluation_answeredmark_unique_key"
            ),
        )

    def __str__(self) -> str:
        return self.key[:8]

"""The process of one citizens' assembly, in the process's own words.

Free-text fields that hold a list (a session's contents, who is in the room, what happens
next) keep one entry per line; ``lines()`` splits them for the templates. Content typed by the
secretariat is stored in the language it was written in (Danish for Dragør); only the
interface around it is translated.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def lines(text: str) -> list[str]:
    """The non-blank lines of a one-entry-per-line text field, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Assembly(models.Model):
    class Status(models.TextChoices):
        RECRUITING = "recruiting", _("Recruiting")
        DELIBERATING = "deliberating", _("Deliberating")
        HANDED_OVER = "handed_over", _("Handed over")
        ANSWERED = "answered", _("Answered")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    core_task = models.TextField(
        _("core task"), help_text=_("The task the commissioning body has set the assembly.")
    )
    commissioning_body = models.CharField(_("commissioning body"), max_length=200)
    handover_date = models.DateField(_("handover date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECRUITING
    )
    vision = models.TextField(_("vision"), blank=True)
    next_steps = models.TextField(
        _("what happens next"), blank=True, help_text=_("One step per line.")
    )
    website = models.URLField(_("website"), blank=True)
    invitations_sent = models.PositiveIntegerField(_("invitations sent"), null=True, blank=True)
    sign_ups = models.PositiveIntegerField(_("sign-ups"), null=True, blank=True)
    seats = models.PositiveIntegerField(_("members"), null=True, blank=True)

    class Meta:
        verbose_name = _("assembly")
        verbose_name_plural = _("assemblies")
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assemblies:home", kwargs={"slug": self.slug})

    def next_steps_list(self) -> list[str]:
        return lines(self.next_steps)


class WorkingQuestion(models.Model):
    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="working_questions",
        verbose_name=_("assembly"),
    )
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("working question")
        verbose_name_plural = _("working questions")
        ordering = ("assembly", "order", "pk")

    def __str__(self) -> str:
        return self.text


class Program(models.TextChoices):
    """Whose program a purpose or a program item belongs to: the open session runs two."""

    MEMBERS = "members", _("Members' program")
    GUESTS = "guests", _("Guests' program")


class Session(models.Model):
    """A samling: one meeting of the assembly."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("assembly")
    )
    number = models.PositiveIntegerField(_("number"), help_text=_("Position in the timeline."))
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start = models.TimeField(_("start"), null=True, blank=True)
    end = models.TimeField(_("end"), null=True, blank=True)
    format = models.CharField(
        _("format"), max_length=200, blank=True, help_text=_("For example a 4-hour evening.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    contents = models.TextField(_("contents"), blank=True, help_text=_("One item per line."))
    is_open_session = models.BooleanField(
        _("open session"), default=False, help_text=_("Guests from the public take part.")
    )
    new_groups = models.BooleanField(
        _("new groups"), default=False, help_text=_("Members sit in new groups this time.")
    )
    theme_wishes = models.BooleanField(
        _("theme wishes count"),
        default=False,
        help_text=_(
            "Members sit at the theme tables they wished for, as far as mixing allows; at "
            "other sessions their wishes are not used."
        ),
    )
    who_is_in_the_room = models.TextField(
        _("who is in the room"), blank=True, help_text=_("One group per line.")
    )
    # The item the plenum screen shows, chosen by the secretariat during the session; when
    # empty the screen follows the clock.
    current_item = models.ForeignKey(
        "ProgramItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("item shown now"),
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("assembly", "number")
        constraints = (
            models.UniqueConstraint(
                fields=["assembly", "number"], name="assemblies_session_unique_number"
            ),
        )

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "assemblies:session", kwargs={"slug": self.assembly.slug, "number": self.number}
        )

    def contents_list(self) -> list[str]:
        return lines(self.contents)

    def who_is_in_the_room_list(self) -> list[str]:
        return lines(self.who_is_in_the_room)

    def is_past(self, today: datetime.date) -> bool:
        return self.date < today


class Purpose(models.Model):
    """One aim of a session, for the members or for the guests."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="purposes", verbose_name=_("session")
    )
    program = models.CharField(
        _("program"), max_length=10, choices=Program.choices, default=Program.MEMBERS
    )
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        ordering = ("session", "program", "order", "pk")

    def __str__(self) -> str:
        return self.text


class ProgramItem(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="program_items", verbose_name=_("session")
    )
    program = models.CharField(
        _("program"), max_length=10, choices=Program.choices, default=Program.MEMBERS
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    led_by = models.CharField(_("led by"), max_length=200, blank=True)
    for_members = models.BooleanField(_("members take part"), default=True)
    for_guests = models.BooleanField(_("guests take part"), default=False)
    for_politicians = models.BooleanField(_("politicians take part"), default=False)

    class Meta:
        verbose_name = _("program item")
        verbose_name_plural = _("program items")
        ordering = ("session", "program", "order", "start")

    def __str__(self) -> str:
        return f"{self.start:%H.%M} {self.title}"

    def description_is_short(self) -> bool:
        """A one-liner is shown as it is; anything longer folds away under "Details"."""
        return len(self.description) < 120 and "\n" not in self.description


class ThemeTable(models.Model):
    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="theme_tables",
        verbose_name=_("assembly"),
    )
    number = models.PositiveIntegerField(_("number"))
    theme = models.CharField(_("theme"), max_length=200)

    class Meta:
        verbose_name = _("theme table")
        verbose_name_plural = _("theme tables")
        ordering = ("assembly", "number")
        constraints = (
            models.UniqueConstraint(
                fields=["assembly", "number"], name="assemblies_themetable_unique_number"
            ),
        )

    def __str__(self) -> str:
        return f"{self.number}. {self.theme}"


class FrameEntry(models.Model):
    """A titled text in the ABX frame, kept in the assembly's own order."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ("assembly", "order", "pk")

    def __str__(self) -> str:
        return self.title


class Strength(FrameEntry):
    """A: what works in the assembly's welfare today."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="strengths", verbose_name=_("assembly")
    )

    class Meta(FrameEntry.Meta):
        verbose_name = _("strength")
        verbose_name_plural = _("strengths")


class Challenge(FrameEntry):
    """A: what does not work in the assembly's welfare today."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="challenges", verbose_name=_("assembly")
    )

    class Meta(FrameEntry.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")


class Value(FrameEntry):
    """B: one of the values the members agreed on."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="values", verbose_name=_("assembly")
    )

    class Meta(FrameEntry.Meta):
        verbose_name = _("value")
        verbose_name_plural = _("values")


class WelfareTrend(FrameEntry):
    """A development that pushes on welfare from outside, whatever the assembly recommends."""

    assembly = models.ForeignKey(
        Assembly,
        on_delete=models.CASCADE,
        related_name="welfare_trends",
        verbose_name=_("assembly"),
    )

    class Meta(FrameEntry.Meta):
        verbose_name = _("welfare trend")
        verbose_name_plural = _("welfare trends")


class Helper(models.Model):
    """Someone who helps the assembly along: an expert adviser, the secretariat, the
    municipality. Shown publicly, so it holds only what the helper presents in public."""

    assembly = models.ForeignKey(
        Assembly, on_delete=models.CASCADE, related_name="helpers", verbose_name=_("assembly")
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("The helper's part in the assembly.")
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        ordering = ("assembly", "order", "pk")

    def __str__(self) -> str:
        return self.name

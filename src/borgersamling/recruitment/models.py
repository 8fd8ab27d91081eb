"""Recruitment: from the population extract to a confirmed panel.

The flow, in the process's own words: the register's population extract (``Resident``) →
invitation letters with personal codes (``Invitation``) → sign-ups (tilmeldinger,
``SignUp``) with the stratification features the assembly defines (``Feature``,
``FeatureValue``, whose population share is the target) → a stored lottery run
(``LotteryRun``) drawn in public → confirmations and logged ``Replacement``s.
Every look at personal data is written to ``PersonalDataAccess``.

Feature values are kept on sign-ups and residents as a JSON object ``{feature key: value}``
spelled exactly as the ``FeatureValue.value`` strings, the same spelling the engine's pool
and quota files use.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from borgersamling.assemblies.models import Assembly, Session
from borgersamling.site.task_runs import RunStatus

DEFAULT_CONSENT_TEXT = (
    "Formål: Dine oplysninger bruges kun til at trække lod om pladserne i borgersamlingen "
    "og til at kontakte dig, hvis du bliver trukket ud.\n"
    "Hvem ser dem: Kun borgersamlingens sekretariat. Ved lodtrækningen offentliggøres du "
    "kun som et nummer sammen med dine svar på lodtrækningskriterierne.\n"
    "Sletning: Er du ikke trukket ud, slettes dine personoplysninger senest {retention_days} "
    "dage efter lodtrækningen; tilbage bliver kun anonyme optællinger. Du kan altid se, "
    "rette og trække din tilmelding tilbage med din kode."
)


class Recruitment(models.Model):
    """The recruitment settings of one assembly."""

    assembly = models.OneToOneField(
        Assembly, on_delete=models.CASCADE, related_name="recruitment", verbose_name=_("assembly")
    )
    signup_opens_at = models.DateTimeField(_("sign-up opens"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sign-up closes"), null=True, blank=True)
    consent_text = models.TextField(
        _("consent text"),
        default=DEFAULT_CONSENT_TEXT,
        help_text=_(
            "Purpose, who sees the data and when it is deleted. {retention_days} is replaced "
            "by the retention period."
        ),
    )
    retention_days = models.PositiveIntegerField(
        _("retention period (days after the draw)"),
        default=90,
        help_text=_("Personal data of people not drawn is deleted this long after the draw."),
    )
    tolerance = models.PositiveIntegerField(
        _("tolerance (seats)"),
        default=1,
        help_text=_("How many seats each group may be above or below its population share."),
    )
    letter_text = models.TextField(
        _("invitation letter text"),
        blank=True,
        help_text=_("The body of the invitation letter; the code and QR code are added below."),
    )
    letter_sender = models.CharField(_("letter sender"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("recruitment")
        verbose_name_plural = _("recruitments")

    def __str__(self) -> str:
        return str(self.assembly)

    def signup_is_open(self, now: datetime.datetime) -> bool:
        if self.signup_opens_at is None or now < self.signup_opens_at:
            return False
        return self.signup_closes_at is None or now < self.signup_closes_at

    def consent_text_rendered(self) -> str:
        return self.consent_text.replace("{retention_days}", str(self.retention_days))


class Feature(models.Model):
    """One stratification criterion (køn, alder, uddannelse, bopæl, ejerforhold)."""

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="features",
        verbose_name=_("recruitment"),
    )
    key = models.CharField(
        _("column name"),
        max_length=60,
        help_text=_("The column in population, pool and target files, e.g. 'køn'."),
    )
    label = models.CharField(_("label"), max_length=200)
    question = models.CharField(_("question on the sign-up form"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        ordering = ("recruitment", "order", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recruitment", "key"], name="recruitment_feature_unique_key"
            )
        ]

    def __str__(self) -> str:
        return self.label


class FeatureValue(models.Model):
    """One answer to a feature, with the municipality's share of it: the target."""

    feature = models.ForeignKey(
        Feature, on_delete=models.CASCADE, related_name="values", verbose_name=_("feature")
    )
    value = models.CharField(
        _("value"), max_length=100, help_text=_("As spelled in files, e.g. 'Kvinde'.")
    )
    label = models.CharField(_("label"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    population_share = models.DecimalField(
        _("municipality share"),
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))],
        help_text=_("Between 0 and 1: the target share of the panel."),
    )

    class Meta:
        verbose_name = _("feature value")
        verbose_name_plural = _("feature values")
        ordering = ("feature", "order", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["feature", "value"], name="recruitment_value_unique")
        ]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return self.label or self.value


class Resident(models.Model):
    """One row of the register's population extract: who may be invited."""

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="residents",
        verbose_name=_("recruitment"),
    )
    person_id = models.CharField(_("person"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    household_key = models.CharField(
        _("household"), max_length=400, help_text=_("The normalised address.")
    )
    features = models.JSONField(_("features"), default=dict, blank=True)
    row = models.PositiveIntegerField(_("row in the imported file"), default=0)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ("recruitment", "row", "pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recruitment", "person_id"], name="recruitment_resident_unique_person"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["recruitment", "household_key"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.name}"


class InvitationBatch(models.Model):
    """One round of invitations: everyone, or a random sample (stratified or not)."""

    class Method(models.TextChoices):
        EVERYONE = "everyone", _("Everyone in the extract")
        SAMPLE = "sample", _("Random sample")
        STRATIFIED = "stratified", _("Random sample stratified by area")

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="invitation_batches",
        verbose_name=_("recruitment"),
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    size = models.PositiveIntegerField(_("letters asked for"), null=True, blank=True)
    stratify_by = models.CharField(_("stratified by"), max_length=60, blank=True)
    one_per_household = models.BooleanField(_("one letter per household"), default=True)
    seed = models.CharField(_("random seed"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("invitation batch")
        verbose_name_plural = _("invitation batches")
        ordering = ("recruitment", "created_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_method_display()} ({self.created_at:%Y-%m-%d})"


class Invitation(models.Model):
    """One letter with a personal sign-up code.

    The code is kept readable (not hashed like login codes) because the secretariat must be
    able to reprint a letter; it only lets someone sign up once, never log in.
    """

    batch = models.ForeignKey(
        InvitationBatch,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("batch"),
    )
    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("recruitment"),
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("resident"),
    )
    code = models.CharField(_("sign-up code"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("recruitment", "pk")

    def __str__(self) -> str:
        return self.code


class SignUp(models.Model):
    """One volunteer in the pool (tilmelding), from the form, an import or the secretariat."""

    class Source(models.TextChoices):
        FORM = "form", _("Sign-up form")
        IMPORT = "import", _("Imported pool")
        SECRETARIAT = "secretariat", _("Entered by the secretariat")

    class Status(models.TextChoices):
        POOL = "pool", _("In the pool")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SELECTED = "selected", _("Drawn, awaiting answer")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    recruitment = models.ForeignKey(
        Recruitment, on_delete=models.CASCADE, related_name="signups", verbose_name=_("recruitment")
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("The pseudonymous number shown in public at the lottery.")
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup",
        verbose_name=_("invitation"),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.FORM
    )
    external_id = models.CharField(
        _("id in the imported file"), max_length=100, blank=True, default=""
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.POOL
    )
    # Personal data: blanked by erasure and by the retention purge.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    birth_year = models.PositiveIntegerField(_("year of birth"), null=True, blank=True)
    household_key = models.CharField(_("household"), max_length=400, blank=True)
    access_needs = models.TextField(_("access needs"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    notes = models.TextField(_("secretariat's notes"), blank=True)
    # Kept after anonymisation: the anonymous counts of the representation report.
    features = models.JSONField(_("features"), default=dict, blank=True)
    available_sessions = models.ManyToManyField(
        Session, blank=True, related_name="available_signups", verbose_name=_("available for")
    )
    consent_text = models.TextField(_("consent given to"), blank=True)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="possible_duplicates",
        verbose_name=_("possible duplicate of"),
    )
    duplicate_cleared = models.BooleanField(
        _("duplicate checked"),
        default=False,
        help_text=_("The secretariat checked the flagged duplicate and kept both."),
    )
    participant = models.OneToOneField(
        "accounts.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signup",
        verbose_name=_("participant"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ("recruitment", "number")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["recruitment", "number"], name="recruitment_signup_unique_number"
            ),
            models.UniqueConstraint(
                fields=["recruitment", "external_id"],
                condition=~Q(external_id=""),
                name="recruitment_signup_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def in_panel(self) -> bool:
        return self.status in {self.Status.SELECTED, self.Status.CONFIRMED}


class LotteryRun(models.Model):
    """One run of the selection engine, stored with everything needed to check it.

    The engine runs in a background task on a frozen copy of the inputs (``pool_csv``,
    ``quotas_csv``); the table of panels is fixed by the inputs alone and published before
    the public seed is entered at the ceremony.
    """

    Status = RunStatus

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="lottery_runs",
        verbose_name=_("recruitment"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    progress = models.FloatField(_("progress"), default=0.0)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=20, default="leximin")
    seats = models.PositiveIntegerField(_("seats"))
    tolerance = models.PositiveIntegerField(_("tolerance"), default=0)
    lottery_size = models.PositiveIntegerField(_("panels in the lottery table"), default=1000)
    pool_csv = models.TextField(_("pool file"))
    quotas_csv = models.TextField(_("quotas file"))
    pool_sha256 = models.CharField(_("pool SHA-256"), max_length=64)
    quotas_sha256 = models.CharField(_("quotas SHA-256"), max_length=64)
    results: models.JSONField[Any] = models.JSONField(
        _("results"),
        default=dict,
        blank=True,
        help_text=_("Probabilities, the lottery table and the summary, by sign-up number."),
    )
    seed = models.CharField(_("public seed"), max_length=40, blank=True)
    panel_number = models.PositiveIntegerField(_("panel number"), null=True, blank=True)
    panel = models.JSONField(_("panel"), default=list, blank=True)
    reserves = models.JSONField(_("reserves"), default=list, blank=True)
    files = models.JSONField(
        _("verification files"),
        default=dict,
        blank=True,
        help_text=_("File name -> text: what `borgersamling verify` needs."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drawn by"),
    )

    class Meta:
        verbose_name = _("lottery run")
        verbose_name_plural = _("lottery runs")
        ordering = ("recruitment", "-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.recruitment} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_drawn(self) -> bool:
        return self.panel_number is not None


class Replacement(models.Model):
    """A drawn person who left and who took the seat, with why."""

    class Reason(models.TextChoices):
        DECLINED = "declined", _("Declined the invitation")
        BEFORE = "before", _("Dropped out before the sessions")
        DURING = "during", _("Dropped out during the sessions")

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="replacements",
        verbose_name=_("recruitment"),
    )
    run = models.ForeignKey(
        LotteryRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("lottery run"),
    )
    leaving = models.ForeignKey(
        SignUp, on_delete=models.PROTECT, related_name="+", verbose_name=_("leaving")
    )
    joining = models.ForeignKey(
        SignUp,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("joining"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    quota_report = models.JSONField(
        _("quotas after the replacement"),
        default=dict,
        blank=True,
        help_text=_("How far the panel is from each quota once the seat is filled."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")
        ordering = ("recruitment", "created_at", "pk")

    def __str__(self) -> str:
        return f"{self.leaving} → {self.joining or '—'}"


class PersonalDataAccess(models.Model):
    """Who looked at, changed, exported or erased personal data, and when (GDPR art. 30)."""

    class Action(models.TextChoices):
        LIST = "list", _("Viewed the list")
        VIEW = "view", _("Viewed one person")
        EDIT = "edit", _("Changed")
        EXPORT = "export", _("Exported")
        ERASE = "erase", _("Erased")
        SELF = "self", _("The person viewed their own data")
        IMPORT = "import", _("Imported")
        PURGE = "purge", _("Deleted after the retention period")

    recruitment = models.ForeignKey(
        Recruitment,
        on_delete=models.CASCADE,
        related_name="access_log",
        verbose_name=_("recruitment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    signup_number = models.PositiveIntegerField(_("sign-up number"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    people = models.PositiveIntegerField(_("people shown"), default=1)
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

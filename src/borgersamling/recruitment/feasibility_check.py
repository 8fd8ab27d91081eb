"""Can a panel be drawn from today's pool with these targets? The engine's own answer.

The check builds the engine's input files from the database, with the shares and tolerance
the secretariat is typing (not yet saved) laid over the stored ones, parses them exactly as
a lottery run would, and asks ``sortition.feasibility.diagnose`` why no panel fits and what
the smallest relaxation is. Nothing is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext, ngettext

from borgersamling.recruitment import engine_inputs
from borgersamling.recruitment.engine_text import engine_language
from borgersamling.recruitment.models import Feature, FeatureValue, Recruitment, SignUp
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.feasibility import diagnose
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.quotas import QuotaSet

# Sign-up numbers named in a message before "and N more".
EXAMPLES_SHOWN = 5


def without_file_prefix(message: str) -> str:
    """The engine names its own temporary files (``quotas.csv: ...``); the secretariat
    never saw them, so the prefix only confuses."""
    for name in (engine_inputs.QUOTAS_FILE, engine_inputs.POOL_FILE):
        if message.startswith(name + ": "):
            return message[len(name) + 2 :]
    return message


@dataclass(frozen=True)
class Change:
    """One bound of the engine's suggested relaxation, labelled for people."""

    feature: str
    value: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int
    text: str


@dataclass
class Check:
    """The outcome: input problems, or feasible, or why not and what would help."""

    seats: int
    tolerance: int
    pool_size: int
    unsaved: bool = False
    problems: list[str] = field(default_factory=list)
    feasible: bool = False
    reasons: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    relaxable: bool = True
    tolerance_fix: int | None = None
    ranges: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    ranges_by_pk: dict[int, tuple[int, int]] = field(default_factory=dict)
    """The same seat ranges by ``FeatureValue`` pk, for the page's table."""

    @property
    def checked(self) -> bool:
        """The engine got as far as judging the targets."""
        return not self.problems


def quotas_csv(values: list[FeatureValue], shares: Mapping[int, Decimal | None]) -> str:
    """The quota file as ``engine_inputs.quotas_csv`` writes it, with ``shares`` (by value
    pk) in place of the stored ones."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["feature", "value", "share"])
    for value in values:
        share = shares.get(value.pk, value.population_share)
        writer.writerow([value.feature.key, value.value, "" if share is None else str(share)])
    return buffer.getvalue()


def ordered_values(recruitment: Recruitment) -> list[FeatureValue]:
    """Every value in quota file order (the order ``engine_inputs.quotas_csv`` uses)."""
    return list(
        FeatureValue.objects.filter(feature__recruitment=recruitment)
        .select_related("feature")
        .order_by("feature__order", "feature__pk", "order", "pk")
    )


def _missing_answers(
    features: list[Feature], values: list[FeatureValue], signups: list[SignUp]
) -> list[str]:
    """Sign-ups in the pool whose answer the targets do not know: the engine would refuse
    the pool file at a row number nobody can find, so name the sign-ups instead."""
    known: dict[str, set[str]] = {f.key: set() for f in features}
    for value in values:
        known[value.feature.key].add(value.value.casefold())
    problems = []
    for feature in features:
        if not known[feature.key]:
            continue  # said separately: the criterion has no values
        stray = [
            s
            for s in signups
            if str(s.features.get(feature.key, "")).casefold() not in known[feature.key]
        ]
        if stray:
            numbers = ", ".join(f"#{s.number}" for s in stray[:EXAMPLES_SHOWN])
            if len(stray) > EXAMPLES_SHOWN:
                numbers += " …"
            problems.append(
                ngettext(
                    "%(count)d sign-up in the pool has no valid answer for %(feature)s "
                    "(%(numbers)s): correct it in the pool.",
                    "%(count)d sign-ups in the pool have no valid answer for %(feature)s "
                    "(%(numbers)s): correct them in the pool.",
                    len(stray),
                )
                % {"count": len(stray), "feature": feature.label, "numbers": numbers}
            )
    return problems


def _input_problems(
    seats: int,
    features: list[Feature],
    values: list[FeatureValue],
    shares: Mapping[int, Decimal | None],
) -> list[str]:
    problems = []
    if seats <= 0:
        problems.append(
            gettext("The assembly has no number of members yet: set it on the assembly page.")
        )
    if not features:
        problems.append(gettext("There are no criteria yet."))
    with_values = {value.feature_id for value in values}
    for feature in features:
        if feature.pk not in with_values:
            problems.append(gettext("%(feature)s has no values yet.") % {"feature": feature.label})
    for value in values:
        if shares.get(value.pk, value.population_share) is None:
            problems.append(
                gettext("%(feature)s %(value)s has no municipality share yet.")
                % {"feature": value.feature.label, "value": value.display}
            )
    return problems


def _smallest_tolerance(files: engine_inputs.EngineFiles) -> int | None:
    """The least tolerance above the current one that admits a panel, if any does."""
    for tolerance in range(files.tolerance + 1, files.seats + 1):
        trial = engine_inputs.EngineFiles(files.pool_csv, files.quotas_csv, files.seats, tolerance)
        try:
            space = engine_inputs.panel_space(trial)
        except InputError:
            continue
        if space.is_feasible():
            return tolerance
    return None


def _ranges(quotas: QuotaSet) -> dict[tuple[str, str], tuple[int, int]]:
    return {(q.feature, q.value): (q.min, q.max) for q in quotas.quotas}


def check_targets(
    recruitment: Recruitment,
    shares: Mapping[int, Decimal | None] | None = None,
    tolerance: int | None = None,
) -> Check:
    """Judge the targets; ``shares`` (value pk -> 0..1) and ``tolerance`` override the
    stored ones without saving them."""
    shares = shares or {}
    features = list(Feature.objects.filter(recruitment=recruitment))
    values = ordered_values(recruitment)
    signups = engine_inputs.drawable_signups(recruitment)
    seats = recruitment.assembly.seats or 0
    stored = {v.pk: v.population_share for v in values}
    unsaved = any(stored.get(pk) != share for pk, share in shares.items()) or (
        tolerance is not None and tolerance != recruitment.tolerance
    )
    tolerance = recruitment.tolerance if tolerance is None else tolerance
    result = Check(seats=seats, tolerance=tolerance, pool_size=len(signups), unsaved=unsaved)
    result.problems = _input_problems(seats, features, values, shares)
    result.problems += _missing_answers(features, values, signups)
    if result.problems:
        return result

    files = engine_inputs.EngineFiles(
        pool_csv=engine_inputs.pool_csv(recruitment, signups),
        quotas_csv=quotas_csv(values, shares),
        seats=seats,
        tolerance=tolerance,
    )
    language = engine_language()
    try:
        pool, quotas = engine_inputs.parse_files(files)
    except InputError as exc:
        result.problems.append(without_file_prefix(exc.message(language)))
        return result
    result.ranges = _ranges(quotas)
    result.ranges_by_pk = {
        v.pk: result.ranges[(v.feature.key, v.value)]
        for v in values
        if (v.feature.key, v.value) in result.ranges
    }
    diagnosis = diagnose(PanelSpace(pool, quotas))
    result.feasible = not diagnosis.reasons and not diagnosis.changes
    if result.feasible:
        return result
    result.reasons = [reason.text(language) for reason in diagnosis.reasons]
    result.relaxable = diagnosis.relaxable
    labels = {(v.feature.key, v.value): (v.feature.label, v.display) for v in values}
    for change in diagnosis.changes:
        quota = change.quota
        feature_label, value_label = labels.get(
            (quota.feature, quota.value), (quota.feature, quota.value)
        )
        result.changes.append(
            Change(
                feature=feature_label,
                value=value_label,
                old_min=quota.min,
                old_max=quota.max,
                new_min=change.new_min,
                new_max=change.new_max,
                text="; ".join(reason.text(language) for reason in change.reasons()),
            )
        )
    if diagnosis.relaxable:
        result.tolerance_fix = _smallest_tolerance(files)
    return result

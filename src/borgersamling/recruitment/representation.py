"""How the assembly mirrors the municipality, as on the seed's slides ("Lodtrækning – køn"):
for each criterion the share of each value in the municipality (the target), among the
sign-ups and in the assembly, plus the headline numbers: invited, signed up, drawn.

Plain data computed from the database, for the public page and the final report alike;
``representation_chart`` draws it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from borgersamling.recruitment.models import Feature, Recruitment, SignUp

PANEL_STATUSES = (SignUp.Status.SELECTED, SignUp.Status.CONFIRMED)


@dataclass(frozen=True)
class Headline:
    invited: int | None
    signed_up: int | None
    drawn: int | None


@dataclass(frozen=True)
class ValueShares:
    value: str
    label: str
    municipality: float | None
    """Percent of the municipality (the target); None when no share is set."""
    signups: float | None
    """Percent of the sign-ups; None when nobody has signed up."""
    assembly: float | None
    """Percent of the panel; None before the draw."""
    signup_count: int
    assembly_count: int


@dataclass(frozen=True)
class FeatureShares:
    key: str
    label: str
    values: tuple[ValueShares, ...]


@dataclass(frozen=True)
class Representation:
    headline: Headline
    features: tuple[FeatureShares, ...]
    signups: int
    """How many sign-ups the sign-up shares are of."""
    panel: int
    """How many members the assembly shares are of."""


def _percent(count: int, total: int) -> float | None:
    return 100.0 * count / total if total else None


def headline(recruitment: Recruitment) -> Headline:
    """The figures of the slides: the stored ones where the platform has no rows yet (an
    assembly recruited outside it)."""
    assembly = recruitment.assembly
    invitations = recruitment.invitations.count()
    active = SignUp.objects.filter(recruitment=recruitment).exclude(status=SignUp.Status.WITHDRAWN)
    signed_up = active.count()
    drawn = active.filter(status__in=PANEL_STATUSES).count()
    return Headline(
        invited=invitations or assembly.invitations_sent,
        signed_up=signed_up or assembly.sign_ups,
        drawn=drawn or assembly.seats,
    )


def representation(recruitment: Recruitment) -> Representation:
    # Anonymised sign-ups keep their features, so they still count.
    rows = list(
        SignUp.objects.filter(recruitment=recruitment)
        .exclude(status=SignUp.Status.WITHDRAWN)
        .values_list("features", "status")
    )
    panel_rows = [features for features, status in rows if status in PANEL_STATUSES]
    features = []
    for feature in Feature.objects.filter(recruitment=recruitment).prefetch_related("values"):
        signup_counts = Counter(str(f.get(feature.key, "")) for f, _status in rows)
        panel_counts = Counter(str(f.get(feature.key, "")) for f in panel_rows)
        values = tuple(
            ValueShares(
                value=value.value,
                label=value.display,
                municipality=(
                    None if value.population_share is None else 100 * float(value.population_share)
                ),
                signups=_percent(signup_counts[value.value], len(rows)),
                assembly=_percent(panel_counts[value.value], len(panel_rows)),
                signup_count=signup_counts[value.value],
                assembly_count=panel_counts[value.value],
            )
            for value in feature.values.all()
        )
        features.append(FeatureShares(feature.key, feature.label, values))
    return Representation(headline(recruitment), tuple(features), len(rows), len(panel_rows))

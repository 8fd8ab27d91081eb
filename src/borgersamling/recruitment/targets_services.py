"""Writes to criteria and targets, each in one transaction.

Sign-ups and residents keep their answers as ``{feature key: value}`` spelled like the
criteria, so renaming a column or a value renames it in their answers too; otherwise the
pool would silently stop matching its targets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from borgersamling.recruitment.models import (
    Feature,
    FeatureValue,
    Recruitment,
    Resident,
    SignUp,
)


def answers(recruitment: Recruitment, status: str | None = None) -> list[dict[str, Any]]:
    """Every sign-up's answers (of one status, or all)."""
    signups = SignUp.objects.filter(recruitment=recruitment)
    if status is not None:
        signups = signups.filter(status=status)
    return [features for features in signups.values_list("features", flat=True)]


def value_counts(rows: list[dict[str, Any]], key: str) -> Counter[str]:
    return Counter(str(row[key]) for row in rows if row.get(key) not in (None, ""))


def _rename_in_answers(
    recruitment: Recruitment, key: str, rename: Callable[[dict[str, Any]], bool]
) -> None:
    """Apply ``rename(features)`` (True when it changed them) to every sign-up and
    resident of the recruitment that answered ``key``."""
    signups = [
        row
        for row in SignUp.objects.filter(recruitment=recruitment).only("pk", "features")
        if key in row.features and rename(row.features)
    ]
    SignUp.objects.bulk_update(signups, ["features"], batch_size=500)
    residents = [
        row
        for row in Resident.objects.filter(recruitment=recruitment).only("pk", "features")
        if key in row.features and rename(row.features)
    ]
    Resident.objects.bulk_update(residents, ["features"], batch_size=500)


def rename_key(recruitment: Recruitment, old: str, new: str) -> None:
    def rename(features: dict[str, Any]) -> bool:
        features[new] = features.pop(old)
        return True

    _rename_in_answers(recruitment, old, rename)


def rename_value(recruitment: Recruitment, key: str, old: str, new: str) -> None:
    def rename(features: dict[str, Any]) -> bool:
        if features.get(key) != old:
            return False
        features[key] = new
        return True

    _rename_in_answers(recruitment, key, rename)


@transaction.atomic
def save_feature(feature: Feature, old_key: str | None, value_forms: Any) -> Feature:
    """Save a criterion (already validated) and its values formset, carrying renames into
    the stored answers. ``old_key`` is the key before editing (None for a new one)."""
    recruitment = feature.recruitment
    if feature.order is None:  # left empty: after the others
        others = Feature.objects.filter(recruitment=recruitment).exclude(pk=feature.pk)
        last = others.order_by("-order").first()
        feature.order = (last.order + 1) if last is not None else 0
    feature.save()
    if old_key is not None and old_key != feature.key:
        rename_key(recruitment, old_key, feature.key)
    renames = []
    for form in value_forms.forms:
        old_value = form.initial.get("value")
        deleted = value_forms.can_delete and form.cleaned_data.get("DELETE")
        renamed = old_value and form.cleaned_data.get("value") != old_value
        if form.instance.pk and renamed and not deleted:
            renames.append((str(old_value), form.cleaned_data["value"]))
    value_forms.instance = feature
    value_forms.save()
    for old, new in renames:
        rename_value(recruitment, feature.key, old, new)
    return feature


@transaction.atomic
def save_targets(
    recruitment: Recruitment, shares: Mapping[int, Decimal | None], tolerance: int
) -> None:
    """Store the shares (value pk -> 0..1 or None) and the tolerance."""
    values = FeatureValue.objects.filter(feature__recruitment=recruitment, pk__in=list(shares))
    changed = []
    for value in values:
        if value.population_share != shares[value.pk]:
            value.population_share = shares[value.pk]
            changed.append(value)
    FeatureValue.objects.bulk_update(changed, ["population_share"])
    if recruitment.tolerance != tolerance:
        recruitment.tolerance = tolerance
        recruitment.save(update_fields=["tolerance"])


@transaction.atomic
def delete_feature(feature: Feature) -> None:
    """The criterion and its values go; the answers stay on the sign-ups, unused."""
    feature.delete()

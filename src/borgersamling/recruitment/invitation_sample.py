"""Who gets an invitation letter: everyone, a simple random sample, or a sample stratified
by area; one letter per household if asked. Pure Python, so the draw can be tested and
re-run without a database.

A household gets at most one letter: the household is drawn first, then one of its adults
at random, and the letter is addressed to that person. Sizes count letters. With a seed the
draw is the same every time (``random.Random(seed)``), whatever order the candidates come in.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Method(StrEnum):
    EVERYONE = "everyone"
    SAMPLE = "sample"
    STRATIFIED = "stratified"


@dataclass(frozen=True, order=True)
class Candidate:
    """One resident who may be invited; ``stratum`` is their area (or "" if unknown)."""

    id: int
    household: str
    stratum: str = ""


class SampleError(Exception):
    """The draw cannot be made; ``code`` and ``params`` let the caller word it."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


@dataclass(frozen=True)
class Draw:
    """The addressees, and per stratum how many could be drawn and how many were."""

    chosen: list[Candidate]
    available: dict[str, int] = field(default_factory=dict)
    allocation: dict[str, int] = field(default_factory=dict)


# A unit is what is drawn: a household (its members) or, without the household rule, a person.
Unit = tuple[Candidate, ...]


def _units(candidates: Iterable[Candidate], one_per_household: bool) -> list[Unit]:
    people = sorted(set(candidates))
    if not one_per_household:
        return [(person,) for person in people]
    households: dict[str, list[Candidate]] = defaultdict(list)
    for person in people:
        households[person.household].append(person)
    return [tuple(households[key]) for key in sorted(households)]


def _stratum(unit: Unit) -> str:
    # The members of a household share an address and so an area; should the register
    # disagree with itself, the first member (lowest id) decides.
    return unit[0].stratum


def _addressees(units: Sequence[Unit], rng: random.Random) -> list[Candidate]:
    """One person per drawn unit, picked at random among its members."""
    chosen = [unit[0] if len(unit) == 1 else rng.choice(unit) for unit in units]
    return sorted(chosen, key=lambda c: (c.household, c.id))


def allocate(size: int, available: dict[str, int]) -> dict[str, int]:
    """Split ``size`` letters over strata in proportion to ``available`` (largest remainder;
    ties go to the larger stratum, then by name). Never more than a stratum has."""
    total = sum(available.values())
    if size > total:
        raise SampleError("size_above_units", size=size, units=total)
    if total == 0:
        return dict.fromkeys(available, 0)
    shares = {name: size * count / total for name, count in available.items()}
    allocation = {name: int(share) for name, share in shares.items()}
    left = size - sum(allocation.values())
    order = sorted(
        available, key=lambda name: (-(shares[name] - allocation[name]), -available[name], name)
    )
    for name in order[:left]:
        allocation[name] += 1
    return allocation


def draw(
    candidates: Iterable[Candidate],
    method: Method | str,
    *,
    size: int | None = None,
    one_per_household: bool = True,
    seed: str = "",
) -> Draw:
    """The letters' addressees. Raises ``SampleError`` when the draw cannot be made."""
    method = Method(method)
    units = _units(candidates, one_per_household)
    rng = random.Random(seed)
    if method is Method.EVERYONE:
        return Draw(_addressees(units, rng))
    if size is None or size < 1:
        raise SampleError("size_missing")
    if not units:
        raise SampleError("nobody")
    if size > len(units):
        code = "size_above_households" if one_per_household else "size_above_people"
        raise SampleError(code, size=size, units=len(units))
    if method is Method.SAMPLE:
        return Draw(_addressees(rng.sample(units, size), rng))
    by_stratum: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        stratum = _stratum(unit)
        if stratum == "":
            raise SampleError("stratum_missing", id=unit[0].id)
        by_stratum[stratum].append(unit)
    available = {name: len(by_stratum[name]) for name in sorted(by_stratum)}
    allocation = allocate(size, available)
    drawn: list[Unit] = []
    for name in sorted(by_stratum):
        drawn.extend(rng.sample(by_stratum[name], allocation[name]))
    return Draw(_addressees(drawn, rng), available, allocation)

"""LEGACY: the greedy, scarcity-driven draw the Sortition Foundation used before 2021.

Flanigan et al. (Nature 2021) call it LEGACY and show that it satisfies the quotas but gives
some volunteers far smaller chances than others. It is here so that its outcomes can be
compared with LEXIMIN's, and for organisers who must reproduce a draw made the old way.

One attempt seats ``quotas.seats`` people, one at a time:

1. Everyone with a feature value whose maximum is 0 leaves the pool first.
2. Each step picks the feature value with the highest *ratio* ``(min - selected) / remaining``:
   the seats it still lacks to reach its minimum over the people left who have it. Values
   with nobody left (or maximum 0) are skipped; ties go to the value listed first (features
   in file order, then values in file order).
3. A uniformly random remaining person with that value is seated. Their household mates
   leave the pool, and so does everyone with a value the seat has just filled to its maximum.
4. The attempt fails when nobody is left, when some value can no longer reach its minimum
   (fewer people left than it lacks), or when the seats run out before every minimum is met.
   A failed attempt is thrown away and the draw starts over, up to ``attempts`` times.

Once a value has its minimum, the ratio is not clamped at zero: it turns negative, so values
just at their minimum (ratio 0) come before values above it, and among values above their
minimum the one with the most people per surplus seat comes first. This is the rule of the
pre-2021 code the paper evaluated (``find_max_ratio_cat`` in ``stratification.py``). Later
rewrites (``sortition-algorithms`` 0.12.15, ``people_still_needed``) clamp the ratio at zero,
so once every minimum is met they always take the first listed value with people left; the
two agree until some value exceeds its minimum. After every minimum is met the chosen person
is still uniformly random within the chosen value, not uniformly random over the pool.

Maximums can never be broken (full values are emptied at once), so a finished attempt is
valid exactly when every minimum is met.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from borgersamling.sortition.errors import InputError, SortitionError
from borgersamling.sortition.pool import Pool
from borgersamling.sortition.progress import Reporter, SilentReporter
from borgersamling.sortition.quotas import QuotaSet

DEFAULT_ATTEMPTS = 100


class _Stuck(Exception):
    """One greedy attempt cannot be completed into a valid panel."""


@dataclass(frozen=True)
class _Instance:
    """The pool and quotas as plain integer lists, prepared once for many attempts.

    Quota values are numbered in the order the greedy breaks ties in: features in file
    order, then each feature's values in file order.
    """

    seats: int
    minimum: tuple[int, ...]
    maximum: tuple[int, ...]
    values_of: tuple[tuple[int, ...], ...]
    """Person -> the number of their value of each feature."""
    members: tuple[tuple[int, ...], ...]
    """Value -> the people who have it, in pool order."""
    slots: tuple[tuple[int, ...], ...]
    """Person -> their position in ``members`` of their value of each feature."""
    mates: tuple[tuple[int, ...], ...]
    """Person -> the other people in their household."""

    @classmethod
    def build(cls, pool: Pool, quotas: QuotaSet) -> _Instance:
        order = [quota for feature in quotas.features for quota in quotas.for_feature(feature)]
        number = {(quota.feature, quota.value): n for n, quota in enumerate(order)}
        values_of = tuple(
            tuple(number[(feature, person.features[feature])] for feature in quotas.features)
            for person in pool.people
        )
        members: list[list[int]] = [[] for _ in order]
        slots: list[list[int]] = []
        for person, values in enumerate(values_of):
            slots.append([len(members[value]) for value in values])
            for value in values:
                members[value].append(person)
        mates: list[tuple[int, ...]] = [() for _ in pool.people]
        for group in pool.households().values():
            for person in group:
                mates[person] = tuple(other for other in group if other != person)
        return cls(
            seats=quotas.seats,
            minimum=tuple(quota.min for quota in order),
            maximum=tuple(quota.max for quota in order),
            values_of=values_of,
            members=tuple(tuple(group) for group in members),
            slots=tuple(tuple(person_slots) for person_slots in slots),
            mates=tuple(mates),
        )


class _Attempt:
    """The state of one greedy attempt: who is left, per value, and how many are seated.

    ``remaining[v]`` holds the people left with value ``v`` in no particular order;
    ``slot[person][f]`` is where ``person`` sits in the list of their value of feature ``f``,
    so leaving the pool is a constant-time swap-and-pop per feature.
    """

    def __init__(self, instance: _Instance) -> None:
        self.instance = instance
        self.remaining = [list(group) for group in instance.members]
        self.slot = [list(slots) for slots in instance.slots]
        self.left = [True] * len(instance.values_of)
        self.selected = [0] * len(instance.minimum)

    def leave(self, person: int) -> None:
        self.left[person] = False
        slots = self.slot[person]
        for feature, value in enumerate(self.instance.values_of[person]):
            group = self.remaining[value]
            position = slots[feature]
            last = group.pop()
            if last != person:
                group[position] = last
                self.slot[last][feature] = position

    def empty_value(self, value: int) -> None:
        group = self.remaining[value]
        while group:
            self.leave(group[-1])

    def scarcest_value(self) -> int:
        """The value with the highest ratio (min - selected) / remaining; first listed on ties."""
        instance = self.instance
        best = -1
        best_need = 0
        best_left = 1
        for value, group in enumerate(self.remaining):
            left = len(group)
            need = instance.minimum[value] - self.selected[value]
            if left < need:
                raise _Stuck  # this minimum can no longer be reached
            if left == 0 or instance.maximum[value] == 0:
                continue
            # need / left > best_need / best_left, exactly, with both denominators positive
            if best < 0 or need * best_left > best_need * left:
                best, best_need, best_left = value, need, left
        if best < 0:
            raise _Stuck  # nobody is left
        return best

    def seat(self, person: int) -> None:
        instance = self.instance
        self.leave(person)
        for mate in instance.mates[person]:
            if self.left[mate]:
                self.leave(mate)
        for value in instance.values_of[person]:
            self.selected[value] += 1
            if self.selected[value] == instance.maximum[value]:
                self.empty_value(value)


def _attempt(instance: _Instance, rng: random.Random) -> list[int]:
    state = _Attempt(instance)
    for value, maximum in enumerate(instance.maximum):
        if maximum == 0:
            state.empty_value(value)
    panel: list[int] = []
    for _ in range(instance.seats):
        group = state.remaining[state.scarcest_value()]
        person = group[rng.randrange(len(group))]
        panel.append(person)
        state.seat(person)
    if any(s < m for s, m in zip(state.selected, instance.minimum, strict=True)):
        raise _Stuck  # the seats ran out before every minimum was met
    return sorted(panel)


def _draw(instance: _Instance, rng: random.Random, attempts: int) -> list[int]:
    for _ in range(attempts):
        try:
            return _attempt(instance, rng)
        except _Stuck:
            continue
    raise SortitionError("legacy_failed", attempts=attempts)


def draw_legacy(
    pool: Pool, quotas: QuotaSet, rng: random.Random, attempts: int = DEFAULT_ATTEMPTS
) -> list[int]:
    """One panel drawn the legacy way, as sorted indexes into ``pool.people``.

    The panel has ``quotas.seats`` people, meets every quota and seats at most one person
    per household. A greedy attempt that gets stuck is retried from scratch, up to
    ``attempts`` times in all; if none succeeds, ``SortitionError("legacy_failed")`` is
    raised. The result depends only on the pool, the quotas and the state of ``rng``.
    """
    return _draw(_Instance.build(pool, quotas), rng, attempts)


def legacy_lottery(
    pool: Pool,
    quotas: QuotaSet,
    size: int,
    rng: random.Random,
    reporter: Reporter | None = None,
    attempts: int = DEFAULT_ATTEMPTS,
) -> list[tuple[int, ...]]:
    """``size`` independent legacy draws, each a sorted tuple of person indexes.

    The draws use ``rng`` one after the other, so the lottery is reproducible from its
    seed. Each draw gets ``attempts`` attempts of its own; the first draw that exhausts them
    raises ``SortitionError("legacy_failed")``. A size below 1 is an ``InputError``.
    """
    if size < 1:
        raise InputError("lottery_size_invalid", size=size)
    reporter = reporter or SilentReporter()
    reporter.stage("LEGACY")
    instance = _Instance.build(pool, quotas)
    panels: list[tuple[int, ...]] = []
    step = max(1, size // 100)
    for number in range(1, size + 1):
        panels.append(tuple(_draw(instance, rng, attempts)))
        if number % step == 0 or number == size:
            reporter.progress(number / size, f"{number}/{size} panels")
    return panels

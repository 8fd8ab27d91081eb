"""One selection from files to drawn panel: the engine's entry point for CLI and web.

Reads and checks the inputs, computes the distribution, builds the transparent lottery,
draws with the seed and explains who can never be selected. Writes nothing: see
``outputs`` for that.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from borgersamling.sortition.audit import ProbabilitySummary, summarize
from borgersamling.sortition.committee_generation.distribution import find_covering_panels
from borgersamling.sortition.committee_generation.leximin import find_distribution_leximin
from borgersamling.sortition.errors import InputError
from borgersamling.sortition.feasibility import Reason, check_feasible, explain_unselectable
from borgersamling.sortition.lottery import Lottery, check_lottery_size, transparent_lottery
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.pool import Pool, parse_pool
from borgersamling.sortition.progress import Reporter, SilentReporter
from borgersamling.sortition.quotas import QuotaSet, parse_quotas
from borgersamling.sortition.tables import read_table, sha256_of

ALGORITHMS = ("leximin", "legacy")
DEFAULT_LOTTERY_SIZE = 1000


@dataclass(frozen=True)
class SelectionRequest:
    pool_path: Path
    quotas_path: Path
    seats: int
    seed: int
    algorithm: str = "leximin"
    household_columns: tuple[str, ...] = ()
    id_column: str | None = "id"
    lottery_size: int = DEFAULT_LOTTERY_SIZE
    tolerance: int = 0


@dataclass(frozen=True)
class SelectionInputs:
    pool: Pool
    quotas: QuotaSet
    pool_sha256: str
    quotas_sha256: str


@dataclass(frozen=True)
class SelectionResult:
    request: SelectionRequest
    inputs: SelectionInputs
    probabilities: NDArray[np.float64]
    """Each person's probability under the algorithm's distribution."""
    lottery: Lottery
    lottery_probabilities: NDArray[np.float64]
    """Each person's probability in the transparent lottery actually drawn from."""
    panel_number: int
    panel: list[int]
    reserves: list[int]
    unselectable: list[tuple[int, Reason]]
    wall_time: float
    summary: ProbabilitySummary = field(init=False)
    lottery_summary: ProbabilitySummary = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", summarize(self.probabilities))
        object.__setattr__(self, "lottery_summary", summarize(self.lottery_probabilities))


def check_request(request: SelectionRequest) -> None:
    if request.algorithm not in ALGORITHMS:
        raise InputError("algorithm_unknown", algorithm=request.algorithm)
    if request.seed < 0:
        raise InputError("seed_invalid", seed=request.seed)
    check_lottery_size(request.lottery_size)


def load_inputs(request: SelectionRequest) -> SelectionInputs:
    check_request(request)
    quotas_table = read_table(request.quotas_path)
    pool_table = read_table(request.pool_path)
    quotas = parse_quotas(quotas_table, request.seats, request.tolerance)
    pool = parse_pool(pool_table, quotas, request.id_column, request.household_columns)
    available = len(pool) - sum(len(group) - 1 for group in pool.households().values())
    if available < request.seats:
        unit = "households" if pool.households() else "people"
        raise InputError(
            "pool_smaller_than_panel",
            file=pool_table.name,
            seats=request.seats,
            available=available,
            unit=unit,
        )
    return SelectionInputs(
        pool, quotas, sha256_of(request.pool_path), sha256_of(request.quotas_path)
    )


def run_selection(
    request: SelectionRequest,
    reporter: Reporter | None = None,
    inputs: SelectionInputs | None = None,
) -> SelectionResult:
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    inputs = inputs or load_inputs(request)
    space = PanelSpace(inputs.pool, inputs.quotas)
    check_feasible(space)
    if request.algorithm == "leximin":
        distribution = find_distribution_leximin(space, reporter)
        probabilities = space.person_probabilities(distribution.type_probabilities)
        lottery = transparent_lottery(space, distribution, request.lottery_size, reporter)
        never = distribution.unselectable_types
    else:
        from borgersamling.sortition.committee_generation.legacy import legacy_lottery

        # The table must not depend on the public seed, so its randomness comes from the
        # inputs: anyone holding them can rebuild it.
        material = f"{inputs.pool_sha256}:{inputs.quotas_sha256}:{request.seats}"
        rng = random.Random(material)
        lottery = Lottery(
            legacy_lottery(inputs.pool, inputs.quotas, request.lottery_size, rng, reporter)
        )
        probabilities = lottery.probabilities(len(inputs.pool))
        never = find_covering_panels(space, reporter)[1]
    lottery_probabilities = lottery.probabilities(len(inputs.pool))
    panel_number = lottery.panel_number(request.seed)
    unselectable = [
        (person, explain_unselectable(space, person))
        for t in never
        for person in space.types[t].members
    ]
    return SelectionResult(
        request=request,
        inputs=inputs,
        probabilities=probabilities,
        lottery=lottery,
        lottery_probabilities=lottery_probabilities,
        panel_number=panel_number,
        panel=list(lottery.panels[panel_number]),
        reserves=lottery.reserves(panel_number),
        unselectable=unselectable,
        wall_time=time.perf_counter() - started,
    )

"""The relaxed LEXIMIN levels and the check that decides doubtful fixings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from borgersamling.sortition.committee_generation.relaxation import _can_rise, relaxed_leximin
from borgersamling.sortition.panel_space import PanelSpace
from borgersamling.sortition.pool import parse_pool
from borgersamling.sortition.progress import SilentReporter
from borgersamling.sortition.quotas import parse_quotas
from borgersamling.sortition.solver import INFINITY
from borgersamling.sortition.tables import read_table


def _space(folder: Path, pool: str, quotas: str, seats: int) -> PanelSpace:
    (folder / "pool.csv").write_text(pool, encoding="utf-8")
    (folder / "quotas.csv").write_text(quotas, encoding="utf-8")
    quota_set = parse_quotas(read_table(folder / "quotas.csv"), seats)
    return PanelSpace(parse_pool(read_table(folder / "pool.csv"), quota_set), quota_set)


# Two seats; exactly one woman. The lone woman gets 1, the three men 1/3 each.
POOL = "id,gender\nw,f\na,m\nb,m\nc,m\n"
QUOTAS = "feature,value,min,max\ngender,f,1,1\ngender,m,1,1\n"


def test_levels_of_a_known_instance(tmp_path: Path) -> None:
    space = _space(tmp_path, POOL, QUOTAS, 2)
    levels = relaxed_leximin(space, [], SilentReporter())
    by_value = {space.types[t].values[0]: levels[t] for t in range(space.type_count)}
    np.testing.assert_allclose([by_value["f"], by_value["m"]], [1.0, 1 / 3], atol=1e-9)


def test_can_rise_tells_binding_from_free_types(tmp_path: Path) -> None:
    space = _space(tmp_path, POOL, QUOTAS, 2)
    model, counts = space.build_model(maximize=True, integer=False)
    level = model.add_variables([0.0], [1.0], cost=[1.0])[0]
    for t in range(space.type_count):
        model.add_constraint([(counts[t], 1.0), (level, -space.sizes[t])], 0.0, INFINITY)
    men = next(t for t in range(space.type_count) if space.types[t].values == ("m",))
    woman = next(t for t in range(space.type_count) if space.types[t].values == ("f",))
    # At level 1/3 the men are at their best, the woman can rise (to 1).
    assert not _can_rise(model, counts, level, men, 1 / 3, space)
    assert _can_rise(model, counts, level, woman, 1 / 3, space)
    # The model is restored: maximising the level again gives the maximin value 1/3.
    assert abs(model.solve().values[level] - 1 / 3) < 1e-9


def test_is_valid_checks_seats_quotas_and_sizes(tmp_path: Path) -> None:
    space = _space(tmp_path, POOL, QUOTAS, 2)
    woman = next(t for t in range(space.type_count) if space.types[t].values == ("f",))
    men = 1 - woman
    panel = [0, 0]
    panel[woman], panel[men] = 1, 1
    assert space.is_valid(tuple(panel))
    panel[men] = 2  # three people for two seats
    assert not space.is_valid(tuple(panel))
    panel[woman], panel[men] = 0, 2  # no woman: the quota needs one
    assert not space.is_valid(tuple(panel))
    panel[woman], panel[men] = 2, 0  # more women than the pool has
    assert not space.is_valid(tuple(panel))

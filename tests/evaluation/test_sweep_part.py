"""The project's permission sweep, for this app's URLs only: runs even while another app's
URLs still lack their expectations, and once more with the demo's questionnaire in place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from borgersamling.evaluation.demo import load_demo_evaluation
from tests.evaluation.sweep import EXPECTED
from tests.sweep_outcomes import ROLES
from tests.test_permission_sweep import World, client_for, demo, project_routes, urls_for, world

__all__ = ["demo", "world"]  # fixtures, used by name


@pytest.mark.parametrize("with_questionnaire", [False, True], ids=["none", "demo"])
@pytest.mark.parametrize("role", ROLES)
def test_evaluation_urls_for_every_role(world: World, role: str, with_questionnaire: bool) -> None:
    if with_questionnaire:
        load_demo_evaluation(world.assembly)
    routes = [route for route in project_routes() if route.key.startswith("evaluation:")]
    assert {route.key for route in routes} == EXPECTED.keys()
    client = client_for(world, role)
    wrong = []
    for route in routes:
        expected = EXPECTED[route.key][role]
        for url in urls_for(route, world):
            response = client.get(url)
            if isinstance(expected, str):
                ok = response.status_code == 302 and response["Location"].startswith(
                    f"{reverse(expected)}?next="
                )
            else:
                ok = response.status_code == expected
            if not ok:
                wrong.append(f"{route.key}: {response.status_code}, expected {expected}")
    assert not wrong, wrong

"""Every URL of the project, for every role: the status each one gets is decided here.

The sweep walks the project's URL configuration (namespaced includes too), fills in each
pattern's arguments from the Dragør demo, and GETs it as each role. ``EXPECTED`` says, per URL
name, what every role gets. A URL without an entry fails ``test_every_url_has_an_expectation``,
so a new view cannot ship before someone decides who may see it.

Only Django's own admin (which has its own staff check) and the language switch are left out.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from borgersamling.accounts import services as account_services
from borgersamling.accounts.models import LoginToken, Participant, Role
from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly, Program, ProgramItem, Purpose
from borgersamling.assemblies.secretariat_views import COLLECTIONS
from borgersamling.recruitment.demo import load_demo_recruitment
from tests.accounts.factories import make_assembly, make_member, make_participant, make_secretariat
from tests.deliberation import sweep as deliberation
from tests.evaluation import sweep as evaluation
from tests.followup import sweep as followup
from tests.recruitment.sweep import invitations, lottery, overview, pool, privacy, signup
from tests.reports import sweep as reports
from tests.seating import sweep as seating
from tests.sweep_outcomes import (
    CODE_LOGIN,
    PUBLIC,
    ROLES,
    SECRETARIAT,
    SECRETARIAT_POST_ONLY,
    Outcome,
    everyone,
    only,
)

# Recruitment and deliberation keep their expectations beside their tests, one module per
# part of the flow.
RECRUITMENT_PARTS = (
    *(invitations, signup, pool, lottery, privacy, overview),
    deliberation,
    seating,
    reports,
    followup,
    evaluation,
)

# --- the expectations -----------------------------------------------------------------------

LOGGED_IN = only(("member", "politician", "other-facilitator", "facilitator", "administrator"))
# Two-factor login is for accounts with a password (the secretariat, of any assembly);
# members and politicians log in with codes and have no password to protect.
WITH_PASSWORD = only(("other-facilitator", "facilitator", "administrator"))
MEMBERS_AND_SECRETARIAT = only(("member", "facilitator", "administrator"))
# The member's own page sends visitors to the code login, the way members log in.
MEMBER_PAGE = only(("member", "facilitator", "administrator"), login=CODE_LOGIN)

EXPECTED: dict[str, dict[str, Outcome]] = {
    # Root redirects
    "admin/login/": everyone(302),  # unnamed: the admin's login goes through ours
    # Accounts
    "accounts:login": PUBLIC,
    "accounts:login-totp": everyone(302),  # no password step passed: back to the login
    "accounts:login-code": PUBLIC,
    "accounts:login-link": PUBLIC,  # shows a button; only pressing it uses the link
    "accounts:logout": PUBLIC,  # a confirmation page; logging out is a POST
    "accounts:account": LOGGED_IN,
    "accounts:totp-enrol": WITH_PASSWORD,
    "accounts:totp-disable": WITH_PASSWORD,
    "accounts:people": MEMBERS_AND_SECRETARIAT,
    "accounts:issue-login": SECRETARIAT_POST_ONLY,
    "accounts:person-add": SECRETARIAT,
    "accounts:person-edit": SECRETARIAT,
    # The library
    "library:index": PUBLIC,
    # The member's page
    "members:me": MEMBER_PAGE,
    # Public pages of the assembly
    "assemblies:root": PUBLIC,  # the first assembly's home
    "assemblies:home": PUBLIC,
    "assemblies:session": PUBLIC,
    "assemblies:values": PUBLIC,
    "assemblies:abx": PUBLIC,
    "assemblies:plenum": PUBLIC,  # public on purpose: the projector needs no login
    # The secretariat
    "assemblies:secretariat:dashboard": SECRETARIAT,
    "assemblies:secretariat:assembly": SECRETARIAT,
    "assemblies:secretariat:session-new": SECRETARIAT,
    "assemblies:secretariat:program": SECRETARIAT,
    "assemblies:secretariat:session-edit": SECRETARIAT,
    "assemblies:secretariat:session-delete": SECRETARIAT,
    "assemblies:secretariat:item-new": SECRETARIAT,
    "assemblies:secretariat:item-edit": SECRETARIAT,
    "assemblies:secretariat:item-delete": SECRETARIAT,
    "assemblies:secretariat:item-move": SECRETARIAT_POST_ONLY,
    "assemblies:secretariat:item-show": SECRETARIAT_POST_ONLY,
    "assemblies:secretariat:follow-clock": SECRETARIAT_POST_ONLY,
    "assemblies:secretariat:purpose-new": SECRETARIAT,
    "assemblies:secretariat:purpose-edit": SECRETARIAT,
    "assemblies:secretariat:purpose-delete": SECRETARIAT,
    "assemblies:secretariat:purpose-move": SECRETARIAT_POST_ONLY,
    "assemblies:secretariat:collection": SECRETARIAT,
    "assemblies:secretariat:row-new": SECRETARIAT,
    "assemblies:secretariat:row-edit": SECRETARIAT,
    "assemblies:secretariat:row-delete": SECRETARIAT,
    "assemblies:secretariat:row-move": SECRETARIAT_POST_ONLY,
}

for _part in RECRUITMENT_PARTS:
    EXPECTED.update(_part.EXPECTED)

# Left out of the sweep: Django's own admin and the language switch (a POST-only redirect).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}


# --- walking the URL configuration ----------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the route itself for an unnamed pattern
    route: str  # the whole route, e.g. "assemblies/<slug:slug>/sessions/<int:number>/"
    name: str | None  # for reverse(); None when unnamed


def walk(
    patterns: Sequence[URLPattern | URLResolver], namespace: str = "", prefix: str = ""
) -> Iterator[Route]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner, route)
        elif entry.name in SKIPPED_NAMES:
            continue
        elif entry.name:
            yield Route(f"{namespace}{entry.name}", route, f"{namespace}{entry.name}")
        else:
            yield Route(route, route, None)


def project_routes() -> list[Route]:
    return list(walk(get_resolver().url_patterns))


def missing_expectations(routes: Sequence[Route]) -> list[str]:
    return sorted({route.key for route in routes} - EXPECTED.keys())


def test_every_url_has_an_expectation() -> None:
    routes = project_routes()
    missing = missing_expectations(routes)
    assert not missing, (
        f"URLs without a permission decision: {missing}. Add each to EXPECTED in "
        f"{__name__}: which roles may open it, and what the others get."
    )
    stale = sorted(EXPECTED.keys() - {route.key for route in routes})
    assert not stale, f"EXPECTED names URLs that no longer exist: {stale}"


def test_a_new_url_without_an_expectation_is_caught() -> None:
    from django.urls import path

    def new_view() -> None:  # never called
        raise AssertionError

    patterns = [*get_resolver().url_patterns, path("new/", new_view, name="brand-new")]  # type: ignore[arg-type]
    assert missing_expectations(list(walk(patterns))) == ["brand-new"]


def test_the_walk_reaches_into_namespaced_includes() -> None:
    keys = {route.key for route in project_routes()}
    assert "assemblies:secretariat:program" in keys
    assert "members:me" in keys
    assert not any(key.startswith("admin:") for key in keys)


# --- the demo, its people, and an argument for every URL ------------------------------------


@dataclass
class World:
    assembly: Assembly
    users: dict[str, User | None]
    link_token: str
    personal_data: list[str]


@pytest.fixture
def demo(db: None) -> Assembly:
    assembly = load_demo()
    load_demo_recruitment(assembly)
    return assembly


@pytest.fixture
def world(demo: Assembly) -> World:
    """The demo, a user for each role, and people with contact details nobody public sees."""
    other = make_assembly(slug="another-assembly")
    users: dict[str, User | None] = {
        "anonymous": None,
        "guest": None,
        "member": make_member(demo),
        "politician": make_member(demo, Role.POLITICIAN),
        "other-facilitator": make_secretariat(other),
        "facilitator": make_secretariat(demo, Role.FACILITATOR),
        "administrator": make_secretariat(demo, Role.ADMINISTRATOR),
    }
    for role in (Role.GUEST, Role.MEMBER, Role.POLITICIAN, Role.FACILITATOR):
        make_participant(
            demo,
            role,
            email=f"{role}.person@example.dk",
            phone=f"+45 20 30 40 {10 + list(Role).index(role):02d}",
        )
    # Everyone with an account gets contact details too.
    for n, user in enumerate(u for u in users.values() if u is not None):
        Participant.objects.filter(user=user).update(
            email=f"{user.username}@example.dk", phone=f"+45 31 41 59 {n:02d}"
        )
    member = Participant.objects.filter(assembly=demo, role=Role.MEMBER).first()
    assert member is not None
    link = account_services.issue_login(member, LoginToken.Kind.LINK)
    personal = [
        value
        for email, phone in Participant.objects.values_list("email", "phone")
        for value in (email, phone)
        if value
    ]
    return World(demo, users, link.secret, personal)


def _open_session_rows(assembly: Assembly) -> tuple[int, ProgramItem, Purpose]:
    session = assembly.sessions.get(is_open_session=True)
    item = session.program_items.filter(program=Program.GUESTS).first()
    purpose = session.purposes.first()
    assert item is not None and purpose is not None, "the demo's open session has changed"
    return session.number, item, purpose


def urls_for(route: Route, world: World) -> list[str]:
    """The route filled in from the demo; one URL per collection for ``<collection:kind>``."""
    assert route.name is not None or "<" not in route.route, route
    if route.name is None:
        return ["/" + route.route]
    arguments = set(re.findall(r"<(?:\w+:)?(\w+)>", route.route))
    number, item, purpose = _open_session_rows(world.assembly)
    member = Participant.objects.filter(assembly=world.assembly, role=Role.MEMBER).first()
    assert member is not None
    # (argument, the literal part of the route right before it) → value
    pk_of: dict[str, Callable[[], Any]] = {
        "items": lambda: item.pk,
        "purposes": lambda: purpose.pk,
        "people": lambda: member.pk,
    }
    kinds = sorted(COLLECTIONS) if "kind" in arguments else [None]
    urls = []
    for kind in kinds:
        kwargs: dict[str, Any] = {}
        for argument in arguments:
            if argument == "slug":
                kwargs["slug"] = world.assembly.slug
            elif argument == "number":
                kwargs["number"] = number
            elif argument == "token":
                kwargs["token"] = world.link_token
            elif any(argument in part.ARGUMENTS for part in RECRUITMENT_PARTS):
                part = next(p for p in RECRUITMENT_PARTS if argument in p.ARGUMENTS)
                kwargs[argument] = part.ARGUMENTS[argument](world.assembly)
            elif argument == "kind":
                kwargs["kind"] = kind
            elif argument == "pk" and kind is not None:
                row: models.Model | None = COLLECTIONS[kind].rows(world.assembly).first()
                assert row is not None, f"the demo has no {kind} to sweep"
                kwargs["pk"] = row.pk
            elif argument == "pk":
                segment = route.route.split("<int:pk>")[0].rstrip("/").rsplit("/", 1)[-1]
                for part in RECRUITMENT_PARTS:
                    for name, find in part.PKS.items():
                        pk_of.setdefault(name, functools.partial(find, world.assembly))
                assert segment in pk_of, f"which model is the pk in {route.route}? add it"
                kwargs["pk"] = pk_of[segment]()
            else:
                raise AssertionError(f"no demo value for <{argument}> in {route.route}: add one")
        urls.append(reverse(route.name, kwargs=kwargs))
    return urls


def client_for(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


# --- the sweep ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(world: World, role: str) -> None:
    routes = project_routes()
    assert not missing_expectations(routes), "see test_every_url_has_an_expectation"
    client = client_for(world, role)
    wrong = []
    swept = 0
    for route in routes:
        expected = EXPECTED[route.key][role]
        for url in urls_for(route, world):
            response = client.get(url)
            swept += 1
            if isinstance(expected, str):
                location = response.get("Location", "")
                ok = response.status_code == 302 and location.startswith(
                    f"{reverse(expected)}?next="
                )
            else:
                ok = response.status_code == expected
            if not ok:
                wrong.append(f"{route.key} {url}: {response.status_code}, expected {expected}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert swept >= len(EXPECTED) + 4 * (len(COLLECTIONS) - 1)


def response_text(response: Any) -> str:
    """The text a visitor receives; for a zip download, every file in it."""
    body = b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    if response.get("Content-Type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return body.decode()


@pytest.mark.parametrize("role", ["anonymous", "guest", "politician"])
def test_public_pages_show_no_contact_details(world: World, role: str) -> None:
    """No e-mail address or phone number of anyone in the assembly on any page these
    visitors may open."""
    client = client_for(world, role)
    assert len(world.personal_data) >= 8
    seen = 0
    for route in project_routes():
        if EXPECTED[route.key][role] != 200:
            continue
        for url in urls_for(route, world):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response_text(response)
            squeezed = re.sub(r"\s+", "", html)
            for value in world.personal_data:
                assert value not in html, f"{value!r} on {url} for {role}"
                assert re.sub(r"\s+", "", value) not in squeezed, f"{value!r} on {url}"
            seen += 1
    assert seen >= 8


def test_the_secretariat_sees_contact_details_on_the_people_page(world: World) -> None:
    """The check above can fail: the people page shows them to the secretariat."""
    html = (
        client_for(world, "facilitator")
        .get(reverse("accounts:people", kwargs={"slug": world.assembly.slug}))
        .content.decode()
    )
    assert "member.person@example.dk" in html
    member_html = (
        client_for(world, "member")
        .get(reverse("accounts:people", kwargs={"slug": world.assembly.slug}))
        .content.decode()
    )
    assert "member.person@example.dk" not in member_html

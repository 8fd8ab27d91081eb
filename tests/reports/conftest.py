"""Fixtures for the report: the Dragør demo with a drawn panel, the demo drafts and report
texts, and a deliberation that has happened: votes of each kind closed (one of them on a
recommendation whose text changed afterwards), a recommendation withdrawn after its vote and
one withdrawn without a vote, guest input (one card hidden), smileys and a minority
statement."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from borgersamling.accounts.models import Participant, Role
from borgersamling.assemblies.demo import load_demo
from borgersamling.assemblies.models import Assembly
from borgersamling.deliberation import voting
from borgersamling.deliberation.demo import load_demo_drafts
from borgersamling.deliberation.models import Draft, InputCard, Reaction, Recommendation, Vote
from borgersamling.recruitment.demo import load_demo_recruitment
from borgersamling.recruitment.demo_lottery import draw_demo_lottery
from borgersamling.reports.demo import load_demo_report
from borgersamling.reports.models import MinorityStatement
from tests.deliberation.factories import (
    make_guest,
    make_input_card,
    make_revision,
    make_user_participant,
)


@dataclass
class World:
    assembly: Assembly
    votes: list[Vote]
    changed: Recommendation  # its text was edited after the vote
    withdrawn_voted: Recommendation
    withdrawn_title: str
    removed_title: str  # withdrawn without a vote
    hidden_card: InputCard
    statement: MinorityStatement


def _vote(
    assembly: Assembly,
    title: str,
    kind: str,
    recommendations: list[Recommendation],
    voters: list[Participant],
    answers: list[int],
) -> Vote:
    vote = voting.create_vote(assembly, title=title, kind=kind, recommendations=recommendations)
    voting.open_vote(vote)
    items = list(vote.items.order_by("order"))
    for index, voter in enumerate(voters):
        if kind == Vote.Kind.RANKING:
            ranks = list(range(1, len(items) + 1))
            shift = index % len(items)
            ranks = ranks[shift:] + ranks[:shift]
            voting.cast_ballot(
                vote, voter, {item.pk: r for item, r in zip(items, ranks, strict=True)}
            )
        else:
            value = answers[index % len(answers)]
            voting.cast_ballot(vote, voter, {item.pk: value for item in items})
    return voting.close_vote(vote)


def _draft(assembly: Assembly, number: int) -> Draft:
    return Draft.objects.get(theme_table__assembly=assembly, theme_table__number=number)


def build_world(assembly: Assembly) -> World:
    draw_demo_lottery(load_demo_recruitment(assembly))
    load_demo_drafts(assembly)
    load_demo_report(assembly)
    voters = [make_user_participant(assembly, Role.MEMBER) for _ in range(5)]

    # Table 3 has two recommendations; table 1 gets a second one that will be withdrawn.
    first = _draft(assembly, 1)
    current = first.current
    assert current is not None
    withdrawn_title = "Et udvalg for budgetlæsning"
    make_revision(
        first,
        future=current.future,
        priorities=current.priorities,
        questions=current.questions,
        recommendations=[*current.recommendations, (withdrawn_title, "Borgere læser budgettet.")],
    )
    first.refresh_from_db()
    withdrawn = Recommendation.objects.get(draft=first, number=2)
    kept = Recommendation.objects.get(draft=first, number=1)

    third = _draft(assembly, 3)
    prevention = list(Recommendation.objects.filter(draft=third).order_by("number"))
    votes = [
        _vote(
            assembly,
            "Afstemning om budgettet",
            Vote.Kind.SCALE,
            [kept, withdrawn],
            voters,
            [5, 4, 4, 3, 2],
        ),
        _vote(
            assembly,
            "Forebyggelse: enig eller uenig",
            Vote.Kind.AGREE,
            prevention,
            voters,
            [1, 1, 1, 0, -1],
        ),
        _vote(assembly, "Prioritering af forebyggelse", Vote.Kind.RANKING, prevention, voters, []),
    ]

    # After the votes: table 1 withdraws its second recommendation and edits the first.
    current = first.current
    assert current is not None
    entry = dict(current.recommendations[0])
    entry["text"] += " Overblikket udgives også på papir."
    make_revision(
        first,
        future=current.future,
        priorities=current.priorities,
        questions=current.questions,
        recommendations=[entry],
    )
    # Table 6 adds a recommendation and withdraws it again, without a vote.
    sixth = _draft(assembly, 6)
    six = sixth.current
    assert six is not None
    removed_title = "En fælles vikarpulje"
    make_revision(
        sixth,
        future=six.future,
        priorities=six.priorities,
        questions=six.questions,
        recommendations=[*six.recommendations, (removed_title, "Vikarer deles.")],
    )
    sixth.refresh_from_db()
    six = sixth.current
    assert six is not None
    make_revision(
        sixth,
        future=six.future,
        priorities=six.priorities,
        questions=six.questions,
        recommendations=six.recommendations[:1],
    )

    # Guests' input and smileys.
    guest = make_guest(assembly)
    for section in ("future", "recommendations", "recommendations"):
        make_input_card(third, section=section, text=f"Gæsteinput om {section}")
    make_input_card(third, source=InputCard.Source.MEMBER, text="Et medlems note")
    hidden = make_input_card(third, text="Skjult input")
    from django.utils import timezone

    InputCard.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    Reaction.objects.create(guest=guest, draft=third, section="future", smiley="positive")
    quote = make_input_card(
        _draft(assembly, 5), section="future", text="Frivillighed skal være sjovt"
    )
    report = assembly.report
    report.quotes.add(quote, hidden)

    statement = MinorityStatement.objects.create(
        recommendation=prevention[0],
        text="Et mindretal mener, at besøgene skal være frivillige for de ældre.",
        supported_by=4,
    )
    return World(
        assembly=assembly,
        votes=votes,
        changed=kept,
        withdrawn_voted=withdrawn,
        withdrawn_title=withdrawn_title,
        removed_title=removed_title,
        hidden_card=hidden,
        statement=statement,
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world(load_demo())


@pytest.fixture
def english_client(client: Client) -> Client:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client

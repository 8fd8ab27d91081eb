"""The report's content: built from the platform, every recommendation and every closed vote
result exactly once, withdrawn recommendations out, hidden input out."""

from __future__ import annotations

import re
from collections import Counter

from borgersamling.deliberation.models import Recommendation, VoteItem
from borgersamling.reports import rendering
from borgersamling.reports.content import all_recommendations, all_vote_results, build_content
from borgersamling.reports.sections import DEFAULT_ORDER
from tests.reports.conftest import World


def current_recommendations(world: World) -> list[Recommendation]:
    return list(
        Recommendation.objects.filter(
            draft__theme_table__assembly=world.assembly, removed_in__isnull=True
        )
    )


def test_every_current_recommendation_appears_exactly_once(world: World) -> None:
    content = build_content(world.assembly)
    listed = Counter(r["id"] for r in all_recommendations(content))
    expected = current_recommendations(world)
    assert len(expected) == 7
    assert listed == Counter(r.pk for r in expected)

    html = rendering.render_body(content)
    for recommendation in all_recommendations(content):
        assert html.count(f'data-recommendation="{recommendation["id"]}"') == 1
        assert html.count(recommendation["title"]) == 1, recommendation["title"]
        assert html.count(f'id="recommendation-{recommendation["code"]}"') == 1


def test_every_closed_vote_result_appears_exactly_once(world: World) -> None:
    content = build_content(world.assembly)
    closed = VoteItem.objects.filter(vote__assembly=world.assembly, vote__status="closed")
    expected = Counter((item.vote_id, item.recommendation_id) for item in closed)
    assert sum(expected.values()) == 6

    found: Counter[tuple[int, int]] = Counter()
    for theme in content["recommendations"]["themes"]:
        for recommendation in theme["recommendations"]:
            found.update((v["vote_id"], recommendation["id"]) for v in recommendation["votes"])
        for withdrawn in theme["withdrawn_votes"]:
            found.update((v["vote_id"], withdrawn["id"]) for v in withdrawn["votes"])
    assert found == expected
    assert len(all_vote_results(content)) == 6

    html = rendering.render_body(content)
    rows = Counter(re.findall(r'data-vote-result="(\d+):(\d+)"', html))
    assert sum(rows.values()) == 6
    per_vote = Counter(
        vote_id for vote_id, _revision in re.findall(r'data-vote-result="(\d+):(\d+)"', html)
    )
    for vote in world.votes:
        assert per_vote[str(vote.pk)] == vote.items.count()


def test_withdrawn_recommendations_are_not_listed(world: World) -> None:
    content = build_content(world.assembly)
    titles = {r["title"] for r in all_recommendations(content)}
    assert world.withdrawn_title not in titles
    assert world.removed_title not in titles
    html = rendering.render_body(content)
    # Withdrawn without a vote: nowhere. Withdrawn after a vote: only its vote result, once.
    assert world.removed_title not in html
    assert html.count(world.withdrawn_title) == 1
    [theme] = [t for t in content["recommendations"]["themes"] if t["table"] == 1]
    [withdrawn] = theme["withdrawn_votes"]
    assert withdrawn["id"] == world.withdrawn_voted.pk
    assert withdrawn["votes"][0]["title_voted"] == world.withdrawn_title


def test_text_comes_from_the_current_revision_and_a_change_after_the_vote_is_flagged(
    world: World,
) -> None:
    content = build_content(world.assembly)
    [changed] = [r for r in all_recommendations(content) if r["id"] == world.changed.pk]
    assert changed["text"].endswith("Overblikket udgives også på papir.")
    [vote] = changed["votes"]
    assert vote["text_changed"] is True
    assert vote["revision"] < changed["revision"]
    unchanged = next(r for r in all_recommendations(content) if r["code"] == "3.1")
    assert [v["text_changed"] for v in unchanged["votes"]] == [False, False]
    assert [v["kind"] for v in unchanged["votes"]] == ["agree", "ranking"]
    agree = unchanged["votes"][0]
    assert (agree["in_favour"], agree["against"], agree["neutral"], agree["ballots"]) == (
        3,
        1,
        1,
        5,
    )


def test_minority_statements_go_with_their_recommendation(world: World) -> None:
    content = build_content(world.assembly)
    [recommendation] = [
        r for r in all_recommendations(content) if r["id"] == world.statement.recommendation_id
    ]
    assert recommendation["minority"] == [{"text": world.statement.text, "supported_by": 4}]
    html = rendering.render_body(content)
    assert html.count(world.statement.text) == 1


def test_guest_input_counts_leave_out_hidden_input_and_members_notes(world: World) -> None:
    data = build_content(world.assembly)["guest_input"]
    [third] = [t for t in data["tables"] if t["table"] == 3]
    assert third["sections"] == {
        "future": 1,
        "priorities": 0,
        "recommendations": 2,
        "questions": 0,
    }
    assert third["reactions"] == {"positive": 1, "neutral": 0, "negative": 0}
    assert data["total"] == 4  # three at table 3, the quoted one at table 5
    assert [q["text"] for q in data["quotes"]] == ["Frivillighed skal være sjovt"]


def test_the_content_comes_from_the_platform(world: World) -> None:
    content = build_content(world.assembly)
    assembly = world.assembly
    assert content["cover"]["name"] == assembly.name
    assert content["cover"]["handover_date"] == "2025-08-28"
    assert content["task"]["core_task"] == assembly.core_task
    assert len(content["task"]["working_questions"]) == assembly.working_questions.count()
    assert [s["number"] for s in content["process"]["sessions"]] == [1, 2, 3, 4, 5]
    members = content["members"]
    assert members["panel"] == 36
    assert members["headline"]["signed_up"] == 240
    assert {f["key"] for f in members["features"]} >= {"køn"}
    assert content["values"]["values"]
    assert content["experts"]["helpers"][0]["name"] == "Ulf Hjelmar"
    assert [s["key"] for s in content["sections"]] == list(DEFAULT_ORDER)
    assert content["version"] is None


def test_hidden_sections_are_left_out_but_required_ones_stay(world: World) -> None:
    report = world.assembly.report
    report.hidden_sections = ["preface", "recommendations", "guest_input"]
    report.section_order = ["thanks", *DEFAULT_ORDER]
    report.save()
    keys = [s["key"] for s in build_content(world.assembly)["sections"]]
    assert keys[0] == "thanks"
    assert "preface" not in keys and "guest_input" not in keys
    assert "recommendations" in keys

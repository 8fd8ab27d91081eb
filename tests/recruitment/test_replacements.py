"""Replacing who left from the reserves, keeping the quotas the panel was drawn with."""

from __future__ import annotations

import pytest

from borgersamling.accounts.models import Participant
from borgersamling.recruitment import panel, replacements
from borgersamling.recruitment.models import Recruitment, Replacement, SignUp
from tests.accounts.factories import make_secretariat
from tests.recruitment.factories import make_signup
from tests.recruitment.test_panel_support import draw_panel, man, woman


@pytest.fixture
def drawn(recruitment: Recruitment) -> dict[str, SignUp]:
    """Four seats (køn 2/2, alder ung 1-2, gammel 2-3): two women, two men; reserves:
    a man first, then a woman."""
    people = {
        "w_young": make_signup(recruitment, woman("ung")),
        "w_old": make_signup(recruitment, woman()),
        "m_young": make_signup(recruitment, man("ung")),
        "m_old": make_signup(recruitment, man()),
        "r1_man": make_signup(recruitment, man()),
        "r2_woman": make_signup(recruitment, woman()),
    }
    draw_panel(
        recruitment,
        [people[k] for k in ("w_young", "w_old", "m_young", "m_old")],
        [people["r1_man"], people["r2_woman"]],
    )
    return people


def test_a_woman_who_declines_is_replaced_by_the_first_woman_in_the_reserves(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    panel.decline(drawn["w_old"])
    proposal = replacements.propose(recruitment)
    assert [p.seat.leaving for p in proposal.pairings] == [drawn["w_old"]]
    assert proposal.joining == [drawn["r2_woman"]]  # the man first in line would break køn
    assert proposal.all_quotas_hold
    user = make_secretariat(recruitment.assembly)
    stored = replacements.confirm_proposal(recruitment, proposal.key(), user, note="called")
    assert len(stored) == 1
    entry = stored[0]
    assert (entry.leaving, entry.joining) == (drawn["w_old"], drawn["r2_woman"])
    assert entry.reason == Replacement.Reason.DECLINED
    assert entry.note == "called"
    assert entry.created_by == user
    assert entry.quota_report["all_hold"] is True
    kvinde = next(q for q in entry.quota_report["quotas"] if q["value"] == "Kvinde")
    assert (kvinde["before"], kvinde["after"], kvinde["deviation"]) == (1, 2, 0)
    drawn["r2_woman"].refresh_from_db()
    assert drawn["r2_woman"].status == SignUp.Status.SELECTED
    # The seat is filled: nothing more to propose, and the man is still a reserve.
    assert replacements.propose(recruitment).pairings == ()
    drawn["r1_man"].refresh_from_db()
    assert drawn["r1_man"].status == SignUp.Status.POOL


def test_the_first_reserve_is_taken_when_the_quotas_allow_it(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    panel.decline(drawn["m_old"])
    assert replacements.propose(recruitment).joining == [drawn["r1_man"]]


def test_a_reserve_from_a_members_household_is_passed_over(recruitment: Recruitment) -> None:
    stays = make_signup(recruitment, man(), household_key="strandvej 1")
    leaves = make_signup(recruitment, woman())
    others = [make_signup(recruitment, woman("ung")), make_signup(recruitment, man("ung"))]
    housemate = make_signup(recruitment, woman(), household_key="strandvej 1")
    neighbour = make_signup(recruitment, woman(), household_key="strandvej 2")
    draw_panel(recruitment, [stays, leaves, *others], [housemate, neighbour])
    panel.decline(leaves)
    assert replacements.propose(recruitment).joining == [neighbour]


def test_a_dropout_during_the_sessions_is_logged_and_replaced(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    member = panel.confirm(drawn["m_young"])
    user = make_secretariat(recruitment.assembly)
    replacements.record_drop_out(drawn["m_young"], Replacement.Reason.DURING, "moved away", user)
    member.refresh_from_db()
    assert not member.is_active
    opened = Replacement.objects.get(leaving=drawn["m_young"])
    assert opened.joining is None
    assert (opened.reason, opened.note, opened.created_by) == ("during", "moved away", user)
    proposal = replacements.propose(recruitment)
    assert proposal.pairings[0].seat.reason == Replacement.Reason.DURING
    assert proposal.joining == [drawn["r1_man"]]
    replacements.confirm_proposal(recruitment, proposal.key(), user)
    filled = Replacement.objects.get(leaving=drawn["m_young"], joining__isnull=False)
    assert filled.joining == drawn["r1_man"]
    assert filled.reason == Replacement.Reason.DURING
    assert filled.note == "moved away"  # carried from the drop-out
    assert Replacement.objects.filter(recruitment=recruitment).count() == 2


def test_when_no_reserve_is_left_the_open_seat_is_logged(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    SignUp.objects.filter(pk__in=[drawn["r1_man"].pk, drawn["r2_woman"].pk]).update(
        status=SignUp.Status.WITHDRAWN
    )
    panel.decline(drawn["w_old"])
    proposal = replacements.propose(recruitment)
    assert proposal.joining == []
    assert [s.leaving for s in proposal.unfilled] == [drawn["w_old"]]
    stored = replacements.confirm_proposal(recruitment, proposal.key(), None)
    assert [(e.leaving, e.joining) for e in stored] == [(drawn["w_old"], None)]
    # Logged once: confirming again adds nothing.
    again = replacements.propose(recruitment)
    assert replacements.confirm_proposal(recruitment, again.key(), None) == []
    assert Replacement.objects.filter(leaving=drawn["w_old"]).count() == 1


def test_the_rest_of_the_pool_is_used_only_when_asked(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    SignUp.objects.filter(pk__in=[drawn["r1_man"].pk, drawn["r2_woman"].pk]).update(
        status=SignUp.Status.WITHDRAWN
    )
    # Signed up after the draw: not in the frozen pool, so never a candidate.
    make_signup(recruitment, woman())
    panel.decline(drawn["w_old"])
    assert replacements.propose(recruitment, include_pool=True).joining == []
    # Someone in the frozen pool who was neither drawn nor a reserve.
    SignUp.objects.filter(pk=drawn["r2_woman"].pk).update(status=SignUp.Status.POOL)
    run = replacements.require_drawn_run(recruitment)
    run.reserves = [drawn["r1_man"].number]
    run.save()
    assert replacements.propose(recruitment).joining == []
    assert replacements.propose(recruitment, include_pool=True).joining == [drawn["r2_woman"]]


def test_a_changed_proposal_stores_nothing(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    panel.decline(drawn["w_old"])
    stale = [(drawn["w_old"].number, drawn["r1_man"].number)]
    with pytest.raises(replacements.ProposalChanged):
        replacements.confirm_proposal(recruitment, stale, None)
    assert not Replacement.objects.exists()
    drawn["r1_man"].refresh_from_db()
    assert drawn["r1_man"].status == SignUp.Status.POOL


def test_the_quotas_are_the_ones_drawn_with(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    # Changing the targets after the draw does not change the replacement.
    recruitment.features.get(key="køn").values.filter(value="Kvinde").update(
        population_share="0.25"
    )
    recruitment.features.get(key="køn").values.filter(value="Mand").update(population_share="0.75")
    panel.decline(drawn["w_old"])
    assert replacements.propose(recruitment).joining == [drawn["r2_woman"]]


def test_no_drawn_panel_is_said_plainly(recruitment: Recruitment) -> None:
    with pytest.raises(replacements.NoDrawnPanel):
        replacements.propose(recruitment)


def test_a_drop_out_needs_a_member(recruitment: Recruitment, drawn: dict[str, SignUp]) -> None:
    with pytest.raises(panel.AnswerRefused):
        replacements.record_drop_out(drawn["r1_man"], Replacement.Reason.BEFORE, "", None)
    with pytest.raises(ValueError, match="before or during"):
        replacements.record_drop_out(drawn["m_old"], Replacement.Reason.DECLINED, "", None)
    assert not Replacement.objects.exists()
    assert not Participant.objects.exists()

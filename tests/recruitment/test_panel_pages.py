"""The secretariat's panel and replacements pages: what they show, what they change, what
they log, and who may use them."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from borgersamling.accounts.models import Participant
from borgersamling.recruitment.models import (
    PersonalDataAccess,
    Recruitment,
    Replacement,
    SignUp,
)
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.recruitment.factories import make_recruitment, make_signup
from tests.recruitment.test_panel_support import draw_panel, man, woman


def url(recruitment: Recruitment, name: str, **kwargs: object) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


@pytest.fixture
def staff(recruitment: Recruitment, client: Client) -> Client:
    """The assembly's secretariat, reading the pages in English."""
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    client.force_login(make_secretariat(recruitment.assembly))
    return client


@pytest.fixture
def drawn(recruitment: Recruitment) -> dict[str, SignUp]:
    people = {
        "w_young": make_signup(recruitment, woman("ung"), phone="+45 11 22 33 44"),
        "w_old": make_signup(recruitment, woman()),
        "m_young": make_signup(recruitment, man("ung")),
        "m_old": make_signup(recruitment, man()),
        "r1_man": make_signup(recruitment, man()),
        "r2_woman": make_signup(recruitment, woman(), name="Reserve Kvinde"),
    }
    draw_panel(
        recruitment,
        [people[k] for k in ("w_young", "w_old", "m_young", "m_old")],
        [people["r1_man"], people["r2_woman"]],
    )
    return people


def log_entries(recruitment: Recruitment, action: str) -> list[PersonalDataAccess]:
    return list(PersonalDataAccess.objects.filter(recruitment=recruitment, action=action))


def test_the_panel_page_lists_the_drawn_people_and_their_quotas(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    response = staff.get(url(recruitment, "panel"))
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("w_young", "w_old", "m_young", "m_old"):
        assert drawn[key].name in html
    assert drawn["r1_man"].name not in html  # a reserve is not drawn
    assert "+45 11 22 33 44" in html
    assert "Everyone who holds a seat now meets every quota." in html
    rows = response.context["quotas"]
    assert {(r.value_label, r.report.after) for r in rows} >= {("Kvinde", 2), ("Mand", 2)}
    assert {r.feature_label for r in rows} == {"Køn", "Alder"}  # labels, not column names
    (entry,) = log_entries(recruitment, PersonalDataAccess.Action.LIST)
    assert entry.people == 4


def test_the_panel_page_before_the_draw(recruitment: Recruitment, staff: Client) -> None:
    response = staff.get(url(recruitment, "panel"))
    assert response.status_code == 200
    assert "No panel has been drawn yet" in response.content.decode()


def test_confirm_on_someones_behalf_makes_them_a_member(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    signup = drawn["w_old"]
    response = staff.post(url(recruitment, "panel-confirm", pk=signup.pk))
    assert response.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.CONFIRMED
    assert signup.participant is not None and signup.participant.name == signup.name
    (entry,) = log_entries(recruitment, PersonalDataAccess.Action.EDIT)
    assert entry.signup_number == signup.number


def test_decline_on_someones_behalf_and_a_refused_answer_is_said(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    signup = drawn["w_old"]
    staff.post(url(recruitment, "panel-decline", pk=signup.pk))
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.DECLINED
    # Confirming after declining is refused, with a message, and changes nothing.
    response = staff.post(url(recruitment, "panel-confirm", pk=signup.pk), follow=True)
    assert "cannot be recorded as confirmed" in response.content.decode()
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.DECLINED
    assert not Participant.objects.filter(signup=signup).exists()


def test_a_drop_out_is_recorded_with_its_reason_and_note(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    signup = drawn["m_old"]
    page = staff.get(url(recruitment, "panel-drop-out", pk=signup.pk))
    assert page.status_code == 200
    assert log_entries(recruitment, PersonalDataAccess.Action.VIEW)[0].signup_number == (
        signup.number
    )
    response = staff.post(
        url(recruitment, "panel-drop-out", pk=signup.pk),
        {"reason": "before", "note": "Ill"},
    )
    assert response.status_code == 302
    assert response["Location"] == url(recruitment, "replacements")
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.DROPPED_OUT
    entry = Replacement.objects.get(leaving=signup)
    assert (entry.reason, entry.note, entry.joining) == ("before", "Ill", None)


def test_a_drop_out_without_a_reason_is_refused_at_the_field(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    signup = drawn["m_old"]
    response = staff.post(url(recruitment, "panel-drop-out", pk=signup.pk), {"reason": "declined"})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.SELECTED
    assert not Replacement.objects.exists()


def test_someone_not_in_the_panel_cannot_drop_out(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    assert staff.get(url(recruitment, "panel-drop-out", pk=drawn["r1_man"].pk)).status_code == 404


def test_the_replacements_page_proposes_and_stores(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    staff.post(url(recruitment, "panel-decline", pk=drawn["w_old"].pk))
    page = staff.get(url(recruitment, "replacements"))
    assert page.status_code == 200
    proposal = page.context["proposal"]
    assert proposal.joining == [drawn["r2_woman"]]
    assert "Reserve Kvinde" in page.content.decode()
    assert "With the proposal, every quota is kept." in page.content.decode()
    response = staff.post(
        url(recruitment, "replacements"),
        {"proposal": json.dumps(proposal.key()), "note": "phoned"},
        follow=True,
    )
    assert response.status_code == 200
    entry = Replacement.objects.get()
    assert (entry.leaving, entry.joining, entry.note) == (
        drawn["w_old"],
        drawn["r2_woman"],
        "phoned",
    )
    assert entry.reason == Replacement.Reason.DECLINED
    html = response.content.decode()
    assert f"#{drawn['r2_woman'].number} ← #{drawn['w_old'].number}" in html
    assert "Declined the invitation" in html  # the log says why


def test_a_stale_proposal_stores_nothing(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    staff.post(url(recruitment, "panel-decline", pk=drawn["w_old"].pk))
    stale = [[drawn["w_old"].number, drawn["r1_man"].number]]
    response = staff.post(url(recruitment, "replacements"), {"proposal": json.dumps(stale)})
    assert response.status_code == 409
    assert "The proposal changed" in response.content.decode()
    assert not Replacement.objects.exists()
    garbage = staff.post(url(recruitment, "replacements"), {"proposal": "not json"})
    assert garbage.status_code == 400
    assert not Replacement.objects.exists()


def test_the_replacements_page_before_the_draw(recruitment: Recruitment, staff: Client) -> None:
    response = staff.get(url(recruitment, "replacements"))
    assert response.status_code == 200
    assert "No panel has been drawn yet" in response.content.decode()


def test_the_replacements_page_names_the_open_seat_with_no_candidate(
    recruitment: Recruitment, drawn: dict[str, SignUp], staff: Client
) -> None:
    SignUp.objects.filter(pk__in=[drawn["r1_man"].pk, drawn["r2_woman"].pk]).update(
        status=SignUp.Status.WITHDRAWN
    )
    staff.post(url(recruitment, "panel-decline", pk=drawn["w_old"].pk))
    page = staff.get(url(recruitment, "replacements"))
    assert "No candidate left" in page.content.decode()
    response = staff.post(
        url(recruitment, "replacements"),
        {"proposal": json.dumps(page.context["proposal"].key())},
        follow=True,
    )
    assert "No candidate is left for 1 seat(s)" in response.content.decode()
    entry = Replacement.objects.get()
    assert entry.joining is None


def test_others_cannot_act_on_the_panel(
    recruitment: Recruitment, drawn: dict[str, SignUp], client: Client
) -> None:
    signup = drawn["w_old"]
    confirm = url(recruitment, "panel-confirm", pk=signup.pk)
    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    client.force_login(make_member(recruitment.assembly))
    assert client.post(confirm).status_code == 403
    other = make_recruitment(make_assembly())
    client.force_login(make_secretariat(other.assembly))
    assert client.post(confirm).status_code == 403
    assert client.post(url(recruitment, "replacements"), {"proposal": "[]"}).status_code == 403
    signup.refresh_from_db()
    assert signup.status == SignUp.Status.SELECTED


def test_a_signup_of_another_assembly_is_not_found(
    recruitment: Recruitment, drawn: dict[str, SignUp]
) -> None:
    other = make_recruitment(make_assembly())
    client = Client()
    client.force_login(make_secretariat(other.assembly))
    response = client.post(url(other, "panel-confirm", pk=drawn["w_old"].pk))
    assert response.status_code == 404

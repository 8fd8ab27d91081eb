"""GDPR on the secretariat's side: export, erasure, the retention purge and the access log."""

from __future__ import annotations

import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from borgersamling.recruitment import panel, privacy, replacements
from borgersamling.recruitment.models import (
    Invitation,
    InvitationBatch,
    PersonalDataAccess,
    Recruitment,
    Replacement,
    Resident,
    SignUp,
)
from borgersamling.recruitment.services import log_access
from borgersamling.seating.models import ApartPair
from tests.accounts.factories import make_assembly, make_member, make_secretariat
from tests.assemblies.factories import make_session
from tests.recruitment.factories import make_recruitment, make_signup
from tests.recruitment.test_panel_support import draw_panel, man, woman

Action = PersonalDataAccess.Action


def url(recruitment: Recruitment, name: str, **kwargs: object) -> str:
    return reverse(f"recruitment:{name}", kwargs={"slug": recruitment.assembly.slug, **kwargs})


@pytest.fixture
def staff(recruitment: Recruitment, client: Client) -> Client:
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    client.force_login(make_secretariat(recruitment.assembly))
    return client


def invited(recruitment: Recruitment, features: dict[str, str], code: str) -> SignUp:
    """A sign-up who came through an invitation letter to a resident of the extract."""
    batch, _created = InvitationBatch.objects.get_or_create(
        recruitment=recruitment, method=InvitationBatch.Method.EVERYONE
    )
    resident = Resident.objects.create(
        recruitment=recruitment,
        person_id=f"P-{code}",
        name=f"Resident {code}",
        address=f"Kongevejen {code}",
        household_key=f"kongevejen {code}",
        features=features,
    )
    invitation = Invitation.objects.create(
        batch=batch, recruitment=recruitment, resident=resident, code=code
    )
    return make_signup(
        recruitment,
        features,
        invitation=invitation,
        phone="+45 22 33 44 55",
        postcode="2791",
        birth_year=1970,
        access_needs="wheelchair",
        dietary_needs="vegetarian",
        notes="called twice",
        consent_text="I agree",
    )


@pytest.fixture
def people(recruitment: Recruitment) -> dict[str, SignUp]:
    """Four drawn (one declined, replaced), two reserves, one withdrawn, one in the pool."""
    found = {
        "w1": invited(recruitment, woman("ung"), "AAAA1111"),
        "w2": make_signup(recruitment, woman()),
        "m1": make_signup(recruitment, man("ung")),
        "m2": make_signup(recruitment, man()),
        "r1": make_signup(recruitment, man()),
        "r2": invited(recruitment, woman(), "BBBB2222"),
        "withdrawn": make_signup(recruitment, woman("ung")),
        "pool": invited(recruitment, man("ung"), "CCCC3333"),
    }
    draw_panel(
        recruitment,
        [found[k] for k in ("w1", "w2", "m1", "m2")],
        [found["r1"], found["r2"]],
        drawn_at=timezone.now() - datetime.timedelta(days=100),
    )
    SignUp.objects.filter(pk=found["withdrawn"].pk).update(status=SignUp.Status.WITHDRAWN)
    panel.decline(SignUp.objects.get(pk=found["w2"].pk))
    proposal = replacements.propose(recruitment)
    replacements.confirm_proposal(recruitment, proposal.key(), None)
    for signup in found.values():
        signup.refresh_from_db()
    assert found["r2"].status == SignUp.Status.SELECTED
    return found


def counts(recruitment: Recruitment) -> Counter[tuple[str, str, str]]:
    """The representation report's anonymous counts: per status and feature value."""
    tally: Counter[tuple[str, str, str]] = Counter()
    for signup in SignUp.objects.filter(recruitment=recruitment):
        for key, value in signup.features.items():
            tally[(signup.status, key, value)] += 1
    return tally


# --- export -------------------------------------------------------------------------------


def test_the_export_holds_everything_stored_about_the_person(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    signup = people["r2"]
    session = make_session(recruitment.assembly)
    signup.available_sessions.add(session)
    log_access(recruitment, None, Action.VIEW, signup=signup, detail="earlier look")
    response = staff.get(url(recruitment, "privacy-export", pk=signup.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert f"signup-{signup.number}.json" in response["Content-Disposition"]
    data = json.loads(response.content)
    stored = data["signup"]
    for field in ("name", "email", "phone", "address", "postcode", "birth_year", "notes"):
        assert stored[field] == getattr(signup, field), field
    assert stored["features"] == woman()
    assert stored["access_needs"] == "wheelchair"
    assert stored["consent_text"] == "I agree"
    assert stored["status"] == SignUp.Status.SELECTED
    assert data["available_sessions"] == [
        {"number": session.number, "title": session.title, "date": session.date.isoformat()}
    ]
    assert data["invitation"]["code"] == "BBBB2222"
    assert data["resident"]["name"] == "Resident BBBB2222"
    assert data["resident"]["address"] == "Kongevejen BBBB2222"
    assert [(r["leaving"], r["joining"], r["reason"]) for r in data["replacements"]] == [
        (people["w2"].number, signup.number, "declined")
    ]
    actions = [entry["action"] for entry in data["access_log"]]
    assert "view" in actions and "export" in actions
    assert any(entry["detail"] == "earlier look" for entry in data["access_log"])
    exported = PersonalDataAccess.objects.get(action=Action.EXPORT)
    assert exported.signup_number == signup.number
    assert exported.user is not None


def test_the_export_of_someone_in_another_assembly_is_not_found(
    recruitment: Recruitment, people: dict[str, SignUp]
) -> None:
    other = make_recruitment(make_assembly())
    client = Client()
    client.force_login(make_secretariat(other.assembly))
    response = client.get(url(other, "privacy-export", pk=people["w1"].pk))
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.filter(action=Action.EXPORT).exists()


# --- erasure ------------------------------------------------------------------------------


def test_erasing_someone_in_the_pool(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    signup = people["pool"]
    resident_pk = signup.invitation.resident.pk  # type: ignore[union-attr]
    invitation_pk = signup.invitation.pk  # type: ignore[union-attr]
    page = staff.get(url(recruitment, "privacy-erase", pk=signup.pk))
    assert page.status_code == 200
    assert signup.name in page.content.decode()
    assert PersonalDataAccess.objects.filter(action=Action.VIEW, signup_number=signup.number)
    response = staff.post(url(recruitment, "privacy-erase", pk=signup.pk), follow=True)
    assert "the personal data is erased" in response.content.decode()
    signup.refresh_from_db()
    for field in ("name", "email", "phone", "address", "postcode", "household_key", "notes"):
        assert getattr(signup, field) == "", field
    assert signup.birth_year is None
    assert signup.access_needs == signup.dietary_needs == signup.consent_text == ""
    assert signup.invitation is None
    assert signup.anonymised_at is not None
    # Kept: the number, the features and the status.
    assert signup.number == people["pool"].number
    assert signup.features == man("ung")
    assert signup.status == SignUp.Status.POOL
    assert not Resident.objects.filter(pk=resident_pk).exists()
    assert Invitation.objects.get(pk=invitation_pk).resident is None
    erased = PersonalDataAccess.objects.get(action=Action.ERASE)
    assert erased.signup_number == signup.number
    # The page now says so, and a second erasure is said, not hidden.
    again = staff.post(url(recruitment, "privacy-erase", pk=signup.pk), follow=True)
    assert "was already anonymised" in again.content.decode()


def test_erasing_a_member_deactivates_and_anonymises_their_account(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    signup = people["w1"]
    participant = panel.confirm(signup)
    staff.post(url(recruitment, "privacy-erase", pk=signup.pk))
    participant.refresh_from_db()
    assert (participant.name, participant.email, participant.phone) == (
        f"#{signup.number}",
        "",
        "",
    )
    assert not participant.is_active
    signup.refresh_from_db()
    # They cannot hold a seat without a way to reach them: the seat opens, logged with why.
    assert signup.status == SignUp.Status.DROPPED_OUT
    entry = Replacement.objects.get(leaving=signup)
    assert entry.joining is None and entry.reason == Replacement.Reason.BEFORE
    assert [s.leaving for s in replacements.open_seats(recruitment, entry.run)] == [signup]  # type: ignore[arg-type]


def test_pairs_kept_apart_are_exported_and_erased_with_the_member(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    signup, other = people["w1"], people["r2"]
    member, relative = panel.confirm(signup), panel.confirm(other)
    first, second = sorted((member, relative), key=lambda m: m.pk)
    ApartPair.objects.create(assembly=recruitment.assembly, first=first, second=second)
    data = json.loads(staff.get(url(recruitment, "privacy-export", pk=signup.pk)).content)
    assert data["kept_apart_from"] == [relative.name]
    staff.post(url(recruitment, "privacy-erase", pk=signup.pk))
    assert not ApartPair.objects.exists()
    data = json.loads(staff.get(url(recruitment, "privacy-export", pk=other.pk)).content)
    assert data["kept_apart_from"] == []


def test_only_the_secretariat_may_erase(
    recruitment: Recruitment, people: dict[str, SignUp], client: Client
) -> None:
    signup = people["pool"]
    client.force_login(make_member(recruitment.assembly))
    assert client.post(url(recruitment, "privacy-erase", pk=signup.pk)).status_code == 403
    assert client.get(url(recruitment, "privacy-export", pk=signup.pk)).status_code == 403
    assert client.get(url(recruitment, "privacy-log")).status_code == 403
    signup.refresh_from_db()
    assert signup.name and signup.anonymised_at is None


# --- the retention purge ------------------------------------------------------------------


def test_nothing_is_purged_before_the_retention_period_has_passed(
    recruitment: Recruitment, people: dict[str, SignUp]
) -> None:
    recruitment.retention_days = 120
    recruitment.save()
    out = io.StringIO()
    call_command("purge_recruitment", stdout=out)
    assert "Nothing deleted" in out.getvalue()
    assert not SignUp.objects.filter(anonymised_at__isnull=False).exists()
    assert Resident.objects.count() == 3
    assert not PersonalDataAccess.objects.filter(action=Action.PURGE).exists()


def test_before_the_draw_nothing_is_purged(recruitment: Recruitment) -> None:
    make_signup(recruitment, woman())
    report = privacy.purge(recruitment, now=timezone.now() + datetime.timedelta(days=999))
    assert report.drawn_at is None and not report.due and not report.changed
    assert not SignUp.objects.filter(anonymised_at__isnull=False).exists()


def test_the_purge_anonymises_people_not_drawn_and_keeps_the_counts(
    recruitment: Recruitment, people: dict[str, SignUp]
) -> None:
    recruitment.retention_days = 90
    recruitment.save()
    before = counts(recruitment)
    out = io.StringIO()
    call_command("purge_recruitment", "--assembly", recruitment.assembly.slug, stdout=out)
    assert "anonymised 3 sign-ups not drawn" in out.getvalue()
    assert counts(recruitment) == before
    not_drawn = {people[k].pk for k in ("r1", "withdrawn", "pool")}
    for signup in SignUp.objects.filter(recruitment=recruitment):
        if signup.pk in not_drawn:
            assert signup.anonymised_at is not None
            assert signup.name == signup.email == signup.address == ""
        else:  # drawn people keep their data: replacements may still need it
            assert signup.anonymised_at is None
            assert signup.name
    assert not Resident.objects.exists()
    assert not Invitation.objects.filter(resident__isnull=False).exists()
    assert Invitation.objects.count() == 3
    purged = PersonalDataAccess.objects.filter(action=Action.PURGE)
    numbers = {e.signup_number for e in purged if e.signup_number is not None}
    assert numbers == {people[k].number for k in ("r1", "withdrawn", "pool")}
    assert purged.filter(signup_number__isnull=True, people=3).exists()  # the extract
    # A second run changes nothing and logs nothing.
    logged = PersonalDataAccess.objects.count()
    again = io.StringIO()
    call_command("purge_recruitment", stdout=again)
    assert "nothing left to delete" in again.getvalue()
    assert PersonalDataAccess.objects.count() == logged
    assert counts(recruitment) == before


def test_a_dry_run_changes_nothing(recruitment: Recruitment, people: dict[str, SignUp]) -> None:
    recruitment.retention_days = 90
    recruitment.save()
    out = io.StringIO()
    call_command("purge_recruitment", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "would anonymise 3 sign-ups" in text
    assert f"#{people['pool'].number}" in text
    assert "Dry run: nothing was changed." in text
    assert not SignUp.objects.filter(anonymised_at__isnull=False).exists()
    assert Resident.objects.count() == 3
    assert not PersonalDataAccess.objects.filter(action=Action.PURGE).exists()


def test_an_unknown_assembly_is_an_error(db: None) -> None:
    with pytest.raises(CommandError, match="no recruitment for the assembly 'nowhere'"):
        call_command("purge_recruitment", "--assembly", "nowhere")


# --- the access log -----------------------------------------------------------------------


def test_every_page_with_personal_data_is_logged(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    member = people["m1"]
    pages = [
        url(recruitment, "panel"),
        url(recruitment, "replacements"),
        url(recruitment, "panel-drop-out", pk=member.pk),
        url(recruitment, "privacy-export", pk=member.pk),
        url(recruitment, "privacy-erase", pk=member.pk),
    ]
    for page in pages:
        logged = PersonalDataAccess.objects.count()
        assert staff.get(page).status_code == 200, page
        assert PersonalDataAccess.objects.count() == logged + 1, page
        entry = PersonalDataAccess.objects.order_by("-pk").first()
        assert entry is not None and entry.user is not None


def test_the_log_page_lists_who_did_what(
    recruitment: Recruitment, people: dict[str, SignUp], staff: Client
) -> None:
    user = make_secretariat(recruitment.assembly)
    for _n in range(55):
        log_access(recruitment, user, Action.VIEW, signup=people["pool"], detail="a look")
    log_access(recruitment, user, Action.EXPORT, signup=people["r1"], detail="the export")
    first = staff.get(url(recruitment, "privacy-log"))
    assert first.status_code == 200
    html = first.content.decode()
    assert "the export" in html and user.get_username() in html
    assert "Page 1 of 2" in html
    assert len(first.context["page"].object_list) == 50
    second = staff.get(url(recruitment, "privacy-log") + "?page=2")
    assert len(second.context["page"].object_list) == 6
    only = staff.get(url(recruitment, "privacy-log") + f"?number={people['r1'].number}")
    assert [e.detail for e in only.context["page"].object_list] == ["the export"]

"""The votes' pages: the secretariat's (list, new, open, close, results), the members'
(open votes, the ballot on a phone) and the projector with its live tally.

The projector and its JSON tally are public on purpose, like the plenum screen: the laptop at
the projector should not need anyone's login, and what they show is the room's anonymous
count (how many voted, the share in support per recommendation, and the verdict at closing)
— never who voted what. Recommendations' titles are shown there as the members see them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from borgersamling.accounts import rules
from borgersamling.accounts.permissions import rule_required
from borgersamling.assemblies.models import Assembly
from borgersamling.assemblies.views import get_assembly
from borgersamling.deliberation import voting
from borgersamling.deliberation.models import Vote
from borgersamling.deliberation.vote_forms import BallotForm, VoteForm, answer_label
from borgersamling.site import clock

# The projector page polls the tally this often (the issue asks for two seconds at most).
POLL_MILLISECONDS = 1000

REFUSALS = {
    "not-open": gettext_lazy("The vote is not open."),
    "not-draft": gettext_lazy("The vote has been opened already."),
    "not-a-voter": gettext_lazy("Only the assembly's members vote."),
    "not-in-current-revision": gettext_lazy("A recommendation is no longer in its table's draft."),
    "no-items": gettext_lazy("Choose at least one recommendation."),
    "ranking-needs-two": gettext_lazy("A ranking needs at least two recommendations."),
}


def _assembly(request: HttpRequest, slug: str, **kwargs: Any) -> Assembly:
    return get_assembly(slug)


def _vote(assembly: Assembly, pk: int) -> Vote:
    return get_object_or_404(Vote, assembly=assembly, pk=pk)


def _refusal(error: voting.VotingError) -> str:
    return str(REFUSALS.get(error.code, _("That could not be done.")))


# --- what the projector, the JSON tally and the results page show -------------------------


def present(count: voting.VoteCount) -> dict[str, Any]:
    """The count as sentences and bar widths (0–100), the same for the page and the JSON
    the page polls, so the words are translated once, on the server."""
    vote = count.vote
    n = len(count.rows)
    items = []
    for row in count.rows:
        t = row.tally
        if vote.kind == Vote.Kind.RANKING:
            most = n * count.ballots
            bar = round(100 * (t.borda or 0) / most) if most else 0
            figure = _("#%(position)s") % {"position": t.position} if count.ballots else "–"
            detail = ngettext(
                "%(points)s point, mean rank %(rank)s",
                "%(points)s points, mean rank %(rank)s",
                t.borda or 0,
            ) % {"points": t.borda or 0, "rank": t.mean_rank if t.mean_rank is not None else "–"}
        else:
            bar = t.support_percent or 0
            figure = f"{t.support_percent} %" if t.support_percent is not None else "–"
            if vote.kind == Vote.Kind.SCALE:
                detail = _("%(for)s for (4–5) · %(neutral)s neutral · %(against)s against") % {
                    "for": t.in_favour,
                    "neutral": t.neutral,
                    "against": t.against,
                }
            else:
                detail = _("%(for)s agree · %(against)s disagree · %(neutral)s abstain") % {
                    "for": t.in_favour,
                    "neutral": t.neutral,
                    "against": t.against,
                }
        verdict = ""
        if vote.status == Vote.Status.CLOSED and t.carried is not None:
            verdict = _("Carried") if t.carried else _("Not carried")
        items.append(
            {
                "item": row.item.pk,
                "number": row.number,
                "title": row.title,
                "revision": row.item.revision.number,
                "bar": max(0, min(100, bar)),
                "figure": figure,
                "detail": detail,
                "verdict": verdict,
                "carried": t.carried if vote.status == Vote.Status.CLOSED else None,
            }
        )
    summary = ngettext(
        "%(ballots)s of %(members)s member has voted.",
        "%(ballots)s of %(members)s members have voted.",
        count.members,
    ) % {"ballots": count.ballots, "members": count.members}
    status = {
        Vote.Status.DRAFT: _("The vote has not opened yet."),
        Vote.Status.OPEN: _("The vote is open."),
        Vote.Status.CLOSED: _("The vote is closed."),
    }[Vote.Status(vote.status)]
    shows_threshold = vote.kind != Vote.Kind.RANKING and vote.rule == Vote.Rule.SUPPORT_SHARE
    return {
        "vote": vote.pk,
        "status": vote.status,
        "status_text": status,
        "summary": summary,
        "ballots": count.ballots,
        "members": count.members,
        "threshold": vote.threshold_percent if shows_threshold else None,
        "items": items,
    }


def rule_text(vote: Vote) -> str:
    if vote.kind == Vote.Kind.RANKING:
        return _("A ranking: the recommendations are ordered by Borda points.")
    if vote.rule == Vote.Rule.SIMPLE_MAJORITY:
        rule = _("Carried by a simple majority.")
    else:
        rule = _("Carried with at least %(percent)s %% support.") % {
            "percent": vote.threshold_percent
        }
    if not vote.quorum:
        return rule
    quorum = ngettext(
        "At least %(quorum)s ballot is needed.",
        "At least %(quorum)s ballots are needed.",
        vote.quorum,
    ) % {"quorum": vote.quorum}
    return f"{rule} {quorum}"


# --- the secretariat ------------------------------------------------------------------------


@never_cache
@rule_required(rules.is_secretariat, get_object=_assembly)
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    votes = assembly.votes.select_related("session").order_by("-created_at", "-pk")
    return render(
        request,
        "deliberation/votes/manage.html",
        {"assembly": assembly, "votes": votes, "members": voting.member_count(assembly)},
    )


@never_cache
@rule_required(rules.is_secretariat, get_object=_assembly)
def new(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    groups = voting.choosable(assembly)
    today = assembly.sessions.filter(date=clock.today()).first()
    form = VoteForm(
        request.POST or None,
        assembly=assembly,
        groups=groups,
        initial={"session": today.pk if today else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = voting.create_vote(
                assembly,
                title=data["title"],
                kind=data["kind"],
                recommendations=form.chosen_recommendations(),
                rule=data["rule"],
                threshold_percent=data["threshold_percent"],
                quorum=data["quorum"],
                session=data["session"],
                created_by=request.user if request.user.is_authenticated else None,
            )
        except voting.VotingError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The vote is ready. Open it when the room is ready."))
            return redirect("deliberation:vote-results", slug=assembly.slug, pk=vote.pk)
    return render(request, "deliberation/votes/new.html", {"assembly": assembly, "form": form})


def _change_status(request: HttpRequest, slug: str, pk: int, opening: bool) -> HttpResponse:
    assembly = get_assembly(slug)
    vote = _vote(assembly, pk)
    try:
        if opening:
            voting.open_vote(vote)
            messages.success(request, _("The vote is open. Members can vote on their phones."))
        else:
            voting.close_vote(vote)
            messages.success(request, _("The vote is closed and its result stored."))
    except voting.VotingError as error:
        messages.error(request, _refusal(error))
    return redirect("deliberation:vote-results", slug=assembly.slug, pk=vote.pk)


@rule_required(rules.is_secretariat, get_object=_assembly)
@require_POST
def open_(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _change_status(request, slug, pk, opening=True)


@rule_required(rules.is_secretariat, get_object=_assembly)
@require_POST
def close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _change_status(request, slug, pk, opening=False)


@never_cache
@rule_required(rules.is_secretariat, get_object=_assembly)
def results(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_assembly(slug)
    vote = _vote(assembly, pk)
    count = voting.count_vote(vote)
    return render(
        request,
        "deliberation/votes/results.html",
        {
            "assembly": assembly,
            "vote": vote,
            "count": count,
            "shown": present(count),
            "rule_text": rule_text(vote),
        },
    )


# --- members --------------------------------------------------------------------------------


def _member_page_refusal(request: HttpRequest, assembly: Assembly) -> HttpResponse | None:
    """Members and the secretariat; visitors go to the members' code login."""
    if rules.can_view_member_pages(request.user, assembly):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("accounts:login-code"))
    raise PermissionDenied


@never_cache
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    refusal = _member_page_refusal(request, assembly)
    if refusal is not None:
        return refusal
    member = voting.voting_member(request.user, assembly)
    open_votes = list(assembly.votes.filter(status=Vote.Status.OPEN).order_by("opened_at", "pk"))
    voted = (
        {vote.pk for vote in open_votes if voting.my_answers(vote, member) is not None}
        if member is not None
        else set()
    )
    closed = assembly.votes.filter(status=Vote.Status.CLOSED).order_by("-closed_at", "-pk")
    return render(
        request,
        "deliberation/votes/member_list.html",
        {
            "assembly": assembly,
            "member": member,
            "open_votes": [(vote, vote.pk in voted) for vote in open_votes],
            "closed_votes": closed[:10],
        },
    )


@never_cache
def ballot(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_assembly(slug)
    refusal = _member_page_refusal(request, assembly)
    if refusal is not None:
        return refusal
    vote = _vote(assembly, pk)
    member = voting.voting_member(request.user, assembly)
    if request.method == "POST" and member is None:
        raise PermissionDenied
    count = voting.count_vote(vote)
    mine = voting.my_answers(vote, member) if member is not None else None
    form = None
    if vote.status == Vote.Status.OPEN and member is not None:
        initial = {BallotForm.name_for(k): v for k, v in (mine or {}).items()}
        form = BallotForm(
            request.POST if request.method == "POST" else None,
            vote=vote,
            rows=count.rows,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            try:
                voting.cast_ballot(vote, member, form.answers())
            except voting.InvalidBallot as error:
                form.add_service_errors(error.errors)
            except voting.VotingError as error:
                messages.error(request, _refusal(error))
                return redirect("deliberation:vote-ballot", slug=assembly.slug, pk=vote.pk)
            else:
                messages.success(request, _("Thank you: your vote is registered."))
                return redirect("deliberation:vote-ballot", slug=assembly.slug, pk=vote.pk)
    elif request.method == "POST":
        messages.error(request, _refusal(voting.VotingError("not-open")))
        return redirect("deliberation:vote-ballot", slug=assembly.slug, pk=vote.pk)
    my_rows = (
        [
            (row, answer_label(vote.kind, mine[row.item.pk]))
            for row in count.rows
            if row.item.pk in mine
        ]
        if mine
        else []
    )
    if vote.kind == Vote.Kind.RANKING and mine:
        my_rows.sort(key=lambda pair: mine.get(pair[0].item.pk, 0))
    return render(
        request,
        "deliberation/votes/ballot.html",
        {
            "assembly": assembly,
            "vote": vote,
            "member": member,
            "form": form,
            "rows": count.rows,
            "my_rows": my_rows,
            "shown": present(count) if vote.status == Vote.Status.CLOSED else None,
            "rule_text": rule_text(vote),
        },
    )


# --- the projector --------------------------------------------------------------------------


@never_cache
def projector(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    assembly = get_assembly(slug)
    vote = _vote(assembly, pk)
    count = voting.count_vote(vote)
    return render(
        request,
        "deliberation/votes/projector.html",
        {
            "assembly": assembly,
            "vote": vote,
            "shown": present(count),
            "rule_text": rule_text(vote),
            "poll_ms": POLL_MILLISECONDS,
        },
    )


@never_cache
def tally(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """The projector's live count: a few small queries, never cached."""
    assembly = get_assembly(slug)
    vote = _vote(assembly, pk)
    return JsonResponse(present(voting.count_vote(vote)))

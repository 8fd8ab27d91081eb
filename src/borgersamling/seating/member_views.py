"""A member states, on their own page, whether they will host or scribe and which theme
tables they wish for; the secretariat sees and can change the same answers on its
preferences page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from borgersamling.assemblies.member_views import member_of, render_me
from borgersamling.assemblies.views import get_assembly
from borgersamling.seating import preferences
from borgersamling.seating.forms import PreferenceForm


def my_wishes(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_assembly(slug)
    member = member_of(request.user.pk, assembly)
    if member is None:
        if not request.user.is_authenticated:
            # After the code login, back to the page with the form (this URL only takes POST).
            return redirect_to_login(
                reverse("members:me", kwargs={"slug": slug}),
                login_url=reverse("accounts:login-code"),
            )
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    tables = list(assembly.theme_tables.order_by("number"))
    form = PreferenceForm(request.POST, prefix="wishes", tables=tables)
    if not form.is_valid():
        return render_me(request, assembly, wishes_form=form, status=400)
    preferences.save(assembly, [(member, form.wishes())])
    messages.success(request, _("Your wishes are saved. Thank you!"))
    return redirect(reverse("members:me", kwargs={"slug": slug}) + "#my-wishes")

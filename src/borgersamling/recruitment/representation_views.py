"""The public representation report: how the assembly mirrors the municipality."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from borgersamling.assemblies.models import Assembly
from borgersamling.recruitment.representation import FeatureShares, representation
from borgersamling.recruitment.representation_chart import BarGroup, grouped_bar_chart
from borgersamling.recruitment.services import recruitment_of


def series_names() -> list[str]:
    return [_("Municipality"), _("Sign-ups"), _("Assembly")]


def feature_chart(feature: FeatureShares, index: int) -> str:
    """One criterion's chart as SVG markup (its texts are escaped by the chart module)."""
    groups = [
        BarGroup(value.label, (value.municipality, value.signups, value.assembly))
        for value in feature.values
    ]
    description = _(
        "Bar chart: for each answer, its share of the municipality, of the sign-ups and of "
        "the assembly, in percent. The numbers are in the table below."
    )
    return grouped_bar_chart(
        chart_id=f"representation-{index}",
        title=_("Lottery – %(criterion)s") % {"criterion": feature.label.lower()},
        description=description,
        series=series_names(),
        groups=groups,
    )


@require_GET
def representation_page(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_object_or_404(Assembly, slug=slug)
    report = representation(recruitment_of(assembly))
    charts = [
        # The chart module escapes every text it is given.
        (feature, mark_safe(feature_chart(feature, index)))
        for index, feature in enumerate(report.features, start=1)
    ]
    context = {
        "assembly": assembly,
        "report": report,
        "charts": charts,
        "series": series_names(),
    }
    return render(request, "recruitment/representation/report.html", context)

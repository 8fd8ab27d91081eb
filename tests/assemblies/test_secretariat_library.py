"""The secretariat edits the helpers and the library's data series: pages for the right people
only, CSV points read with errors that name the line, and a series stored all or nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from borgersamling.assemblies.models import Assembly, Helper
from borgersamling.library import services as library_services
from borgersamling.library.models import DataPoint, DataSeries
from borgersamling.library.services import Point, PointsError, parse_points
from tests.assemblies.factories import make_series
from tests.assemblies.test_secretariat import client_for


def url(assembly: Assembly, name: str, **kwargs: object) -> str:
    return reverse(f"assemblies:secretariat:{name}", kwargs={"slug": assembly.slug, **kwargs})


@pytest.fixture
def facilitator(assembly: Assembly) -> Client:
    client = client_for(assembly, "facilitator")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def series_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "Befolkningsprognose",
        "slug": "",
        "description": "",
        "y_label": "Indeks",
        "source": "Danmarks Statistik",
        "points": "line,x,y\n0-17,2025,100\n0-17,2035,96.5\n80+,2025,100\n80+,2035,151\n",
    }
    return data | changes


# --- reading the points ---------------------------------------------------------------------


@pytest.fixture
def english() -> Iterator[None]:
    """Outside a request the active language is whatever ran last; pin it."""
    with translation.override("en"):
        yield


def test_points_are_read_with_header_blank_lines_quotes_and_decimal_commas() -> None:
    text = 'line,x,y\n\n80+, 2025, 100\n"65-79",2025,"101,5"\n80+,2030,120.25\n'
    assert parse_points(text) == [
        Point("80+", 2025, 100.0),
        Point("65-79", 2025, 101.5),
        Point("80+", 2030, 120.25),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("80+,2025", "Line 1: expected three values"),
        ("line,x,y\n80+,2025,100\n80+,2030,101,5", "Line 3: four values where three"),
        ("\n,2025,100", "Line 2: the name of the line is missing."),
        ("80+,år,100", "Line 1: x must be a whole number such as a year, not “år”."),
        ("80+,2025.5,100", "Line 1: x must be a whole number"),
        ("80+,2025,mange", "Line 1: y must be a number, not “mange”."),
        ("80+,2025,nan", "Line 1: y must be a number"),
        ("80+,2025,1\n0-17,2025,2\n80+,2025,3", "Line 3: 80+ 2025 is already given on line 1."),
        (f"{'x' * 101},2025,1", "Line 1: the name of the line is longer than 100 characters."),
        ("line,x,y\n\n", "Give at least one data point"),
    ],
)
@pytest.mark.usefixtures("english")
def test_wrong_points_are_named_by_their_line(text: str, message: str) -> None:
    with pytest.raises(PointsError) as caught:
        parse_points(text)
    assert any(message in m for m in caught.value.messages), caught.value.messages


@pytest.mark.usefixtures("english")
def test_every_wrong_line_is_reported_at_once() -> None:
    with pytest.raises(PointsError) as caught:
        parse_points("a,2025,1\nb,x,1\nc,2025,y\nd,2025,4")
    assert [m.split(":")[0] for m in caught.value.messages] == ["Line 2", "Line 3"]


# --- the pages ------------------------------------------------------------------------------


def test_adding_a_data_series_stores_its_points_and_charts_it(
    assembly: Assembly, facilitator: Client, client: Client
) -> None:
    make_series(assembly, {"a": {2025: 1}}, slug="befolkningsprognose", order=1)
    response = facilitator.post(url(assembly, "row-new", kind="series"), series_data())
    assert response.status_code == 302
    series = DataSeries.objects.get(assembly=assembly, title="Befolkningsprognose")
    # The slug comes from the title, made unique in the assembly.
    assert series.slug == "befolkningsprognose-2"
    assert series.order == 2
    assert [(p.line, p.line_order, p.x, p.y) for p in series.points.all()] == [
        ("0-17", 0, 2025, 100.0),
        ("0-17", 0, 2035, 96.5),
        ("80+", 1, 2025, 100.0),
        ("80+", 1, 2035, 151.0),
    ]
    library = client.get(reverse("library:index", kwargs={"slug": assembly.slug}))
    assert 'id="series-befolkningsprognose-2"' in library.content.decode()


def test_editing_a_data_series_shows_its_points_and_replaces_them(
    assembly: Assembly, facilitator: Client
) -> None:
    series = make_series(assembly, {"80+": {2025: 100, 2035: 151.5}, "0-17": {2025: 100}})
    edit = url(assembly, "row-edit", kind="series", pk=series.pk)
    page = facilitator.get(edit)
    assert page.status_code == 200
    assert page.context["form"]["points"].value() == (
        "line,x,y\n80+,2025,100\n80+,2035,151.5\n0-17,2025,100\n"
    )
    response = facilitator.post(
        edit, series_data(title="Ny titel", slug=series.slug, points="65+,2025,1\n65+,2030,2")
    )
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Ny titel"
    assert list(series.points.values_list("line", "x", "y")) == [
        ("65+", 2025, 1.0),
        ("65+", 2030, 2.0),
    ]


def test_wrong_points_are_shown_at_the_field_and_change_nothing(
    assembly: Assembly, facilitator: Client
) -> None:
    series = make_series(assembly, {"80+": {2025: 100}})
    before = list(DataPoint.objects.values_list("line", "x", "y"))
    response = facilitator.post(
        url(assembly, "row-edit", kind="series", pk=series.pk),
        series_data(title="Ændret", slug=series.slug, points="line,x,y\n80+,2025,100\n80+,2030,"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Line 3: y must be a number, not “”." in html
    assert 'id="id_points_error"' in html
    series.refresh_from_db()
    assert series.title != "Ændret"
    assert list(DataPoint.objects.values_list("line", "x", "y")) == before


def test_a_slug_taken_in_the_assembly_is_refused(assembly: Assembly, facilitator: Client) -> None:
    make_series(assembly, {"a": {2025: 1}}, slug="prognose")
    response = facilitator.post(
        url(assembly, "row-new", kind="series"), series_data(slug="prognose")
    )
    assert response.status_code == 400
    assert "Another data series already has this name." in response.content.decode()
    assert DataSeries.objects.filter(assembly=assembly).count() == 1


def test_a_series_is_stored_all_or_nothing(
    assembly: Assembly, facilitator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    series = make_series(assembly, {"80+": {2025: 100}})

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(DataPoint.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        library_services.save_series(
            DataSeries.objects.get(pk=series.pk),
            [Point("ny", 2030, 1.0)],
            DataSeries.objects.filter(assembly=assembly),
        )
    series.refresh_from_db()
    assert list(series.points.values_list("line", "x")) == [("80+", 2025)]


def test_deleting_a_series_deletes_its_points(assembly: Assembly, facilitator: Client) -> None:
    series = make_series(assembly, {"80+": {2025: 100, 2030: 110}})
    response = facilitator.post(url(assembly, "row-delete", kind="series", pk=series.pk))
    assert response.status_code == 302
    assert not DataSeries.objects.filter(pk=series.pk).exists()
    assert not DataPoint.objects.filter(series_id=series.pk).exists()


def test_helpers_are_added_edited_and_shown_on_the_home_page(
    assembly: Assembly, facilitator: Client, client: Client
) -> None:
    Helper.objects.create(assembly=assembly, name="Første", order=1)
    response = facilitator.post(
        url(assembly, "row-new", kind="helpers"),
        {"name": "Ea Ekspert", "title": "Professor", "role": "Oplægsholder", "organisation": ""},
    )
    assert response.status_code == 302
    helper = Helper.objects.get(assembly=assembly, name="Ea Ekspert")
    assert helper.order == 2
    assert response["Location"].endswith(f"/secretariat/helpers/#row-{helper.pk}")

    edit = url(assembly, "row-edit", kind="helpers", pk=helper.pk)
    refused = facilitator.post(edit, {"name": "", "title": "Professor"})
    assert refused.status_code == 400
    assert 'id="id_name_error"' in refused.content.decode()

    saved = facilitator.post(edit, {"name": "Ea Ekspert", "title": "Lektor", "role": "Rådgiver"})
    assert saved.status_code == 302
    home = client.get(reverse("assemblies:home", kwargs={"slug": assembly.slug})).content.decode()
    assert "Ea Ekspert" in home
    assert "Lektor" in home


@pytest.mark.parametrize("kind", ["helpers", "series"])
@pytest.mark.parametrize(
    ("visitor", "status"),
    [("anonymous", 302), ("member", 403), ("other-facilitator", 403), ("administrator", 200)],
)
def test_only_the_secretariat_edits_helpers_and_series(
    assembly: Assembly, kind: str, visitor: str, status: int
) -> None:
    client = client_for(assembly, visitor)
    assert client.get(url(assembly, "collection", kind=kind)).status_code == status
    assert client.get(url(assembly, "row-new", kind=kind)).status_code == status
    posted = client.post(url(assembly, "row-new", kind=kind), series_data(name="X"))
    assert posted.status_code == (302 if status == 200 else status)
    assert Helper.objects.count() + DataSeries.objects.count() == (1 if status == 200 else 0)


def test_the_dashboard_links_helpers_and_data_series(demo: Assembly) -> None:
    html = client_for(demo, "facilitator").get(url(demo, "dashboard")).content.decode()
    assert "/secretariat/helpers/" in html
    assert "/secretariat/series/" in html
    assert "Dataserier" in html
    assert "Hjælpere" in html


def test_point_errors_are_in_danish_by_default(assembly: Assembly) -> None:
    response = client_for(assembly, "facilitator").post(
        url(assembly, "row-new", kind="series"), series_data(points="80+,2025,mange")
    )
    assert response.status_code == 400
    assert "Linje 1: y skal være et tal, ikke “mange”." in response.content.decode()

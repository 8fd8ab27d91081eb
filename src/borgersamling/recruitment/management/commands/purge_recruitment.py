"""``borgersamling manage purge_recruitment``: the retention period's deletion, run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from borgersamling.recruitment.models import Recruitment
from borgersamling.recruitment.privacy import PurgeReport, purge
from borgersamling.site import clock

HELP = """Anonymise the personal data of sign-ups who were not drawn (in the pool or withdrawn)
once the retention period after the draw is over, and delete the population extract
(the residents). Numbers, features and statuses are kept, so the representation report's
anonymous counts stay the same. Run it daily; a second run changes nothing.
Reserves still in the pool are anonymised too, so from then on they can no longer be
asked to fill a seat: set the retention period long enough for the replacements.

People who were drawn (drawn, confirmed, declined, dropped out) keep their data: the
secretariat may still need to reach them while seats are being replaced and the sessions
run, and the members' own accounts depend on it. Their data is erased on request from the
secretariat's privacy pages.

Before the retention period has passed nothing happens, and the command says so."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted; change nothing"
        )
        parser.add_argument("--assembly", metavar="SLUG", help="only this assembly")

    def handle(self, *args: Any, **options: Any) -> None:
        recruitments = Recruitment.objects.select_related("assembly").order_by("assembly__slug")
        slug = options["assembly"]
        if slug:
            recruitments = recruitments.filter(assembly__slug=slug)
            if not recruitments.exists():
                raise CommandError(f"no recruitment for the assembly '{slug}'")
        now = clock.now()
        for recruitment in recruitments:
            self._say(purge(recruitment, now=now, dry_run=options["dry_run"]))

    def _say(self, report: PurgeReport) -> None:
        name = report.recruitment.assembly.slug
        if report.drawn_at is None:
            self.stdout.write(f"{name}: no panel drawn yet; nothing to delete.")
            return
        if not report.due:
            assert report.due_at is not None
            self.stdout.write(
                f"{name}: drawn {report.drawn_at:%Y-%m-%d}; the retention period runs until "
                f"{report.due_at:%Y-%m-%d %H:%M}. Nothing deleted."
            )
            return
        if not report.changed:
            self.stdout.write(f"{name}: nothing left to delete (already purged).")
            return
        verb = "would anonymise" if report.dry_run else "anonymised"
        numbers = ", ".join(f"#{n}" for n in report.anonymised) or "none"
        self.stdout.write(
            f"{name}: {verb} {len(report.anonymised)} sign-ups not drawn ({numbers}); "
            f"{'would delete' if report.dry_run else 'deleted'} {report.residents} residents of "
            f"the population extract and unlinked {report.invitations} invitations from them."
        )
        if report.dry_run:
            self.stdout.write("Dry run: nothing was changed.")

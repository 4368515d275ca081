import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from integration_portal import scale

EXIT_NOT_EMPTY = 2
FEWEST_ORGANISATIONS = 20  # the national bodies and networks come first


def count(minimum: int):
    def parse(value: str) -> int:
        number = int(value)
        if number < minimum:
            raise ValueError(value)
        return number

    parse.__name__ = f"nombre entier d'au moins {minimum}"
    return parse


class Command(BaseCommand):
    help = (
        "Remplit une base vide (après migrate) de données générées à l'échelle nationale : "
        "structures, dispositifs, programmes, financements, événements, dans tous les "
        "départements. Les mêmes données pour une même graine et un même jour. Code de "
        "sortie 2 si la base contient déjà des structures, programmes ou événements."
    )

    def add_arguments(self, parser):
        defaults = scale.Sizes()
        parser.add_argument(
            "--organisations",
            type=count(FEWEST_ORGANISATIONS),
            default=defaults.organisations,
            help=f"nombre de structures (défaut : {defaults.organisations})",
        )
        parser.add_argument(
            "--programmes",
            type=count(0),
            default=defaults.programmes,
            help=f"nombre de programmes (défaut : {defaults.programmes})",
        )
        parser.add_argument(
            "--events",
            type=count(0),
            default=defaults.events,
            help=f"nombre d'événements (défaut : {defaults.events})",
        )
        parser.add_argument("--seed", type=int, default=1, help="graine du tirage (défaut : 1)")

    def handle(self, *args, organisations, programmes, events, seed, **options):
        sizes = scale.Sizes(organisations, programmes, events)
        started = time.perf_counter()
        interactive = self.stderr.isatty()

        def progress(label, written):
            line = f"{label} : {written:,} lignes ({time.perf_counter() - started:.0f} s)"
            line = line.replace(",", "\u202f")
            if interactive:
                self.stderr.write(f"\r\033[K{line}", ending="", style_func=str)
            else:
                self.stderr.write(line)

        try:
            written = scale.generate(sizes, seed, timezone.localdate(), progress)
        except scale.NotEmpty as error:
            raise CommandError(str(error), returncode=EXIT_NOT_EMPTY) from None
        if interactive:
            self.stderr.write("\r\033[K", ending="", style_func=str)
        summary = ", ".join(f"{count} {label}" for label, count in written.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Données générées en {time.perf_counter() - started:.0f} s : {summary}."
            )
        )

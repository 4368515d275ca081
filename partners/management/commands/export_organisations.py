import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partners.models import Organisation
from partners.resources import FORMATS_BY_NAME, OrganisationResource


class Command(BaseCommand):
    help = (
        "Exporte les structures dans la forme du portail (CSV, XLSX ou JSON), que l'import relit "
        "sans changement. Par défaut : les structures publiées (données ouvertes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS_BY_NAME), default="csv")
        parser.add_argument(
            "--output", "-o", help="fichier de sortie (par défaut : la sortie standard)"
        )
        parser.add_argument(
            "--all", action="store_true", help="toutes les structures, publiées ou non"
        )

    def handle(self, *args, format, output, all, **options):
        queryset = Organisation.objects.all() if all else Organisation.objects.published()
        dataset = OrganisationResource().export(queryset.order_by("name", "id"))
        data = FORMATS_BY_NAME[format]().export_data(dataset)
        if isinstance(data, str):
            data = data.encode("utf-8")
        if output:
            try:
                Path(output).write_bytes(data)
            except OSError as error:
                raise CommandError(f"Impossible d'écrire {output} : {error.strerror}.") from None
            self.stderr.write(f"{len(dataset)} structures exportées dans {output}.")
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

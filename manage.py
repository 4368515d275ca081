#!/usr/bin/env python
"""Django's command-line utility for the portail de l'intégration.

From a checkout it uses the development settings (project-local database, demo allowed);
servers set DJANGO_SETTINGS_MODULE=integration_portal.settings.production.
"""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings.development")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:  # a setting is missing or malformed: say which
        sys.exit(f"Configuration incomplète : {error}")


if __name__ == "__main__":
    main()

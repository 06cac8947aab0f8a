#!/usr/bin/env python
import importlib
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spacecinema.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # Loaded first so a missing setting reads as one sentence, not a traceback.
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

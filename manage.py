#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spacecinema.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A missing setting (SECRET_KEY above all) reads as one sentence, not a traceback.
        sys.exit(f"manage.py: {error}")


if __name__ == "__main__":
    main()

from django.apps import AppConfig
from django.conf import settings


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from PIL import Image

        # Connects the signals that keep cached pages fresh, in every process that saves content.
        from . import cache  # noqa: F401

        # Pillow warns past this many pixels and refuses at twice as many: a decompression bomb
        # cannot exhaust memory even where our own validator is not in the way.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

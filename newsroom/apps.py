from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_save


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from PIL import Image

        from .models import remember_former_slug

        # Connected once every app's models are loaded, so it runs after the rules that fill in
        # a slug on save (tags' give_tag_a_slug): it compares the slug that will be saved.
        pre_save.connect(remember_former_slug, dispatch_uid="newsroom.remember_former_slug")

        # Pillow warns past this many pixels and refuses at twice as many: a decompression bomb
        # cannot exhaust memory even where our own validator is not in the way.
        Image.MAX_IMAGE_PIXELS = settings.MAX_IMAGE_PIXELS

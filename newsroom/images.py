"""Image uploads: validation, and the fixed-size renditions pages use in `srcset`.

Renditions are made once, when an image is saved, under names derived from the
original's name and width; pages compute their URLs without touching storage.
"""

import io
import posixpath
import re
import warnings
from typing import NamedTuple

import reversion
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
from django.utils.crypto import get_random_string
from PIL import Image, ImageOps

from .links import absolute_url

RENDITION_WIDTHS = (320, 640, 960, 1280)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# The most pixels a WebP image, and so a rendition, may have on either side.
WEBP_MAX_SIDE = 16383


def validate_image(file):
    """Refuse uploads that are too heavy, too large or not a raster format we serve."""
    if getattr(file, "_committed", False):
        return
    if file.size > settings.MAX_IMAGE_BYTES:
        raise ValidationError(
            "This file is %(size)s; images may be at most %(limit)s.",
            code="too_big",
            params={
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.MAX_IMAGE_BYTES),
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                width, height = image.size
                kind = image.format
                # Decoded now, so a file that opens but breaks off gets a form error here
                # rather than failing its renditions after the save. A JPEG decodes at an
                # eighth of its size: the whole stream is still read.
                image.draft(None, (1, 1))
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This image has more than %(limit)s megapixels.",
            code="too_many_pixels",
            params={"limit": settings.MAX_IMAGE_PIXELS // 1_000_000},
        ) from None
    except Exception:
        raise ValidationError(
            "This image could not be read: upload a whole JPEG, PNG, WebP or GIF file.",
            code="not_an_image",
        ) from None
    finally:
        file.seek(position)
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(kind)s images are not accepted; upload a JPEG, PNG, WebP or GIF.",
            code="format",
            params={"kind": kind},
        )
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels; the limit is %(limit)s megapixels.",
            code="too_many_pixels",
            params={
                "width": width,
                "height": height,
                "limit": settings.MAX_IMAGE_PIXELS // 1_000_000,
            },
        )
    if not rendition_widths(width, height):
        raise ValidationError(
            "This image is %(width)s×%(height)s pixels, too tall and narrow to show: crop it "
            "to at most %(ratio)s times as tall as it is wide.",
            code="too_narrow",
            params={"width": width, "height": height, "ratio": f"{WEBP_MAX_SIDE:,}"},
        )


def _dimensions(fieldfile):
    field = fieldfile.field
    return (
        getattr(fieldfile.instance, field.width_field) or 0,
        getattr(fieldfile.instance, field.height_field) or 0,
    )


def rendition_widths(original_width, original_height):
    """The widths an image is rendered at; none if even 1 px wide it is too tall for WebP."""
    largest = min(
        original_width, RENDITION_WIDTHS[-1], WEBP_MAX_SIDE * original_width // original_height
    )
    if largest < 1:
        return []
    return [width for width in RENDITION_WIDTHS if width < largest] + [largest]


def rendition_height(original_width, original_height, width):
    """A very wide image still gets renditions at least 1 px high."""
    return max(1, round(original_height * width / original_width))


def rendition_name(name, width):
    stem, _ = posixpath.splitext(name)
    return f"renditions/{stem}-{width}w.webp"


class StoredImage(NamedTuple):
    """An uploaded image as a lean query reads it: its name in storage and its size."""

    name: str
    width: int
    height: int

    @classmethod
    def of_row(cls, row, field):
        """The image in a values() row's `field` (with `<field>_width`, `<field>_height`), or
        None."""
        if not row[field]:
            return None
        return cls(row[field], row[f"{field}_width"] or 0, row[f"{field}_height"] or 0)


def renditions(image):
    """[(url, width, height), ...] for an image field or a StoredImage, smallest first; empty
    without an image."""
    if not image:
        return []
    if isinstance(image, StoredImage):
        name, width, height = image
    else:
        name, (width, height) = image.name, _dimensions(image)
    if not name or not width or not height:
        return []
    widths = rendition_widths(width, height)
    return [
        (url, w, rendition_height(width, height, w))
        for url, w in zip(rendition_urls(name, widths), widths, strict=True)
    ]


# Stands for the width in a rendition's name, to find where the width goes in its URL.
_WIDTH_MARK = "0width0"


def rendition_urls(name, widths):
    """The URLs of the renditions of `name` at `widths`.

    The file system's storage joins a name to MEDIA_URL with urljoin(), the slow part of a
    picture: the renditions' URLs differ only by width, so one URL is asked of it and the others
    written from it. Another storage (signed URLs) is asked for each.
    """
    storage = storages["default"]
    if type(storage) is FileSystemStorage:
        marked = storage.url(rendition_name(name, _WIDTH_MARK))
        if marked.count(_WIDTH_MARK) == 1:
            before, _, after = marked.partition(_WIDTH_MARK)
            return [f"{before}{width}{after}" for width in widths]
    return [storage.url(rendition_name(name, width)) for width in widths]


def share_image_url(fieldfile):
    """The whole address of the picture a page shares in link previews and JSON-LD: the image's
    largest rendition, the size previews ask for; "" without one (no picture is shared)."""
    sizes = renditions(fieldfile)
    return absolute_url(sizes[-1][0]) if sizes else ""


def make_renditions(fieldfile, made=None):
    """Re-encode the original as WebP at each rendition width.

    Storage never overwrites an upload (a new file gets a new name), so renditions already
    made for this name are still right and are left alone. The names written are appended
    to `made` as they are written, so a caller can take them back if a later one fails.
    """
    made = [] if made is None else made
    fieldfile.open("rb")
    try:
        with Image.open(fieldfile) as original:
            missing = [
                width
                for width in rendition_widths(original.width, original.height)
                if not default_storage.exists(rendition_name(fieldfile.name, width))
            ]
            if not missing:
                return made
            image = ImageOps.exif_transpose(original)
            image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
            for width in missing:
                # The EXIF turn can make the picture taller than the stored size says.
                height = min(rendition_height(image.width, image.height, width), WEBP_MAX_SIDE)
                resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", quality=80, method=2)
                made.append(
                    default_storage.save(
                        rendition_name(fieldfile.name, width), ContentFile(buffer.getvalue())
                    )
                )
    finally:
        fieldfile.close()
    return made


def _rendition_files(name):
    """The renditions stored under `name`'s stem, perhaps made for another format."""
    folder, stem = posixpath.split(rendition_name(name, 0).removesuffix("-0w.webp"))
    pattern = re.compile(rf"{re.escape(stem)}-\d+w\.webp")
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [posixpath.join(folder, file) for file in files if pattern.fullmatch(file)]


def _has_renditions(name):
    return bool(_rendition_files(name))


def claim_rendition_names(fieldfile):
    """Rename an upload not yet stored so that no other image's renditions bear its stem.

    Storage keeps "portrait.jpg" beside "portrait.png", but renditions are named by the
    stem: the second would have shown the first one's picture.
    """
    stem, extension = posixpath.splitext(posixpath.basename(fieldfile.name))
    name = posixpath.basename(fieldfile.name)
    while _has_renditions(fieldfile.field.generate_filename(fieldfile.instance, name)):
        name = f"{stem}_{get_random_string(7)}{extension}"
    fieldfile.name = name


class RenditionsMixin:
    """Makes renditions for the image fields in `rendition_fields` when a new file is saved."""

    rendition_fields = ()

    @property
    def share_image(self):
        """The picture pages share for this (a lead image, photo, logo or poster): its first
        image field's, by `share_image_url()`."""
        return share_image_url(getattr(self, self.rendition_fields[0]))

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # The raw stored names, read before the file descriptor wraps them (and without
        # loading deferred fields): a save compares against these to spot a new image.
        instance._stored_image_names = {
            name: str(instance.__dict__[name] or "")
            for name in cls.rendition_fields
            if name in instance.__dict__
        }
        return instance

    def _new_images(self):
        stored = getattr(self, "_stored_image_names", {})
        fresh = []
        for name in self.rendition_fields:
            if self._state.adding is False and name not in stored and name not in self.__dict__:
                continue
            image = getattr(self, name)
            if image and (not image._committed or image.name != stored.get(name)):
                fresh.append(name)
        return fresh

    def save(self, *args, **kwargs):
        fresh = self._new_images()
        for name in fresh:
            # FieldFile.save() with a nameless ContentFile leaves the size fields empty.
            self._meta.get_field(name).update_dimension_fields(self, force=True)
        # Uploads not yet in storage: this save writes them, and their renditions.
        uploads = [getattr(self, name) for name in fresh if not getattr(self, name)._committed]
        for upload in uploads:
            claim_rendition_names(upload)
        renditions_made = []
        try:
            # One transaction with the renditions: a row is never left naming a missing file.
            with transaction.atomic(using=kwargs.get("using")):
                super().save(*args, **kwargs)
                for name in fresh:
                    make_renditions(getattr(self, name), made=renditions_made)
        except BaseException:
            stored_uploads = [upload.name for upload in uploads if upload._committed]
            for path in [*stored_uploads, *renditions_made]:
                default_storage.delete(path)
            raise
        stored = getattr(self, "_stored_image_names", {})
        discard_when_unused(
            type(self),
            [
                stored[name]
                for name in self.rendition_fields
                if stored.get(name)
                and name in self.__dict__
                and getattr(self, name).name != stored[name]
            ],
        )
        self._stored_image_names = {
            name: getattr(self, name).name or ""
            for name in self.rendition_fields
            if name in self.__dict__
        }


@receiver(post_delete)
def discard_images_of_deleted_rows(sender, instance, **kwargs):
    if isinstance(instance, RenditionsMixin):
        # Only what was loaded: a deferred field cannot be read from a deleted row.
        loaded = [
            instance.__dict__[name] for name in sender.rendition_fields if name in instance.__dict__
        ]
        discard_when_unused(sender, [str(image or "") for image in loaded])


def discard_when_unused(model, names):
    """Once the transaction commits, delete these originals, and their renditions, if no row
    shows them any more.

    A model with a revision history keeps them: restoring a revision or a deleted row brings
    its image back.
    """
    names = [name for name in names if name]
    if names and not reversion.is_registered(model):
        transaction.on_commit(lambda: _discard_unused(names))


def _discard_unused(names):
    image_fields = [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, RenditionsMixin)
        for field in model.rendition_fields
    ]
    for name in names:
        stem = posixpath.splitext(name)[0]
        # Names sharing the stem share renditions (uploads before claim_rendition_names).
        in_use = {
            other
            for model, field in image_fields
            for other in model._default_manager.filter(
                **{f"{field}__startswith": stem}
            ).values_list(field, flat=True)
            if posixpath.splitext(other)[0] == stem
        }
        if name in in_use:
            continue
        default_storage.delete(name)
        if not in_use:
            for rendition in _rendition_files(name):
                default_storage.delete(rendition)

"""Image uploads: validation, and the fixed-size renditions pages use in `srcset`.

An upload is stored under a name that carries a digest of its content
(`people/portrait.0123456789abcdef.jpg`), and its renditions are made once, when it is saved,
under names derived from that name, the width and the way renditions are encoded
(`renditions/people/portrait.0123456789abcdef-640w.v1.webp`). Pages compute their URLs without
touching storage, and a name always stands for the same bytes: browsers and CDNs may keep them
for ever (spacecinema/media.py), and a new picture gets new names. Images stored before names
carried digests keep their names and renditions (`renditions/people/portrait-640w.webp`) until
their app's migration gives them digest names.
"""

import hashlib
import io
import json
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
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.template.defaultfilters import filesizeformat
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


# Hex digits of an original's SHA-256 its name carries: enough that no two pictures ever meet.
DIGEST_LENGTH = 16
# Part of every rendition's name: raise it, with a migration that makes every image's
# renditions again (make_missing_renditions), when renditions are made differently (widths
# aside), so no browser keeps the old bytes under a name that now means new ones.
RENDITION_ENCODING = 1
_DIGEST = rf"\.[0-9a-f]{{{DIGEST_LENGTH}}}"
# "portrait.0123456789abcdef.jpg": the stem ends with the digest, then the extension if any.
_DIGEST_NAMED = re.compile(rf"(?P<stem>.*{_DIGEST})(?P<extension>\.[^./]*)?")
# Originals and renditions named by their content: served as never changing.
_CONTENT_NAMED = re.compile(rf".*{_DIGEST}(?:\.[^./]*|-\d+w\.v\d+\.webp)?")


def content_digest(file):
    """The first DIGEST_LENGTH hex digits of the SHA-256 of a file's content."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()[:DIGEST_LENGTH]


def digest_name(name, digest, max_length=None):
    """`name` with `digest` before its extension (instead of any digest it carried), the
    stem cut if the whole would be longer than `max_length`."""
    folder, base = posixpath.split(name)
    named = _DIGEST_NAMED.fullmatch(base)
    if named:
        stem, extension = named["stem"][: -DIGEST_LENGTH - 1], named["extension"] or ""
    else:
        stem, extension = posixpath.splitext(base)
    suffix = f".{digest}{extension}"
    if max_length is not None:
        room = max_length - len(suffix) - (len(folder) + 1 if folder else 0)
        stem = stem[: max(room, 1)]
    return posixpath.join(folder, f"{stem}{suffix}")


def is_content_named(name):
    """Whether `name` (an original or a rendition) carries the digest of its content."""
    return _CONTENT_NAMED.fullmatch(name) is not None


def rendition_name(name, width):
    named = _DIGEST_NAMED.fullmatch(name)
    if named:
        return f"renditions/{named['stem']}-{width}w.v{RENDITION_ENCODING}.webp"
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
    """Re-encode a saved image field's original as WebP at each rendition width (see
    make_missing_renditions)."""
    fieldfile.open("rb")
    try:
        return _render(fieldfile, fieldfile.name, [] if made is None else made)
    finally:
        fieldfile.close()


def make_missing_renditions(name, made=None):
    """Re-encode the original stored as `name` as WebP at each rendition width.

    A rendition's name stands for its bytes, so renditions already made for this name are
    still right and are left alone. The names written are appended to `made` as they are
    written, so a caller can take them back if a later one fails.
    """
    with default_storage.open(name, "rb") as original:
        return _render(original, name, [] if made is None else made)


def _render(file, name, made):
    with Image.open(file) as original:
        missing = [
            width
            for width in rendition_widths(original.width, original.height)
            if not default_storage.exists(rendition_name(name, width))
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
                default_storage.save(rendition_name(name, width), ContentFile(buffer.getvalue()))
            )
    return made


def _rendition_files(name):
    """The renditions stored for `name`: under its stem, perhaps made for another format
    (names without a digest), or with another encoding."""
    folder, base = posixpath.split(rendition_name(name, 0))
    stem = base.partition("-0w.")[0]
    ending = r"\.v\d+\.webp" if _DIGEST_NAMED.fullmatch(name) else r"\.webp"
    pattern = re.compile(rf"{re.escape(stem)}-\d+w{ending}")
    try:
        _, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [posixpath.join(folder, file) for file in files if pattern.fullmatch(file)]


def name_by_content(fieldfile):
    """Name an upload not yet stored by the digest of its content.

    A new picture gets new names (its renditions' too), however its file was called; the same
    picture uploaded again into the same folder is the file stored already, renditions and all,
    and the row takes it instead of storing a copy.
    """
    field, instance = fieldfile.field, fieldfile.instance
    digest = content_digest(fieldfile.file)
    base = digest_name(posixpath.basename(fieldfile.name), digest)
    name = field.generate_filename(instance, base)
    too_long = len(name) - field.max_length
    if too_long > 0:
        # Cut here, not by storage, which would cut the digest.
        base = digest_name(base, digest, max_length=len(base) - too_long)
        name = field.generate_filename(instance, base)
    if fieldfile.storage.exists(name):
        setattr(instance, field.attname, name)
    else:
        fieldfile.name = base


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
            name_by_content(upload)
        uploads = [upload for upload in uploads if getattr(self, upload.field.attname) is upload]
        # Files stored under other names (by FieldFile.save(), or named by a restored
        # revision): the row shows a copy named by content, the old name is let go below.
        copied, renamed = [], {}
        try:
            for name in fresh:
                image = getattr(self, name)
                if image._committed and not is_content_named(image.name):
                    copy, made = stored_by_content(image.name, image.field.max_length)
                    copied += [copy] if made else []
                    renamed[name] = image.name
                    setattr(self, name, copy)
        except BaseException:
            for path in copied:
                default_storage.delete(path)
            raise
        renditions_made = []
        try:
            # One transaction with the renditions: a row is never left naming a missing file.
            with transaction.atomic(using=kwargs.get("using")):
                super().save(*args, **kwargs)
                for name in fresh:
                    make_renditions(getattr(self, name), made=renditions_made)
        except BaseException:
            stored_uploads = [upload.name for upload in uploads if upload._committed]
            for path in [*stored_uploads, *copied, *renditions_made]:
                default_storage.delete(path)
            raise
        stored = getattr(self, "_stored_image_names", {})
        discard_when_unused(
            type(self),
            [
                *(
                    stored[name]
                    for name in self.rendition_fields
                    if stored.get(name)
                    and name in self.__dict__
                    and getattr(self, name).name != stored[name]
                ),
                *(old for field, old in renamed.items() if old != stored.get(field)),
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
    fields = image_fields()
    for name in names:
        stem = posixpath.splitext(name)[0]
        # Names sharing the stem share renditions: one picture under two extensions, or
        # uploads from before names carried digests (portrait.jpg beside portrait.png).
        in_use = {
            other
            for model, field in fields
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


# Stored images named again by content, and unused ones pruned ---------------------------------

BATCH = 1000


def give_content_names(model, field_name):
    """Have `model`'s rows name the image in `field_name` by its content's digest, with its
    renditions made: for migrations, which pass their historical model. Returns the keys of the
    rows changed.

    Each original is copied to its new name once, however many rows show it. The old files
    stay where they are: revisions may name them, and prune_media takes them once nothing
    does. A row whose file is missing or no longer reads as an image keeps its name.
    """
    field = model._meta.get_field(field_name)
    rows = model._base_manager.exclude(**{field_name: ""}).exclude(
        **{f"{field_name}__isnull": True}
    )
    showing = {}
    for pk, name in rows.values_list("pk", field_name).iterator():
        showing.setdefault(name, []).append(pk)
    changed = []
    for name, pks in showing.items():
        renamed = _content_named_copy(name, field.max_length)
        if renamed is None or renamed == name:
            continue
        for start in range(0, len(pks), BATCH):
            model._base_manager.filter(pk__in=pks[start : start + BATCH]).update(
                **{field_name: renamed}
            )
        changed += pks
    return sorted(changed)


def _content_named_copy(name, max_length):
    """The name of a copy of original `name` under its content's digest, with renditions; None
    if it cannot be read as an image."""
    try:
        renamed, _ = stored_by_content(name, max_length)
        make_missing_renditions(renamed)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return renamed


def stored_by_content(name, max_length=None):
    """(The name of original `name` stored under its content's digest, whether this stored
    it): the same picture stored already is not stored again."""
    with default_storage.open(name, "rb") as original:
        renamed = digest_name(name, content_digest(original), max_length)
        if renamed == name or default_storage.exists(renamed):
            return renamed, False
        return default_storage.save(renamed, original, max_length=max_length), True


def image_fields():
    """[(model, field name)] of every image with renditions."""
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, RenditionsMixin)
        for field in model.rendition_fields
    ]


def media_in_use():
    """The names in media storage a row or a revision names: every file field's file, and the
    renditions of the images pages show, at the widths pages ask for."""
    from reversion.models import Version

    used = set()
    for model in apps.get_models():
        images = getattr(model, "rendition_fields", ())
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            sizes = [field.width_field, field.height_field] if field.name in images else []
            stored = model._base_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for name, *size in stored.values_list(field.attname, *sizes).iterator():
                used |= _with_renditions(name, *size)
        if images and reversion.is_registered(model):
            for fields in _revision_fields(Version.objects.get_for_model(model)):
                for name in images:
                    field = model._meta.get_field(name)
                    used |= _with_renditions(
                        fields.get(name),
                        fields.get(field.width_field),
                        fields.get(field.height_field),
                    )
    return used


def _revision_fields(versions):
    for version in versions.iterator():
        if version.format == "json":
            try:
                yield json.loads(version.serialized_data)[0]["fields"]
            except (ValueError, LookupError, TypeError):
                continue
        else:
            yield version.field_dict


def _with_renditions(name, width=None, height=None):
    if not name:
        return set()
    if not width or not height:
        return {name}
    return {name, *(rendition_name(name, w) for w in rendition_widths(width, height))}


def unused_media(settled_before):
    """The originals and renditions in the image fields' folders that nothing names, last
    written before `settled_before` (a later one may be an upload whose row has not
    committed yet), in order."""
    folders = set()
    for model, name in image_fields():
        upload_to = model._meta.get_field(name).upload_to
        top = str(upload_to).partition("%")[0].strip("/").split("/")[0]
        if top:
            folders |= {top, f"renditions/{top}"}
    used = media_in_use()
    return sorted(
        name
        for folder in folders
        for name in _files_under(folder)
        if name not in used and default_storage.get_modified_time(name) < settled_before
    )


def _files_under(folder):
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        yield posixpath.join(folder, file)
    for inner in folders:
        yield from _files_under(posixpath.join(folder, inner))

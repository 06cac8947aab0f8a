"""The whole newsroom as one zip archive: export_content writes it, import_content reads it.

The archive holds:

- `data/<app>.<model>.jsonl`: the rows of every model of every installed app but those
  left out below, in Django's JSON Lines serialisation, one file a model, in the order they
  load in. Rows keep their primary keys, so links (bylines to logins, edits to editors,
  revisions to articles) survive.
  Content types and permissions are made by `migrate` in every database, under keys of its
  own: rows name them by natural key (`["articles", "article"]`).
- `media/<name>`: every file in media storage that a row names, originals and renditions.
- `manifest.json`, written last: the data files with their row counts, the media files with
  their sizes and SHA-256 digests.

Logins travel with their password hashes: the archive is as sensitive as the database.
Left out are what is not the newsroom's or is rebuilt: sessions, login attempts (axes), the
search index and the articles' write-time values (both rebuilt on import), content types and
permissions (made by `migrate`).

The same data gives the same bytes: rows in key order, links sorted, fixed member times.
"""

import contextlib
import datetime
import hashlib
import io
import json
import posixpath
import zipfile
from collections import defaultdict

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.db.models import Prefetch

from articles import tallies
from newsroom.changes import everything_changed
from newsroom.images import rendition_name, rendition_widths
from search import index

FORMAT = "spacecinema-backup"
VERSION = 2
MANIFEST = "manifest.json"
# Not the newsroom's, or rebuilt from it: see the module's docstring.
LEFT_OUT_APPS = {"contenttypes", "sessions", "axes", "search"}
LEFT_OUT_MODELS = {
    "auth.permission",
    "articles.articletally",
    "articles.feedentry",
    "articles.listentry",
    "articles.relatedarticle",
    "articles.tagcombination",
    "tags.tagcarriers",
}
# Made by migrations before any import: the archive's roles replace them.
REPLACED_MODELS = {Group}
BATCH = 1000
CHUNK = 1024 * 1024
# Members get a fixed time, so an archive's bytes depend on its data alone.
MEMBER_TIME = (1980, 1, 1, 0, 0, 0)


class ContentFileError(Exception):
    pass


class ContentEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds.

    DjangoJSONEncoder cuts them to milliseconds, so 12:00:00.000456 came back from an import
    as 12:00:00 and the next export differed (about once in twenty round trips).
    """

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class RowSerializer(jsonl.Serializer):
    """Django's JSON Lines, with each row's links sorted: the same set reads the same from
    any database, whatever order its keys (or its permissions' keys) came in."""

    def handle_m2m_field(self, obj, field):
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name].sort()


def exported_models():
    """Every model with rows of its own, apps in INSTALLED_APPS order, ready to load in order."""
    chosen = [
        (config, [model for model in config.get_models() if _is_exported(model)])
        for config in apps.get_app_configs()
        if config.label not in LEFT_OUT_APPS
    ]
    return serializers.sort_dependencies(chosen, allow_cycles=True)


def _is_exported(model):
    meta = model._meta
    return meta.managed and not meta.proxy and meta.label_lower not in LEFT_OUT_MODELS


def _names_rows_elsewhere(model, exported):
    """Whether a row links to a model whose rows stay behind: those links go by natural key."""
    meta = model._meta
    return any(
        field.related_model is not None and field.related_model not in exported
        for field in [*meta.fields, *meta.many_to_many]
        if field.is_relation
    )


def _links(model):
    return [
        field
        for field in model._meta.many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    ]


def _rows(model):
    # Each chunk's links come in one query a relation, not one a row.
    prefetches = [
        Prefetch(field.name, queryset=field.related_model._base_manager.order_by("pk"))
        for field in _links(model)
    ]
    queryset = model._base_manager.order_by("pk").prefetch_related(*prefetches)
    return queryset.iterator(chunk_size=2000)


@contextlib.contextmanager
def _snapshot():
    """One consistent view of the database for the whole export, without blocking editors."""
    if connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The newsroom's transactions begin IMMEDIATE (taking the write lock); a deferred one
        # reads one WAL snapshot and lets editors save meanwhile.
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def referenced_media(model_list):
    """Names of the files in media storage that rows name: uploads and their renditions."""
    names = set()
    for model in model_list:
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            with_renditions = field.name in getattr(model, "rendition_fields", ())
            size_fields = (
                [field.width_field, field.height_field]
                if with_renditions and getattr(field, "width_field", None)
                else []
            )
            stored = model._base_manager.exclude(**{field.attname: ""}).exclude(
                **{f"{field.attname}__isnull": True}
            )
            for name, *size in stored.values_list(field.attname, *size_fields).iterator():
                names.add(name)
                if size and all(size):
                    names.update(rendition_name(name, w) for w in rendition_widths(*size))
    return sorted(names)


def _member(name, compress=True):
    info = zipfile.ZipInfo(name, date_time=MEMBER_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def export_content(target):
    """Write the newsroom to `target`, a binary file; returns the manifest."""
    manifest = {"format": FORMAT, "version": VERSION, "data": [], "media": [], "missing": []}
    with zipfile.ZipFile(target, "w") as archive, _snapshot():
        model_list = exported_models()
        exported = set(model_list)
        for model in model_list:
            label = model._meta.label_lower
            member = f"data/{label}.jsonl"
            rows = _Counted(_rows(model))
            with archive.open(_member(member), "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                RowSerializer().serialize(
                    rows,
                    stream=text,
                    cls=ContentEncoder,
                    use_natural_foreign_keys=_names_rows_elsewhere(model, exported),
                )
                text.flush()
                text.detach()
            manifest["data"].append({"model": label, "file": member, "rows": rows.count})
        for name in referenced_media(model_list):
            entry = _export_file(archive, name)
            if entry is None:
                manifest["missing"].append(name)
            else:
                manifest["media"].append(entry)
        archive.writestr(_member(MANIFEST), json.dumps(manifest, indent=2) + "\n")
    return manifest


class _Counted:
    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _export_file(archive, name):
    try:
        source = default_storage.open(name, "rb")
    except FileNotFoundError:
        return None
    digest, size = hashlib.sha256(), 0
    # Pictures are compressed already: stored, not deflated again.
    with source, archive.open(_member(f"media/{name}", compress=False), "w") as target:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def import_content(source):
    """Load an archive into an empty newsroom, all of it or nothing; returns its manifest.

    `source` is a path or a binary file.
    """
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise ContentFileError("not a zip archive written by export_content") from None
    with archive:
        manifest = _read_manifest(archive)
        _check_empty()
        media = _check_media(archive, manifest["media"])
        written = []
        try:
            with transaction.atomic():
                # Files first: an image row without its dimensions reads them from its file.
                for entry in media:
                    written.append(_import_file(archive, entry))
                _load_rows(archive, manifest["data"])
                # Rows went in without signals: the index and the page cache catch up once.
                index.rebuild()
                tallies.rebuild()
                everything_changed()
        except BaseException as error:
            _remove(written)
            if isinstance(error, (DeserializationError, IntegrityError, DatabaseError)):
                raise ContentFileError(str(error).strip().splitlines()[0]) from None
            if isinstance(error, (zipfile.BadZipFile, OSError)):
                raise ContentFileError(str(error)) from None
            raise
    return manifest


def _read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise ContentFileError(f"not a Space Cinema backup: it has no {MANIFEST}") from None
    except (ValueError, zipfile.BadZipFile) as error:
        raise ContentFileError(f"{MANIFEST} is unreadable: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ContentFileError("not a Space Cinema backup")
    if manifest.get("version") != VERSION:
        raise ContentFileError(f"backup version {manifest.get('version')!r} is not {VERSION}")
    names = set(archive.namelist())
    known = {model._meta.label_lower for model in exported_models()}
    data, media = manifest.get("data"), manifest.get("media")
    if not isinstance(data, list) or not isinstance(media, list):
        raise ContentFileError(f"{MANIFEST} lists no data or no media")
    for entry in data:
        if not isinstance(entry, dict) or entry.get("model") not in known:
            model = entry.get("model") if isinstance(entry, dict) else entry
            raise ContentFileError(f"it holds rows of {model}, which a backup never holds")
        if entry.get("file") not in names:
            raise ContentFileError(f"{entry.get('file')} is missing from the archive")
    for entry in media:
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not _plain_path(name):
            raise ContentFileError(f"media file name {name!r} is not a plain path in media")
        if f"media/{name}" not in names:
            raise ContentFileError(f"media/{name} is missing from the archive")
    return manifest


def _plain_path(name):
    return (
        name == posixpath.normpath(name)
        and not name.startswith(("/", "../"))
        and name not in ("", ".", "..")
        and "\\" not in name
    )


def _check_empty():
    """Rows keep their keys: loading over existing rows would overwrite editors' work."""
    occupied = [
        model._meta.verbose_name_plural
        for model in exported_models()
        if model not in REPLACED_MODELS and model._base_manager.exists()
    ]
    if occupied:
        raise ContentFileError(
            f"this newsroom already has {', '.join(map(str, occupied))}; "
            "import into an empty one (a freshly migrated database)"
        )


def _check_media(archive, media):
    """The files to write: those not in storage yet. One there with other bytes is refused."""
    to_write = []
    for entry in media:
        name = entry["name"]
        if not default_storage.exists(name):
            to_write.append(entry)
            continue
        with default_storage.open(name, "rb") as existing:
            digest = hashlib.sha256(existing.read()).hexdigest()
        if digest != entry.get("sha256"):
            raise ContentFileError(
                f"media storage already has a different {name}; restore into empty storage"
            )
    return to_write


def _load_rows(archive, data):
    """Insert every row, batch by batch, as loaddata would but without a query a row.

    Rows go in raw, like loaddata's: no save() (no fresh slugs, timestamps or renditions)
    and no signals. Links may point at rows later in the archive (rival productions), so
    constraints are checked once at the end.
    """
    with connection.constraint_checks_disabled():
        for model in REPLACED_MODELS:
            model._base_manager.all().delete()
        for entry in data:
            model = apps.get_model(entry["model"])
            with archive.open(entry["file"]) as raw:
                lines = io.TextIOWrapper(raw, encoding="utf-8")
                rows = serializers.deserialize("jsonl", lines, handle_forward_references=False)
                count = _insert(model, rows, entry["file"])
            if count != entry.get("rows"):
                raise ContentFileError(f"{entry['file']} holds {count} rows, not {entry['rows']}")
    model_list = [apps.get_model(entry["model"]) for entry in data]
    tables = [model._meta.db_table for model in model_list]
    tables += [field.remote_field.through._meta.db_table for m in model_list for field in _links(m)]
    connection.check_constraints(table_names=tables)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(statement)


def _insert(model, rows, member):
    batch, links, count = [], defaultdict(list), 0
    try:
        for row in rows:
            if type(row.object) is not model:
                raise ContentFileError(f"{member} holds a row of {row.object._meta.label_lower}")
            count += 1
            if model._meta.parents:
                # Multi-table inheritance: its parent rows need Django's own raw save.
                row.save()
                continue
            batch.append(row.object)
            for name, values in row.m2m_data.items():
                field = model._meta.get_field(name)
                through = field.remote_field.through
                source = through._meta.get_field(field.m2m_field_name()).attname
                target = through._meta.get_field(field.m2m_reverse_field_name()).attname
                links[through].extend(
                    through(**{source: row.object.pk, target: value}) for value in values
                )
            if len(batch) >= BATCH:
                _write(model, batch, links)
                batch, links = [], defaultdict(list)
    except DeserializationError as error:
        raise ContentFileError(f"{member}: {str(error).strip() or error.__cause__}") from None
    _write(model, batch, links)
    return count


def _write(model, batch, links):
    if batch:
        fields = [field for field in model._meta.local_concrete_fields if not field.generated]
        size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
        for start in range(0, len(batch), size):
            # raw=True keeps the archive's values where bulk_create would stamp auto_now
            # fields with the time of the import.
            model._base_manager._insert(batch[start : start + size], fields=fields, raw=True)
    for through, rows in links.items():
        through._base_manager.bulk_create(rows, batch_size=BATCH)


def _import_file(archive, entry):
    name = entry["name"]
    data = archive.read(f"media/{name}")
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise ContentFileError(f"media/{name} does not match its checksum in {MANIFEST}")
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        default_storage.delete(saved)
        raise ContentFileError(f"media storage would not keep the name {name}")
    return saved


def _remove(names):
    for name in names:
        default_storage.delete(name)

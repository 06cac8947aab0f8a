"""Data migrations shared by the apps whose rows show pictures from the image library."""

from django.utils import timezone

BATCH = 1000


def move_into_library(model, image_model, name, link, copies):
    """Give every row of `model` showing a picture in its image field `name` (and not yet
    linked) a library image holding the same file, size and words (`copies`: {own field:
    library field}), linked by `link`. Rows showing the same file with the same words share
    one library image; nothing is copied or re-encoded: the library names the same file and
    so the same renditions. For migrations, which pass their historical models."""
    field = model._meta.get_field(name)
    columns = [name, field.width_field, field.height_field, *copies]
    rows = (
        model._base_manager.exclude(**{name: ""})
        .exclude(**{f"{name}__isnull": True})
        .filter(**{f"{link}__isnull": True})
        .order_by("pk")
        .values_list("pk", *columns)
    )
    pending = []
    for row in rows.iterator(chunk_size=BATCH):
        pending.append(row)
        if len(pending) == BATCH:
            _move(model, image_model, link, copies, pending)
            pending = []
    if pending:
        _move(model, image_model, link, copies, pending)


def _move(model, image_model, link, copies, rows):
    now = timezone.now()
    entries = {}
    for _pk, *values in rows:
        key = tuple(values)
        if key not in entries:
            file, width, height, *words = values
            entries[key] = image_model(
                file=file,
                file_width=width,
                file_height=height,
                uploaded_at=now,
                **{
                    theirs: value or ""
                    for theirs, value in zip(copies.values(), words, strict=True)
                },
            )
    image_model._base_manager.bulk_create(entries.values(), batch_size=BATCH)
    changed = []
    for pk, *values in rows:
        row = model(pk=pk)
        setattr(row, f"{link}_id", entries[tuple(values)].pk)
        changed.append(row)
    model._base_manager.bulk_update(changed, [link], batch_size=BATCH)

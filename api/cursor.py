"""Cursors of the API's lists: where the next page begins, as a value the client hands back
unchanged. Signed, so a client cannot forge one that reads past the list's rules; named by the
list they belong to, so one list's cursor is refused by another. Without a timestamp: the same
page gives the same cursor whenever it is made, so its ETag holds."""

from django.core import signing

signer = signing.Signer(salt="api.cursor")


class BadCursor(ValueError):
    """The cursor was not made by this site for this list."""


def make(kind, *position):
    """The cursor of the page after the row at `position` (JSON values) of list `kind`."""
    return signer.sign_object([kind, *position])


def read(kind, cursor, length):
    """The position (a list of `length` values) `cursor` names in list `kind`."""
    try:
        payload = signer.unsign_object(cursor)
    except (signing.BadSignature, ValueError, UnicodeError) as error:
        raise BadCursor("This cursor was not given by this list: start again without it.") from (
            error
        )
    if not isinstance(payload, list) or len(payload) != length + 1 or payload[0] != kind:
        raise BadCursor("This cursor belongs to another list: start again without it.")
    return payload[1:]

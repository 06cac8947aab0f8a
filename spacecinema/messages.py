"""Messages to editors (the admin's "saved" notices), stored as Django's FallbackStorage stores
them: in a cookie, then in the session."""

import functools

from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.fallback import FallbackStorage


class MessageStorage(FallbackStorage):
    """FallbackStorage, whose cookie and session storages are made when a message is first
    read or added: public pages do neither, and making the cookie's signer on every request
    costs more than some pages take to render."""

    def __init__(self, request, *args, **kwargs):
        # FallbackStorage.__init__ would make the storages at once.
        BaseStorage.__init__(self, request, *args, **kwargs)
        self._storage_arguments = ((request, *args), kwargs)
        self._used_storages = set()

    @functools.cached_property
    def storages(self):
        args, kwargs = self._storage_arguments
        return [storage_class(*args, **kwargs) for storage_class in self.storage_classes]

"""The shared cache of a box without Redis: files in CACHE_DIR, as Django keeps them, without a
listing of every file on every write."""

import pickle

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    """Django's file-based cache, culling past MAX_ENTRIES before one write in a tenth of
    MAX_ENTRIES rather than before each, and renewing an entry by replacing its file.

    Django's lists the whole folder before every write (each stored page, each change recorded)
    to count it: with thousands of pages stored, the listing costs more than making the page.
    Counting it less often lets the folder pass MAX_ENTRIES by at most a tenth for each writer
    (a thread of a process: Django gives each thread its own cache object); the cull then takes
    it back under.
    """

    _missing = object()

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = max(1, self._max_entries // 10)
        # A process's first write counts the folder.
        self._writes_uncounted = self._cull_every

    def _cull(self):
        self._writes_uncounted += 1
        if self._writes_uncounted < self._cull_every:
            return
        self._writes_uncounted = 0
        super()._cull()

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        """Renew `key`'s lifetime by rewriting only the expiry time at the head of its file.

        Django's rewrites the whole file in place, under a lock that readers do not take: the
        value is pickled afresh, by another process in another order (a frozenset in its own
        hash order), so a reader in between read the start of one file and the end of another
        and failed. Here the value's bytes are never written again; an expiry of another length
        (none: kept for ever) replaces the file as set() does.
        """
        expiry = pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol)
        try:
            with open(self._key_to_file(key, version), "r+b") as f:
                if self._is_expired(f):
                    return False
                if f.tell() == len(expiry):
                    f.seek(0)
                    f.write(expiry)
                    return True
        except FileNotFoundError:
            return False
        value = self.get(key, self._missing, version)
        if value is self._missing:
            return False
        self.set(key, value, timeout, version)
        return True

"""The file cache of a box without Redis keeps to its size while counting its files less often."""

import pytest
from django.core.cache import caches


@pytest.fixture
def file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "spacecinema.filecache.FileCache",
            "LOCATION": tmp_path / "cache",
            "OPTIONS": {"MAX_ENTRIES": 50},
        }
    }
    yield caches["default"], tmp_path / "cache"


def test_the_cache_never_holds_much_more_than_its_max_entries(file_cache):
    cache, folder = file_cache
    largest = 0
    for number in range(500):
        cache.set(f"page-{number}", "x" * 100)
        largest = max(largest, len(list(folder.iterdir())))

    # A tenth more at most, for the one process writing here.
    assert 50 <= largest <= 55
    # What was written last is still there to read.
    assert cache.get("page-499") == "x" * 100


def test_the_first_write_of_a_process_counts_the_files_already_there(file_cache):
    cache, folder = file_cache
    # Another process, with room for more, filled the folder past this one's size.
    roomier = type(cache)(str(folder), {"OPTIONS": {"MAX_ENTRIES": 1000}})
    for number in range(80):
        roomier.set(f"page-{number}", "x")

    cache.set("one-more", "x")

    assert len(list(folder.iterdir())) < 80

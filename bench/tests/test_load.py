"""make bench's page writer: each run rewrites its own section of docs/benchmarks.md and keeps
the other run's."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import load


def test_the_newsroom_run_adds_its_section_and_replaces_it_next_time(tmp_path):
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n\nTable.\n\n## Every page type at this size\n\nSweep.\n")
    load.write_section("Newsroom at work", "First run.", document)
    load.write_section("Newsroom at work", "Second run.", document)
    assert document.read_text() == (
        "# Benchmarks\n\nTable.\n\n## Every page type at this size\n\nSweep.\n\n"
        "## Newsroom at work\n\nSecond run.\n"
    )
    assert load.kept_section("Newsroom at work", document) == "## Newsroom at work\n\nSecond run.\n"
    assert load.kept_section("After expiry", document) == ""


def test_a_section_in_the_middle_is_replaced_in_place(tmp_path):
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n\n## Newsroom at work\n\nOld.\n\n## Later\n\nKept.\n")
    load.write_section("Newsroom at work", "New.", document)
    assert document.read_text() == (
        "# Benchmarks\n\n## Newsroom at work\n\nNew.\n\n## Later\n\nKept.\n"
    )


@pytest.fixture
def server():
    """A real HTTP server on loopback that notes when each path was asked for."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append((self.path, time.monotonic()))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *arguments):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_pages_are_read_again_within_their_lifetime_and_left_until_it_has_passed(server):
    base, asked = server
    stored = time.monotonic()
    late = load.outlive(base, {"/a/": stored, "/b/": stored + 0.1}, lifetime=1.0)
    assert late == 0
    assert time.monotonic() >= stored + 0.1 + 1.0 + 1
    assert [path for path, _ in asked] == ["/a/", "/b/"]
    assert 0.6 <= asked[0][1] - stored < 1.0
    assert 0.6 <= asked[1][1] - (stored + 0.1) < 1.0


def test_a_page_stored_longer_ago_than_its_lifetime_is_counted_late(server):
    base, asked = server
    assert load.outlive(base, {"/old/": time.monotonic() - 5}, lifetime=1.0) == 1
    assert [path for path, _ in asked] == ["/old/"]

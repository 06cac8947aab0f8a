"""make bench's page writer: each run rewrites its own section of docs/benchmarks.md and keeps
the other run's."""

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

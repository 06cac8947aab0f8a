"""make bench's rows through Varnish: warm pages as the repository's VCL serves them from its
cache, each against a static file of the same size served through the same Varnish.

    .venv/bin/python -m bench.varnish

runs these rows alone (on the bench newsroom `make bench` builds) and writes their section of
docs/benchmarks.md; `make bench` runs them after its own rows. Readers' browsers ask for gzip,
so wrk does too: a page is measured as Varnish stores and sends it.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import load

RUN_VARNISHD = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "run-varnishd"
SECONDS = int(os.environ.get("BENCH_VARNISH_SECONDS", "2"))
# Page and file measured in turn this many times, the best of each kept: the machine's other
# work drifts, and a few short alternating runs compare the two better than one long each.
ROUNDS = 2
# What a browser sends; Varnish keeps one gzip copy for all of them.
HEADERS = {"Accept-Encoding": "gzip, deflate, br"}
SECTION = "Through Varnish"
# In the bench's static folder: served by whitenoise with its year-long max-age.
SAME_SIZE_DIR = "varnish-bench"


def backends_vcl(ports, probe_host="127.0.0.1"):
    """The deployment's part of the VCL (deploy/varnish/backends.example.vcl) for app servers on
    loopback `ports`, probed often, the purge ACL allowing 127.0.0.1 only."""
    probe = (
        "probe healthz {\n"
        f'    .request = "GET /healthz HTTP/1.1" "Host: {probe_host}" "Connection: close";\n'
        "    .interval = 0.5s;\n    .timeout = 2s;\n    .window = 3;\n"
        "    .threshold = 2;\n    .initial = 2;\n}\n"
    )
    backends = "".join(
        f"backend app{number} {{\n"
        f'    .host = "127.0.0.1";\n    .port = "{port}";\n    .probe = healthz;\n}}\n'
        for number, port in enumerate(ports, 1)
    )
    adding = "".join(
        f"    app_servers.add_backend(app{number});\n" for number in range(1, len(ports) + 1)
    )
    purgers = 'acl purgers {\n    "127.0.0.1";\n}\n'
    return f"{probe}{backends}sub app_servers_add {{\n{adding}}}\n{purgers}"


def varnishd_command(directory, port, ports, storage="malloc,64m"):
    """deploy/varnish/run-varnishd in front of app servers on `ports`, with its own working
    directory and configuration in `directory`, run as this user."""
    (directory / "backends.vcl").write_text(backends_vcl(ports))
    workdir = directory / "varnish"
    workdir.mkdir(exist_ok=True)
    return [
        str(RUN_VARNISHD),
        "-n",
        str(workdir),
        "-a",
        f"127.0.0.1:{port}",
        "-p",
        f"vcl_path={directory}",
        "-s",
        storage,
        "-j",
        "none",
    ]


def rows(paths, base):
    """The page types measured through Varnish: (path, wrk script or None) by row name."""
    site = load.site_rows(paths, base)
    return {
        name: site[name]
        for name in ("/", "article (rotating)", "/news/", "tag page", "RSS feed (all news)")
    }


def body_size(url):
    """The length of the body at `url` as Varnish stores it: it asks the app for gzip whatever
    the reader accepts, and sends that to every reader that takes gzip."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return len(response.read())


def same_size_files(sizes):
    """A file of each size (bytes that do not compress, so it is sent as it is) in the bench's
    static folder, before the app server starts: whitenoise finds files when it starts."""
    folder = load.BENCH_DIR / "static" / SAME_SIZE_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for size in set(sizes.values()):
        (folder / f"{size}.bin").write_bytes(os.urandom(size))
    return {name: f"/static/{SAME_SIZE_DIR}/{size}.bin" for name, size in sizes.items()}


def x_cache(url):
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        return response.headers.get("X-Cache", "")


def wait_until_listening(port, process):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("varnishd stopped while starting")
        try:
            with socket.create_connection(("127.0.0.1", port)):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("varnishd did not start within a minute")


def measure(paths):
    """Each row of rows() through Varnish, warm, and the static file of its size: by row name,
    the page's and the file's wrk results, the size and the ratio."""
    if not shutil.which("varnishd") and not Path("/usr/sbin/varnishd").exists():
        raise SystemExit("varnishd is needed: run scripts/server-deps.")
    cache = {"PAGE_CACHE_SECONDS": "600", "CACHE_DIR": str(load.BENCH_DIR / "cache-varnish")}
    shutil.rmtree(cache["CACHE_DIR"], ignore_errors=True)
    # The sizes first, from the app itself, so that the files exist when the measured server starts.
    server = load.Server("spacecinema.wsgi", cache)
    try:
        measured = rows(paths, server.base)
        sizes = {
            name: body_size(server.base + path) for name, (path, _) in measured.items() if path
        }
    finally:
        server.stop()
    files = same_size_files(sizes)
    server = load.Server("spacecinema.wsgi", cache)
    port = load.free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="bench-varnish-") as directory:
        command = varnishd_command(Path(directory), port, [server.port])
        varnish = subprocess.Popen(
            ["timeout", "3600", *command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            wait_until_listening(port, varnish)
            return {
                name: measure_row(base, path, script, files[name], sizes[name], paths)
                for name, (path, script) in measured.items()
                if path
            }
        finally:
            varnish.terminate()
            varnish.wait(timeout=30)
            server.stop()


def measure_row(base, path, script, static_path, size, paths):
    pages = paths["articles"] if script else [path]
    load.prime(base, pages)
    load.prime(base, [static_path])
    result = {"path": path, "size": size, "cache": x_cache(base + path)}
    # wrk's Lua costs the machine as much for the file as for the pages it rotates over.
    static_script = (
        load.rotation_script([static_path] * len(pages), "rotate-static.lua") if script else None
    )
    page_runs, static_runs = [], []
    for _ in range(ROUNDS):
        page_runs.append(load.wrk(base, path, script, seconds=SECONDS, headers=HEADERS))
        static_runs.append(
            load.wrk(base, static_path, static_script, seconds=SECONDS, headers=HEADERS)
        )
    result["page"] = best(page_runs)
    result["static"] = best(static_runs)
    if "rate" in result["page"] and "rate" in result["static"]:
        result["ratio"] = result["page"]["rate"] / result["static"]["rate"]
    print(
        f"  {path:40} {result['page'].get('rate', 0):9.1f} req/s, a static file of {size} bytes "
        f"{result['static'].get('rate', 0):9.1f} req/s ({result['cache'] or 'no X-Cache'})",
        flush=True,
    )
    return result


def best(runs):
    """The run with the most requests/s (a run where no request completed counts for none)."""
    return max(runs, key=lambda run: run.get("rate", 0))


def table(results):
    lines = [
        "| page | bytes sent | Varnish | page req/s | p99 ms | static file req/s | p99 ms "
        "| ratio |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, result in results.items():
        page, static = result["page"], result["static"]
        if "rate" not in page or "rate" not in static:
            lines.append(
                f"| {name} | {result['size']} | {result['cache']} | no request completed | | | | |"
            )
            continue
        lines.append(
            f"| {name} | {result['size']} | {result['cache']} | {load.rate_text(page['rate'])} | "
            f"{page['p99']:.1f} | {load.rate_text(static['rate'])} | {static['p99']:.1f} | "
            f"{result['ratio']:.2f} |"
        )
    return "\n".join(lines)


def section(results):
    return (
        "Each page warm in Varnish (deploy/varnish/spacecinema.vcl, `malloc` storage) in front of "
        "one gunicorn with the page cache on, against a static file of the same size (bytes "
        "that do not compress, from the bench's static folder, year-long max-age) through the "
        f"same Varnish: wrk with 2 threads and {load.CONNECTIONS} connections for {SECONDS} s "
        'each, asking for gzip as browsers do. "Varnish" is the X-Cache header the VCL adds '
        "(HIT: served from its cache). The ratio is the page's requests/s over the file's.\n\n"
        f"{table(results)}\n"
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: run scripts/server-deps (or apt-get install wrk).")
    load.build_newsroom()
    paths = load.sample_paths()
    print(f"Through Varnish, {SECONDS} s a row...", flush=True)
    results = measure(paths)
    print()
    print(table(results))
    load.write_section(SECTION, section(results))
    print(f"\nWritten to {load.DOCUMENT.relative_to(load.BASE_DIR)}.")


if __name__ == "__main__":
    main()

"""`handbook preview`: the served page, its files, rebuilds on change, refused paths, errors."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.cli import main
from handbook.preview.watch import Preview

TIMEOUT = 15  # seconds a change may take to show; it usually takes well under one


@pytest.fixture()
def log() -> list[str]:
    return []


@pytest.fixture()
def served(project, log):
    preview = Preview(project, port=0, log=log.append)
    preview.start()
    yield preview
    preview.stop()


def chapter(project: Path) -> Path:
    return project / "content" / "01-first-steps.md"


def get(preview: Preview, path: str = "/", host: str | None = None) -> tuple[int, bytes]:
    """GET `path` exactly as written (no client-side normalisation of ../)."""
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def page(preview: Preview) -> str:
    with urllib.request.urlopen(preview.url, timeout=5) as response:
        return response.read().decode()


def wait_for(preview: Preview, condition: Callable[[str], bool]) -> str:
    deadline = time.monotonic() + TIMEOUT
    while True:
        text = page(preview)
        if condition(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.1)


def test_serves_the_book_with_its_stylesheet_images_and_fonts(served, project):
    text = page(served)
    assert "First steps" in text and "Fixture handbook" in text
    assert '<link rel="stylesheet" href="/__defaults/handbook.css">' in text
    assert "file:" not in text  # images point at this server, not at the disk
    urls = re.findall(r'(?:src|href)="(/__[^"]+)"', text)
    assert "/__project/content/images/square.png" in urls
    for url in [*urls, "/__defaults/fonts/Carlito-Regular.ttf"]:
        assert get(served, url)[0] == 200, url
    image = project / "content" / "images" / "square.png"
    assert get(served, "/__project/content/images/square.png")[1] == image.read_bytes()


def test_an_edit_shows_up_in_the_served_page(served, project, log):
    token = served.token
    path = chapter(project)
    path.write_text(path.read_text().replace("title: First steps", "title: Very first steps"))
    text = wait_for(served, lambda t: "Very first steps" in t)
    assert "Very first steps" in text
    assert served.token != token and get(served, "/__version")[1].decode() == served.token
    assert any("01-first-steps.md changed: built in" in line for line in log)


def test_a_new_project_stylesheet_is_linked(served, project):
    (project / "styles").mkdir()
    (project / "styles" / "brand.css").write_text(":root { --accent: #800080; }\n")
    text = wait_for(served, lambda t: "/__project/styles/brand.css" in t)
    assert '<link rel="stylesheet" href="/__project/styles/brand.css">' in text
    assert get(served, "/__project/styles/brand.css")[1] == b":root { --accent: #800080; }\n"


def test_refuses_everything_outside_the_project_and_the_defaults(served, project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    (project / "content" / "images" / "leak.png").symlink_to(secret)
    (project / "content" / "linked").symlink_to(tmp_path, target_is_directory=True)
    (project / ".env").write_text("SECRET")
    refused = [
        "/__project/../../../../../../../../etc/passwd",
        "/__project/content/../../secret.txt",
        "/__project/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/__project/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/__defaults/../../../../../../../../../etc/passwd",
        "/../../../../etc/passwd",
        "/etc/passwd",
        "//etc/passwd",
        "/__project//etc/passwd",
        f"/__project/{secret}",
        f"/__defaults/{secret}",
        f"/__project/%2F{str(secret).lstrip('/')}",
        "/__project/content/images/leak.png",  # a symlink to a file outside
        "/__project/content/linked/secret.txt",  # a symlinked folder outside
        "/__project/.env",
        "/__project/content",  # a folder
        "/__project/content/01-first-steps.md%00.png",
    ]
    for path in refused:
        status, body = get(served, path)
        assert status == 404, path
        assert b"SECRET" not in body and b"root:" not in body, path


def test_answers_only_requests_for_a_local_host_name(served):
    assert get(served, "/", host="evil.example")[0] == 403  # DNS rebinding
    assert get(served, "/__version", host="evil.example:80")[0] == 403
    assert get(served, "/", host="localhost:8000")[0] == 200


def test_a_broken_edit_shows_the_errors_and_keeps_the_last_good_page(served, project, log):
    path = chapter(project)
    good = path.read_text()
    path.write_text(good.replace("summary: What", "summary: [What"))
    text = wait_for(served, lambda t: "does not build" in t)
    assert "The book does not build: showing the last good version." in text
    assert re.search(r"01-first-steps\.md:4: error: front matter is not valid YAML", text)
    assert "This introduction comes before the first section." in text  # the last good page
    assert any(re.search(r"01-first-steps\.md:4: error: ", line) for line in log)
    assert not any("Traceback" in line for line in log)

    path.write_text(good.replace("This introduction", "The fixed introduction"))
    text = wait_for(served, lambda t: "The fixed introduction" in t)
    assert "The fixed introduction" in text and 'id="handbook-preview-problems"' not in text


def test_a_book_that_does_not_build_at_first_is_served_once_fixed(project, log):
    path = chapter(project)
    good = path.read_text()
    path.write_text(good.replace("title: First steps", "title: [First steps"))
    with Preview(project, port=0, log=log.append) as preview:
        text = page(preview)
        assert "The book does not build yet." in text
        assert re.search(r"01-first-steps\.md:\d+: error: front matter is not valid YAML", text)
        path.write_text(good)
        assert "First steps" in wait_for(preview, lambda t: "First steps" in t)


def test_the_command_serves_until_interrupted(project):
    process = subprocess.Popen([sys.executable, "-m", "handbook", "preview", str(project),
                                "--port", "0"], stderr=subprocess.PIPE, text=True)
    watchdog = threading.Timer(TIMEOUT, process.kill)
    watchdog.start()
    try:
        lines = []
        while not lines or "previewing" not in lines[-1]:
            line = process.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        url = re.search(r"http://\S+/", lines[-1]).group(0)
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=5) as response:
            assert "First steps" in response.read().decode()
        process.send_signal(signal.SIGINT)
        rest = process.communicate(timeout=TIMEOUT)[1]
    finally:
        watchdog.cancel()
        process.kill()
        process.wait()
        process.stderr.close()
    assert process.returncode == 0
    assert "Traceback" not in "".join(lines) + rest


def test_the_command_reports_a_busy_port_and_a_wrong_folder(project, tmp_path, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["preview", str(project), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"error: port {port} on 127.0.0.1 is in use" in err and "Traceback" not in err
    assert main(["preview", str(tmp_path / "nothing")]) == 1
    assert "not a handbook project" in capsys.readouterr().err


def test_the_cli_does_not_load_the_preview_until_it_runs():
    code = ("import sys, handbook.cli; print(sorted(m for m in ('watchfiles', 'weasyprint', "
            "'handbook.preview') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.strip() == "[]"
    assert main(["--help"]) == 0


def test_serves_the_planned_slides_and_follows_edits(served, project):
    status, body = get(served, "/slides")
    text = body.decode()
    assert status == 200 and 'href="/slides"' in page(served)
    assert "5 · cards · Title Only" in text and "Key point alpha" in text
    assert re.search(r"Try it yourself · \d+ min", text)  # a question's label, as on the slide
    path = chapter(project)
    path.write_text(path.read_text().replace("Key point alpha", "Key point omega"))
    deadline = time.monotonic() + TIMEOUT
    while "Key point omega" not in get(served, "/slides")[1].decode():
        assert time.monotonic() < deadline, "the slides page did not follow the edit"
        time.sleep(0.1)

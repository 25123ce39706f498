"""The pipe: hostile content reaches the command verbatim as JSON on stdin and never executes."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest

from tui.core.commands.pipe import item_document, run_pipe
from tui.core.errors import ConfigError
from tui.core.models import ContentStatus, PostView


def hostile_post(sentinel: Path) -> PostView:
    text = (
        f"$(touch {sentinel}) `touch {sentinel}` ; touch {sentinel} | tee x && echo pwned\n"
        "\x1b]52;c;ZWNobyBwd25lZA==\x07 \x1b[2J [@click=app.quit]x[/] [b]bold[/b] \u202eevil\n"
        "'\"\\ %s {0} ${HOME}"
    )
    return PostView(
        id=7,
        author="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        parent=0,
        cid="bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
        text=text,
        content_status=ContentStatus.VERIFIED,
        block=3,
        tx_hash="0x" + "11" * 32,
        timestamp=1_750_000_000,
        author_name=f"$(touch {sentinel})",
    )


def save_stdin_to(path: Path) -> str:
    """A pipe command that copies its stdin into ``path`` and prints a short reply."""
    script = f"import sys; data = sys.stdin.read(); open({str(path)!r}, 'w').write(data); print('saved', len(data))"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"


def test_hostile_item_arrives_verbatim_as_json_and_nothing_runs(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    post = hostile_post(sentinel)
    received = tmp_path / "received.json"
    result = run_pipe(save_stdin_to(received), item_document(post))
    assert result.ok, result
    document = json.loads(received.read_text())
    assert document["type"] == "post"
    assert document["text"] == post.text  # byte for byte, escapes and all
    assert document["author_name"] == post.author_name
    assert document["id"] == 7
    assert not sentinel.exists()
    assert result.output.startswith("saved ")


def test_content_is_never_in_argv_or_environment(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    post = hostile_post(sentinel)
    dump = tmp_path / "seen"
    command = f'printf \'%s\\n\' "$0" "$@" > {shlex.quote(str(dump))}; env >> {shlex.quote(str(dump))}; cat >/dev/null'
    assert run_pipe(command, item_document(post)).ok
    seen = dump.read_text()
    assert "touch" not in seen and "pwned" not in seen
    assert not sentinel.exists()


def test_output_is_sanitised_and_capped(tmp_path: Path) -> None:
    script = "import sys; sys.stdout.write('\\x1b]0;title\\x07[b]x[/b]\\u202e' + 'y' * 200000)"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    result = run_pipe(command, {"type": "post"}, max_output=1000)
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\u202e" not in result.output and "⟨RLO⟩" in result.output
    assert "[b]x[/b]" in result.output  # kept as text; the panel renders it as Content
    assert result.truncated and len(result.output) <= 1000 + 20


def test_timeout_kills_the_command_and_its_children(tmp_path: Path) -> None:
    marker = tmp_path / "late"
    command = f"sleep 30 & sleep 30; touch {shlex.quote(str(marker))}"
    result = run_pipe(command, {"type": "post"}, timeout=0.5)
    assert result.timed_out and not result.ok and result.exit_code is None
    assert result.summary == "killed after the timeout"
    assert not marker.exists()


def test_failing_command_reports_its_exit_code() -> None:
    result = run_pipe("echo oops >&2; exit 3", {"type": "post"})
    assert result.exit_code == 3 and not result.ok
    assert result.output.strip() == "oops" and result.summary == "exit code 3"


def test_no_pipe_command_configured_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        run_pipe("  ", {"type": "post"})
    assert "pipe_command" in str(info.value)


def test_endless_output_is_cut_off_without_waiting_for_the_timeout() -> None:
    result = run_pipe("yes agora", {"type": "post"}, timeout=60, max_output=10_000)
    assert result.truncated and not result.timed_out
    assert result.summary == "stopped: more output than can be shown"
    assert result.output.startswith("agora\nagora\n") and len(result.output) <= 10_000


def test_command_that_ignores_stdin_still_works() -> None:
    result = run_pipe("echo hi", {"type": "post", "text": "x" * 200_000})
    assert result.ok and result.output == "hi\n"

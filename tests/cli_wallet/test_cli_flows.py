"""End-to-end CLI flows in subprocesses: crash recovery, lost replies, secrets never leaking."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import DEV_KEYS
from tui.core.chain.rpc import RpcClient
from tui.core.config.settings import Network

PASSPHRASE = "tr0ub4dor&3 passphrase"


def write_settings(tmp_path: Path, net: Network, rpc_url: str | None = None) -> None:
    body = {k: v for k, v in net.__dict__.items() if k != "name"}
    if rpc_url:
        body["rpc_url"] = rpc_url
    cfg = Path(os.environ["AGORA_CONFIG"])
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(tomli_w.dumps({"network": net.name, "networks": {net.name: body}}))


def agora(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "AGORA_KEY_STORE": "file", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], input=stdin, capture_output=True, text=True,
        env=full, timeout=180,
    )  # fmt: skip


@pytest.fixture
def account(tmp_path: Path, network: Network) -> tuple[str, Path]:
    """DEV_KEYS[1] imported into passphrase-encrypted keystore files, with the settings written."""
    write_settings(tmp_path, network)
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    done = agora("account", "import", "--key", "--passphrase-file", str(pw), "--json",
                 stdin=DEV_KEYS[1] + "\n")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["address"], pw


def test_account_commands(tmp_path: Path, account: tuple[str, Path]) -> None:
    address, pw = account
    listed = json.loads(agora("account", "list", "--json").stdout)
    assert listed == [listed[0]] and listed[0]["address"] == address
    assert listed[0]["active"] and listed[0]["protected"]
    assert agora("account", "label", address, "main").returncode == 0
    out = tmp_path / "export.json"
    exp = agora("account", "export", "main", "--keystore", str(out), "--passphrase-file", str(pw),
                "--export-passphrase-file", str(pw))  # fmt: skip
    assert exp.returncode == 0, exp.stderr
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    # Removing needs confirmation without a TTY.
    refused = agora("account", "remove", "main")
    assert refused.returncode == 4
    assert agora("account", "remove", "main", "--yes").returncode == 0
    # The exported keystore imports back (hostile-checked, re-encrypted).
    back = agora("account", "import", "--keystore", str(out), "--keystore-passphrase-file",
                 str(pw), "--passphrase-file", str(pw), "--json")  # fmt: skip
    assert back.returncode == 0, back.stderr and json.loads(back.stdout)["address"] == address
    # Argv never carries a key: a bad key on stdin is refused without echoing it.
    bad = agora("account", "import", "--key", stdin="zz" + DEV_KEYS[2][4:] + "\n")
    assert bad.returncode == 7 and DEV_KEYS[2][4:] not in bad.stderr + bad.stdout


def test_write_needs_yes_without_tty_and_dry_run_signs_nothing(account: tuple[str, Path]) -> None:
    _address, pw = account
    refused = agora("post", "hello", "--passphrase-file", str(pw), "--json")
    assert refused.returncode == 4 and json.loads(refused.stderr)["error"] == "rejected"
    dry = agora("post", "hello", "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    data = json.loads(dry.stdout)
    assert data["confirmation"]["function"] == "post(string,uint256)"
    assert data["tx"]["chainId"] == "31337"
    assert json.loads(agora("tx", "list", "--json").stdout) == []


def test_sigkill_after_persist_rebroadcasts_same_tx(
    account: tuple[str, Path], anvil: RpcClient
) -> None:
    address, pw = account
    killed = agora("post", "survive the crash", "--yes", "--passphrase-file", str(pw),
                   env={"AGORA_TEST_HOOK": "kill-after-persist"})  # fmt: skip
    assert killed.returncode == -9
    assert anvil.nonce(address, "pending") == 0  # signed and persisted, never broadcast
    (row,) = json.loads(agora("tx", "list", "--json", "--no-sync").stdout)
    assert row["status"] == "pending"
    # Restart: reconciling re-sends the stored bytes; nothing new is signed.
    listed = json.loads(agora("tx", "list", "--json").stdout)
    assert [r["hash"] for r in listed] == [row["hash"]]
    receipt = anvil.receipt(row["hash"])
    assert receipt is not None and int(receipt["status"], 16) == 1
    assert anvil.nonce(address, "latest") == 1
    final = json.loads(agora("tx", "list", "--json").stdout)
    assert [(r["hash"], r["status"]) for r in final] == [(row["hash"], "confirmed")]


class _SlowProxy(http.server.BaseHTTPRequestHandler):
    """Forwards JSON-RPC to anvil; answers eth_sendRawTransaction only after the client gave up."""

    upstream = ""
    delay = 0.0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        req = urllib.request.Request(self.upstream, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req) as resp:
            reply = resp.read()
        if b"eth_sendRawTransaction" in body:
            time.sleep(self.delay)
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_proxy(anvil: RpcClient) -> Iterator[str]:
    handler = type("H", (_SlowProxy,), {"upstream": anvil.url, "delay": 3.0})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_timeout_after_forwarding_yields_exactly_one_tx(
    anvil: RpcClient,
    network: Network,
    slow_proxy: str,
    isolated_home: Path,
) -> None:
    from tests.actions.conftest import make_signer
    from tui.core.actions import PostIntent, TxPipeline, TxStatus
    from tui.core.content.store import LocalContentStore

    signer = make_signer(2)
    flaky = RpcClient(slow_proxy, timeout=1.0)
    pipeline = TxPipeline(isolated_home, network, flaky, LocalContentStore(isolated_home / "c"))
    entry = pipeline.submit(pipeline.prepare(PostIntent("lost reply"), signer.address), signer)
    assert entry.status == TxStatus.PENDING and entry.error and "in time" in entry.error
    # Following it through a healthy connection: it landed once; nothing was signed again.
    healthy = TxPipeline(isolated_home, network, anvil, LocalContentStore(isolated_home / "c"))
    done = healthy.wait(entry.hash, timeout=30)
    assert done.status == TxStatus.CONFIRMED
    assert anvil.nonce(signer.address, "latest") == 1
    assert len(healthy.list_transactions()) == 1


def test_failure_inside_signing_leaks_no_secret(
    account: tuple[str, Path], isolated_home: Path
) -> None:
    _address, pw = account
    failed = agora("post", "boom", "--yes", "--passphrase-file", str(pw),
                   env={"AGORA_TEST_HOOK": "fail-in-signing"})  # fmt: skip
    assert failed.returncode == 1
    log = (isolated_home / "logs" / "crash.log").read_text()
    assert "test hook" in log  # the traceback was written …
    key_hex = DEV_KEYS[1][2:]
    for text in (failed.stdout, failed.stderr, log):
        assert key_hex not in text.lower() and PASSPHRASE not in text
        for i in range(0, len(key_hex) - 16):
            assert key_hex[i : i + 16] not in text.lower()


def test_rich_traceback_with_locals_shows_no_secret() -> None:
    """What Textual's crash screen renders: a rich traceback with locals."""
    from rich.console import Console
    from rich.traceback import Traceback

    from tests.actions.conftest import make_signer

    signer = make_signer(1)
    try:
        os.environ["AGORA_TEST_HOOK"] = "fail-in-signing"
        signer.sign({"type": 2, "chainId": 1})
    except RuntimeError as exc:
        console = Console(record=True, width=200)
        console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__, show_locals=True))
        text = console.export_text()
    finally:
        os.environ.pop("AGORA_TEST_HOOK", None)
    assert "Signer(" in text and DEV_KEYS[1][2:] not in text.lower()

"""``agora tx retry`` through the real command: wired to the pipeline's refusals and results."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_wallet.test_cli_flows import account, agora  # noqa: F401  (account: a fixture)


def test_retry_through_the_cli(account: tuple[str, Path]) -> None:  # noqa: F811
    _address, pw = account
    unknown = agora("tx", "retry", "0xdeadbeef", "--yes", "--passphrase-file", str(pw))
    assert unknown.returncode == 3 and "agora tx list" in unknown.stderr
    posted = agora("post", "only once", "--yes", "--passphrase-file", str(pw), "--json")
    assert posted.returncode == 0, posted.stderr
    tx_hash = json.loads(posted.stdout)["transaction"]["hash"]
    again = agora("tx", "retry", tx_hash[:14], "--yes", "--passphrase-file", str(pw), "--json")
    assert again.returncode == 2
    assert "already happened" in json.loads(again.stderr)["message"]
    assert len(json.loads(agora("tx", "list", "--json").stdout)) == 1  # nothing new was signed

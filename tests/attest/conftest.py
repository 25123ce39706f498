"""Fixtures for attestation tests: EAS from the vendored bytecode on a real anvil, and a real
SQLite index fed from its logs."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from eth_account import Account

from tests.conftest import DEV_KEYS
from tui.contracts.build import compile_file
from tui.core.attest import eas
from tui.core.attest.deploy import ensure_eas
from tui.core.chain.deploy import deploy_code, send_transaction
from tui.core.chain.extensions import KeyDeployer
from tui.core.chain.rpc import RpcClient
from tui.core.index import attestations
from tui.core.index.schema import connect

ADDRESSES = [Account.from_key(key).address for key in DEV_KEYS]
HELPERS = Path(__file__).parent / "helpers"


def calldata(signature: str, types: list[str], args: list[Any]) -> str:
    from eth_abi import encode
    from eth_hash.auto import keccak

    return "0x" + keccak(signature.encode())[:4].hex() + encode(types, args).hex()


@dataclass
class EasChain:
    """EAS with Agora's schemas on anvil, plus an index database fed from its logs."""

    rpc: RpcClient
    eas: str
    registry: str
    conn: sqlite3.Connection
    communities: str = ""
    cursor: int = field(default=0)

    @property
    def network(self) -> Any:
        contracts = {"eas": self.eas, "schema_registry": self.registry}
        return SimpleNamespace(name="devnet", contracts=contracts)

    def send(self, intent: Any, key: int = 0) -> str:
        """Send an intent's call directly (no outbox); return the new attestation's uid."""
        from tui.core.actions.calls import build_call

        call = build_call(intent, self.network, None)  # type: ignore[arg-type]
        receipt = send_transaction(self.rpc, DEV_KEYS[key], call.to, call.data)
        return eas.uid_from_receipt(receipt, self.eas)

    def raw_attest(self, schema: str, recipient: str, data: bytes, key: int = 0, **kw: Any) -> str:
        receipt = send_transaction(
            self.rpc, DEV_KEYS[key], self.eas, eas.attest_data(schema, recipient, data, **kw)
        )
        return eas.uid_from_receipt(receipt, self.eas)

    def index(self) -> int:
        """Index EAS logs since the last call, then read the new records."""
        head = self.rpc.block_number()
        logs = self.rpc.get_logs(self.cursor, head, [self.eas])
        self.cursor = head + 1
        with self.conn:
            for log in logs:
                event = eas.decode_log(log)
                assert event is not None
                for table, row in attestations.decode(event, 0):
                    self.conn.execute(attestations.INSERTS[table], row)
        return attestations.fetch_records(self.conn, self.rpc, self.eas, self.communities)

    def now(self) -> int:
        block = self.rpc.get_block("latest")
        assert block is not None
        return int(block["timestamp"], 16)


@pytest.fixture
def easchain(anvil: RpcClient, tmp_path: Path) -> EasChain:
    found = ensure_eas(anvil, KeyDeployer(anvil, DEV_KEYS[0]))
    conn = connect(tmp_path / "index.sqlite")
    attestations.ensure_schema(conn)
    return EasChain(anvil, found["eas"], found["schema_registry"], conn)


def deploy_fake_communities(rpc: RpcClient) -> str:
    compiled = compile_file(HELPERS / "FakeCommunities.vy")
    return deploy_code(rpc, DEV_KEYS[0], compiled["bytecode"])

"""Which version of Agora's protocol a deployment speaks, so an old devnet is never half-used.

Version 1 was Social and Articles. Version 2 added ``Social.postFor`` and the Communities
contract (PROTOCOL.md "Communities"); its Social answers ``PROTOCOL_VERSION()``, which a
version 1 Social does not have (the call reverts).
"""

from __future__ import annotations

from tui.core.chain.rpc import RpcClient, RpcError
from tui.core.errors import DevnetError

PROTOCOL_VERSION = 2
"""The version this Agora speaks."""


class OutdatedDevnet(DevnetError):
    """The devnet's chain was deployed by an older protocol version: it must be reset."""

    code = "devnet_outdated"


def deployed_version(rpc: RpcClient, social: str) -> int:
    """The protocol version of the Social at ``social`` (1 when it has no version getter)."""
    from tui.core.chain.abi import decode_result, encode_call

    try:
        data = rpc.eth_call(social, encode_call("Social", "PROTOCOL_VERSION", []))
        return int(decode_result("Social", "PROTOCOL_VERSION", data)[0])
    except RpcError:
        return 1
    except Exception:  # malformed answers: treat as the oldest version
        return 1


def outdated(version: int) -> OutdatedDevnet:
    return OutdatedDevnet(
        f"This devnet's chain speaks Agora protocol version {version}; this Agora speaks "
        f"version {PROTOCOL_VERSION} (communities). It cannot be upgraded in place.",
        hint="Reset it (its demo data is re-created): `agora devnet up --reset`, or "
        "`agora devnet reset --yes` then `agora devnet up`.",
    )

"""CCIP-Read (EIP-3668): following a resolver's ``OffchainLookup`` to a gateway, carefully.

A gateway learns which name is looked up and from which IP address, so Agora follows offchain
lookups only when the settings allow it (``ens_offchain = true``). Even then: https only, at most
``MAX_HOPS`` lookups per call, a short timeout and a byte cap per request, the lookup's ``sender``
must be the contract that was called, and a failed gateway simply means "no answer". The
``x-batch-gateway:true`` URL (ENSIP-21, used by the Universal Resolver) is answered locally by
running each inner request the same way, never sent anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tui.core.chain.rpc import Call, RpcClient, RpcError
from tui.core.errors import ChainError
from tui.core.text import clean_line

OFFCHAIN_LOOKUP = "556f1830"
"""Selector of ``OffchainLookup(address,string[],bytes,bytes4,bytes)``."""
BATCH_GATEWAY = "x-batch-gateway:true"
BATCH_QUERY = "a780bab6"
"""Selector of the batch gateway's ``query((address,string[],bytes)[])``."""
MAX_HOPS = 4
"""Offchain lookups followed for one call (a callback may ask again), as viem and ethers do."""
MAX_URLS = 4
"""Gateways tried per lookup."""
MAX_BATCH = 16
"""Inner requests answered per local batch."""
TIMEOUT = 5.0
MAX_RESPONSE = 64 * 1024


class GatewayError(ChainError):
    """A gateway refused, timed out, lied about its size or sent something that is not JSON."""


Gateway = Callable[[str, str, str], bytes]
"""``(url template, sender, 0x calldata) -> response bytes``; raises GatewayError."""


@dataclass(frozen=True)
class Lookup:
    sender: str
    urls: tuple[str, ...]
    call_data: bytes
    callback: bytes
    extra: bytes


def revert_data(error: RpcError) -> str:
    data: Any = error.data
    if isinstance(data, dict):
        data = data.get("data")
    return data if isinstance(data, str) else ""


def parse_lookup(data: str) -> Lookup | None:
    """The OffchainLookup in revert ``data``, or None for any other revert or junk."""
    body = data[2:] if data[:2] in ("0x", "0X") else data
    if not body.lower().startswith(OFFCHAIN_LOOKUP):
        return None
    from eth_abi import decode

    try:
        sender, urls, call_data, callback, extra = decode(
            ["address", "string[]", "bytes", "bytes4", "bytes"], bytes.fromhex(body[8:])
        )
    except Exception:  # eth_abi raises several unrelated types for junk
        return None
    return Lookup(str(sender), tuple(str(u) for u in urls), call_data, callback, extra)


def https_gateway(url: str, sender: str, data: str) -> bytes:
    """EIP-3668's request: GET when the URL has ``{data}``, else POST ``{data, sender}``."""
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise GatewayError("The gateway URL has spaces or control characters.")
    target = url.replace("{sender}", sender.lower()).replace("{data}", data.lower())
    parts = urlsplit(target)
    if parts.scheme != "https" or not parts.hostname:
        raise GatewayError("Offchain gateways are reached over https only.")
    import httpx

    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
            if "{data}" in url:
                request = client.build_request("GET", target)
            else:
                body = {"data": data.lower(), "sender": sender.lower()}
                request = client.build_request("POST", target, json=body)
            response = client.send(request, stream=True)
            try:
                if response.status_code != 200:
                    raise GatewayError(f"The gateway answered HTTP {response.status_code}.")
                raw = b""
                for chunk in response.iter_bytes():
                    raw += chunk
                    if len(raw) > MAX_RESPONSE:
                        raise GatewayError("The gateway's answer is too large.")
            finally:
                response.close()
    except httpx.HTTPError as exc:
        raise GatewayError(f"The gateway failed: {clean_line(type(exc).__name__, 60)}.") from None
    try:
        answer = json.loads(raw)
        value = answer["data"]
        return bytes.fromhex(value[2:] if value.startswith("0x") else value)
    except (ValueError, KeyError, TypeError, AttributeError):
        raise GatewayError('The gateway\'s answer is not {"data": "0x…"}.') from None


class OffchainCaller:
    """``eth_call`` that follows OffchainLookup reverts when allowed (and says None otherwise)."""

    def __init__(self, rpc: RpcClient, *, allow: bool, gateway: Gateway = https_gateway) -> None:
        self.rpc = rpc
        self.allow = allow
        self.gateway = gateway

    def call(self, to: str, data: str) -> str | None:
        """The call's answer, following at most MAX_HOPS lookups; None on any revert."""
        for _hop in range(MAX_HOPS + 1):
            try:
                return self.rpc.eth_call(to, data)
            except RpcError as exc:
                lookup = parse_lookup(revert_data(exc))
            if lookup is None or not self.allow:
                return None
            if lookup.sender.lower() != to.lower():  # EIP-3668: only the callee may ask
                return None
            response = self._fetch(lookup)
            if response is None:
                return None
            from eth_abi import encode

            data = (
                "0x"
                + (lookup.callback + encode(["bytes", "bytes"], [response, lookup.extra])).hex()
            )
        return None

    def after_batch(self, calls: list[tuple[str, str]], replies: list[Any]) -> list[str | None]:
        """Batched answers, with each OffchainLookup revert followed one by one when allowed."""
        out: list[str | None] = []
        for (to, data), reply in zip(calls, replies, strict=True):
            if isinstance(reply, str):
                out.append(reply)
            elif self.allow and isinstance(reply, RpcError) and parse_lookup(revert_data(reply)):
                out.append(self.call(to, data))
            else:
                out.append(None)
        return out

    def _fetch(self, lookup: Lookup) -> bytes | None:
        for url in lookup.urls[:MAX_URLS]:
            try:
                if url == BATCH_GATEWAY:
                    return self._local_batch(lookup.call_data)
                return self.gateway(url, lookup.sender, "0x" + lookup.call_data.hex())
            except GatewayError:
                continue
        return None

    def _local_batch(self, call_data: bytes) -> bytes:
        """ENSIP-21: answer ``query(requests)`` here, each request through a real gateway."""
        from eth_abi import decode, encode

        if call_data[:4].hex() != BATCH_QUERY:
            raise GatewayError("Not a batch gateway query.")
        try:
            (requests,) = decode(["(address,string[],bytes)[]"], call_data[4:])
        except Exception:
            raise GatewayError("A malformed batch gateway query.") from None
        failures: list[bool] = []
        responses: list[bytes] = []
        for sender, urls, data in list(requests)[:MAX_BATCH]:
            answer = None
            for url in list(urls)[:MAX_URLS]:
                if url == BATCH_GATEWAY:
                    continue  # no nesting
                try:
                    answer = self.gateway(str(url), str(sender), "0x" + bytes(data).hex())
                    break
                except GatewayError:
                    continue
            failures.append(answer is None)
            responses.append(answer or b"")
        return bytes(encode(["bool[]", "bytes[]"], [failures, responses]))


def batch_calls(rpc: RpcClient, calls: list[tuple[str, str]]) -> list[Any]:
    """One JSON-RPC batch of eth_calls; each reply is a hex string or the RpcError."""
    return rpc.batch([Call("eth_call", [{"to": to, "data": data}, "latest"]) for to, data in calls])

"""Typed settings read from (and written back to) the TOML settings file.

Secrets never live here: keys are in the OS keyring, and the account index beside the data
directory holds only addresses and labels.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tui.core.config.paths import config_file
from tui.core.errors import AgoraError, ConfigError
from tui.core.files import write_atomic
from tui.core.filters.model import FilterRule

DEVNET = "devnet"
"""Name of the embedded local network managed by ``agora devnet``."""


@dataclass
class Network:
    """One EVM chain that hosts the Agora contracts."""

    name: str
    """Short name used by ``--network`` and the settings screen."""
    rpc_url: str
    """HTTP(S) JSON-RPC endpoint."""
    chain_id: int
    """Expected ``eth_chainId``; Agora refuses to sign when the node reports another."""
    social: str = ""
    """Address of the Social contract."""
    articles: str = ""
    """Address of the Articles contract."""
    deploy_block: int = 0
    """Block the contracts were deployed in; indexing starts here."""
    ws_url: str = ""
    """Optional WebSocket endpoint for live block subscriptions."""
    gateways: list[str] = field(default_factory=list)
    """Trustless IPFS gateways tried in order when content is not in the local store."""
    kubo_rpc: str = ""
    """Optional Kubo RPC API (``http://127.0.0.1:5001``) that content is published to."""
    finality_depth: int = 64
    """Blocks after which a log is treated as final when the node has no ``finalized`` tag."""
    contracts: dict[str, str] = field(default_factory=dict)
    """Addresses of the contracts beyond Social and Articles, by key (``communities``,
    ``rounds``, ``ens_registry``…): what the extensions of ``tui.core.chain.extensions``
    deployed or found. A key that is absent means the capability is not on this chain."""

    def validate(self) -> None:
        """Raise ConfigError when a field cannot work."""
        if not self.name or not self.name.replace("-", "").replace("_", "").isalnum():
            raise ConfigError(f"Network name {self.name!r} must be letters, digits, - or _.")
        if not self.rpc_url.startswith(("http://", "https://")):
            raise ConfigError(
                f"Network {self.name!r}: rpc_url must start with http:// or https://",
                hint='Example: rpc_url = "https://sepolia.base.org"',
            )
        if self.chain_id <= 0:
            raise ConfigError(f"Network {self.name!r}: chain_id must be a positive integer.")
        for label, value in (("social", self.social), ("articles", self.articles)):
            if value and not (value.startswith("0x") and len(value) == 42):
                raise ConfigError(f"Network {self.name!r}: {label} is not a 0x address.")
        for url in self.gateways:
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"Network {self.name!r}: gateway {url!r} must be http(s).")
        if not isinstance(self.contracts, dict):
            raise ConfigError(f"Network {self.name!r}: contracts must be a table of addresses.")
        for key, value in self.contracts.items():
            if not (isinstance(key, str) and key.isidentifier() and key.islower()):
                raise ConfigError(f"Network {self.name!r}: contract key {key!r} is not a name.")
            if not (isinstance(value, str) and value.startswith("0x") and len(value) == 42):
                raise ConfigError(f"Network {self.name!r}: contracts.{key} is not a 0x address.")


@dataclass
class FilterSettings:
    """The ``[filters]`` table: keyword filters (``agora filter add`` edits it)."""

    rules: list[FilterRule] = field(default_factory=list)
    """``[[filters.rules]]``: id, text, kind (word|tag|regex), action (collapse|hide), expires."""

    def next_id(self) -> int:
        return max((r.id for r in self.rules), default=0) + 1


@dataclass
class ImageSettings:
    """The ``[images]`` table: how avatars (and other images) are drawn."""

    protocol: str = "auto"
    """auto (from the terminal's environment), kitty, sixel, halfblock, or off (no images)."""
    avatars_in_rows: bool = True
    """Small verified avatars beside authors in timelines and threads (never in compact rows)."""
    cache_mib: int = 32
    """Disk space kept for decoded avatars (least recently used go first)."""


@dataclass
class Settings:
    """Everything a user can configure. Every field has a safe default."""

    network: str = DEVNET
    """Active network name (``devnet`` is the embedded anvil chain)."""
    networks: dict[str, Network] = field(default_factory=dict)
    """User-defined networks, by name (``agora deploy`` adds one)."""
    theme: str = "textual-dark"
    """Textual theme name."""
    max_fee_eth: str = ""
    """Refuse to sign a transaction whose worst-case fee exceeds this (ETH); empty = no cap."""
    pipe_command: str = ""
    """Shell command the ``pipe`` command sends the focused item to, as JSON on stdin."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id (``timeline.tip``) or key to key(s) or command; see ``agora keys``."""
    idle_lock_minutes: int = 15
    """Passphrase-protected accounts lock again after this many idle minutes."""
    filters: FilterSettings = field(default_factory=FilterSettings)
    """Keyword filters applied to timelines, threads, search and notifications."""
    desktop_notifications: str = "off"
    """New alerts as desktop notifications (OSC 9/777): off, auto (known terminals), osc9, osc777."""
    ens_offchain: bool = False
    """Follow ENS CCIP-Read lookups to offchain gateways (they learn the name and your IP)."""
    messages_from: str = "everyone"
    """Who may write to you privately: ``everyone``, or ``followed`` (people you follow; the
    others' conversations wait under Requests)."""
    images: ImageSettings = field(default_factory=ImageSettings)
    """``[images]``: drawing protocol, avatars in rows, avatar cache size."""

    def to_toml(self) -> dict[str, Any]:
        data = asdict(self)
        data["networks"] = {name: asdict(net) for name, net in self.networks.items()}
        for net in data["networks"].values():
            net.pop("name", None)
        data["filters"] = {"rules": [asdict(r) for r in self.filters.rules]}
        return data


def _network_from(name: str, raw: Any) -> Network:
    if not isinstance(raw, dict):
        raise ConfigError(f"[networks.{name}] must be a table.")
    known = set(Network.__dataclass_fields__) - {"name"}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"[networks.{name}] has unknown keys: {', '.join(sorted(unknown))}")
    try:
        net = Network(name=name, **raw)
    except TypeError as exc:
        raise ConfigError(f"[networks.{name}] is incomplete: {exc}") from None
    if not isinstance(net.chain_id, int) or not isinstance(net.rpc_url, str):
        raise ConfigError(f"[networks.{name}]: rpc_url must be text and chain_id a number.")
    net.validate()
    return net


def _filters_from(raw: Any) -> FilterSettings:
    if not isinstance(raw, dict) or set(raw) - {"rules"}:
        raise ConfigError("[filters] must be a table with only [[filters.rules]].")
    rules = raw.get("rules", [])
    if not isinstance(rules, list):
        raise ConfigError("[[filters.rules]] must be an array of tables.")
    parsed: list[FilterRule] = []
    known = set(FilterRule.__dataclass_fields__)
    for number, item in enumerate(rules, 1):
        if not isinstance(item, dict) or set(item) - known:
            raise ConfigError(f"Filter rule {number}: keys are {', '.join(sorted(known))}.")
        try:
            rule = FilterRule(**item)
        except TypeError:
            raise ConfigError(f"Filter rule {number} needs at least an id and a text.") from None
        if not isinstance(rule.id, int) or not isinstance(rule.text, str):
            raise ConfigError(f"Filter rule {number}: id must be a number and text a string.")
        if not isinstance(rule.expires, int):
            raise ConfigError(f"Filter rule {number}: expires must be a Unix time (0 = never).")
        try:
            rule.validate()
        except AgoraError as exc:
            raise ConfigError(f"Filter rule {number}: {exc.message}") from None
        parsed.append(rule)
    return FilterSettings(rules=parsed)


def _images_from(raw: Any) -> ImageSettings:
    from tui.core.images.terminal import CHOICES

    known = set(ImageSettings.__dataclass_fields__)
    if not isinstance(raw, dict) or set(raw) - known:
        raise ConfigError(f"[images] is a table with: {', '.join(sorted(known))}.")
    images = ImageSettings(**raw)
    if images.protocol not in CHOICES:
        raise ConfigError(f"[images] protocol must be one of: {', '.join(CHOICES)}.")
    if not isinstance(images.avatars_in_rows, bool):
        raise ConfigError("[images] avatars_in_rows is true or false.")
    if type(images.cache_mib) is not int or not 0 <= images.cache_mib <= 4096:
        raise ConfigError("[images] cache_mib is a whole number of MiB from 0 to 4096.")
    return images


def parse_settings(data: dict[str, Any]) -> Settings:
    """Build Settings from parsed TOML, rejecting unknown keys and wrong types clearly."""
    known = set(Settings.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"Unknown settings: {', '.join(sorted(unknown))}")
    raw_networks = data.get("networks", {})
    if not isinstance(raw_networks, dict):
        raise ConfigError("[networks] must be a table of tables.")
    settings = Settings(
        **{k: v for k, v in data.items() if k not in ("networks", "filters", "images")},
        networks={name: _network_from(name, raw) for name, raw in raw_networks.items()},
        filters=_filters_from(data.get("filters", {})),
        images=_images_from(data.get("images", {})),
    )
    defaults = Settings()
    for name in known - {"networks", "filters", "images"}:
        if type(getattr(settings, name)) is not type(getattr(defaults, name)):
            raise ConfigError(f"Setting {name!r} has the wrong type.")
    if settings.messages_from not in ("everyone", "followed"):
        raise ConfigError('messages_from is "everyone" or "followed".')
    if any(not isinstance(k, str) or not isinstance(v, str) for k, v in settings.keymap.items()):
        raise ConfigError('[keymap] values must be strings: binding.id = "key".')
    from tui.core.desktop_alerts import CHOICES

    if settings.desktop_notifications not in CHOICES:
        raise ConfigError(f"desktop_notifications must be one of: {', '.join(CHOICES)}.")
    return settings


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file means defaults."""
    path = path or config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"Cannot read settings file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Settings file {path} is not valid TOML: {exc}") from None
    return parse_settings(data)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (temp file + rename) and return the path."""
    path = path or config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    import tomli_w  # only saving needs it

    write_atomic(path, tomli_w.dumps(settings.to_toml()).encode("utf-8"))
    return path

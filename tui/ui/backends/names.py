"""Names and avatars for the screens: the real lookups (chain, cache, content) or a fake.

Screens call ``names_for(app.backend)`` from thread workers: ``primary_names`` resolves many
authors at once (batched, cached) and ``identity`` gives one account's verified name and its
decoded avatar for a profile header. The fake answers from fixed data, so snapshots with
avatars stay deterministic.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.core.actions.intents import CallIntent
from tui.core.ens.deploy import EnsDeployment
from tui.core.ens.faces import Face
from tui.core.ens.service import Target, intent_for, resolve_target
from tui.core.errors import AgoraError, ConfigError, NotFoundError, UsageError
from tui.core.images.decode import Raster
from tui.ui.writes import PlannedRequest

FAKE_ENS = EnsDeployment(
    registry="0x700b6A60ce7EaaEA56F065753d8dcB9653dbAD35",
    resolver="0xA15BB66138824a1c7167f5E85b957d04Dd34E468",
    reverse="0xb19b36b1456E65E3A6D514D3F715f204BD59f431",
    registrar="0x8ce361602B935680E8DeC218b820ff5056BeB7af",
)
"""The devnet's ENS addresses (stable: see tui.core.ens.deploy), for the fake's intents."""


@dataclass(frozen=True)
class Identity:
    """One account as a profile header shows it."""

    address: str
    name: str = ""
    """The verified ENS primary name ("" when none verifies)."""
    avatar: Raster | None = None
    avatar_label: str = ""
    """"NFT avatar, owner verified", "avatar", "no avatar: why", or "" when no record."""


class NamesBackend(Protocol):
    def primary_names(self, addresses: list[str], *, fresh: bool = False) -> dict[str, str | None]:
        """Verified primary names by address (None: none verifies); ``fresh`` skips the cache."""
        ...

    def identity(self, address: str, profile_avatar: str = "") -> Identity:
        """The verified name and the avatar: the ENS ``avatar`` record, else the profile
        document's (``profile_avatar``), NFTs only when ``address`` owns them."""
        ...

    def authors(self, limit: int) -> list[str]:
        """The accounts worth naming now: the user and the most recently active authors."""
        ...

    def faces(self, names: dict[str, str]) -> dict[str, Face]:
        """Small verified avatars of these accounts (address → verified name), from the disk
        cache when fresh, else the chain and the image sandbox (tui.core.ens.faces)."""
        ...

    def resolve(self, text: str) -> Target:
        """A 0x address or an ENS name typed by the user, resolved fresh (raises AgoraError)."""
        ...

    def register_request(self, name: str) -> PlannedRequest:
        """The write registering ``name`` (``LABEL.eth``, normalised) to the user as their
        primary name: each of its steps planned from the chain before its confirmation."""
        ...


class NoNames:
    """A network without ENS (or none yet): nobody has a name."""

    def primary_names(self, addresses: list[str], *, fresh: bool = False) -> dict[str, str | None]:
        return dict.fromkeys(addresses)

    def identity(self, address: str, profile_avatar: str = "") -> Identity:
        return Identity(address)

    def authors(self, limit: int) -> list[str]:
        return []

    def faces(self, names: dict[str, str]) -> dict[str, Face]:
        return {}

    def resolve(self, text: str) -> Target:
        return resolve_target(text, None)

    def register_request(self, name: str) -> PlannedRequest:
        def refuse(*_args: Any) -> tuple[CallIntent, bool]:
            raise ConfigError("This network has no ENS registrar Agora can register names with.")

        return PlannedRequest(f"Register {name}", refuse, lambda: refuse())


@dataclass
class FakeNames:
    """Fixed names and avatars (tests, snapshots)."""

    names: dict[str, str] = field(default_factory=dict)
    avatars: dict[str, bytes] = field(default_factory=dict)
    """Encoded images by address, decoded by the real image layer."""

    def primary_names(self, addresses: list[str], *, fresh: bool = False) -> dict[str, str | None]:
        return {a: self.names.get(a) for a in addresses}

    def authors(self, limit: int) -> list[str]:
        return list(self.names)[:limit]

    def faces(self, names: dict[str, str]) -> dict[str, Face]:
        from tui.core.images.decode import decode
        from tui.core.images.limits import DEFAULT_LIMITS
        from tui.core.images.pixel_store import shrink

        out = {}
        for address, name in names.items():
            image = self.avatars.get(address) if self.names.get(address) == name else None
            raster = shrink(decode(image, DEFAULT_LIMITS)) if image else None
            out[address] = Face(address, name, raster, nft=raster is not None)
        return out

    def resolve(self, text: str) -> Target:
        from tui.core.ens.normalize import looks_like_name, normalize

        if looks_like_name(text):
            name = normalize(text)
            for address, known in self.names.items():
                if known == name:
                    return Target(address, name)
            raise NotFoundError(f"The ENS name {name!r} does not resolve to an address.")
        return resolve_target(text, None)

    def register_request(self, name: str) -> PlannedRequest:
        from tui.core.ens.records import register_steps
        from tui.ui.writes import FAKE_ACCOUNTS

        steps = iter(register_steps(FAKE_ENS, name, FAKE_ACCOUNTS[0]))

        def fake() -> tuple[CallIntent, bool]:
            if name in self.names.values():
                raise UsageError(f"{name} is already registered.", hint="Pick another name.")
            step = next(steps)
            return intent_for(step), step.kind == "name.primary"

        def plan(*_args: Any) -> tuple[CallIntent, bool]:
            return fake()

        return PlannedRequest(f"Register {name}", plan, fake)

    def identity(self, address: str, profile_avatar: str = "") -> Identity:
        image = self.avatars.get(address)
        if image is None:
            return Identity(address, self.names.get(address, ""))
        from tui.core.images.decode import decode
        from tui.core.images.limits import DEFAULT_LIMITS

        raster = decode(image, DEFAULT_LIMITS)
        label = "NFT avatar, owner verified"
        return Identity(address, self.names.get(address, ""), raster, label)


class CoreNames:
    """ENS on the backend's network: the client with its cache, and the image sandbox."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self._lock = threading.Lock()
        self._faces: tuple[Any, Any] | None = None
        """(index path, its ``FaceStore``), opened on first use."""

    def _open(self) -> tuple[Any, Any, Any] | None:
        from tui.core.ens.service import open_names
        from tui.core.index.service import cached_network

        ctx = self.backend.ctx
        network = getattr(self.backend, "_verified", None) or cached_network(ctx)
        if network is None or not getattr(self.backend, "rpc_url", None):
            return None
        rpc = ctx.rpc(self.backend.rpc_url)
        client = open_names(ctx.home, network, rpc, offchain=ctx.settings.ens_offchain)
        if client is None:
            rpc.close()
            return None
        return client, network, rpc

    def authors(self, limit: int) -> list[str]:
        store = self.backend._store()
        found: list[str] = []
        if store is not None:
            with self.backend._read_lock:  # the index's one connection, shared by workers
                rows = store.conn.execute(
                    "SELECT author FROM posts GROUP BY author ORDER BY MAX(id) DESC LIMIT ?",
                    (limit,),
                ).fetchall()
            found = [str(r[0]) for r in rows]
        me = self.backend.account()
        return list(dict.fromkeys([*([me] if me else []), *found]))

    def faces(self, names: dict[str, str]) -> dict[str, Face]:
        from tui.core.ens.faces import FaceStore, ens_faces
        from tui.core.ens.service import content_getter
        from tui.core.index.service import cached_network, index_path

        ctx = self.backend.ctx
        network = getattr(self.backend, "_verified", None) or cached_network(ctx)
        if network is None:
            return {}
        path = index_path(ctx.home, network)
        if not path.is_file():
            return {}
        with self._lock:
            if self._faces is None or self._faces[0] != path:
                cap = ctx.settings.images.cache_mib * 1024 * 1024
                self._faces = (path, FaceStore.open(str(path), cap=cap))
            store = self._faces[1]
        opened = self._open()
        if opened is None:  # no node: what the disk cache holds
            return ens_faces(names, store, client=None, rpc=None, chain_id=network.chain_id,
                             get_cid=None, online=False)  # fmt: skip
        client, network, rpc = opened
        try:
            return ens_faces(names, store, client=client, rpc=rpc, chain_id=network.chain_id,
                             get_cid=content_getter(ctx.home, network))  # fmt: skip
        finally:
            rpc.close()

    def resolve(self, text: str) -> Target:
        opened = self._open()
        if opened is None:
            return resolve_target(text, None)
        client, _, rpc = opened
        try:
            return resolve_target(text, client)
        finally:
            rpc.close()

    def register_request(self, name: str) -> PlannedRequest:
        def plan(rpc: Any, network: Any, sender: str, _content: Any) -> tuple[CallIntent, bool]:
            from tui.core.ens.records import next_register_step
            from tui.core.ens.service import devnet_ens

            step, last = next_register_step(rpc, devnet_ens(network), name, sender)
            return intent_for(step), last

        return PlannedRequest(f"Register {name}", plan)

    def primary_names(self, addresses: list[str], *, fresh: bool = False) -> dict[str, str | None]:
        opened = self._open()
        if opened is None:
            return dict.fromkeys(addresses)
        client, _, rpc = opened
        try:
            found = client.primary_names(addresses, fresh=fresh)
            return {a: p.name for a, p in found.items()}
        except AgoraError:
            return {}
        finally:
            rpc.close()

    def identity(self, address: str, profile_avatar: str = "") -> Identity:
        opened = self._open()
        if opened is None:
            return Identity(address)
        client, network, rpc = opened
        home = self.backend.ctx.home
        try:
            from tui.core.ens.avatar import resolve_avatar
            from tui.core.ens.service import content_getter, report

            found = report(client, address, rpc=rpc, network=network, home=home)
            avatar: Any = found.avatar
            if avatar is None and profile_avatar:  # the profile document's own avatar
                avatar = resolve_avatar(
                    profile_avatar,
                    address,
                    rpc=rpc,
                    chain_id=network.chain_id,
                    get_cid=content_getter(home, network),
                )
        except AgoraError as exc:
            return Identity(address, avatar_label=f"no avatar: {exc.message}")
        finally:
            rpc.close()
        name = found.name if found.verified and found.name else ""
        if avatar is None:
            return Identity(address, name)
        if avatar.image is None:
            return Identity(address, name, None, avatar.label)
        from tui.core.images.limits import ImageError
        from tui.core.images.sandbox import decode_bounded

        try:
            raster = decode_bounded(avatar.image)
        except ImageError as exc:
            return Identity(address, name, None, f"no avatar: {exc.message}")
        return Identity(address, name, raster, avatar.label)


_BY_BACKEND: weakref.WeakKeyDictionary[Any, NamesBackend] = weakref.WeakKeyDictionary()


def names_for(backend: Any) -> NamesBackend:
    """The names side of ``backend`` (built on first use and kept with it)."""
    found = _BY_BACKEND.get(backend)
    if found is None:
        from tui.ui.backend import CoreBackend

        found = CoreNames(backend) if isinstance(backend, CoreBackend) else NoNames()
        _BY_BACKEND[backend] = found
    return found


def use_names(backend: Any, names: NamesBackend) -> None:
    """Give ``backend`` this names side (tests give the fake backend a ``FakeNames``)."""
    _BY_BACKEND[backend] = names


def typed_account(backend: Any, text: str) -> Target | None:
    """Blocking. What the user typed where an account is expected, when it is an ENS name (it
    has a dot): resolved fresh on the network, so AgoraError for a name that does not resolve
    or a network without ENS. None for anything else (a 0x address, a profile name), which is
    looked up where it is used: a name with a dot is always taken as an ENS name."""
    from tui.core.ens.normalize import looks_like_name

    if not looks_like_name(text):
        return None
    return names_for(backend).resolve(text)


def typed_accounts(backend: Any, texts: Any) -> list[Target]:
    """Blocking. Accounts typed for one write: ENS names resolved fresh (``typed_account``),
    anything else kept as typed for the write's own checks."""
    return [typed_account(backend, text) or Target(text) for text in texts]


class _Fresh:
    """``recheck``'s view of the names side: a name's address now, None when it has none."""

    def __init__(self, names: NamesBackend) -> None:
        self.names = names

    def address(self, name: str, fresh: bool = True) -> str | None:
        try:
            return self.names.resolve(name).address
        except NotFoundError:
            return None


def recheck_typed(backend: Any, targets: list[Target]) -> Any:
    """A ``PlannedRequest.before_signing`` check: each name among ``targets`` resolved again
    and still where it was when the user confirmed (None when none was a name)."""
    from tui.core.ens.service import recheck

    named = [t for t in targets if t.name]
    if not named:
        return None
    fresh: Any = _Fresh(names_for(backend))

    def check() -> None:
        for target in named:
            recheck(target, fresh)

    return check


async def typed_address(app: Any, text: str) -> str:
    """The address for what the user typed where an account is expected: an ENS name is
    resolved off the event loop and said as ``ada.eth → 0x…`` (AgoraError when it does not
    resolve or the network has no ENS); anything else is returned as typed."""
    import asyncio

    from tui.core.ens.normalize import looks_like_name

    if not looks_like_name(text):  # no thread hop for a plain address
        return text
    target = await asyncio.to_thread(typed_account, app.backend, text)
    if target is None:
        return text
    app.notify(target.text(), title="ENS name", markup=False)
    return target.address

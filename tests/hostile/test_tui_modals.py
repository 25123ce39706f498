"""Hostile text in the confirmation modal, wallet history, toasts and links."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.backend import FakeHostileBackend
from tests.hostile.corpus import ALL, LINK_TARGETS, SHORT, forbidden
from tests.hostile.test_tui_hostile import SIZE, Tripwires, _click_everywhere, _screen_text, _settle
from tui.core.errors import AgoraError, ChainError, ContentError
from tui.core.text import clean_identity, clean_line, clean_text
from tui.ui.backend import FAKE_NOW
from tui.ui.factory import make_app
from tui.ui.screens.link import check_link
from tui.ui.writes import Confirmation, TxRecord

BAD = [ALL[k] for k in ("textual_click_quit", "osc52_clipboard", "bidi_rlo_address", "textual_close_all",
                        "textual_unclosed_bracket", "c1_osc_8bit", "combining_flood")]  # fmt: skip


def _confirmation() -> Confirmation:
    return Confirmation(
        network=clean_identity(ALL["textual_click_quit"]),
        chain_id=31337,
        sender="0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        to="0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        value_wei=10**15,
        function="tip(uint256)",
        args=tuple((f"arg{i}", clean_line(b, 200)) for i, b in enumerate(BAD)),
        gas_limit=100_000,
        max_fee_per_gas=10**9,
        max_priority_fee_per_gas=1,
        nonce=0,
        balance_wei=10**18,
        summary=clean_line("Tip " + ALL["textual_click_quit"] + ALL["bidi_rlo_address"], 200),
        notice="This sends ETH; a confirmed payment cannot be undone.",
    )


async def _modal_run() -> tuple[list[str], str, Any, bool]:
    from tui.ui.screens.confirm import ConfirmModal

    app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        trips = Tripwires(app)
        await _settle(pilot)
        results: list[Any] = []
        app.push_screen(ConfirmModal(_confirmation()), results.append)
        await _settle(pilot)
        text = _screen_text(app)
        await _click_everywhere(pilot)  # a click on content never confirms
        await _settle(pilot)
        confirmed_by_click = bool(results and results[0] is True)
        return trips.fired, text, results, confirmed_by_click or not app.is_running


def test_confirmation_modal_shows_hostile_args_as_text() -> None:
    fired, text, _results, bad = asyncio.run(_modal_run())
    assert fired == [] and not bad
    assert forbidden(text) == []
    assert "[@click=app.quit]" in text  # shown literally
    assert "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" in text  # full recipient next to names


async def _toast_run(message: str) -> tuple[list[str], list[str], bool]:
    app = make_app(backend=FakeHostileBackend(), now=FAKE_NOW, first_run=False)
    async with app.run_test(size=SIZE) as pilot:
        trips = Tripwires(app)
        await _settle(pilot)

        def fail() -> None:
            raise ChainError(message)

        app.run_worker(fail, thread=True, exit_on_error=False)
        await _settle(pilot)
        notes = [str(n.message) for n in app._notifications]
        await _click_everywhere(pilot)
        return trips.fired, notes, app.is_running


@pytest.mark.parametrize("name", ["textual_click_quit", "textual_close_all", "textual_unclosed_bracket",
                                  "osc0_title_bel", "osc52_clipboard", "c1_csi_8bit"])  # fmt: skip
def test_worker_error_toast_with_hostile_message(name: str) -> None:
    """A node/gateway error text reaching the app's one error handler is shown as plain text."""
    fired, notes, running = asyncio.run(_toast_run(ALL[name]))
    assert running and fired == []
    assert notes, "the failure is explained"
    for note in notes:
        assert forbidden(note) == [], note


def test_wallet_history_rows_are_plain_text() -> None:
    from tui.ui.screens.wallet import tx_row

    for blob in SHORT.values():
        record = TxRecord("0x" + "ab" * 32, 1, "failed", clean_line(blob), reason=clean_line(blob))
        for cell in tx_row(record):
            assert not cell.spans and forbidden(cell.plain) == []  # no markup was parsed


@pytest.mark.parametrize("href", LINK_TARGETS)
def test_dangerous_links_are_refused(href: str) -> None:
    with pytest.raises(ContentError):
        check_link(href)


@given(st.text(max_size=200))
def test_link_check_accepts_only_https_or_ipfs(href: str) -> None:
    try:
        checked = check_link(href)
    except ContentError:
        return
    assert checked.scheme in ("https", "ipfs") and not href.startswith("-")
    assert forbidden(href) == [] and not any(c.isspace() for c in href)


def test_agora_errors_from_content_are_cleaned_by_the_cli() -> None:
    from tui.cli.output import emit_error

    for blob in BAD:
        import io
        import sys

        buf = io.StringIO()
        old, sys.stderr = sys.stderr, buf
        try:
            emit_error(AgoraError(blob, hint=blob), as_json=False)
            emit_error(AgoraError(blob, hint=blob), as_json=True)
        finally:
            sys.stderr = old
        assert forbidden(buf.getvalue()) == []
    assert clean_text is not None

"""Desktop notifications for new alerts: which terminals, what text, how often, and the app."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events

from tests.ui.conftest import build, settle
from tui.core.config.settings import parse_settings
from tui.core.desktop_alerts import MAX_BODY, DesktopAlerts, detect, protocol_for, sequence
from tui.core.errors import ConfigError
from tui.core.filters.model import Verdict
from tui.core.models import NotificationView
from tui.ui.backend import FAKE_NOW, FakeBackend

ACTOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def alert(block: int, kind: str = "reply", name: str = "Ana", text: str = "hi") -> NotificationView:
    return NotificationView(
        kind, ACTOR, block, FAKE_NOW, "0x" + "ab" * 32, actor_name=name, text=text
    )


def payload(seq: str) -> str:
    """What lies between the OSC introducer and its BEL terminator."""
    assert seq.startswith("\x1b]") and seq.endswith("\x07")
    return seq[2:-1]


class TestTerminals:
    @pytest.mark.parametrize(
        ("env", "expected"),
        [
            ({"TERM_PROGRAM": "iTerm.app"}, "osc9"),
            ({"TERM_PROGRAM": "WezTerm"}, "osc777"),
            ({"TERM_PROGRAM": "ghostty"}, "osc777"),
            ({"TERM": "foot"}, "osc777"),
            ({"TERM": "rxvt-unicode-256color"}, "osc777"),
            ({"TERM": "xterm-256color"}, None),
            ({"TERM_PROGRAM": "tmux", "TMUX": "/tmp/tmux-1/default,1,0"}, None),
            ({"TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/x"}, None),
        ],
    )
    def test_auto_only_where_known(self, env: dict[str, str], expected: str | None) -> None:
        assert detect(env) == expected
        assert protocol_for("auto", env) == expected

    def test_off_and_explicit(self) -> None:
        assert protocol_for("off", {"TERM_PROGRAM": "iTerm.app"}) is None
        assert protocol_for("osc777", {}) == "osc777"

    def test_setting_is_checked(self) -> None:
        assert parse_settings({"desktop_notifications": "auto"}).desktop_notifications == "auto"
        assert parse_settings({}).desktop_notifications == "off"
        with pytest.raises(ConfigError, match="desktop_notifications"):
            parse_settings({"desktop_notifications": "loud"})


class TestText:
    def test_hostile_name_and_text_cannot_escape(self) -> None:
        hostile = alert(2, name="Eve\x1b]52;c;cm0gLXJm\x07\x9c;x", text="a\x1b[2J;b\nc\u202e")
        seq = sequence("osc777", "Agora", "Eve\x1b]0;t\x07 " + hostile.text)
        inner = payload(seq)
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", inner)
        assert inner.count(";") == 3  # 777;notify;title;body and no more

    @given(st.text(max_size=500), st.text(max_size=500), st.sampled_from(["osc9", "osc777"]))
    def test_any_text_stays_inside_the_sequence(self, title: str, body: str, proto: str) -> None:
        inner = payload(sequence(proto, title, body))
        assert not re.search(r"[\x00-\x1f\x7f-\x9f]", inner)
        assert inner.count(";") == (1 if proto == "osc9" else 3)
        assert len(inner) <= len("777;notify;;") + 40 + MAX_BODY

    def test_tmux_passthrough_doubles_escapes(self) -> None:
        seq = sequence("osc9", "Agora", "hello", tmux=True)
        assert seq == "\x1bPtmux;\x1b\x1b]9;Agora: hello\x07\x1b\\"


class Sent:
    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, seq: str) -> None:
        self.items.append(seq)


class TestNotifier:
    def test_start_learns_without_notifying_then_notifies_new_ones(self) -> None:
        sent = Sent()
        notifier = DesktopAlerts("osc9", sent)
        assert not notifier.check([alert(5), alert(4)], 0.0, focused=False)
        assert notifier.check([alert(6, name="Bo", text="yes"), alert(5)], 1.0, focused=False)
        assert sent.items == ["\x1b]9;Agora: Bo replied: yes\x07"]

    def test_rate_limited_and_coalesced(self) -> None:
        sent = Sent()
        notifier = DesktopAlerts("osc9", sent, interval=60)
        notifier.check([], 0.0, False)
        notifier.check([alert(1)], 1.0, False)
        assert not notifier.check([alert(2, "tip"), alert(1)], 10.0, False)
        assert not notifier.check([alert(3, "follow"), alert(2, "tip")], 30.0, False)
        assert notifier.check([alert(3, "follow")], 61.0, False)
        assert len(sent.items) == 2
        assert sent.items[1] == "\x1b]9;Agora: 2 new alerts: 1 tip, 1 follow\x07"

    def test_not_while_focused_nor_for_filtered(self) -> None:
        sent = Sent()
        notifier = DesktopAlerts("osc777", sent)
        notifier.check([], 0.0, False)
        assert not notifier.check([alert(1)], 1.0, focused=True)
        muted = replace(alert(2), filtered=Verdict("mute", "muted"))
        assert not notifier.check([muted], 2.0, focused=False)
        assert sent.items == []


class AlertsBackend(FakeBackend):
    """The fake backend with alerts a test adds."""

    def __init__(self) -> None:
        super().__init__()
        self.alerts: list[NotificationView] = []

    def notifications(self, limit: int = 200) -> list[NotificationView]:
        return list(reversed(self.alerts))[:limit]


@pytest.mark.anyio
async def test_app_notifies_only_when_blurred(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = AlertsBackend()
    backend.alerts.append(alert(10))
    app = build(backend)
    sent = Sent()
    monkeypatch.setattr(app, "write_terminal", sent)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.setup_desktop_alerts("osc777")
        await _poll(app, pilot)
        backend.alerts.append(alert(11, name="Zed\x1b]0;pwn\x07", text="ping"))
        app.post_message(events.AppFocus())
        await settle(pilot)
        await _poll(app, pilot)  # the terminal says Agora has focus: nothing is sent
        assert sent.items == []
        backend.alerts.append(alert(12, name="Zed\x1b]0;pwn\x07", text="ping"))
        app.post_message(events.AppBlur())
        await settle(pilot)
        await _poll(app, pilot)
        assert sent.items == ["\x1b]777;notify;Agora;Zed␛]0,pwn␇ replied: ping\x07"]


async def _poll(app: Any, pilot: Any) -> None:
    app.run_worker(app.check_desktop_alerts, thread=True)
    await settle(pilot)


@pytest.mark.anyio
async def test_off_by_default() -> None:
    app = build(AlertsBackend())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app._desktop is None

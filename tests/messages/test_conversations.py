"""The conversation fold: grouping, order, duplicates, requests, and sanitised bodies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.messages.conversations import Message, fold, message

ME = "0x" + "11" * 20
BOB = "0x" + "22" * 20
EVE = "0x" + "33" * 20


def msg(n: int, sender: str, to: str, body: str = "hi", read: bool = False) -> Message:
    return message(bytes([n]) * 32, sender, to, n, n, body, sender == ME, read, block=n)


def test_groups_by_peer_newest_conversation_first_and_chain_order_inside() -> None:
    convos = fold([msg(3, BOB, ME, "c"), msg(1, BOB, ME, "a"), msg(2, ME, BOB, "b"),
                   msg(4, EVE, ME, "x")])  # fmt: skip
    assert [c.peer for c in convos] == [EVE, BOB]
    assert [m.body for m in convos[1].messages] == ["a", "b", "c"]
    assert convos[1].unread == 2  # the outgoing one is not counted


def test_duplicate_digests_count_once() -> None:
    (convo,) = fold([msg(1, BOB, ME), msg(1, BOB, ME)])
    assert len(convo.messages) == 1


def test_requests_are_strangers_you_never_answered() -> None:
    follows = frozenset({BOB.lower()})
    convos = fold([msg(1, BOB, ME), msg(2, EVE, ME)], follows)
    assert {c.peer: c.request for c in convos} == {BOB: False, EVE: True}
    answered = fold([msg(1, EVE, ME), msg(2, ME, EVE)], follows)
    assert answered[0].request is False
    assert all(not c.request for c in fold([msg(1, EVE, ME)]))


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_bodies_never_carry_control_characters(body: str) -> None:
    shown = message(b"\x01" * 32, BOB, ME, 1, 1, body, False, False).body
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert not any(0x7F <= ord(c) <= 0x9F for c in shown)

"""Scheduled posts: when a draft's time comes while Agora runs, its confirmation opens.

Scheduling signs nothing. At the due time the post goes through the same flow as ``ctrl+s``
(prepare, the confirmation of the exact transaction, unlock, sign), so nothing is signed
without the user seeing and accepting it. Cancelled or failed, the draft stays in Drafts
without its schedule (it is not asked about again every few seconds). The app's clock
(``app.now``) decides what is due, so tests control time.
"""

from __future__ import annotations

from typing import Any

from tui.core.drafts import DraftInfo, DraftStore, format_when
from tui.core.errors import AgoraError

SCHEDULE_INTERVAL = 15.0
"""Seconds between checks for due drafts."""
SCHEDULE_GROUP = "scheduled-posts"


def check_due(app: Any, store: DraftStore | None = None) -> bool:
    """Start sending the drafts that are due (one flow, one after another); True if started.

    Does nothing while a previous round is still open (a confirmation waiting for the user).
    """
    if any(w.group == SCHEDULE_GROUP and not w.is_finished for w in app.workers):
        return False
    store = store or DraftStore()
    due = store.due(app.now())
    if not due:
        return False
    app.run_worker(_send_all(app, store, due), group=SCHEDULE_GROUP, exit_on_error=False)
    return True


async def _send_all(app: Any, store: DraftStore, due: list[DraftInfo]) -> None:
    for draft in due:
        await _send_one(app, store, draft)


async def _send_one(app: Any, store: DraftStore, draft: DraftInfo) -> None:
    from tui.core.images.attachments import ATTACHMENTS_FIELD, draft_attachments
    from tui.ui import flows

    fields = store.load(draft.key)
    text = fields.get("text", "")
    try:
        store.schedule(draft.key, 0)  # asked once: a cancel must not bring the question back
    except AgoraError:
        return  # deleted meanwhile
    if not text.strip():
        return
    app.notify(
        f"Scheduled for {format_when(draft.scheduled_at)}: review and confirm to send.",
        markup=False,
        title="Scheduled post",
    )
    result = await flows.post(
        app,
        text,
        draft.reply_to,
        fields.get("cw", "").strip(),
        on_confirmed=lambda: store.delete(draft.key),
        attachments=draft_attachments(fields.get(ATTACHMENTS_FIELD, "")),
    )
    if result is None:
        app.notify(
            "The scheduled post was not sent; it is kept in Drafts (D).",
            markup=False,
            title="Scheduled post",
            severity="warning",
        )

"""The editors' drafts: the store lives in the core (``tui.core.drafts``) so the CLI shares it."""

from __future__ import annotations

from tui.core.drafts import MAX_DRAFT as MAX_DRAFT
from tui.core.drafts import DraftInfo as DraftInfo
from tui.core.drafts import DraftStore as DraftStore
from tui.core.drafts import draft_key as draft_key

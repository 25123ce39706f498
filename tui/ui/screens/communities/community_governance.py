"""The community screen's membership and governance actions: join or leave, fork, and the
proposals of a community governed by vote (propose, vote, execute)."""

from __future__ import annotations

from typing import Any

from tui.core.errors import AgoraError
from tui.core.index.community_views import ProposalView
from tui.ui.screens.communities.community_base import CommunityScreenBase
from tui.ui.widgets.virtual_list import VirtualList


class GovernanceActions(CommunityScreenBase):
    """Join, fork, propose, vote and execute, for ``CommunityScreen``."""

    def action_join(self) -> None:
        from tui.core.communities import intents

        joined = bool(self.detail and self.detail.summary.joined)
        build = intents.leave if joined else intents.join
        verb = "Leave" if joined else "Join"
        self._write(f"{verb} community #{self.community}", lambda _store: build(self.community))

    def action_fork(self) -> None:
        from tui.core.communities import intents
        from tui.core.communities.fold import Governance
        from tui.ui.screens.communities.modals import CommunityForm, CommunityFormModal

        name = f"{self.detail.summary.name} (fork)" if self.detail else ""

        def chosen(form: CommunityForm | None) -> None:
            if form is None:
                return
            governance = Governance.VOTE if form.vote else Governance.OWNER

            def build(store: Any) -> Any:
                return intents.fork(
                    store, self.community, form.name, form.goal, form.rules,
                    restricted=form.restricted, governance=governance,
                )  # fmt: skip

            self._write(f"Fork community #{self.community}", build, key)

        key = self._draft("fork")
        self.app.push_screen(
            CommunityFormModal(
                f"Fork community #{self.community}", self._rules(), name, draft_key=key
            ),
            chosen,
        )

    def _proposal(self) -> ProposalView | None:
        item = self.query_one("#community-proposals", VirtualList).highlighted
        if self.tab != "proposals" or not isinstance(item, ProposalView):
            self.notify("Highlight a proposal on the Proposals tab.", markup=False)
            return None
        return item

    def action_vote(self, support: bool) -> None:
        from tui.ui.backends.points import vote_request

        proposal = self._proposal()
        if proposal is not None and (proposal.closed or proposal.executed):
            self.notify(
                f"Voting on proposal #{proposal.id} closed at block {proposal.end_block}.",
                markup=False,
            )
            return
        if proposal is not None:  # weighed by earned points when the community says so
            app: Any = self.app
            app.points_write(vote_request(proposal.id, support, self.community), done=self.load)

    def action_execute(self) -> None:
        from tui.core.communities import intents

        proposal = self._proposal()
        if proposal is None:
            return
        refused = (
            "was executed already" if proposal.executed
            else f"is still open until block {proposal.end_block}" if not proposal.closed
            else "did not pass (no more yes than no)" if not proposal.passed
            else ""
        )  # fmt: skip
        if refused:  # the contract would revert: say why before any dialog
            self.notify(f"Proposal #{proposal.id} {refused}.", markup=False)
            return
        self._write(f"Execute proposal #{proposal.id}", lambda _s: intents.execute(proposal.id))

    def action_propose(self) -> None:
        from tui.core.communities import intents
        from tui.core.communities.fold import Governance, ProposalKind
        from tui.ui.screens.communities.modals import ProposalForm, ProposalModal

        if self.detail is None:
            self.notify("The community is still loading.", markup=False)
            return
        if self.detail.summary.governance is not Governance.VOTE:
            self.notify("This community is governed by its owner: no proposals.", markup=False)
            return

        def chosen(form: ProposalForm | None) -> None:
            if form is None:
                return
            kind = ProposalKind.parse(form.kind)
            assert kind is not None

            async def named() -> None:  # a target typed as an ENS name: its address
                from tui.ui import flows
                from tui.ui.backends.names import typed_address

                try:
                    target = await typed_address(self.app, form.target)
                except AgoraError as error:
                    flows.report(self.app, error, "Not an account")
                    return

                def build(store: Any) -> Any:
                    return intents.propose(
                        store, self.community, kind, target, rules=form.rules, note=form.note
                    )

                self._write(f"Propose {form.kind} in community #{self.community}", build, key)

            self.app.run_worker(named(), exit_on_error=False)

        key = self._draft("proposal")
        self.app.push_screen(
            ProposalModal(f"Propose in community #{self.community}", self._rules(), draft_key=key),
            chosen,
        )

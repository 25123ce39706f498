"""Untrusted images made safe to draw: bounded fetch, bounded decode, terminal half-blocks.

Generic on purpose: avatars use it first, post images can reuse it. No Textual imports.
"""

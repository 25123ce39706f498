"""Endorsement screens: the endorse dialog, the profile's endorsements rows, the flows."""

"""The Rounds screens (F): rounds and results, candidates and the ballot, the open wizard."""

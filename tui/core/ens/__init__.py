"""ENS names: normalisation, resolution verified both ways, avatars, a cache; no Textual."""

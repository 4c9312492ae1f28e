"""A seeded synthetic corpus of meeting articles, its ground truth, and a local origin.

A test and bench tool: it imports no service (only the parser's province file, as data).

    corpus = generate(seed=1, meetings=2000, hostile=True)
    async with serve_corpus(corpus, hosts=20) as origin:
        urls = origin.urls                      # served URLs, in the corpus's order
        corpus.truth.meetings_per_province      # what the aggregator must end with
"""

from tinhuy.corpus.generate import generate
from tinhuy.corpus.model import Corpus, Expect, Meeting, Page, Truth, UrlTruth
from tinhuy.corpus.origin import Hit, Origin, serve_corpus
from tinhuy.corpus.warc import write_warc

__all__ = [
    "Corpus",
    "Expect",
    "Hit",
    "Meeting",
    "Origin",
    "Page",
    "Truth",
    "UrlTruth",
    "generate",
    "serve_corpus",
    "write_warc",
]

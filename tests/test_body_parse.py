"""The shared spaCy parse of an article body."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from newsparallax import resources
from newsparallax.body_parse import parse_body
from newsparallax.model import Article


def test_parse_body_keeps_the_segmenter_sentences() -> None:
    article = Article(id="a", source="s", title="t", text="Crews left at dawn. The Mt. Orr road\nclosed at noon.")
    doc = parse_body(article, resources.nlp())
    assert [s.text.strip() for s in doc.sents] == ["Crews left at dawn.", "The Mt. Orr road", "closed at noon."]


def test_sentence_starts_are_preset_as_token_by_token_setting_would() -> None:
    # The starts are written as one array (setting them token by token is quadratic); the flags must be those.
    from newsparallax.segment import segment

    text = "Crews left at dawn. The Mt. Orr road\nclosed at noon. “We are done,” she said.\n\nIt rained."
    article = segment(Article(id="a", source="s", title="t", text=text))
    nlp = resources.nlp()
    expected = nlp.make_doc(text)
    starts = {s.start for s in article.sentences}
    for token in expected:
        token.is_sent_start = token.i == 0 or token.idx in starts
    parsed = parse_body(article, nlp)
    assert [t.is_sent_start for t in parsed] == [t.is_sent_start for t in expected]


@pytest.mark.slow
def test_parse_bodies_in_batches_parse_each_article_as_parse_body_does(examples_dir: Path) -> None:
    from newsparallax import read
    from newsparallax.body_parse import parse_bodies

    articles = [read(str(p)) for p in sorted((examples_dir / "harbor-fire").iterdir()) if p.is_file()]
    nlp = resources.nlp()

    def reading(doc: Any) -> list[tuple[str, str, int, str, bool]]:
        return [(t.tag_, t.dep_, t.head.i, t.ent_type_, bool(t.is_sent_start)) for t in doc]

    batched = parse_bodies(articles, nlp, batch_size=2)
    assert [reading(d) for d in batched] == [reading(parse_body(a, nlp)) for a in articles]


@pytest.mark.slow
def test_the_numpy_matrix_products_parse_as_blis_does(examples_dir: Path) -> None:
    """resources.nlp() swaps thinc's blis products for numpy's (faster); the parse must not change."""
    import spacy
    from thinc.api import NumpyOps

    from newsparallax import read
    from newsparallax.body_parse import parse_bodies

    nlp = resources.nlp()
    layers = [layer for _, c in nlp.pipeline if hasattr(c, "model") for layer in c.model.walk()]
    assert layers and all(isinstance(x.ops, NumpyOps) and not x.ops.use_blis for x in layers)
    if not {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"} & set(os.environ):
        from threadpoolctl import threadpool_info

        assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}

    blis = spacy.load(resources.SPACY_MODEL, exclude=["lemmatizer"])
    assert any(x.ops.use_blis for _, c in blis.pipeline if hasattr(c, "model") for x in c.model.walk())
    stories = [examples_dir / "harbor-fire", examples_dir / "dam-release"]
    articles = [read(str(p)) for story in stories for p in sorted(story.iterdir())]

    def reading(doc: Any) -> list[tuple[str, str, int, str, str, str]]:
        return [(t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.pos_) for t in doc]

    assert [reading(d) for d in parse_bodies(articles, nlp)] == [reading(d) for d in parse_bodies(articles, blis)]


def test_a_sentence_copied_word_for_word_is_parsed_once_and_reads_alike() -> None:
    from newsparallax.body_parse import parse_bodies
    from newsparallax.segment import segment

    shared = "Mayor Dana Okafor said the Ferris Street bridge would reopen on Friday."
    first = Article(id="a", source="s", title="t", text=f"The river crested overnight. {shared}\n\nRain is due again.")
    second = Article(id="b", source="s", title="t", text=f"“We were lucky,” a neighbour said. {shared} Okafor left.")
    nlp = resources.nlp()
    _, tok2vec = nlp.pipeline[0]
    parsed: list[str] = []
    real_pipe = tok2vec.pipe

    def recording(docs: Any, **kwargs: Any) -> Any:
        docs = list(docs)
        parsed.extend(doc.text for doc in docs)
        return real_pipe(docs, **kwargs)

    tok2vec.pipe = recording
    try:
        docs = parse_bodies([segment(first), segment(second)], nlp)
    finally:
        del tok2vec.pipe
    assert sum(shared in text for text in parsed) == 1

    def reading(doc: Any, article: Article) -> list[tuple[str, str, int, str, str]]:
        start = article.text.index(shared)
        span = doc.char_span(start, start + len(shared))
        return [(t.tag_, t.dep_, t.head.i - span.start, t.ent_type_, t.ent_iob_) for t in span]

    assert reading(docs[0], first) == reading(docs[1], second)
    assert ("PERSON", "B") in {(t.ent_type_, t.ent_iob_) for t in docs[0] if t.text == "Dana"}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   Leading spaces. Then a sentence.",
        "Glued end.Next sentence here. And   three   spaces.\n\n\nParagraph two.  ",
        "“A quote,” she said.\n“Another one.”\n\n— Byline line",
    ],
)
def test_the_parse_keeps_the_article_text_and_offsets(text: str) -> None:
    from newsparallax.segment import segment

    article = segment(Article(id="a", source="s", title="t", text=text))
    doc = parse_body(article, resources.nlp())
    whole = resources.nlp().make_doc(text)
    assert doc.text == text
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]
    starts = {s.start for s in article.sentences}
    assert {t.idx for t in doc if t.is_sent_start and not t.is_space} <= starts | {0}


def test_entities_in_a_span_are_spacys_own(examples_dir: Path) -> None:
    from newsparallax import read
    from newsparallax.body_parse import entities_in

    doc = parse_body(read(str(examples_dir / "harbor-fire" / "01_coastal-wire.txt")), resources.nlp())
    assert doc.ents
    for start in range(0, len(doc), 3):
        for end in (start + 1, start + 4, start + 12, len(doc)):
            span = doc[start : min(end, len(doc))]
            reading = [(e.start, e.end, e.label_, e.text) for e in entities_in(span)]
            assert reading == [(e.start, e.end, e.label_, e.text) for e in span.ents]

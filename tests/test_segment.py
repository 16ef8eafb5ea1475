import pytest

from newsparallax.model import Article
from newsparallax.segment import paragraphs, segment, split_sentences


def test_segment_offsets_reproduce_sentences() -> None:
    text = (
        "Fire crews reached the depot at 9 p.m. on Friday. Nobody was hurt, officials said.\n"
        "Photo: Lee Park / Harbor Daily\n"
        "“We were lucky,” Amb. Ilse Varga said. The port reopened on Jan. 4."
    )
    article = segment(Article(id="a", source="s", title="t", text=text))
    pieces = [text[s.start : s.end] for s in article.sentences]
    assert pieces == [
        "Fire crews reached the depot at 9 p.m. on Friday.",
        "Nobody was hurt, officials said.",
        "Photo: Lee Park / Harbor Daily",
        "“We were lucky,” Amb. Ilse Varga said.",
        "The port reopened on Jan. 4.",
    ]
    assert [s.boilerplate for s in article.sentences] == [False, False, True, False, False]
    assert [s.paragraph for s in article.sentences] == [0, 0, 1, 2, 2]
    assert [text[p.start : p.end] for p in article.paragraphs] == text.split("\n")


@pytest.mark.parametrize("title", ["Amb.", "Gov.", "Sen.", "Lt.", "Supt.", "Const.", "Fr."])
def test_segment_does_not_split_after_titles(title: str) -> None:
    text = f"The statement came late. {title} Marta Ruiz read it aloud to the crowd."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The statement came late.",
        f"{title} Marta Ruiz read it aloud to the crowd.",
    ]


def test_segment_paragraphs_skip_blank_lines_and_trim() -> None:
    text = "  First paragraph.  \n\n\nSecond one.\n"
    assert [text[s:e] for s, e in paragraphs(text)] == ["First paragraph.", "Second one."]


def test_segment_content_sentences_leave_out_boilerplate() -> None:
    article = segment(Article(id="a", source="s", title="t", text="Read more: other news\nThe vote passed 7-2."))
    assert [article.text[s.start : s.end] for s in article.content_sentences] == ["The vote passed 7-2."]


def test_segment_stamp_before_a_story_pasted_as_one_paragraph_flags_only_the_stamp() -> None:
    text = (
        "Updated: March 3, 2026 9:10 PM. The ferry left Port Alder at dawn. It carried 212 passengers. "
        "The crossing took four hours. Officials said the sea was calm."
    )
    article = segment(Article(id="a", source="s", title="t", text=text))
    assert article.sentences[0].boilerplate
    assert not any(s.boilerplate for s in article.sentences[1:])
    assert "It carried 212 passengers." in [text[s.start : s.end] for s in article.content_sentences]


def test_segment_short_chrome_paragraph_stays_flagged_whole() -> None:
    article = segment(Article(id="a", source="s", title="t", text="Photo: Lee Park. Harbor Daily.\nThe vote passed."))
    assert [s.boilerplate for s in article.sentences] == [True, True, False]


def test_segment_keeps_a_spaced_clock_time_in_its_sentence() -> None:
    # Some feeds detokenize "a.m." as "a. m.": pysbd then cuts "7: 15" | "a. m." and "9 p. m." | "on Monday."
    text = (
        "The quake struck at 7: 15 a. m. Officials said it was strong. Rescue began at 9 p. m. on Monday. "
        "The vote ended on Monday. A. M. Turner said it was fair."
    )
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The quake struck at 7: 15 a. m.",
        "Officials said it was strong.",
        "Rescue began at 9 p. m. on Monday.",
        "The vote ended on Monday.",
        "A. M. Turner said it was fair.",  # initials, not a time
    ]


@pytest.mark.parametrize(
    "sentences",
    [
        # A quotation closed after a comma goes on to its attribution (pysbd cuts at a spaced closing mark).
        ["The pier reopened.", '"We were not badly hit thanks to the backup line, " Ortega added.', "Crews left."],
        # After "a" a dotted acronym is a modifier; after "the" it may end the sentence.
        ["Later that day he robbed a U.S. Postal Service van.", "Then he left the U.S.", "He was caught in May."],
        # After "the" too, when all that follows is the rest of a name and its speech verb.
        ["It struck west of Eastport, the U.S. Geological Survey said.", "He moved to the U.S.", "Officials said so."],
        # Or when an office or a body follows, which the acronym qualifies.
        ['"No one is above the law," U.S. Attorney Carla Whitfield told reporters.', "He moved to the U.S.", "He won."],
        ["The council met in Geneva as the U.N. Envoy Ada Reyes arrived.", "Talks began."],
        # Detokenised ".38-caliber" and "6.1": the dot is the number's, though a year may end a sentence.
        ["He pointed a loaded. 38 - caliber revolver at them.", "Nobody was hurt."],
        ["A 6. 1 - magnitude quake struck the coast.", "It was the worst since 2004.", "12 people died."],
        # pysbd takes a spaced decimal after a word for a list number and cuts before it.
        ["The laptop boasts Intel Ivy Bridge 2. 7GHz (turbo boosted up to 3. 7GHz), USB 3. 0 and more.", "It ships."],
        # A person's initials before the surname, in running text or opening the sentence; a place's acronym or
        # initials before a sentence opener may end one.
        ["The team was led by guards A.J. Tarrow and Ben Ruiz.", "J.R. Holt scored ten.", "Both live in the U.S."],
        ["She moved to Washington, D.C.", "The mayor said so.", "It was signed by T.J.", "He kept it."],
    ],
    ids=[
        "quote-then-attribution",
        "acronym-after-article",
        "acronym-before-speaker",
        "acronym-before-an-office",
        "acronym-before-an-envoy",
        "calibre",
        "spaced-decimal",
        "decimal-after-a-word",
        "initials-before-a-surname",
        "acronym-or-initials-ending-a-sentence",
    ],
)
def test_segment_mends_cuts_inside_a_sentence(sentences: list[str]) -> None:
    text = " ".join(sentences)
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_segment_cuts_after_a_spaced_mark_that_closes_a_quotation() -> None:
    text = 'Police said: " The shed burned down. It may be arson. " Anyone who saw it should call. Crews left.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        'Police said: " The shed burned down.',  # pysbd's cut inside the quotation, kept
        'It may be arson. "',
        "Anyone who saw it should call.",
        "Crews left.",
    ]


def test_a_long_run_of_merged_pieces_reads_only_the_end_of_each() -> None:
    # Initials pysbd cuts after are mended one piece at a time; the tests read the tail of the growing sentence,
    # cut after a space, so a long run stays one sentence and a long sentence ending in "Sen." still goes on.
    from newsparallax.segment import _tail

    run = " ".join(["A. B. C. D. E."] * 400)
    assert split_sentences(run) == [(0, len(run))]
    long = "The bill, " + "which the committee debated at length in the spring session, " * 3 + "was backed by Sen."
    text = long + " Ada Vell of Orrin."
    assert split_sentences(text) == [(0, len(text))]
    assert _tail(text, 0, len(long)).endswith("backed by Sen.") and len(_tail(text, 0, len(long))) < len(long)

"""Word lists for framing: evaluative terms, attribution verbs, background cues.

Method and source. The evaluative lists are hand-curated for news prose, following the categories of biased
language in Recasens, Danescu-Niculescu-Mizil and Jurafsky (2013), "Linguistic Models for Analyzing and
Detecting Biased Language": judging adjectives and adverbs, one-sided or pejorative nouns, emotive verbs,
intensifiers, and attribution verbs that cast doubt ("claimed"), presuppose a truth ("admitted") or add emotion
("lamented"). Each word was kept by asking whether a wire reporter would write it in their own voice for a
plain report; none is copied from a published list. The bundled examples served as a check, not as the source:
every word here judges in general news use, not only in those stories. A word that reports more than it judges
in most contexts ("heavy rain", "soared 4%") is left out on purpose: the lexicon favours precision, and the
sentiment lexicons (VADER, TextBlob) back it up for adjectives.
Forms are listed as written because the pipeline has no lemmatizer.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _forms(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Adjectives and participles that pass judgement on an act or an actor.
JUDGING = _forms(
    """reckless botched bungled illegal illegitimate unlawful unprovoked brutal barbaric savage shameful disgraceful
    outrageous scandalous shocking appalling atrocious horrific horrendous disastrous catastrophic chaotic corrupt
    incompetent inept clueless feckless spineless cowardly heartless callous cynical arrogant hypocritical
    dishonest deceitful bogus sham phony so-called radical extremist draconian heavy-handed authoritarian
    tyrannical ruthless belligerent provocative irresponsible negligent wasteful bloated lavish crippling
    devastating dire alarming troubling disturbing notorious infamous embattled beleaguered hapless disgraced
    dangerous absurd ridiculous ludicrous pathetic laughable stunning staggering raging flat-footed sloppy
    shoddy lax cavalier high-handed heroic valiant courageous brave selfless vile evil sinister nefarious
    despicable deplorable dreadful terrible horrible awful miserable generous"""
)
# Adverbs that intensify or judge ("utterly", "shamelessly").
INTENSIFYING = _forms(
    """utterly shockingly blatantly brazenly flagrantly grossly woefully wildly outrageously staggeringly
    disastrously recklessly callously cynically arrogantly shamelessly needlessly hopelessly"""
)
# Nouns that label rather than name: pejoratives and dramatising words for events.
LABELLING = _forms(
    """bureaucrats bureaucrat regime thugs thug mob cronies crony elites zealots radicals extremists gamble fiasco
    debacle disaster catastrophe chaos mayhem carnage bloodbath massacre slaughter atrocity atrocities scandal
    cover-up hoax propaganda scheme stunt ploy handout handouts boondoggle misery nightmare inferno onslaught
    rampage meltdown showdown afterthought incompetence negligence cowardice hypocrisy arrogance aggression
    terrorists terrorist puppet puppets lackeys stooges fearmongering"""
)
# Verbs that dramatise or accuse where a report would use a plain verb ("dumped" for "released").
EMOTIVE_VERBS = _forms(
    """dumped dumps dumping slammed slams blasted blasts lambasted decried railed scrambled scrambling ignored
    ignores ignoring bungled squandered squanders wasted stonewalled flip-flopped caved meddled meddling bullied
    smeared hammered plunged plummeted gutted ravaged wreaked unleashed unleashing slashed slashes slashing axed"""
)
# Multi-word expressions, matched on the lower-cased text.
PHRASES = (
    "out in the cold",
    "once again",
    "yet again",
    "reduced to",
    "power grab",
    "witch hunt",
    "turned a blind eye",
    "left in the dark",
    "union bosses",
    "union boss",
)
EVALUATIVE = JUDGING | INTENSIFYING | LABELLING | EMOTIVE_VERBS
# The tokenizer splits "flat-footed" into three tokens, so hyphenated entries are matched on the text.
HYPHENATED = tuple(sorted(w for w in EVALUATIVE if "-" in w))

# Attribution verbs. Neutral ones report that someone spoke; the others add the outlet's view of the speech.
NEUTRAL_CUES = _forms(
    """said says say saying told tells telling according added adds stated states noted notes reported reports
    wrote writes explained explains announced announces asked asks replied replies responded responds posted described
    describes confirmed confirms"""
)
# cue -> what it adds, for the explanation
LOADED_CUES: dict[str, str] = {}
for _words, _effect in (
    ("claimed claims claiming alleged alleges maintained maintains", "casts doubt on the statement"),
    ("insisted insists insisting", "suggests the speaker is defending a disputed point"),
    ("admitted admits conceded concedes acknowledged acknowledges confessed revealed", "presents it as a concession"),
    ("complained complains lamented laments bemoaned grumbled fumed whined railed moaned", "adds emotion"),
    ("boasted boasts bragged touted touts", "suggests self-promotion"),
    ("urged urges warned warns cautioned cautions stressed demanded demands", "adds emphasis or urgency"),
    ("defended defends protested protests downplayed downplays framed frames", "casts the speech as advocacy"),
    ("slammed blasted lambasted decried", "dramatises the criticism"),
):
    for _cue in _words.split():
        LOADED_CUES[_cue] = _effect
# Manner phrases that characterise how something was said.
LOADED_CUE_PHRASES: dict[str, str] = {
    "put it bluntly": "characterises the manner of speech",
    "did not mince words": "characterises the manner of speech",
}
SPEECH_CUES = NEUTRAL_CUES | frozenset(LOADED_CUES)

# Words and patterns that mark background rather than the news: history, causes, earlier events.
BACKGROUND_CUES = re.compile(
    r"\b(?:in recent (?:years|months|weeks)|for (?:years|decades|months)|previously|earlier this year|last year"
    # "has been amassing troops" (going on for a while) or "has long been", not the passive "has been set" (news);
    # and not "history", which news uses for the record being set ("waited for history to arrive").
    r"|(?:in|since|until|by) (?:1[89]\d\d|20\d\d)|historically|a history of|over the years"
    r"|ha(?:s|ve) (?:long been|been \w+ing)"
    r"|since|decades?|was (?:built|founded|completed|established|opened)|used to|former(?:ly)?"
    r"|last (?:month|year|week)|ago|before)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[a-z][a-z'’-]*")
_SINGLE_WORDS = EVALUATIVE - set(HYPHENATED)
# The multi-word and hyphenated expressions, each as a whole-word pattern (compiled once: every label and
# loaded-word test reads them).
PHRASE_PATTERNS = tuple(
    (phrase, re.compile(rf"\b{re.escape(phrase)}\b", re.IGNORECASE)) for phrase in PHRASES + HYPHENATED
)


@lru_cache(maxsize=4096)
def loaded_words(text: str) -> tuple[str, ...]:
    """The evaluative words and phrases of ``text``, in text order (lower-cased)."""
    lowered = text.lower()
    found = [(m.start(), m.group(0)) for m in _TOKEN.finditer(lowered) if m.group(0) in _SINGLE_WORDS]
    for phrase, pattern in PHRASE_PATTERNS:
        if phrase in lowered:  # a substring test first: most texts hold none of them
            found.extend((m.start(), phrase) for m in pattern.finditer(lowered))
    return tuple(word for _, word in sorted(found))


def is_loaded(text: str) -> bool:
    return bool(loaded_words(text))

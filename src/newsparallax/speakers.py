"""Who speaks: one name per speaker inside an article, and one display name per speaker across articles.

News copy names a speaker in full once ("Russian Ambassador Antoly Antonov") and then shortens it ("Antonov",
"Amb. Antonov", "the ambassador", "he"). :class:`SpeakerResolver` follows one article in text order and maps
each mention to the speaker it refers to; title words are kept with the name so that "the ambassador" finds
him later. Bodies ("the State Department", "police", "a senior official") are speakers too. Across articles
outlets spell names differently ("Antoly" / "Anatoly"); :func:`canonical_speakers` merges such variants and
picks the longest full name for display. Pure Python: the spaCy parse stays in :mod:`newsparallax.quotes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz

# Words that name a role rather than a person: stripped from the front of a name, remembered as its titles.
TITLE_WORDS = frozenset(
    """ambassador envoy consul diplomat president vice mayor senator representative congressman congresswoman
    governor chief minister premier chancellor secretary spokesman spokeswoman spokesperson spokespeople
    official officials officer officers director chairman chairwoman chair ceo judge justice king queen prince
    princess pope reverend bishop sheriff commissioner deputy superintendent inspector detective sergeant
    lieutenant captain colonel general major admiral commander corporal private professor doctor mr mrs ms
    miss sir dame lord lady attorney prosecutor lawyer counsel head leader founder manager coach analyst
    president-elect trooper constable marshal warden dean rabbi imam cardinal councillor councilor councilman
    councilwoman alderman alderwoman councilmember lawmaker mp mep legislator magistrate ombudsman harbormaster
    executive retiree deckhand fisherman fisherwoman farmer nurse teacher engineer student volunteer witness
    resident neighbor neighbour owner worker driver pilot agent publicist adviser advisor aide actor actress singer
    author producer historian economist scientist researcher referee umpire comedian presenter correspondent
    columnist broadcaster protester demonstrator activist campaigner""".split()
)
# A person described by age alone, as word-tokenised copy may space it: "the 55-year-old", "55 - year - old".
_AGE_ONLY = re.compile(r"(?:the |a )?\d{1,3}\s?-\s?years?\s?-\s?old")
# A page's time stamp left in front of a name ("10:02 BST Peter Capaldi said", "4:47 PM ET Fred LaRue").
_TIME_ZONES = frozenset("GMT UTC BST EST EDT CST CDT MST MDT PST PDT ET PT CT MT CET CEST IST AEST AEDT AM PM".split())
# Abbreviated titles as they appear before names ("Amb. Antonov", "Sen. Ortiz"), and abbreviated body words.
ABBREVIATIONS = {
    "amb": "ambassador", "sen": "senator", "rep": "representative", "gov": "governor", "pres": "president",
    "gen": "general", "lt": "lieutenant", "sgt": "sergeant", "capt": "captain", "col": "colonel", "maj": "major",
    "adm": "admiral", "cmdr": "commander", "cpl": "corporal", "pvt": "private", "supt": "superintendent",
    "insp": "inspector", "det": "detective", "prof": "professor", "dr": "doctor", "rev": "reverend",
    "atty": "attorney", "sec": "secretary", "const": "constable", "dept": "department", "govt": "government",
    "min": "ministry",
}  # fmt: skip
# Head words of organisations: a capitalised phrase holding one is a body, not a person.
BODY_WORDS = frozenset(
    """department ministry embassy consulate police government office agency council committee court commission
    service army military forces navy party house senate congress parliament administration union bank
    university company inc corp corporation group association organization organisation authority authorities
    institute foundation board bureau kremlin pentagon white whitehouse command guard station hospital
    school district county city state federation republic church network channel newspaper news times post
    press agency reuters ap afp tass cabinet regime coalition alliance fund program programme center centre
    department's ministry's""".split()
)
PRONOUNS = frozenset("he she him her they them it i we".split())
# Nobody in particular: "someone shouted", "one witness said" is no one we can name.
_INDEFINITE = frozenset("someone somebody anyone anybody everyone everybody one nobody who".split())
_DETERMINERS = frozenset("the a an this that these those".split())
_PARTICLES = frozenset("de da del der di du la le van von bin al ibn dos das y".split())
_PREPOSITIONS = frozenset("of for at from in with".split())
_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Entity labels that rule a person out; "NOUN" is what the caller passes for a capitalised common noun
# ("Residents said"), which only a known surname can turn back into a person.
_NOT_PERSON = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "NOUN"})

Kind = Literal["person", "body"]
Gender = Literal["m", "f"]

# Titles and role words that say which third-person pronoun a person takes; everything else says nothing.
_MALE_WORDS = frozenset(
    """mr sir lord king prince duke baron count emperor father husband son brother uncle nephew grandfather
    boy man gentleman spokesman chairman congressman councilman alderman businessman policeman fireman
    fisherman actor widower monk""".split()
)
_FEMALE_WORDS = frozenset(
    """mrs ms miss madam madame dame lady queen princess duchess baroness countess empress mother wife daughter
    sister aunt niece grandmother girl woman spokeswoman chairwoman congresswoman councilwoman alderwoman
    businesswoman policewoman firewoman fisherwoman actress widow nun""".split()
)
# The pronoun a gender rules out: "she" never refers to a man the article has marked as one.
_EXCLUDES: dict[str, Gender] = {"he": "f", "him": "f", "she": "m", "her": "m"}


def gender_of_words(words: Iterable[str]) -> Gender | None:
    """The gender that title or role words give ("Mrs", "spokeswoman"), or None when they give none or both."""
    keys = {_key(w) for phrase in words for w in phrase.split()}
    male, female = bool(keys & _MALE_WORDS), bool(keys & _FEMALE_WORDS)
    return "m" if male and not female else "f" if female and not male else None


def _key(word: str) -> str:
    """A word as compared: lower case, no periods or possessive, abbreviations expanded."""
    word = word.strip(".,;:").lower().replace("’", "'")
    word = word.removesuffix("'s")
    return ABBREVIATIONS.get(word, word)


def _is_title(word: str, rest: list[str]) -> bool:
    """A title word, or a capitalised plural of one right before a person's name ("Producers Laurence Mark and
    Neil Meron"); a name's last word stays a surname ("Lee Majors"), and a place stays a place ("Queens District
    Attorney Richard Brown")."""
    key = _key(word)
    if key in TITLE_WORDS:
        return True
    plural = word[:1].isupper() and key.endswith("s") and key[:-1] in TITLE_WORDS
    return plural and bool(rest) and is_person_name(" ".join(rest))


def _without_lead(words: list[str]) -> list[str]:
    """The words without the determiners and a glued time stamp's zone that open them ("the", "BST")."""
    while words and (words[0].lower() in _DETERMINERS or words[0] in _TIME_ZONES):
        words = words[1:]
    return words


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or _key(word) in _PARTICLES


def split_name(text: str) -> tuple[tuple[str, ...], str]:
    """``(titles, name)``: "Russian Ambassador Antoly Antonov" -> (("russian", "ambassador"), "Antoly Antonov").

    Titles are the words up to the last title word in front of a capitalised name, in compared form; when the
    phrase is only a role ("the ambassador", "a senior State Department official") the name is empty.
    """
    words = _without_lead(text.split())
    if not words:
        return (), ""
    last_title = -1
    for i, word in enumerate(words):
        if words[i - 1 : i] == ["of"]:
            break  # "a friend of the actress": a title past "of" is a complement, not the speaker's title
        if _is_title(word, words[i + 1 :]) and all(_capitalised(w) or w in ("of", "the") for w in words[i + 1 :]):
            last_title = i
            break
    if last_title < 0:
        return (), " ".join(words)
    # A title may run past several title words ("Vice President", "Police Chief"): take the last of the run.
    while last_title + 1 < len(words) and _is_title(words[last_title + 1], words[last_title + 2 :]):
        last_title += 1
    cut = last_title + 1
    if cut + 1 < len(words) and words[cut].lower() == "of":  # "Secretary of State Antony Blinken"
        cut += 3 if words[cut + 1].lower() == "the" and cut + 2 < len(words) else 2  # "of the Interior"
    titles = tuple(_key(w) for w in words[:cut] if w.lower() not in _DETERMINERS and w.lower() != "of")
    return titles, " ".join(words[cut:])


def is_person_name(name: str) -> bool:
    """A bare name that looks like a person's: capitalised words, no organisation word, not an acronym."""
    words = name.split()
    if not words or len(words) > 5:
        return False
    if any(not _capitalised(w) or any(c.isdigit() for c in w) for w in words):
        return False
    if any(_key(w) in BODY_WORDS for w in words):
        return False
    return not (len(words) == 1 and len(words[0]) > 1 and words[0].isupper())


def normalise_body(text: str) -> str:
    """A body's name as shown: determiners dropped, abbreviations expanded ("the State Dept." -> "State Department")."""
    words = _without_lead(text.split())
    out = []
    for word in words:
        bare = word.rstrip(".").lower()
        if bare in ("dept", "govt"):
            expanded = ABBREVIATIONS[bare]
            out.append(expanded.capitalize() if word[:1].isupper() else expanded)
        else:
            out.append(word)
    return " ".join(out)


def _parts(name: str) -> tuple[str | None, str]:
    """``(given name, surname)`` of a bare person name; suffixes such as "Jr." skipped."""
    words = [w for w in name.split() if _key(w) not in _SUFFIXES]
    if not words:
        return None, ""
    # A particle belongs to the surname, which outlets write as one word or two ("Del Giudice", "DelGiudice").
    cut = len(words) - 1
    # A capitalised first word is a given name, though it looks like one ("Al Gore", "Van Morrison").
    while cut > 0 and _key(words[cut - 1]) in _PARTICLES and (cut > 1 or words[0].islower()):
        cut -= 1
    surname = "".join(_key(w) for w in words[cut:])
    given = _key(words[0]) if cut > 0 else None
    return given, surname


def _head(words: list[str]) -> str:
    """The head word of a noun phrase: the last word before a preposition ("spokesman for the ministry")."""
    for i, word in enumerate(words[1:], 1):
        if word in _PREPOSITIONS:
            return words[i - 1]
    return words[-1]


def compatible_given(a: str | None, b: str | None, *, fuzzy: bool = True) -> bool:
    """First names that may be one person's: one missing, an initial, or (``fuzzy``) a near spelling
    ("Antoly"/"Anatoly"). Near spellings also pair relatives ("Charlie"/"Charlene" Kafoury, brother and
    sister), so inside one article, where an outlet spells its own names one way, they must be equal."""
    if a is None or b is None:
        return True
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b or (fuzzy and fuzz.ratio(a, b) >= 75)


def same_surname(a: str, b: str) -> bool:
    """One surname, spelt alike or nearly, or with a particle on one side only ("de Blasio" / "Blasio")."""
    if a == b or (min(len(a), len(b)) >= 6 and fuzz.ratio(a, b) >= 90):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.endswith(short) and long[: -len(short)] in _PARTICLES


@dataclass
class _Speaker:
    kind: Kind
    names: list[str]  # every bare form seen, first first
    titles: set[str] = field(default_factory=set)
    given: str | None = None
    surname: str = ""
    head: str = ""  # bodies and roles: the last word, compared form
    seen: int = 0  # order of the last mention, for "most recent"
    spoke: bool = False
    # Evidence of the pronoun the person takes, counted per gender: titles, and a "he" or "she" the text itself
    # ties to the name ("King says she saw"); see :meth:`SpeakerResolver.resolve`.
    hints: dict[Gender, int] = field(default_factory=dict)

    @property
    def gender(self) -> Gender | None:
        male, female = self.hints.get("m", 0), self.hints.get("f", 0)
        return "m" if male > female else "f" if female > male else None

    def hint(self, gender: Gender | None) -> None:
        if gender is not None:
            self.hints[gender] = self.hints.get(gender, 0) + 1

    @property
    def display(self) -> str:
        """The longest form; the first seen among equals (max keeps the first maximum)."""
        return max(self.names, key=len)


class SpeakerResolver:
    """Resolves speaker mentions of one article, read in text order, to one speaker each.

    ``known`` lists names met in the text that are not speakers themselves (named-entity persons, with the
    title words around them), as ``(offset, phrase, titles)``; a resolution at offset ``p`` first takes in the
    known names before ``p``, so "the chief" can refer to a chief named but never quoted.
    """

    def __init__(self, known: Iterable[tuple[int, str, tuple[str, ...], Gender | None]] = ()) -> None:
        self._known = sorted(known, key=lambda person: person[:3])
        self._next_known = 0
        self._speakers: list[_Speaker] = []
        self._clock = 0

    def name(self, handle: int) -> str:
        """The speaker's name as reported: its longest form in the article."""
        return self._speakers[handle].display

    def resolve(
        self,
        text: str,
        offset: int,
        titles: Iterable[str] = (),
        label: str | None = None,
        *,
        speaks: bool = True,
        gender: Gender | None = None,
        antecedent: str | None = None,
    ) -> int | None:
        """The handle of the speaker ``text`` (as written at ``offset``) refers to; ``None`` when unknowable.

        ``titles`` are extra role words said of the mention (an appositive: "Dana Reyes, the fire chief");
        ``label`` is the named-entity label of the phrase's head, when there is one; ``gender`` what the text
        around a name says of the pronoun its person takes ("King says she …"). A "he" or "she" is resolved to
        the most recent speaker the evidence so far does not rule out, unless ``antecedent`` names a person the
        pronoun can stand for: the subject of the sentence just before (see :meth:`_pronoun`).
        """
        while self._next_known < len(self._known) and self._known[self._next_known][0] < offset:
            _, known, known_titles, known_gender = self._known[self._next_known]
            self._next_known += 1
            self._find(known, known_titles, "PERSON", speaks=False, gender=known_gender)
        return self._find(text, tuple(titles), label, speaks=speaks, gender=gender, antecedent=antecedent)

    def _touch(self, handle: int, speaks: bool) -> int:
        self._clock += 1
        self._speakers[handle].seen = self._clock
        self._speakers[handle].spoke |= speaks
        return handle

    def _new(self, speaker: _Speaker, speaks: bool) -> int:
        self._speakers.append(speaker)
        return self._touch(len(self._speakers) - 1, speaks)

    def _recent(self, wanted: Iterable[int]) -> int | None:
        return max(wanted, key=lambda h: self._speakers[h].seen, default=None)

    def _named(self, handles: Iterable[int], given: str | None, surname: str) -> list[int]:
        """The people among ``handles`` a name can denote: the surname, and a first name spelt the same (inside
        one article an outlet spells a name one way; see :func:`compatible_given`)."""
        return [
            h
            for h in handles
            if self._speakers[h].kind == "person"
            and same_surname(self._speakers[h].surname, surname)
            and compatible_given(self._speakers[h].given, given, fuzzy=False)
        ]

    def _find(
        self,
        text: str,
        extra_titles: tuple[str, ...],
        label: str | None,
        *,
        speaks: bool,
        gender: Gender | None,
        antecedent: str | None = None,
    ) -> int | None:
        text = text.strip()
        if text[-2:] in ("s'", "s’"):
            text = text[:-1]  # the possessive of a name ending in s: "Jamaal Charles' statement"
        if not text:
            return None
        handles = range(len(self._speakers))
        lowered = text.lower()
        if lowered in _INDEFINITE:
            return None
        if lowered in PRONOUNS:
            return self._pronoun(lowered, speaks, antecedent)
        if _AGE_ONLY.fullmatch(lowered):  # "the 55-year-old said": the person the text was just about
            just_named = self._recent(h for h, s in enumerate(self._speakers) if s.kind == "person")
            return None if just_named is None else self._touch(just_named, speaks)
        titles, bare = split_name(text)
        surnames = {s.surname for s in self._speakers if s.kind == "person"}
        named = [w for w in text.split() if w.lower() not in _DETERMINERS]
        # A surname that is also a title word ("Tishana King", "John Major"): a name when the tagger read it as
        # one and it has a word that is no title (a bare "Sgt" stays a role), or when it is the surname of
        # someone named before ("King told reporters").
        capitalised = bool(named) and all(_capitalised(w) for w in named)
        untitled = any(_key(w) not in TITLE_WORDS for w in named)
        if not bare and capitalised and ((label == "PERSON" and untitled) or _key(named[-1]) in surnames):
            titles, bare = (), " ".join(named)
        all_titles = set(titles) | ({_key(w) for phrase in extra_titles for w in phrase.split()} - _DETERMINERS)
        words = bare.split()
        # A lone capitalised word that is a known surname is that person, and so is a name behind a title
        # ("Councillor Ines Varga"), whatever the entity tagger thought of them.
        person = bool(words) and (
            (len(words) == 1 and _key(words[0]) in surnames)
            or ((label not in _NOT_PERSON or bool(titles)) and is_person_name(bare))
        )
        if person:
            given, surname = _parts(bare)
            match = self._recent(self._named(handles, given, surname))
            if match is None:
                match = self._new(_Speaker("person", [bare], set(), given, surname), speaks)
            else:
                self._touch(match, speaks)
                self._speakers[match].names.append(bare)
            found = self._speakers[match]
            found.hint(gender_of_words(all_titles - found.titles))  # a title counts once, however often repeated
            found.hint(gender)
            found.titles |= all_titles
            found.given = found.given or given
            return match
        if not bare and titles:  # only a role: "the ambassador", "the chief", "a senior official"
            head = titles[-1]
            holder = self._recent(h for h in handles if head in self._speakers[h].titles)
            if holder is not None:
                return self._touch(holder, speaks)
        body = normalise_body(text)
        return self._body(body, speaks) if body else None

    def _pronoun(self, pronoun: str, speaks: bool, antecedent: str | None = None) -> int | None:
        """The person a pronoun stands for. A "he" or "she" is the person the sentence before has as its subject,
        when there is one ("Jackson issued a statement. '…,' he said": Jackson, though only the officer quoted
        before had spoken); otherwise the most recent person who has spoken, else the most recent person."""
        speakers = self._speakers
        if pronoun in ("i", "we"):  # the frame's first person is the writer, not a speaker we can name
            return None
        if pronoun == "it":
            wanted = [h for h, s in enumerate(speakers) if s.kind == "body" and s.spoke]
        elif pronoun in ("they", "them"):
            wanted = [h for h, s in enumerate(speakers) if s.spoke]
        else:
            ruled_out = _EXCLUDES.get(pronoun)
            people = [h for h, s in enumerate(speakers) if s.kind == "person" and s.gender != ruled_out]
            if antecedent is not None:
                named = self._recent(self._named(people, *_parts(split_name(antecedent)[1] or antecedent)))
                if named is not None:
                    return self._touch(named, speaks)
            wanted = [h for h in people if speakers[h].spoke] or people
        found = self._recent(wanted)
        return None if found is None else self._touch(found, speaks)

    def _body(self, name: str, speaks: bool) -> int:
        words = [_key(w) for w in name.split()]
        head = _head(words)
        definite_short = len(words) == 1
        for h in sorted(range(len(self._speakers)), key=lambda h: -self._speakers[h].seen):
            other = self._speakers[h]
            if other.kind != "body" or other.head != head:
                continue
            other_words = {_key(w) for n in other.names for w in n.split()}
            # "the embassy" is the Russian Embassy named before; "senior official" and "the official" are one.
            if definite_short or set(words) <= other_words or other_words <= set(words):
                other.names.append(name)
                return self._touch(h, speaks)
        return self._new(_Speaker("body", [name], head=head), speaks)


def canonical_speakers(names: Iterable[str], apart: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """Each name mapped to the display name of the speaker it denotes, across articles.

    Person names merge on the surname with compatible first names ("Antoly"/"Anatoly", "A."), except pairs of
    names ``apart`` says are two people (one article quotes both: "Charlie" and "Charlene" Kafoury); a surname alone
    joins the one full name that carries it; a role alone ("the ambassador") joins the one person who holds
    that title. Bodies merge when one name's words hold the other's and they share a head word. The display
    name is the longest bare full name of the group (titles stripped), the first seen among equals.
    """
    unique = list(dict.fromkeys(n for n in names if n and n.strip()))
    parent = list(range(len(unique)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    parsed = [split_name(n) for n in unique]
    people = [i for i, (_, bare) in enumerate(parsed) if is_person_name(bare)]
    parts = {i: _parts(parsed[i][1]) for i in people}
    full = [i for i in people if parts[i][0] is not None]
    two = {frozenset(pair) for pair in apart}
    for x, i in enumerate(full):
        for j in full[x + 1 :]:
            if frozenset((unique[i], unique[j])) in two:
                continue
            if same_surname(parts[i][1], parts[j][1]) and compatible_given(parts[i][0], parts[j][0]):
                union(i, j)
    for i in people:
        if parts[i][0] is None:
            groups = {root(j) for j in full if same_surname(parts[j][1], parts[i][1])}
            if len(groups) == 1:
                union(i, groups.pop())
    lone = [i for i in people if parts[i][0] is None]
    for x, i in enumerate(lone):  # surnames alone that found no full name still merge among themselves
        for j in lone[x + 1 :]:
            if root(i) == i and root(j) == j and same_surname(parts[i][1], parts[j][1]):
                union(i, j)
    titles_of: dict[int, set[str]] = {}
    for i in people:
        titles_of.setdefault(root(i), set()).update(parsed[i][0])
    bodies = [i for i in range(len(unique)) if i not in parts]
    for i in bodies:
        titles, bare = parsed[i]
        if not bare and titles:
            holders = [r for r, held in titles_of.items() if titles[-1] in held]
            if len(holders) == 1:
                union(i, holders[0])
    body_names = {i: normalise_body(unique[i]) for i in bodies if root(i) == i}
    reps: list[int] = []
    for i in sorted(body_names, key=lambda i: (-len(body_names[i]), i)):
        words = {_key(w) for w in body_names[i].split()}
        head = _head([_key(w) for w in body_names[i].split()])
        for r in reps:
            rep_words = {_key(w) for w in body_names[r].split()}
            if head == _head([_key(w) for w in body_names[r].split()]) and words <= rep_words:
                union(i, r)
                break
        else:
            reps.append(i)
    # Display: a full name before a surname alone before a role or body, then the longest, then the first seen.
    shown: dict[int, tuple[tuple[int, int], str]] = {}
    for i, name in enumerate(unique):
        if i in parts:
            form, rank = parsed[i][1], (2 if parts[i][0] is not None else 1, len(parsed[i][1]))
        else:
            form = normalise_body(name)
            rank = (0, len(form))
        r = root(i)
        if r not in shown or rank > shown[r][0]:
            shown[r] = (rank, form)
    return {name: shown[root(i)][1] for i, name in enumerate(unique)}

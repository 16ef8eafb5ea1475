"""Fictional articles for the story-clustering tests: two similar events at other places and times, one more
event, and a syndicated copy. Written for these tests; every name, place and figure is invented."""

from __future__ import annotations

from newsparallax.model import Article

# Event A: a warehouse fire in Dunmore Quay, March 2025.
A1 = Article(
    "a1",
    "Dunmore Herald",
    "Warehouse fire on Dunmore Quay forces 40 families from their homes",
    "A fire tore through a timber warehouse on Dunmore Quay late on Tuesday, and 40 families living on Saltmarsh "
    "Row were told to leave their homes as smoke drifted across the harbour. Fire chief Orla Penhallow said "
    "eleven engines fought the blaze for six hours. The warehouse, owned by Brackwater Timber, held about 3,000 "
    "tonnes of sawn pine. No one was hurt, Penhallow said, but two firefighters were treated for heat exhaustion.",
    published="2025-03-04",
)
A2 = Article(
    "a2",
    "Coastline Wire",
    "Dunmore Quay timber blaze: Brackwater warehouse destroyed",
    "Brackwater Timber's warehouse on Dunmore Quay was destroyed by fire on Tuesday night. Orla Penhallow, the "
    "Dunmore fire chief, said crews from eleven engines needed six hours to bring the fire under control. "
    "Residents of Saltmarsh Row, some 40 families, were evacuated as a precaution. The company said the building "
    "stored roughly 3,000 tonnes of pine and that it would cooperate with the investigation into the cause.",
    published="2025-03-05",
)
A3 = Article(
    "a3",
    "The Quay Patriot",
    "Penhallow's crews save Saltmarsh Row as Brackwater warehouse burns",
    "Forty families on Saltmarsh Row spent the night in the Dunmore community hall after fire gutted the "
    "Brackwater Timber warehouse on the quay. Chief Orla Penhallow praised her crews, who fought the flames from "
    "eleven engines for six hours. Neighbours have complained for years that the pine stacks on Dunmore Quay "
    "were a fire risk, and Brackwater now faces questions about its storage of 3,000 tonnes of timber.",
    published="2025-03-05",
)
# Event B: another warehouse fire, in Keswick Falls, August 2026: same kind of event, other place, people, time.
B1 = Article(
    "b1",
    "Valley Courier",
    "Keswick Falls paper warehouse burns; rail line closed",
    "A fire destroyed a paper warehouse in Keswick Falls on Sunday and shut the Tarrow Valley rail line for most "
    "of the day. Fire marshal Dev Okonkwo said 17 crews responded and the roof collapsed within an hour. The "
    "warehouse belonged to Millrace Paper, which employs 120 people at the site. Okonkwo said the cause was "
    "not yet known and that an investigation had begun.",
    published="2026-08-17",
)
B2 = Article(
    "b2",
    "Coastline Wire",
    "Millrace Paper warehouse lost to fire in Keswick Falls",
    "Millrace Paper's warehouse in Keswick Falls burned down on Sunday, fire marshal Dev Okonkwo said. Seventeen "
    "crews fought the fire, which brought the roof down within an hour and closed the Tarrow Valley rail line. "
    "Millrace employs 120 people in Keswick Falls; the company said no staff were inside when the fire began.",
    published="2026-08-17",
)
# Event C: something else entirely.
C1 = Article(
    "c1",
    "Valley Courier",
    "Orrin County approves budget with new library branch",
    "The Orrin County board approved a budget of $48 million on Monday that includes a new library branch in "
    "Fennick and raises for school bus drivers. Board chair Marisol Dunlevy said the library would open in 2028. "
    "Two members voted against the plan, saying the county should first repair roads damaged in last winter's "
    "floods.",
    published="2026-08-18",
)
C2 = Article(
    "c2",
    "Orrin Gazette",
    "Budget passes: Fennick to get its library, bus drivers a raise",
    "Fennick will get a library branch by 2028 under the $48 million Orrin County budget approved on Monday, "
    "board chair Marisol Dunlevy said. The plan also gives school bus drivers a raise. The vote was five to two; "
    "the two members opposed wanted flood-damaged roads repaired first.",
    published="2026-08-18",
)
# A syndicated copy of B2 under another masthead, with a credit line added.
B2_COPY = Article(
    "b2-copy",
    "Tarrow Times",
    B2.title,
    B2.text + " Staff of the Tarrow Times contributed.",
    published="2026-08-17",
)

STORIES = {"A": ("a1", "a2", "a3"), "B": ("b1", "b2", "b2-copy"), "C": ("c1", "c2")}
# An arrival order that interleaves the events, as a feed would.
STREAM = (A1, B1, C1, A2, B2, C2, A3, B2_COPY)

import pytest

from newsparallax.boilerplate import is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Image Credits: Jana Roe / Contributor / Getty.",
        "Photo: Lee Park / Harbor Daily",
        "Read more: Port authority names new chief",
        "READ MORE",
        "Sign up for our morning newsletter to get the news in your inbox.",
        "This story has been updated.",
        "Reporting by Ann Li; Editing by Tom Ode",
        "Advertisement",
        "Follow us on Twitter",
        "© 2026 Coastal Wire. All rights reserved.",
        "Jane Roe / Getty Images",
    ],
)
def test_boilerplate_flags_page_chrome(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photo agency said it would read the statement in full on Monday.",
        "Residents were told to sign up for evacuation buses at the town hall.",
        "Read the full decision, the judge told the clerk, before you file it.",
        "The depot, photographed from the air on Friday, was still burning.",
    ],
)
def test_boilerplate_keeps_reporting(line: str) -> None:
    assert not is_boilerplate(line)

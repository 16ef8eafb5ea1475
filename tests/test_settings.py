import dataclasses

import pytest

from newsparallax.errors import SettingsError
from newsparallax.settings import DEFAULT, Settings, describe


def test_settings_every_setting_is_documented() -> None:
    names = [f.name for f in dataclasses.fields(Settings)]
    described = describe()
    assert [name for name, _, _ in described] == names
    for name, _, help_text in described:
        assert len(help_text) > 40 and help_text.rstrip().endswith("."), name


@pytest.mark.parametrize(
    "change",
    [{"embedder": "gpu"}, {"align_threshold": 1.5}, {"lexical_weight": -0.1}, {"batch_size": 0}],
)
def test_settings_reject_out_of_range_values(change: dict[str, object]) -> None:
    with pytest.raises(SettingsError):
        DEFAULT.replace(**change)


def test_settings_replace_leaves_the_original_alone() -> None:
    changed = DEFAULT.replace(align_threshold=0.7)
    assert changed.align_threshold == 0.7 and DEFAULT.align_threshold != 0.7

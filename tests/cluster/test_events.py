"""The same-event model: channel similarities, the shipped model, loading errors."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from consilience.cluster.events import (
    Channel,
    EventModel,
    channel_similarities,
    default_model,
    load_model,
    same_event_probability,
)
from consilience.errors import ConfigurationError

#: Two reports of quake A, two of quake B: one topic group, two events.
ROWS = [
    {"n:quake": 1.0, "n:lima": 1.0, "d:ym:2020-03": 1.0, "u:6.1": 1.0, "a:2020-03-02": 1.0},
    {"n:quake": 1.0, "n:lima": 1.0, "d:ym:2020-03": 1.0, "u:6.1": 1.0, "a:2020-03-03": 1.0},
    {"n:quake": 1.0, "n:quito": 1.0, "d:ym:2021-07": 1.0, "u:5.4": 1.0, "a:2021-07-09": 1.0},
    {"n:quake": 1.0, "n:quito": 1.0, "d:ym:2021-07": 1.0, "u:5.4": 1.0, "a:2021-07-09": 1.0},
]
CHANNELS = (
    Channel("names", {"n:": 1.0}),
    Channel("mixed", {"n:": 1.0, "d:": 1.0, "u:": 1.0}),
    Channel("close", {}, "days_within", 7),
    Channel("far", {}, "days_beyond", 60),
)


def test_channels_tell_the_two_events_apart() -> None:
    sims = channel_similarities(ROWS, CHANNELS, context_floor=0.3)
    assert sims.shape == (4, 4, 4)
    names, mixed, close, far = sims
    # "quake" is in every article: it only weighs the context floor.
    assert mixed[0, 1] == pytest.approx(1.0) and mixed[2, 3] == pytest.approx(1.0)
    assert mixed[0, 2] < 0.1 and names[0, 2] < 0.2 and names[0, 1] > 0.9
    assert close[0, 1] == 1.0 and close[0, 2] == 0.0
    assert far[0, 2] == 1.0 and far[0, 1] == 0.0


def test_selected_pairs_equal_the_full_matrix() -> None:
    full = channel_similarities(ROWS, CHANNELS, context_floor=0.3)
    pairs = [(0, 1), (0, 2), (1, 3)]
    selected = channel_similarities(ROWS, CHANNELS, context_floor=0.3, pairs=pairs)
    for number, (i, j) in enumerate(pairs):
        assert np.allclose(selected[:, number], full[:, i, j])


def test_probability_follows_the_weights() -> None:
    model = EventModel(CHANNELS, (0.0, 6.0, 1.0, -2.0), -3.0, 0.5, 0.3)
    probability = same_event_probability(channel_similarities(ROWS, CHANNELS, 0.3), model)
    assert probability[0, 1] > 0.9 and probability[0, 2] < 0.1


def test_the_shipped_model_round_trips() -> None:
    model = default_model()
    assert len(model.weights) == len(model.channels) and 0.0 < model.threshold < 1.0
    assert EventModel.from_json(json.loads(json.dumps(model.to_json()))) == model


@pytest.mark.parametrize(
    "content",
    ["not json", "{}", json.dumps({**default_model().to_json(), "weights": [1.0]})],
)
def test_a_broken_model_file_is_a_configuration_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"model\.json"):
        load_model(path)


def test_an_unknown_measure_is_refused(tmp_path: Path) -> None:
    model = replace(default_model(), channels=(Channel("x", {}, "psychic"),), weights=(1.0,))
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="unknown channel measure"):
        load_model(path)


def test_stemmed_terms_link_word_forms() -> None:
    rows = [
        {"t:heists": 1.0, "t:robbers": 1.0, "t:store": 1.0, "t:paris": 1.0},
        {"t:heist": 1.0, "t:robber": 1.0, "t:store": 1.0},
        {"t:quake": 1.0, "t:rescuers": 1.0, "t:store": 1.0, "t:paris": 1.0},
        {"t:quake": 1.0, "t:rescuer": 1.0},
    ]
    terms = (Channel("terms", {"t:": 1.0}),)
    plain = channel_similarities(rows, terms, 0.3)[0]
    stemmed = channel_similarities(rows, terms, 0.3, stem_terms=True)[0]
    assert plain[0, 1] < 0.5 and stemmed[0, 1] > 0.8
    assert stemmed[0, 2] < 0.5 and stemmed[2, 3] > plain[2, 3]
    selected = channel_similarities(rows, terms, 0.3, [(0, 1), (1, 2)], stem_terms=True)[0]
    assert np.allclose(selected, [stemmed[0, 1], stemmed[1, 2]])


def test_a_model_file_without_stem_terms_compares_word_forms() -> None:
    data = default_model().to_json()
    del data["stem_terms"]
    assert EventModel.from_json(data).stem_terms is False

from engine.config import RunConfig


def test_json_round_trip(tmp_path):
    cfg = RunConfig()
    cfg.model.name = "cvae"
    cfg.train.steps = 123
    cfg.data.path = "/data/ünïcode folder"
    cfg.save_json(tmp_path / "c.json")
    assert RunConfig.load_json(tmp_path / "c.json") == cfg


def test_toml_round_trip():
    cfg = RunConfig()
    cfg.train.minutes = 2.5
    cfg.data.path = 'C:\\data\\"quoted"'
    assert RunConfig.from_toml(cfg.to_toml()) == cfg


def test_unknown_keys_ignored_missing_keys_default():
    cfg = RunConfig.from_dict({"train": {"steps": 7, "bogus": 1}, "nope": {}})
    assert cfg.train.steps == 7
    assert cfg.model == RunConfig().model

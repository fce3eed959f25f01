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


def test_presets_set_model_and_budget_and_stay_editable():
    from engine.train.presets import apply_preset, choose_preset

    cfg = RunConfig()
    assert choose_preset(16, "cpu") == "balanced"
    assert choose_preset(28, "cpu") == "balanced"  # a full MNIST too: measured better than fast
    assert choose_preset(64, "cpu") == "fast"  # large images on a CPU
    assert choose_preset(64, "cuda") == "quality"
    assert apply_preset(cfg, "auto", 1500, 16, "cpu") == "balanced"
    assert apply_preset(RunConfig(), "auto", 60_000, 28, "cpu") == "balanced"
    fast, quality = RunConfig(), RunConfig()
    apply_preset(fast, "fast", 1500, 32, "cpu")
    apply_preset(quality, "quality", 1500, 32, "cpu")
    assert fast.model.width < quality.model.width and fast.train.steps < quality.train.steps
    quality.train.steps = 5
    assert RunConfig.from_toml(quality.to_toml()) == quality


def test_speed_estimate_is_measured():
    from engine.train.presets import estimate_seconds_per_1000_steps

    small, big = RunConfig(), RunConfig()
    for cfg in (small, big):
        cfg.train.threads, cfg.train.device, cfg.train.batch_size = 2, "cpu", 16
    small.model.width, big.model.width = 8, 64
    t_small = estimate_seconds_per_1000_steps(small, 10, 1, 16)
    t_big = estimate_seconds_per_1000_steps(big, 10, 1, 16)
    assert 0 < t_small < t_big

"""Settings: which platforms run, and how bad configuration is reported."""

import pytest

from groupbot.settings import ConfigError, Settings, load_settings


def test_no_configuration_means_console_only():
    assert Settings().platforms() == ()


def test_each_platform_is_on_when_its_credentials_are_set():
    settings = Settings(
        telegram={"token": "123:abc"},
        onebot={"enabled": True},
        wecom={"webhooks": {"rd": "https://qyapi.example/send?key=k"}},
    )
    assert settings.platforms() == ("telegram", "qq", "wecom")


def test_wecom_smart_robot_needs_both_token_and_key():
    assert Settings(wecom={"token": "t"}).platforms() == ()


def test_secrets_do_not_show_in_the_settings_repr():
    settings = Settings(telegram={"token": "123:very-secret"})
    assert "very-secret" not in repr(settings) and "very-secret" not in str(settings.model_dump())


def test_bad_value_names_the_environment_key(monkeypatch):
    monkeypatch.setenv("GROUPBOT_WEB__PORT", "99999")
    with pytest.raises(ConfigError, match="GROUPBOT_WEB__PORT"):
        load_settings()


def test_toml_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text('locale = "zh-CN"\n[web]\nport = 9000\n', encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    monkeypatch.setenv("GROUPBOT_WEB__PORT", "9100")
    settings = load_settings()
    assert (settings.locale, settings.web.port) == ("zh-CN", 9100)


def test_broken_toml_is_a_config_error(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text("locale = \n", encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    with pytest.raises(ConfigError):
        load_settings()


def test_database_password_does_not_show_in_the_settings_repr():
    settings = Settings(database_url="postgresql+asyncpg://bot:hunter2@db/groupbot")
    assert "hunter2" not in repr(settings)

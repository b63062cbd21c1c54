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


def test_a_variable_that_names_no_setting_is_refused_with_the_closest_name(monkeypatch):
    monkeypatch.setenv("GROUPBOT_DATABASEURL", "postgresql://db/groupbot")
    monkeypatch.setenv("GROUPBOT_DATA_DIR", "/srv/groupbot")
    with pytest.raises(ConfigError) as refused:
        load_settings()
    misspelt, unknown = str(refused.value).splitlines()  # in name order
    assert "GROUPBOT_DATABASEURL" in misspelt and "did you mean GROUPBOT_DATABASE_URL?" in misspelt
    assert "GROUPBOT_DATA_DIR is not a groupbot setting" in unknown and "did you mean" not in unknown


def test_the_config_file_and_the_test_suites_variables_are_not_settings_but_allowed(monkeypatch, tmp_path):
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("GROUPBOT_TEST_PG_URL", "postgresql://elsewhere/test")
    monkeypatch.setenv("GROUPBOT_WEB__PORT", "9101")
    assert load_settings().web.port == 9101


def test_toml_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text('locale = "zh-CN"\n[web]\nport = 9000\n', encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    monkeypatch.setenv("GROUPBOT_WEB__PORT", "9100")
    settings = load_settings()
    assert (settings.locale, settings.web.port) == ("zh-CN", 9100)


def test_broken_toml_is_a_config_error_naming_the_file(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text("locale = \n", encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    with pytest.raises(ConfigError, match=r"bot\.toml"):
        load_settings()


def test_bad_value_in_the_toml_file_names_the_file_and_key_not_a_variable(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text("[web]\nport = 99999\n", encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert f"web.port (in {tmp_path / 'bot.toml'})" in str(raised.value)
    assert "GROUPBOT_" not in str(raised.value)


def test_bad_environment_value_is_named_by_its_variable_even_with_a_toml_file(monkeypatch, tmp_path):
    (tmp_path / "bot.toml").write_text("[web]\nport = 9000\n[telegram]\ntoken = \"1:a\"\n", encoding="utf-8")
    monkeypatch.setenv("GROUPBOT_CONFIG", str(tmp_path / "bot.toml"))
    monkeypatch.setenv("GROUPBOT_WEB__PORT", "99999")
    monkeypatch.setenv("GROUPBOT_TELEGRAM__MODE", "webhook")  # the section as a whole lacks a secret_token
    with pytest.raises(ConfigError) as raised:
        load_settings()
    assert "web.port (GROUPBOT_WEB__PORT)" in str(raised.value)
    assert f"telegram (GROUPBOT_TELEGRAM__MODE and {tmp_path / 'bot.toml'})" in str(raised.value)


def test_lists_of_plain_values_may_be_comma_separated_in_the_environment(monkeypatch):
    monkeypatch.setenv("GROUPBOT_OPS__USERS", "telegram:42, telegram:43")
    monkeypatch.setenv("GROUPBOT_OPS__ADMINS", "telegram:42")
    monkeypatch.setenv("GROUPBOT_CONSOLE__OPS_USERS", "ops,lead")
    monkeypatch.setenv("GROUPBOT_SLA__WORKDAYS", "1,2,3,4,5,6")
    monkeypatch.setenv("GROUPBOT_DIGEST__DESTINATIONS", "chat:telegram:-100,chat:qq:123")
    settings = load_settings()
    assert (settings.ops.users, settings.ops.admins) == (["telegram:42", "telegram:43"], ["telegram:42"])
    assert settings.console.ops_users == ["ops", "lead"]
    assert settings.sla.workdays == [1, 2, 3, 4, 5, 6]
    assert settings.digest.destinations == ["chat:telegram:-100", "chat:qq:123"]


def test_json_lists_still_work_in_the_environment(monkeypatch):
    monkeypatch.setenv("GROUPBOT_OPS__USERS", '["telegram:42", "qq:7"]')
    assert load_settings().ops.users == ["telegram:42", "qq:7"]


def test_a_list_that_is_still_wrong_says_which_forms_it_takes(monkeypatch):
    monkeypatch.setenv("GROUPBOT_OPS__USERS", "[telegram:42")
    with pytest.raises(ConfigError, match=r"ops.users \(GROUPBOT_OPS__USERS\): .*comma-separated"):
        load_settings()


def test_a_table_that_is_not_json_says_which_forms_it_takes(monkeypatch):
    monkeypatch.setenv("GROUPBOT_ESCALATION__WEBHOOKS", "rd=https://example.test")
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert "escalation.webhooks (GROUPBOT_ESCALATION__WEBHOOKS)" in message
    assert "JSON object" in message and "GROUPBOT_ESCALATION__WEBHOOKS__<KEY>" in message


def test_database_password_does_not_show_in_the_settings_repr():
    settings = Settings(database_url="postgresql+asyncpg://bot:hunter2@db/groupbot")
    assert "hunter2" not in repr(settings)

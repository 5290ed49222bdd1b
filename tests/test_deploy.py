"""What ships for deployment: alert rules and the dashboard read metrics that exist, promtool
accepts the rules (when installed), the image installs the locked dependencies as a numeric
non-root user, and compose.yaml has no default database password."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from prometheus_client.parser import text_string_to_metric_families

from bot.config import ROOT
from bot.metrics import exposition

DEPLOY = ROOT / "deploy"
RULES = DEPLOY / "prometheus" / "alerts.yml"
DASHBOARD = DEPLOY / "grafana" / "manabi-dashboard.json"
PROMTOOL = shutil.which("promtool")
NO_PROMTOOL = "promtool is not installed (Debian: apt-get install prometheus)"
SUFFIXES = ("", "_total", "_bucket", "_count", "_sum", "_created")


def exposed() -> set[str]:
    """Every sample name the metrics page can carry (a family's name with its suffixes)."""
    families = text_string_to_metric_families(exposition()[0].decode())
    return {f.name + suffix for f in families for suffix in SUFFIXES}


def used(expressions: list[str]) -> set[str]:
    """The manabi_* metric names that PromQL expressions read."""
    return {name for e in expressions for name in re.findall(r"\bmanabi_[a-z_]+", e)}


def rule_expressions() -> list[str]:
    groups = yaml.safe_load(RULES.read_text(encoding="utf-8"))["groups"]
    return [rule["expr"] for group in groups for rule in group["rules"]]


def dashboard_expressions() -> list[str]:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def test_alerts_and_dashboard_read_only_metrics_that_exist() -> None:
    alerts, panels = used(rule_expressions()), used(dashboard_expressions())
    assert {"manabi_outbox_oldest_due_age_seconds", "manabi_outbox_rate_limited_total"} <= alerts
    assert {"manabi_llm_requests_total", "manabi_planner_duration_seconds_bucket"} <= alerts
    assert sorted((alerts | panels) - exposed()) == []


def test_the_dashboard_is_importable() -> None:
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    assert variables == {"datasource", "instance"}
    for panel in dashboard["panels"]:
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"] == "${datasource}"


@pytest.mark.skipif(PROMTOOL is None, reason=NO_PROMTOOL)
@pytest.mark.parametrize(
    "check", [["check", "rules", "alerts.yml"], ["test", "rules", "alerts.test.yml"]]
)
def test_promtool_accepts_and_tests_the_alert_rules(check: list[str]) -> None:
    result = subprocess.run(
        [str(PROMTOOL), *check],
        cwd=RULES.parent,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, (result.stdout + result.stderr).decode()


def locked() -> dict[str, tuple[str, int]]:
    """requirements.lock: package -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for block in re.split(r"\n(?=[A-Za-z])", text):
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", block)
        if match:
            pins[canonicalize_name(match[1])] = (match[2], block.count("--hash=sha256:"))
    return pins


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    assert all(hashes for _, hashes in pins.values())
    for line in project["dependencies"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: regenerate it"
        assert requirement.specifier.contains(pins[name][0]), f"{name} {pins[name][0]}: stale"


def test_the_image_installs_the_lock_and_runs_as_a_numeric_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    installs = re.findall(r"pip install [^\n&]*", dockerfile)
    assert all("--no-deps" in line for line in installs), installs  # nothing resolved again
    users = re.findall(r"^USER (\S+)$", dockerfile, re.MULTILINE)
    assert users and re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1]), users


def test_compose_requires_a_database_password() -> None:
    text = (ROOT / "compose.yaml").read_text(encoding="utf-8")
    compose = yaml.safe_load(text)
    assert set(compose["services"]) == {"db", "manabi"}
    uses = re.findall(r"\$\{POSTGRES_PASSWORD([^}]*)\}", text)
    assert len(uses) == 2
    assert all(use.startswith(":?") for use in uses), uses  # required, never a default
    assert "9100" not in str(compose["services"]["manabi"].get("ports"))  # metrics stay inside

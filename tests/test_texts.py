"""The text catalogue: both languages for every key, every key bot/ uses is there, none unused."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.channels.teams.package import COMMANDS
from bot.core.actions import MARKS
from bot.core.learning.assessments import KINDS
from bot.core.redaction import RULES
from bot.core.texts import CATALOGUE, LOCALES, TEXTS, load, load_cached, t

BOT = Path(__file__).resolve().parents[1] / "bot"

# Calls that take a text key: the key's position and keyword.
KEY_ARGUMENTS = {
    "t": (0, "key"),
    "Refused": (0, "key"),
    "NotAllowed": (0, "key"),
    "UnknownOrganisation": (0, "key"),
    "MustFixFirst": (0, "key"),
    "offline": (2, "note"),
    "_offline": (2, "note"),  # QuestionAnswering._offline(base, passages, note)
}
# Functions that return a text key (the note shown when a question is over budget).
KEY_RETURNS = {"_over_budget"}
# Names that only pass a key on; where the key starts is a key-taking call or KEY_RETURNS.
FORWARDED = {
    ("core/context.py", "key"),
    ("core/officers/roles.py", "key"),
    ("core/qa/answers.py", "note"),
    ("core/qa/questions.py", "budget"),  # the budget check: Coach.over_budget, _over_budget
    ("core/qa/questions.py", "note"),  # passed on by _offline
}
# The values Learner.status takes (bot/storage/models.py).
LEARNER_STATUSES = ("new", "active", "paused", "stopped", "unreachable")
# Keys built with an f-string ("{}" for each placeholder), and every value it can take.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "{}_intro": KINDS,
    "status_{}": LEARNER_STATUSES,
    "teams_cmd_{}": COMMANDS,
    "qa_kind_{}": tuple(kind for kind, _, _ in RULES),
    "check_mark_{}": tuple(MARKS),
    "check_marked_{}": tuple(MARKS),
}


@dataclass
class Uses:
    """The text keys one source file uses, as literals and as f-string templates."""

    keys: set[str] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    unresolved: set[str] = field(default_factory=set)  # names whose key could not be followed


def called_name(call: ast.Call) -> str | None:
    """The name a call is made by: `t` for `t(...)`, `turn.t(...)` and `self.t(...)`."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def key_argument(call: ast.Call) -> ast.expr | None:
    """The key a key-taking call is given, if it is one and has it."""
    position, keyword = KEY_ARGUMENTS[called_name(call) or ""]
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def scan(source: str) -> Uses:
    """Find every text key a module uses, following local names, lookups and conditionals."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    uses = Uses()

    def scope_of(node: ast.AST) -> ast.AST:
        """The function a node is in, or the module."""
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return tree

    def assigned(name: str, scope: ast.AST) -> list[ast.expr]:
        """Every value `name` is assigned in `scope`."""
        values: list[ast.expr] = []
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            if any(isinstance(target, ast.Name) and target.id == name for target in targets):
                values.append(value)
        return values

    def follow(expr: ast.expr, at: ast.AST) -> None:
        """Record the keys `expr` (found at `at`) can be, or that it cannot be followed."""
        match expr:
            case ast.Constant(value=str(key)):
                uses.keys.add(key)
            case ast.Constant(value=None):
                pass
            case ast.JoinedStr(values=parts):
                uses.templates.add(
                    "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in parts)
                )
            case ast.IfExp(body=body, orelse=orelse):
                follow(body, at)
                follow(orelse, at)
            case ast.Tuple(elts=items) | ast.List(elts=items) | ast.Set(elts=items):
                for item in items:
                    follow(item, at)
            case ast.Dict(values=items):
                for item in items:
                    follow(item, at)
            case ast.Subscript(value=container) | ast.Await(value=container):
                follow(container, at)
            case ast.Call(func=ast.Attribute(attr="get", value=container), args=args):
                follow(container, at)
                for default in args[1:]:
                    follow(default, at)
            case ast.Name(id=name):
                scope = scope_of(at)
                values = assigned(name, scope) or assigned(name, tree)
                is_parameter = isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and any(
                    arg.arg == name for arg in ast.walk(scope.args) if isinstance(arg, ast.arg)
                )
                if is_parameter or not values:
                    uses.unresolved.add(name)
                for value in values:
                    follow(value, value)
            case ast.Call() as call if called_name(call) in KEY_RETURNS:
                pass  # its returns are followed where the function is defined
            case ast.Call() as call:
                uses.unresolved.add(called_name(call) or ast.unparse(expr))
            case _:
                uses.unresolved.add(ast.unparse(expr))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and called_name(node) in KEY_ARGUMENTS:
            key = key_argument(node)
            if key is not None:
                follow(key, node)
        if isinstance(node, ast.Return) and node.value is not None:
            function = scope_of(node)
            if getattr(function, "name", None) in KEY_RETURNS:
                follow(node.value, node)
    return uses


def scan_bot() -> dict[str, Uses]:
    """Scan every module in bot/ except the catalogue's own loader."""
    return {
        str(path.relative_to(BOT)): scan(path.read_text(encoding="utf-8"))
        for path in sorted(BOT.rglob("*.py"))
        if path != BOT / "core" / "texts.py"
    }


def used_keys(uses: dict[str, Uses]) -> set[str]:
    """Every key bot/ uses: literals, and every value of each f-string template."""
    keys = {key for use in uses.values() for key in use.keys}
    for use in uses.values():
        for template in use.templates:
            keys |= {template.format(value) for value in TEMPLATES.get(template, ())}
    return keys


def test_every_text_exists_in_japanese_and_english() -> None:
    assert TEXTS
    for key, entry in TEXTS.items():
        assert set(entry) == set(LOCALES), key
        assert all(entry[locale].strip() for locale in LOCALES), key
    assert "08:30" in t("onboarded", "en", time="08:30", tz="Asia/Tokyo")


def test_a_missing_value_is_an_error() -> None:
    with pytest.raises(KeyError, match="tz"):
        t("onboarded", "en", time="08:30")


def test_the_catalogue_refuses_a_key_without_both_languages(tmp_path: Path) -> None:
    catalogue = tmp_path / "texts.yaml"
    catalogue.write_text("hello:\n  ja: こんにちは\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hello"):
        load(catalogue)


def test_the_cached_catalogue_is_the_checked_one_and_follows_its_file(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert load_cached(CATALOGUE, cache) == load(CATALOGUE) == TEXTS
    (written,) = cache.glob("texts-*.json")
    assert load_cached(CATALOGUE, cache) == load(CATALOGUE)  # read back from the file

    catalogue = tmp_path / "texts.yaml"
    catalogue.write_text("hello:\n  ja: こんにちは\n  en: Hello\n", encoding="utf-8")
    assert load_cached(catalogue, cache) == {"hello": {"ja": "こんにちは", "en": "Hello"}}
    catalogue.write_text("hello:\n  ja: やあ\n  en: Hi\n", encoding="utf-8")
    assert load_cached(catalogue, cache) == {"hello": {"ja": "やあ", "en": "Hi"}}
    assert [p.name for p in cache.glob("texts-*.json")] != [written.name]  # replaced, not kept
    catalogue.write_text("hello:\n  ja: やあ\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hello"):  # a wrong catalogue is refused, never cached
        load_cached(catalogue, cache)


def test_a_damaged_text_cache_is_read_afresh(tmp_path: Path) -> None:
    catalogue = tmp_path / "texts.yaml"
    catalogue.write_text("hello:\n  ja: こんにちは\n  en: Hello\n", encoding="utf-8")
    load_cached(catalogue, tmp_path)
    (written,) = tmp_path.glob("texts-*.json")
    written.write_text('{"hello": {"ja"', encoding="utf-8")
    assert load_cached(catalogue, tmp_path) == {"hello": {"ja": "こんにちは", "en": "Hello"}}


def test_every_key_used_in_bot_exists() -> None:
    uses = scan_bot()
    unknown_templates = {tmpl for use in uses.values() for tmpl in use.templates} - set(TEMPLATES)
    assert not unknown_templates, "declare the values of these keys in TEMPLATES"
    missing = {
        f"{path}: {key}" for path, use in uses.items() for key in use.keys if key not in TEXTS
    }
    missing |= {
        f"{tmpl}: {tmpl.format(value)}"
        for tmpl, values in TEMPLATES.items()
        for value in values
        if tmpl.format(value) not in TEXTS
    }
    assert not missing, "keys used in bot/ but not in bot/core/texts.yaml"


def test_every_key_is_used() -> None:
    unused = set(TEXTS) - used_keys(scan_bot())
    assert not unused, "keys in bot/core/texts.yaml that nothing in bot/ uses"


def test_every_key_is_followed_to_where_it_starts() -> None:
    uses = scan_bot()
    unresolved = {(path, name) for path, use in uses.items() for name in use.unresolved}
    assert unresolved == FORWARDED, "say in KEY_ARGUMENTS or KEY_RETURNS where these keys start"
    templates = {tmpl for use in uses.values() for tmpl in use.templates}
    assert templates == set(TEMPLATES), "TEMPLATES lists a template bot/ no longer uses"


def test_the_scan_sees_keys_in_every_form_bot_uses() -> None:
    source = """
VARIANTS = ("variant_a", "variant_b")
def reply(turn, kind, found):
    headers = {"review": "header_review"}
    turn.t(headers.get(kind, "header_default"), n=1)
    turn.t(VARIANTS[kind])
    chosen = "chosen_one" if found else "chosen_other"
    t(chosen, "ja")
    t(f"status_{kind}", "en")
    raise Refused("refused_key", "ja")
def later(base, passages):
    return offline(base, passages, note="offline_note")
async def _over_budget(turn):
    return "budget_note"
"""
    uses = scan(source)
    assert uses.keys == {
        "variant_a",
        "variant_b",
        "header_review",
        "header_default",
        "chosen_one",
        "chosen_other",
        "refused_key",
        "offline_note",
        "budget_note",
    }
    assert uses.templates == {"status_{}"} and not uses.unresolved

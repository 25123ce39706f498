"""Changing a setting rewrites only its own line: comments, order and other keys stay as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.config.edit import update_settings
from tui.core.config.settings import Network, load_settings
from tui.core.errors import ConfigError
from tui.core.filters.model import FilterRule

CUSTOM = """\
# Ada's settings: the lab chain first
network = "lab"   # where I work
theme = "nord"
max_fee_eth = "0.01"

[networks.lab]
rpc_url = "http://10.0.0.5:8545"
chain_id = 4242
gateways = [
    "https://gw.example",
]

[keymap]
"timeline.tip" = "T"
"""


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(CUSTOM, encoding="utf-8")
    return path


def test_changing_the_network_rewrites_only_that_line(settings_file: Path) -> None:
    update_settings(settings_file, {"network": "devnet"})
    assert settings_file.read_text() == CUSTOM.replace(
        'network = "lab"   # where I work', 'network = "devnet"   # where I work'
    )
    assert load_settings(settings_file).network == "devnet"


def test_a_value_already_set_writes_nothing(settings_file: Path) -> None:
    before = settings_file.stat()
    update_settings(settings_file, {"network": "lab", "theme": "nord"}, [])
    after = settings_file.stat()
    assert settings_file.read_text() == CUSTOM
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_missing_key_is_added_before_the_first_table(settings_file: Path) -> None:
    update_settings(settings_file, {"pipe_command": "jq ."})
    text = settings_file.read_text()
    assert text == CUSTOM.replace(
        'max_fee_eth = "0.01"\n', 'max_fee_eth = "0.01"\npipe_command = "jq ."\n'
    )


def test_editing_a_network_changes_only_its_changed_keys(settings_file: Path) -> None:
    lab = load_settings(settings_file).networks["lab"]
    lab.kubo_rpc = "http://127.0.0.1:5001"
    update_settings(settings_file, networks=[lab])
    assert settings_file.read_text() == CUSTOM.replace(
        '    "https://gw.example",\n]\n',
        '    "https://gw.example",\n]\nkubo_rpc = "http://127.0.0.1:5001"\n',
    )


def test_a_new_network_is_appended_with_only_what_it_sets(settings_file: Path) -> None:
    sepolia = Network(name="sepolia", rpc_url="https://rpc.sepolia.org", chain_id=11155111)
    settings = update_settings(settings_file, networks=[sepolia])
    assert settings_file.read_text() == (
        CUSTOM + '\n[networks.sepolia]\nrpc_url = "https://rpc.sepolia.org"\nchain_id = 11155111\n'
    )
    assert settings == load_settings(settings_file)


def test_no_file_yet_gets_only_the_changed_key(tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.toml"
    update_settings(path, {"network": "lab2"})
    assert path.read_text() == 'network = "lab2"\n'


def test_an_unusual_layout_is_still_saved_correctly(tmp_path: Path) -> None:
    """Dotted keys cannot be edited line by line: the file is rewritten from the settings."""
    path = tmp_path / "settings.toml"
    path.write_text('networks.lab.rpc_url = "http://x:1"\nnetworks.lab.chain_id = 7\n')
    update_settings(path, {"network": "lab"})
    settings = load_settings(path)
    assert settings.network == "lab"
    assert settings.networks["lab"].rpc_url == "http://x:1"


def test_a_broken_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("network = \n")
    with pytest.raises(ConfigError):
        update_settings(path, {"network": "devnet"})
    assert path.read_text() == "network = \n"


NAMES = st.from_regex(r"[a-z][a-z0-9_-]{0,12}", fullmatch=True)
COMMENTS = st.lists(st.from_regex(r"# [ -~]{0,30}", fullmatch=True), max_size=3)


@given(
    network=NAMES,
    theme=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    comments=COMMENTS,
    fee=st.sampled_from(['max_fee_eth = "0.01"\n', "", 'max_fee_eth = "1" # cap\n']),
    present=st.sampled_from(["", 'theme = "nord"\nnetwork = "lab"   # where I work\n']),
)
def test_any_change_keeps_every_other_line(
    tmp_path_factory: pytest.TempPathFactory,
    network: str,
    theme: str,
    comments: list[str],
    fee: str,
    present: str,
) -> None:
    """Whatever is set, the file parses to exactly that, and no other line moves or changes."""
    path = tmp_path_factory.mktemp("edit") / "settings.toml"
    original = "".join(f"{c}\n" for c in comments) + present + fee + CUSTOM.split("\n", 4)[4]
    path.write_text(original, encoding="utf-8")
    update_settings(path, {"network": network, "theme": theme})
    settings = load_settings(path)
    assert (settings.network, settings.theme) == (network, theme)
    kept = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("network =", "theme ="))
    ]
    assert kept == [
        line for line in original.splitlines() if not line.startswith(("network =", "theme ="))
    ]


RULES = """\
# Ada's settings
network = "lab"   # where I work

[[filters.rules]]   # spoilers until I have seen it
id = 1
text = "spoiler"
expires = 0       # never

[networks.lab]
rpc_url = "http://10.0.0.5:8545"
chain_id = 4242

# my keys
[keymap]
"timeline.tip" = "T"

[[filters.rules]]
id = 2
text = "cats"
kind = "tag"
action = "hide"
"""


def _rule(rule_id: int, text: str, **extra: Any) -> FilterRule:
    return FilterRule(id=rule_id, text=text, **extra)


def test_a_new_filter_rule_is_one_block_after_the_last(settings_file: Path) -> None:
    rule = _rule(1, "spoiler")
    settings = update_settings(settings_file, filters=[rule])
    assert settings_file.read_text() == CUSTOM + (
        '\n[[filters.rules]]\nid = 1\ntext = "spoiler"\nkind = "word"\naction = "collapse"\n'
        "expires = 0\n"
    )
    assert settings.filters.rules == [rule] == load_settings(settings_file).filters.rules


def test_removing_a_filter_rule_removes_only_its_block(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(RULES, encoding="utf-8")
    cats = load_settings(path).filters.rules[1]
    update_settings(path, filters=[cats])
    assert path.read_text() == RULES.replace(
        '[[filters.rules]]   # spoilers until I have seen it\nid = 1\ntext = "spoiler"\n'
        "expires = 0       # never\n\n",
        "",
    )
    update_settings(path, filters=[])
    assert path.read_text() == (
        '# Ada\'s settings\nnetwork = "lab"   # where I work\n\n'
        '[networks.lab]\nrpc_url = "http://10.0.0.5:8545"\nchain_id = 4242\n\n'
        '# my keys\n[keymap]\n"timeline.tip" = "T"\n'
    )
    assert load_settings(path).filters.rules == []


def test_the_first_rule_goes_under_an_existing_filters_table(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[filters]   # mine\n\n# my keys\n[keymap]\n"timeline.tip" = "T"\n')
    update_settings(path, filters=[_rule(1, "spoiler", action="hide")])
    assert path.read_text() == (
        '[filters]   # mine\n[[filters.rules]]\nid = 1\ntext = "spoiler"\nkind = "word"\n'
        'action = "hide"\nexpires = 0\n\n# my keys\n[keymap]\n"timeline.tip" = "T"\n'
    )


def test_the_same_filter_rules_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(RULES, encoding="utf-8")
    before = path.stat()
    update_settings(path, filters=load_settings(path).filters.rules)
    after = path.stat()
    assert path.read_text() == RULES
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_inline_filter_rules_are_edited_as_one_key(tmp_path: Path) -> None:
    """``rules = [...]`` under ``[filters]`` (how a whole-file save wrote them) stays that key."""
    path = tmp_path / "settings.toml"
    head = '# mine\nnetwork = "lab"\n\n[filters]\n'
    tail = '\n# keys\n[keymap]\n"timeline.tip" = "T"\n'
    path.write_text(head + 'rules = [{ id = 4, text = "x" }]\n' + tail, encoding="utf-8")
    update_settings(path, filters=[_rule(4, "x"), _rule(5, "y")])
    text = path.read_text()
    assert text.startswith(head) and text.endswith(tail)
    assert [r.id for r in load_settings(path).filters.rules] == [4, 5]


def test_filter_rules_written_oddly_are_still_saved(tmp_path: Path) -> None:
    """Rules under a dotted key cannot be edited line by line: the file is rewritten."""
    path = tmp_path / "settings.toml"
    path.write_text('network = "lab"\nfilters.rules = [{ id = 1, text = "a" }]\n')
    update_settings(path, filters=[_rule(1, "a"), _rule(3, "c")])
    settings = load_settings(path)
    assert settings.network == "lab" and [r.id for r in settings.filters.rules] == [1, 3]


FILTER_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12
)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), FILTER_TEXT), st.tuples(st.just("remove"), st.integers(0, 6))
    ),
    max_size=8,
)


@given(steps=STEPS, comments=COMMENTS, crlf=st.booleans())
def test_any_adds_and_removes_keep_every_other_line(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list[tuple[str, Any]],
    comments: list[str],
    crlf: bool,
) -> None:
    """After any adds and removes the file holds exactly the rules, and every line outside the
    rule blocks is as the user wrote it, in order (blank lines aside)."""
    path = tmp_path_factory.mktemp("rules") / "settings.toml"
    original = "".join(f"{c}\n" for c in comments) + RULES
    if crlf:
        original = original.replace("\n", "\r\n")
    path.write_bytes(original.encode("utf-8"))
    rules = load_settings(path).filters.rules
    for step, arg in steps:
        if step == "add" and arg.strip():
            rules = [*rules, _rule(max((r.id for r in rules), default=0) + 1, arg)]
        elif step == "remove":
            rules = [r for r in rules if r.id != arg]
        update_settings(path, filters=rules)
    assert load_settings(path).filters.rules == rules
    assert _outside_rules(path.read_bytes().decode("utf-8")) == _outside_rules(original)


def _outside_rules(text: str) -> list[str]:
    """The non-blank lines that are not part of a ``[[filters.rules]]`` block."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        if line.startswith("["):
            inside = line.startswith("[[filters.rules]]")
        elif line.startswith("#"):
            inside = False  # a comment after a block belongs to what follows
        if not inside and line.strip():
            kept.append(line)
    return kept


def test_a_networks_extra_contracts_are_one_inline_table(settings_file: Path) -> None:
    net = load_settings(settings_file).networks["lab"]
    net.contracts = {"communities": "0x" + "ab" * 20, "rounds": "0x" + "cd" * 20}
    update_settings(settings_file, networks=[net])
    text = settings_file.read_text(encoding="utf-8")
    assert "# Ada's settings: the lab chain first" in text  # edited in place, not rewritten
    assert text.count("contracts = {") == 1
    assert load_settings(settings_file).networks["lab"].contracts == net.contracts


@pytest.mark.parametrize(
    "contracts",
    [{"Bad-Key": "0x" + "ab" * 20}, {"rounds": "0x1234"}, {"rounds": 7}],
)
def test_a_bad_contracts_table_is_refused(settings_file: Path, contracts: Any) -> None:
    net = load_settings(settings_file).networks["lab"]
    net.contracts = contracts
    with pytest.raises(ConfigError, match="contract"):
        update_settings(settings_file, networks=[net])

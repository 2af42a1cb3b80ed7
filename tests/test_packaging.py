"""The wheel runs on its own: built from the sources and installed into a fresh virtual
environment, the bot finds its content and catalogs inside the package, from a directory that
holds no project files (issue 25)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from tests.conftest import ROOT

# Not sources: what a build or a run leaves in the tree, and what no wheel carries.
NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
    "data", ".env", "tests", "bench",
)  # fmt: skip


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    # No setting of ours, and nothing that would put the repository on the path.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "CONTENT_DIR"} and not k.startswith("TELEGRAM_")
    }
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def path_after(label: str, output: str) -> Path:
    """The path printed after `label` (resolved, so a symlinked temp dir compares equal)."""
    (line,) = [line for line in output.splitlines() if line.strip().startswith(label)]
    return Path(line.split(label, 1)[1].strip()).resolve()


def test_the_installed_wheel_checks_its_content_and_speaks_chinese_from_anywhere(
    tmp_path: Path,
) -> None:
    # pip builds in the source tree (build/, *.egg-info): build a copy, not the checkout.
    source = shutil.copytree(ROOT, tmp_path / "source", ignore=NOT_SOURCES)
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, source, cwd=tmp_path)
    (wheel,) = dist.glob("simexit-*.whl")

    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=True)
    python = fresh / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel, cwd=tmp_path)
    # The bot's dependencies come from this environment, by path and without network. A path
    # listed in a .pth is not a site directory: its own .pth files (the editable install that
    # maps `bot` to the checkout) are not read, so only the wheel's bot can be imported.
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(run(python, "-c", where, cwd=tmp_path).stdout.strip())
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (site / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    installed = (site / "bot").resolve()
    # What the code reads beside itself (any file in bot/ that is not Python) is installed too.
    beside = [
        p.relative_to(source / "bot")
        for p in (source / "bot").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and not p.name.startswith(".")
    ]
    assert [str(p) for p in beside if not (installed / p).is_file()] == []

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    checked = run(python, "-m", "bot", "check-content", cwd=elsewhere).stdout
    assert path_after("content OK:", checked) == installed / "conversations"
    assert path_after("catalogs:", checked) == installed / "locales"

    # The installed copy is the one imported, and its catalogs translate.
    probe = "import bot, bot.i18n as i; print(bot.__file__); print(i.translations('zh_Hans').gettext('« Back'))"
    module, back = run(python, "-c", probe, cwd=elsewhere).stdout.splitlines()
    assert Path(module).resolve() == installed / "__init__.py"
    assert back == "« 返回"

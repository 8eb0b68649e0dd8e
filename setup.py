"""The one build step pyproject.toml cannot say: compile the translators' catalogs
(i18n/<language>/LC_MESSAGES/parentrus.po) into the package's resources/locale/ as .mo
files, so a wheel (and a bundle made from it) speaks every language. A source checkout
gets the same files from `make i18n-compile`; an editable install leaves that to make.
The same goes for the user guide: docs/guide, the screenshots it shows and LICENSE are
copied into resources/guide/ (packaging/guide_files.py; `make guide` in a checkout)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import ClassVar

from setuptools import Command, setup
from setuptools.command.build import build

SOURCES = Path("i18n")
COMPILED = Path("parentrus_desktop", "resources", "locale")


class BuildIntoPackage(Command):
    """A build sub-command that writes files into the package in the build folder
    (setuptools' SubCommand protocol, so editable installs work): a subclass says which
    (``files``) and how (``run``)."""

    user_options: ClassVar[list[tuple[str, str | None, str]]] = []

    def initialize_options(self) -> None:
        self.build_lib: str | None = None
        self.editable_mode = False

    def finalize_options(self) -> None:
        self.set_undefined_options("build_py", ("build_lib", "build_lib"))

    def _files(self) -> dict[str, str]:
        """{source: its output in the build folder}."""
        if self.editable_mode or self.build_lib is None:
            return {}  # the package is the source folder: make fills it
        return self.files(self.build_lib)

    def files(self, build_lib: str) -> dict[str, str]:
        raise NotImplementedError

    def get_source_files(self) -> list[str]:
        return list(self._files())

    def get_outputs(self) -> list[str]:
        return list(self._files().values())

    def get_output_mapping(self) -> dict[str, str]:
        return {output: source for source, output in self._files().items()}


class BuildCatalogs(BuildIntoPackage):
    description = "compile i18n/*/LC_MESSAGES/*.po into the package's locale folder"

    def files(self, build_lib: str) -> dict[str, str]:
        """{.po source: .mo output} (make i18n-compile in a checkout)."""
        return {
            str(po): str(Path(build_lib, COMPILED, po.relative_to(SOURCES).with_suffix(".mo")))
            for po in sorted(SOURCES.glob("*/LC_MESSAGES/*.po"))
        }

    def run(self) -> None:
        # Babel is a build requirement (pyproject.toml) as well as the app's own.
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for source, output in self._files().items():
            with open(source, "rb") as file:
                catalog = read_po(file)
            Path(output).parent.mkdir(parents=True, exist_ok=True)
            with open(output, "wb") as file:
                write_mo(file, catalog)  # fuzzy entries left out, as pybabel compile does
            self.announce(f"compiled {source} -> {output}", level=2)


def _guide_files() -> ModuleType:
    """packaging/guide_files.py, which make and the bundle's spec use too (not a package)."""
    path = Path(__file__).resolve().parent / "packaging" / "guide_files.py"
    spec = importlib.util.spec_from_file_location("guide_files", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildGuide(BuildIntoPackage):
    """The user guide (its pages and the screenshots they show) and LICENSE, for Help."""

    description = "copy docs/guide, its screenshots and LICENSE into the package's guide folder"

    def files(self, build_lib: str) -> dict[str, str]:
        """{file in the sources: its copy} (make guide in a checkout)."""
        guide = _guide_files()
        return {
            str(source): str(Path(build_lib, guide.PACKAGED, name))
            for source, name in guide.shipped().items()
        }

    def run(self) -> None:
        if self._files():
            guide = _guide_files()
            guide.copy_guide(Path(str(self.build_lib), guide.PACKAGED))


class Build(build):
    sub_commands: ClassVar[list[tuple[str, None]]] = [
        *build.sub_commands,
        ("build_catalogs", None),
        ("build_guide", None),
    ]


setup(cmdclass={"build": Build, "build_catalogs": BuildCatalogs, "build_guide": BuildGuide})

"""Compiles the translation catalogues as the package builds (pyproject.toml has the rest).

Every install, wheel and packaged app gets organizer/locale/*/LC_MESSAGES/organizer.mo made
from the .po beside it, with no manual step; a source checkout compiles in memory instead
(organizer/i18n.py).
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        for source in Path("organizer/locale").glob("*/LC_MESSAGES/organizer.po"):
            target = Path(self.build_lib) / source.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with source.open("rb") as file:
                catalogue = read_po(file, locale=source.parts[-3], domain="organizer")
            with target.open("wb") as file:
                write_mo(file, catalogue, use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithCatalogues})

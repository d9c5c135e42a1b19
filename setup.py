"""Only what pyproject.toml cannot say: the top-level ``resources/`` folder ships inside the
package as ``voicecall_desktop.resources``. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    # Every package of the project (found, so new ones are never left out of the wheel),
    # plus the assets folder mapped into it.
    packages=[*find_packages(include=["voicecall_desktop*"]), "voicecall_desktop.resources"],
    package_dir={"voicecall_desktop.resources": "resources"},
)

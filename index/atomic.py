"""Replace a directory as a whole, so readers see the old one or the new one, never a mix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _backup(directory: Path) -> Path:
    return directory.with_name(f".{directory.name}.previous")


def replace_directory(staging: Path, directory: Path) -> None:
    """Move the finished ``staging`` directory to ``directory``.

    A directory cannot be renamed over a non-empty one, so the old one is moved
    aside first; ``restore_interrupted_replace`` undoes a crash between the renames.
    """
    backup = _backup(directory)
    if backup.exists():
        shutil.rmtree(backup)
    if directory.exists() or directory.is_symlink():
        os.rename(directory, backup)
    os.rename(staging, directory)
    shutil.rmtree(backup, ignore_errors=True)


def restore_interrupted_replace(directory: Path) -> None:
    """If a crash fell between the two renames, put the previous directory back."""
    backup = _backup(directory)
    if not directory.exists() and backup.exists():
        os.rename(backup, directory)

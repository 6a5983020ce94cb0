"""Una carpeta de datos (o un libro) como estaba en una revisión de git, para `grafo comparar --git`."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from grafo.errores import ErrorGrafo, opcion


def _git(*argumentos: str, en: Path) -> bytes:
    if shutil.which("git") is None:
        raise ErrorGrafo(f"{opcion('git')} necesita git, que no se encontró. Cómo corregirlo: instálelo (git-scm.com) o "
                         "compare dos carpetas: grafo comparar ANTES DESPUES.")
    # core.quotePath=false: una ruta con tildes («Política») no sale escapada («Pol\303\255tica»).
    hecho = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(en), *argumentos], capture_output=True,
                           check=False)
    if hecho.returncode != 0:
        raise ErrorGrafo(_explicar(hecho.stderr.decode("utf-8", errors="replace"), argumentos))
    return hecho.stdout


def _explicar(error: str, argumentos: tuple[str, ...]) -> str:
    """Los errores de git que se ven con --git, en español (el de git, en inglés, no dice qué hacer)."""
    if "not a git repository" in error:
        return ("La carpeta de datos no está dentro de un repositorio de git. Cómo corregirlo: use "
                f"{opcion('git')} con una carpeta versionada, o compare dos carpetas: grafo comparar ANTES DESPUES.")
    nombre = re.search(r"Not a valid object name ([^\s]+)|unknown revision[^']*'([^']+)'|invalid object name '([^']+)'",
                       error, re.IGNORECASE)
    if nombre:
        revision = next(g for g in nombre.groups() if g)
        return (f"La revisión «{revision.split(':')[0]}» no existe en el repositorio. Cómo corregirlo: use un hash, "
                "una rama o una etiqueta que exista (vea «git log --oneline»).")
    return (f"git no pudo leer la revisión pedida (git {' '.join(argumentos[:1])} falló). Cómo corregirlo: use "
            "revisiones que existan (vea «git log --oneline») y una carpeta dentro de un repositorio de git.")


def extraer(ruta: Path, revision: str, destino: Path) -> Path:
    """Escribe bajo `destino` los archivos de `ruta` en `revision` y devuelve dónde quedó la carpeta (o el libro)."""
    carpeta = ruta if ruta.is_dir() else ruta.parent
    raiz = Path(_git("rev-parse", "--show-toplevel", en=carpeta).decode("utf-8").strip())
    real = ruta.resolve()
    if not real.is_relative_to(raiz.resolve()):
        # Un enlace a un archivo fuera del repositorio: git guarda el enlace, no las versiones del archivo.
        raise ErrorGrafo(f"{ruta} es un enlace a {real}, fuera del repositorio de git ({raiz}): git no guarda sus "
                         f"versiones. Cómo corregirlo: use {opcion('git')} con un archivo o una carpeta del "
                         "repositorio, o compare dos archivos: grafo comparar ANTES DESPUES.")
    relativa = real.relative_to(raiz.resolve()).as_posix()  # git nombra las rutas con «/», también en Windows
    salida = _git("ls-tree", "-r", "-z", "--name-only", revision, "--", relativa, en=raiz).decode("utf-8")
    nombres = [n for n in salida.split("\0") if n]
    if not nombres:
        raise ErrorGrafo(f"En la revisión «{revision}» no hay archivos en {relativa}. Cómo corregirlo: revise la "
                         "revisión y la carpeta (git log --oneline -- " + relativa + ").")
    for nombre in nombres:
        archivo = destino.joinpath(*nombre.split("/"))
        archivo.parent.mkdir(parents=True, exist_ok=True)
        archivo.write_bytes(_git("show", f"{revision}:{nombre}", en=raiz))
    return destino.joinpath(*relativa.split("/"))

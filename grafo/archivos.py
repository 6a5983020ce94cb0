"""Escribir un archivo de salida sin dejarlo nunca a medias."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def escribir_atomico(ruta: Path, contenido: bytes) -> Path:
    """Escribe en un temporal junto al destino y lo renombra: una salida anterior nunca queda a medias."""
    ruta.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporal = tempfile.mkstemp(prefix=f".{ruta.name}.", suffix=".tmp", dir=ruta.parent)
    try:
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(contenido)
        # mkstemp crea el archivo solo para su dueño; se dejan los permisos habituales (umask).
        mascara = os.umask(0)
        os.umask(mascara)
        os.chmod(temporal, 0o666 & ~mascara)
        os.replace(temporal, ruta)
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise
    return ruta

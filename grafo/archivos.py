"""Escribir un archivo de salida sin dejarlo nunca a medias."""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path

from grafo.errores import ErrorGrafo


# Los archivos de datos leídos en esta orden: una --salida que apunte a uno lo destruiría.
_DATOS_LEIDOS: ContextVar[frozenset[str]] = ContextVar("_DATOS_LEIDOS", default=frozenset())


def proteger(rutas: Iterable[Path]) -> None:
    """Marca archivos de datos: esta orden no escribirá encima de ellos."""
    _DATOS_LEIDOS.set(_DATOS_LEIDOS.get() | {os.path.realpath(r) for r in rutas})


def escribir_atomico(ruta: Path, contenido: bytes) -> Path:
    """Escribe en un temporal junto al destino y lo renombra: una salida anterior nunca queda a medias.

    Un error del disco (sin permiso, el archivo abierto en Excel en Windows, disco lleno) es un
    `ErrorGrafo` en español; la salida anterior queda como estaba. Un enlace simbólico se sigue (se
    reemplaza el archivo al que apunta) y un dispositivo o una tubería (`/dev/null`, un FIFO) se
    escriben tal cual, sin reemplazarlos.
    """
    real = Path(os.path.realpath(ruta))
    if str(real) in _DATOS_LEIDOS.get():
        raise ErrorGrafo(f"No se escribió {ruta}: es uno de los archivos de datos que esta orden acaba de leer, y "
                         "se perdería. Cómo corregirlo: elija otra --salida (por ejemplo en salidas/).")
    try:
        if real.exists() and not real.is_file() and not real.is_dir():
            with real.open("wb") as especial:  # /dev/null, una tubería: no se reemplazan por un archivo
                especial.write(contenido)
            return ruta
        _escribir(real, contenido)
        return ruta
    except OSError as error:
        raise ErrorGrafo(_explicar(ruta, error)) from None


def _explicar(ruta: Path, error: OSError) -> str:
    causa = {errno.ENOSPC: "el disco está lleno", errno.EROFS: "la carpeta es de solo lectura",
             errno.EISDIR: "es una carpeta", errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta",
             errno.EEXIST: "una parte de la ruta es un archivo, no una carpeta",
             errno.EFBIG: "el archivo supera el tamaño permitido", errno.ENOENT: "la carpeta no existe",
             errno.EBUSY: "la ruta está en uso o es una carpeta", errno.ENAMETOOLONG: "el nombre es demasiado largo",
             errno.EINVAL: "el nombre no es válido", errno.EDQUOT: "se agotó la cuota de disco de su usuario",
             errno.EIO: "el disco o la unidad de red dio un error de lectura o escritura"}.get(error.errno or 0)
    if causa is None and isinstance(error, PermissionError):
        causa = "no hay permiso o el archivo está abierto en otro programa (en Windows, Excel o Word lo bloquean)"
    nombre = errno.errorcode.get(error.errno or 0, type(error).__name__)
    causa = causa or f"error del sistema {nombre} ({error.strerror or 'sin detalle'})"
    return (f"No se pudo escribir {ruta}: {causa}. No se cambió nada. Cómo corregirlo: cierre el archivo si está "
            "abierto, elija otra --salida o libere espacio, y repita la orden.")


VIEJO = 3600.0  # s: ninguna escritura de grafo dura tanto; un temporal así quedó de una orden interrumpida


def _vivo(pid: int) -> bool:
    if os.name == "nt":
        return True  # en Windows os.kill terminaría el proceso: ahí cuenta solo la edad
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # existe, de otro usuario
    return True


# .grafo-mapa.html.<pid>.<azar>.tmp, como los nombra _escribir: el prefijo propio evita tocar archivos ajenos.
TEMPORAL = re.compile(r"\.grafo-.+\.(\d+)\.[a-z0-9_]{8}\.tmp")


def limpiar_temporales(carpeta: Path) -> None:
    """Borra los temporales que dejó en `carpeta` una orden cortada (kill -9, corte de luz): no se acumulan."""
    ahora = time.time()
    for temporal in carpeta.glob(".grafo-*.tmp"):
        forma = TEMPORAL.fullmatch(temporal.name)
        if forma is None:
            continue  # no es de grafo
        pid = int(forma[1])
        try:
            if ahora - temporal.stat().st_mtime > VIEJO or (pid != os.getpid() and not _vivo(pid)):
                temporal.unlink()
        except OSError:
            continue  # otro proceso lo renombró o lo borró: nada que limpiar


def _escribir(ruta: Path, contenido: bytes) -> Path:
    ruta.parent.mkdir(parents=True, exist_ok=True)
    limpiar_temporales(ruta.parent)
    # El pid en el nombre dice, en la próxima escritura, si quien lo escribía sigue vivo.
    descriptor, temporal = tempfile.mkstemp(prefix=f".grafo-{ruta.name}.{os.getpid()}.", suffix=".tmp",
                                            dir=ruta.parent)
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


def leer_texto(ruta: Path, que: str) -> str:
    """Un archivo de texto del usuario (un guion, una consulta .rq), en UTF-8 (con o sin BOM), UTF-16 o cp1252,
    como los CSV; un error del disco, una carpeta o una tubería son un mensaje en español."""
    import codecs

    if not ruta.is_file():
        raise ErrorGrafo(f"No se pudo leer {que} {ruta}: no es un archivo común (¿una carpeta o una tubería?). "
                         "Cómo corregirlo: indique el archivo mismo.")
    try:
        crudo = ruta.read_bytes()
    except OSError as error:
        raise ErrorGrafo(f"No se pudo leer {que} {ruta}: {error.strerror or error}. Cómo corregirlo: revise "
                         "que exista y que tenga permiso de lectura.") from None
    if crudo.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return crudo.decode("utf-16", "replace")
    try:
        return crudo.decode("utf-8-sig")
    except UnicodeDecodeError:
        return crudo.decode("cp1252", "replace")  # el Bloc de notas antiguo de Windows

"""Escribir un archivo de salida sin dejarlo nunca a medias."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Collection
from pathlib import Path

from grafo.errores import ErrorGrafo, opcion


def puede_tener_nodos_en_blanco(nt: bytes) -> bool:
    """Si unas N-Triples pueden tener nodos en blanco (la prueba rápida): uno es sujeto (al comienzo de la línea) u
    objeto (un término después de un espacio)."""
    return nt.startswith(b"_:") or b"\n_:" in nt or b" _:" in nt


def escribir_atomico(ruta: Path, contenido: bytes, *, protegidos: Collection[str] = ()) -> Path:
    """Escribe en un temporal junto al destino y lo renombra: una salida anterior nunca queda a medias.

    Un error del disco (sin permiso, el archivo abierto en Excel en Windows, disco lleno) es un
    `ErrorGrafo` en español; la salida anterior queda como estaba. Un enlace simbólico se sigue (se
    reemplaza el archivo al que apunta) y un dispositivo o una tubería (`/dev/null`, un FIFO) se
    escriben tal cual, sin reemplazarlos. `protegidos` (rutas reales): los archivos de datos que se
    leyeron, que nunca se reemplazan por una salida.
    """
    real = Path(os.path.realpath(ruta))
    if str(real) in protegidos:
        raise ErrorGrafo(f"No se escribió {ruta}: es uno de los archivos de datos que esta orden acaba de leer, y "
                         f"se perdería. Cómo corregirlo: elija otra {opcion('salida')} (por ejemplo en salidas/).")
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
            f"abierto, elija otra {opcion('salida')} o libere espacio, y repita la orden.")


VIEJO = 3600.0  # s: ninguna escritura de grafo dura tanto; un temporal así quedó de una orden interrumpida


def proceso_vivo(pid: int) -> bool:
    """Si el proceso `pid` sigue (en Windows no se pregunta: os.kill lo terminaría)."""
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
            if ahora - temporal.stat().st_mtime > VIEJO or (pid != os.getpid() and not proceso_vivo(pid)):
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


# Lo que la gente edita (la plantilla de datos, la minuta, el acta, las fichas): grafo anota la huella de lo que
# escribió, en la carpeta, y no reemplaza un archivo que ya no es lo que escribió.
EDITABLES = frozenset({".docx", ".xlsx"})
REGISTRO = ".grafo-escritos.json"


def destino_sin_pisar(ruta: Path) -> Path:
    """`ruta`, o, si es un .docx o .xlsx que existe y no es lo último que grafo escribió ahí (alguien lo editó, o
    no lo escribió grafo), el primer `NOMBRE.nuevo.EXT` (`.nuevo-2`, …) libre o también escrito por grafo."""
    candidata, numero = ruta, 1
    while _ajeno(candidata):
        numero += 1
        candidata = ruta.with_name(f"{ruta.stem}.nuevo{'' if numero == 2 else f'-{numero - 1}'}{ruta.suffix}")
    return candidata


def anotar_escrito(ruta: Path, contenido: bytes) -> None:
    """Anota la huella de lo que grafo acaba de escribir en `ruta` (solo los editables)."""
    if ruta.suffix.lower() not in EDITABLES or not ruta.is_file():
        return
    registro = _registro(ruta.parent)
    registro[ruta.name] = huella(contenido)
    try:
        _escribir(ruta.parent / REGISTRO, json.dumps(registro, sort_keys=True, indent=1).encode("utf-8"))
    except OSError:
        pass  # sin registro, la próxima vez se escribe al lado: nunca se pierde una edición


def _ajeno(ruta: Path) -> bool:
    if ruta.suffix.lower() not in EDITABLES or not ruta.is_file():
        return False
    try:
        return _registro(ruta.parent).get(ruta.name) != huella(ruta.read_bytes())
    except OSError:
        return True


def _registro(carpeta: Path) -> dict[str, str]:
    try:
        leido = json.loads((carpeta / REGISTRO).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in leido.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(leido, dict) else {}


def huella(contenido: bytes) -> str:
    """El sha256 de unos bytes: lo que grafo escribió, lo que leyó de los datos (la clave de la caché)."""
    return hashlib.sha256(contenido).hexdigest()


def decodificar(crudo: bytes) -> tuple[str, str]:
    """Texto de un archivo del usuario y su codificación: UTF-16 con BOM, UTF-8 (con o sin BOM) o cp1252 (el
    Bloc de notas y el Excel antiguos de Windows); UnicodeDecodeError si no es ninguna."""
    import codecs

    if crudo.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return crudo.decode("utf-16"), "utf-16"
    try:
        return crudo.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return crudo.decode("cp1252"), "cp1252"


def leer_texto(ruta: Path, que: str) -> str:
    """Un archivo de texto del usuario (un guion, una consulta .rq), decodificado como los CSV; un error del
    disco, una carpeta, una tubería o una codificación desconocida son un mensaje en español."""
    if not ruta.is_file():
        raise ErrorGrafo(f"No se pudo leer {que} {ruta}: no es un archivo común (¿una carpeta o una tubería?). "
                         "Cómo corregirlo: indique el archivo mismo.")
    try:
        return decodificar(ruta.read_bytes())[0]
    except OSError as error:
        raise ErrorGrafo(f"No se pudo leer {que} {ruta}: {error.strerror or error}. Cómo corregirlo: revise "
                         "que exista y que tenga permiso de lectura.") from None
    except UnicodeDecodeError:
        raise ErrorGrafo(f"No se pudo leer {que} {ruta}: no está en UTF-8, UTF-16 ni cp1252. Cómo corregirlo: "
                         "guárdelo como UTF-8 en su editor.") from None


def no_es_de_datos(ruta: Path) -> bool:
    """Un archivo de la carpeta de datos que no es de los datos: el candado de Excel (`~$acciones.csv`, mientras el
    archivo está abierto) o uno oculto."""
    return ruta.name.startswith(("~$", "."))

"""Lectura y revisión del paquete de datos: CSV o un libro de Excel, sin nada de RDF.

Todo se lee como texto. Los problemas se juntan todos y se informan de una vez con
archivo, hoja, fila (la que ve el usuario en Excel o en un editor), columna y arreglo.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from grafo.archivos import decodificar, huella, no_es_de_datos
from grafo.errores import DatosInvalidos, Problema, TablaFaltante, opcion
from grafo.paquete import alineaciones
from grafo.paquete.esquema import TABLAS
from grafo.paquete.tablas import COLUMNA_FILA, TablaLeida, armar_tabla, limpiar_celda, normalizar_nombre

# Sin el límite de csv (128 KiB por campo), que daba un error en inglés culpando a las comillas: una celda larga
# se lee entera (las salidas de Excel la recortan a la vista con una nota). 2**31 - 1: lo que acepta Windows.
csv.field_size_limit(2**31 - 1)

__all__ = ["COLUMNA_FILA", "Paquete", "TablaLeida", "dividir_lista", "leer_paquete", "limpiar_celda", "normalizar_nombre"]

SEPARADORES = (",", ";", "\t")
LIBROS = (".xlsx", ".xlsm")
ANTIGUOS = (".xls", ".ods")


@dataclass(frozen=True)
class Paquete:
    """Un paquete de datos leído y revisado."""

    carpeta: Path
    forma: str
    tablas: dict[str, TablaLeida]
    avisos: tuple[Problema, ...] = field(default=())
    # Archivo → sha256 de los bytes que se leyeron (una sola vez): la clave con que la caché guarda este grafo.
    leidos: dict[str, str] = field(default_factory=dict)

    @property
    def archivos(self) -> tuple[Path, ...]:
        """Los archivos que se leyeron (cada CSV, o el libro): ninguna salida debe escribirse sobre ellos."""
        if self.carpeta.is_file():
            return (self.carpeta,)
        return tuple(sorted({self.carpeta / t.archivo for t in self.tablas.values()}))

    def tabla(self, nombre: str) -> TablaLeida:
        """Devuelve la tabla o explica que el comando la necesita."""
        if nombre not in self.tablas:
            raise TablaFaltante(
                f"Este comando necesita la tabla «{nombre}», que no está en {self.carpeta}. "
                f"Cómo corregirlo: {como_agregar(nombre, self.forma)}."
            )
        return self.tablas[nombre]

    def huella(self) -> str:
        """Versión de los datos: resumen del contenido (igual para CSV y para Excel)."""
        h = hashlib.sha256()
        for nombre in sorted(self.tablas):
            df = self.tablas[nombre].datos
            if df.empty:
                continue  # una hoja vacía de la plantilla no cambia la versión
            # Una columna vacía tampoco: la plantilla trae todas las del contrato, el CSV quizá no.
            columnas = sorted(c for c in df.columns if c != COLUMNA_FILA and (df[c] != "").any())
            h.update(f"\x1e{nombre}\x1f{'|'.join(columnas)}".encode())
            # Ordenadas: reordenar las filas en Excel no cambia los datos ni su versión.
            for fila in sorted(df[columnas].itertuples(index=False, name=None)):
                h.update(("\x1d" + "\x1f".join(fila)).encode())
        return h.hexdigest()[:12]

def como_agregar(nombre: str, forma: str) -> str:
    """Cómo se agrega una tabla, en las palabras de la forma del paquete (hojas o archivos)."""
    if forma == "xlsx":
        return f"agregue al libro una hoja llamada «{nombre}»"
    return f"agregue {nombre}.csv a la carpeta"


def dividir_lista(celda: str) -> list[str]:
    """`'IGM ; MINEX;'` → `['IGM', 'MINEX']`."""
    return [parte.strip() for parte in celda.split(";") if parte.strip()]


# --- lectura -------------------------------------------------------------------------------


def fila_en_otra_codificacion(crudo: bytes) -> int | None:
    """La primera línea que no es UTF-8 en un archivo que sí lo es en otras (una fila pegada desde cp1252)."""
    lineas = crudo.removeprefix(codecs.BOM_UTF8).split(b"\n")
    en_utf8, primera_mala = False, None
    for numero, linea in enumerate(lineas, start=1):
        if linea.isascii():
            continue
        try:
            linea.decode("utf-8")
            en_utf8 = True
        except UnicodeDecodeError:
            primera_mala = primera_mala or numero
    return primera_mala if en_utf8 else None


def comillas_sin_cerrar(registros: list[list[str]], separador: str) -> int | None:
    """El registro (fila) donde una comilla sin cerrar se tragó las filas siguientes, o None."""
    ancho = len(registros[0]) if registros else 0
    for numero, registro in enumerate(registros, start=1):
        for celda in registro:
            if "\n" in celda and any(linea.count(separador) >= max(ancho - 1, 1) for linea in celda.split("\n")[1:]):
                return numero
    return None


def _separador(texto: str) -> str:
    primera = next((linea for linea in texto.splitlines() if linea.strip()), "")
    cuentas = {s: primera.count(s) for s in SEPARADORES}
    return max(SEPARADORES, key=lambda s: (cuentas[s], s == ","))


def leer_una_vez(ruta: Path, leidos: dict[str, str]) -> bytes:
    """Los bytes de un archivo de datos, y su sha256 en `leidos`: la caché guarda el grafo con la clave de lo que
    se leyó de verdad (un archivo cambiado mientras se lee no queda guardado con la clave del de antes)."""
    crudo = ruta.read_bytes()
    leidos[ruta.name] = huella(crudo)
    return crudo


def leer_csv(ruta: Path, nombre: str, problemas: list[Problema], avisos: list[Problema],
             leidos: dict[str, str]) -> TablaLeida | None:
    """Lee un CSV en UTF-8 (con o sin BOM), UTF-16 o cp1252, separado por `,`, `;` o tabulador."""
    try:
        crudo = leer_una_vez(ruta, leidos)
    except OSError as error:
        problemas.append(Problema(ruta.name, mensaje=f"no se pudo leer el archivo ({error.strerror}).",
                                  arreglo="revise que exista y que tenga permiso de lectura."))
        return None
    mala = fila_en_otra_codificacion(crudo)
    if mala is not None:
        problemas.append(Problema(
            ruta.name, fila=mala, mensaje="esta línea no está en UTF-8 como el resto del archivo (quizá se pegó "
            "desde otro archivo en cp1252): sus tildes se leerían mal.",
            arreglo="vuelva a escribir esa fila en Excel y guarde como «CSV UTF-8 (delimitado por comas)».",
        ))
        return None
    try:
        texto, _codificacion = decodificar(crudo)
    except UnicodeDecodeError:
        problemas.append(Problema(
            ruta.name, mensaje="la codificación del archivo no es UTF-8 ni cp1252 (Windows).",
            arreglo="en Excel use «Guardar como» → «CSV UTF-8 (delimitado por comas)».",
        ))
        return None
    separador = _separador(texto)
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=separador)
    try:
        registros = list(lector)
    except csv.Error as error:
        problemas.append(Problema(ruta.name, fila=lector.line_num, mensaje=f"el CSV está mal formado ({error}).",
                                  arreglo="revise las comillas de esa fila."))
        return None
    abierta = comillas_sin_cerrar(registros, separador)
    if abierta is not None:
        problemas.append(Problema(
            ruta.name, fila=abierta, mensaje="una comilla («\"») de esta fila no se cierra: las filas siguientes "
            "quedaron dentro de una sola celda.",
            arreglo="cierre la comilla o quítela; un texto con comas va entero entre comillas dobles.",
        ))
        return None
    armada = armar_tabla(nombre, ruta.name, "", registros, problemas, avisos)
    return armada[0] if armada else None


def _completar_codigos(tablas: dict[str, TablaLeida]) -> None:
    """Excel (y un CSV guardado por Excel) quita el cero inicial de `0101`; se repone."""
    municipios = tablas.get("municipios")
    if municipios is not None and "codigo" in municipios.datos.columns:
        municipios.datos["codigo"] = municipios.datos["codigo"].map(
            lambda c: c.zfill(4) if c.isdigit() and len(c) < 4 else c)


def _leer_libro(ruta: Path, problemas: list[Problema], avisos: list[Problema],
                fallidas: set[str], leidos: dict[str, str]) -> tuple[str, dict[str, TablaLeida]]:
    from grafo.paquete.libro import leer_libro  # openpyxl solo para quien usa Excel

    tablas = leer_libro(ruta, problemas, avisos, fallidas, leidos)
    # Un libro que no se abre tiene su mensaje; no se dice además que le faltan todas las hojas.
    return ("xlsx", tablas) if tablas is not None else ("", {})


def _leer_archivo(ruta: Path, problemas: list[Problema], avisos: list[Problema],
                  fallidas: set[str], leidos: dict[str, str]) -> tuple[str, dict[str, TablaLeida]]:
    """`--datos` que nombra un archivo: un libro de Excel; cualquier otro se explica."""
    sufijo = ruta.suffix.lower()
    if sufijo in LIBROS:
        return _leer_libro(ruta, problemas, avisos, fallidas, leidos)
    arreglos = {
        ".csv": f"indique la carpeta que contiene los CSV ({opcion('datos')} {ruta.parent}), no uno de ellos.",
        ".xls": "es el formato antiguo de Excel: en Excel use «Guardar como» → «Libro de Excel (.xlsx)».",
        ".ods": "en LibreOffice use «Guardar como» → «Libro de Excel 2007-365 (.xlsx)».",
    }
    problemas.append(Problema(str(ruta), mensaje="no es un libro de Excel (.xlsx) ni una carpeta de datos.",
                              arreglo=arreglos.get(sufijo, "indique una carpeta con un CSV por tabla o un libro .xlsx.")))
    return "", {}


def _que_es(ruta: Path) -> str:
    import stat

    if ruta.is_symlink():
        try:
            ruta.stat()
        except OSError as error:
            return "es un enlace en bucle" if error.errno == errno.ELOOP else "es un enlace a un archivo que no existe"
    if ruta.is_dir():
        return "es una carpeta"
    try:
        modo = ruta.stat().st_mode
    except OSError:
        return "no se puede abrir"
    return "es una tubería (FIFO)" if stat.S_ISFIFO(modo) else "es un dispositivo o un socket"


def _csv_por_tabla(rutas: list[Path], problemas: list[Problema]) -> dict[str, Path] | None:
    """Tabla → su CSV («Instituciones.CSV» es instituciones); dos archivos para una tabla es un error."""
    por_tabla: dict[str, list[Path]] = {}
    for ruta in rutas:
        por_tabla.setdefault(normalizar_nombre(ruta.stem), []).append(ruta)
    repetidas = {n: r for n, r in por_tabla.items() if len(r) > 1}
    for nombre, rutas_tabla in sorted(repetidas.items()):
        problemas.append(Problema(
            ", ".join(r.name for r in rutas_tabla), mensaje=f"hay {len(rutas_tabla)} archivos para la tabla «{nombre}».",
            arreglo="deje uno solo (en Windows no se distinguen mayúsculas; un nombre con tilde o espacio es el "
                    "mismo) y borre o cambie de nombre los otros."))
    return None if repetidas else {n: r[0] for n, r in por_tabla.items()}


def _leer_archivos(carpeta: Path, problemas: list[Problema], avisos: list[Problema],
                   fallidas: set[str], leidos: dict[str, str]) -> tuple[str, dict[str, TablaLeida]]:
    """Las tablas de una carpeta (CSV o un libro) o de un libro; `fallidas` junta las que ya tienen su error."""
    if carpeta.is_file():
        return _leer_archivo(carpeta, problemas, avisos, fallidas, leidos)
    if not carpeta.is_dir():
        problemas.append(Problema(str(carpeta), mensaje="la carpeta de datos no existe.",
                                  arreglo=f"indique la carpeta correcta (o un libro .xlsx) con {opcion('datos')}."))
        return "", {}
    entradas = sorted(r for r in carpeta.iterdir() if not no_es_de_datos(r))
    archivos = [r for r in entradas if r.is_file()]
    for rara in (r for r in entradas if not r.is_file() and r.suffix.lower() in (".csv", *LIBROS)):
        problemas.append(Problema(rara.name, mensaje=f"no es un archivo que se pueda leer: {_que_es(rara)}.",
                                  arreglo="ponga ahí el archivo mismo (una copia, no un enlace ni una carpeta)."))
        fallidas.add(normalizar_nombre(rara.stem))  # ya tiene su mensaje: no se dice además que falta
    csvs = _csv_por_tabla([r for r in archivos if r.suffix.lower() == ".csv"], problemas)
    if csvs is None:
        return "", {}
    libros = [r for r in archivos if r.suffix.lower() in LIBROS]
    antiguos = [r for r in archivos if r.suffix.lower() in ANTIGUOS]
    if antiguos and not libros and not any(n in TABLAS for n in csvs):
        # Solo un .xls o .ods: se explica cómo convertirlo en vez de decir que falta cada tabla.
        return _leer_archivo(antiguos[0], problemas, avisos, fallidas, leidos)
    if any(n in TABLAS for n in csvs) and libros:
        problemas.append(Problema(
            str(carpeta), mensaje=f"hay a la vez archivos CSV y un libro ({libros[0].name}); no se sabe cuál usar.",
            arreglo=f"deje en la carpeta solo los CSV o solo el libro, o indique el libro: {opcion('datos')} {libros[0]}.",
        ))
        return "", {}
    if len(libros) > 1:
        problemas.append(Problema(
            str(carpeta), mensaje=f"hay {len(libros)} libros de Excel ({', '.join(r.name for r in libros)}).",
            arreglo=f"indique cuál con {opcion('datos')} (por ejemplo {opcion('datos')} {libros[0]}) o deje uno solo en la carpeta.",
        ))
        return "", {}
    if libros:
        return _leer_libro(libros[0], problemas, avisos, fallidas, leidos)
    tablas = {}
    for nombre, ruta in csvs.items():
        tabla = leer_csv(ruta, nombre, problemas, avisos, leidos)
        if tabla is not None:
            tablas[nombre] = tabla
        else:
            fallidas.add(nombre)
    return "csv", tablas


def _normalizar_cerrados(tablas: dict[str, TablaLeida]) -> None:
    criterios = tablas.get("criterios")
    if criterios is not None and "columna" in criterios.datos.columns:
        # «Deportados 2025» es la columna deportados_2025 de municipios, como la lee la revisión.
        criterios.datos["columna"] = criterios.datos["columna"].map(normalizar_nombre)
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        for columna in definicion.columnas if definicion else ():
            if columna.valores is not None and columna.nombre in tabla.datos.columns:
                tabla.datos[columna.nombre] = tabla.datos[columna.nombre].map(
                    lambda v: normalizar_nombre(v) if v else v)
    alineaciones.normalizar_objetivos(tablas)


def leer_paquete(carpeta: Path | str) -> Paquete:
    """Lee y revisa un paquete (una carpeta de CSV o un libro .xlsx); ante problemas lanza `DatosInvalidos` con todos."""
    from grafo.paquete import revision  # revision usa TablaLeida de aquí

    carpeta = Path(carpeta)
    problemas: list[Problema] = []
    avisos: list[Problema] = []
    fallidas: set[str] = set()
    leidos: dict[str, str] = {}
    forma, tablas = _leer_archivos(carpeta, problemas, avisos, fallidas, leidos)
    _completar_codigos(tablas)
    if forma:
        problemas += revision.revisar(tablas, carpeta, forma=forma, fallidas=fallidas)
        if not problemas:
            avisos += revision.incoherencias(tablas)

    if problemas:
        raise DatosInvalidos(problemas, avisos)
    _normalizar_cerrados(tablas)
    return Paquete(carpeta, forma, tablas, tuple(sorted(set(avisos))), leidos)

"""Lectura y revisión del paquete de datos: CSV o un libro de Excel, sin nada de RDF.

Todo se lee como texto. Los problemas se juntan todos y se informan de una vez con
archivo, hoja, fila (la que ve el usuario en Excel o en un editor), columna y arreglo.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from grafo.errores import DatosInvalidos, Problema, TablaFaltante
from grafo.texto import sin_tildes
from grafo.paquete.esquema import TABLAS

COLUMNA_FILA = "_fila"
SEPARADORES = (",", ";", "\t")


@dataclass(frozen=True)
class Tabla:
    """Una tabla leída: todas las celdas como texto limpio y la fila original en `_fila`."""

    nombre: str
    archivo: str
    hoja: str
    datos: pd.DataFrame

    def problema(self, fila: int, columna: str, mensaje: str, arreglo: str = "") -> Problema:
        return Problema(self.archivo, self.hoja, fila, columna, mensaje, arreglo)

    def filas(self) -> Iterator[dict[str, str]]:
        """Recorre las filas como diccionarios (con `_fila` como texto)."""
        columnas = list(self.datos.columns)
        # Columna por columna a listas de Python: itertuples pedía cada celda al arreglo de
        # texto de pandas (1 µs por celda; a 1 millón de tripletas, 1,1 s de la lectura).
        for valores in zip(*(self.datos[c].tolist() for c in columnas)):
            yield dict(zip(columnas, valores))


@dataclass(frozen=True)
class Paquete:
    """Un paquete de datos leído y revisado."""

    carpeta: Path
    forma: str
    tablas: dict[str, Tabla]

    def tabla(self, nombre: str) -> Tabla:
        """Devuelve la tabla o explica que el comando la necesita."""
        if nombre not in self.tablas:
            raise TablaFaltante(
                f"Este comando necesita la tabla «{nombre}», que no está en {self.carpeta}. "
                f"Cómo corregirlo: agregue {nombre}.csv a la carpeta (o una hoja «{nombre}» al libro)."
            )
        return self.tablas[nombre]

    def huella(self) -> str:
        """Versión de los datos: resumen del contenido (igual para CSV y para Excel)."""
        h = hashlib.sha256()
        for nombre in sorted(self.tablas):
            df = self.tablas[nombre].datos
            columnas = sorted(c for c in df.columns if c != COLUMNA_FILA)
            h.update(f"\x1e{nombre}\x1f{'|'.join(columnas)}".encode())
            for fila in df[columnas].itertuples(index=False, name=None):
                h.update(("\x1d" + "\x1f".join(fila)).encode())
        return h.hexdigest()[:12]


def normalizar_nombre(texto: str) -> str:
    """Encabezado u hoja a forma canónica: sin tildes, minúsculas, `_` por espacios."""
    solo_ascii = sin_tildes(str(texto)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-]+", "_", solo_ascii.strip().lower())


def dividir_lista(celda: str) -> list[str]:
    """`'IGM ; MINEX;'` → `['IGM', 'MINEX']`."""
    return [parte.strip() for parte in celda.split(";") if parte.strip()]


def limpiar_celda(valor: object) -> str:
    """Una celda cualquiera (CSV o Excel) como texto limpio."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return "si" if valor else "no"
    if isinstance(valor, float):
        if math.isnan(valor):
            return ""
        return str(int(valor)) if valor.is_integer() else repr(valor)
    if isinstance(valor, int):
        return str(valor)
    if hasattr(valor, "isoformat"):
        texto = valor.isoformat()
        return texto.removesuffix("T00:00:00")
    return unicodedata.normalize("NFC", str(valor)).strip()


# --- lectura -------------------------------------------------------------------------------


def _decodificar(crudo: bytes) -> tuple[str, str]:
    if crudo.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return crudo.decode("utf-16"), "utf-16"
    try:
        return crudo.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return crudo.decode("cp1252"), "cp1252"


def _separador(texto: str) -> str:
    primera = next((linea for linea in texto.splitlines() if linea.strip()), "")
    cuentas = {s: primera.count(s) for s in SEPARADORES}
    return max(SEPARADORES, key=lambda s: (cuentas[s], s == ","))


def _filas_a_tabla(
    nombre: str, archivo: str, hoja: str, registros: Iterable[list[str]], problemas: list[Problema]
) -> Tabla | None:
    """Convierte registros (la fila 1 es el encabezado) en una Tabla con columnas normalizadas."""
    iterador = iter(enumerate(registros, start=1))
    encabezado: list[str] = []
    for _numero, registro in iterador:
        if any(c.strip() for c in registro):
            encabezado = [normalizar_nombre(c) for c in registro]
            break
    if not encabezado:
        problemas.append(Problema(archivo, hoja, 0, "", "está vacío: no tiene fila de encabezados.",
                                  "escriba los nombres de las columnas en la primera fila."))
        return None
    while encabezado and not encabezado[-1]:
        encabezado.pop()
    vistos: set[str] = set()
    for columna in encabezado:
        if columna in vistos:
            problemas.append(Problema(archivo, hoja, 1, columna, "la columna aparece dos veces en el encabezado.",
                                      "deje una sola columna con ese nombre."))
        vistos.add(columna)
    filas: list[list[str]] = []
    for numero, registro in iterador:
        celdas = [limpiar_celda(c) for c in registro]
        if not any(celdas):
            continue
        if len(celdas) > len(encabezado) and any(celdas[len(encabezado):]):
            problemas.append(Problema(
                archivo, hoja, numero, "",
                f"la fila tiene {len(celdas)} celdas y el encabezado solo {len(encabezado)} columnas.",
                "si un texto contiene el separador (coma o punto y coma), enciérrelo entre comillas dobles.",
            ))
        celdas = (celdas + [""] * len(encabezado))[: len(encabezado)]
        filas.append(celdas + [str(numero)])
    columnas = [c if c else f"_sin_nombre_{i}" for i, c in enumerate(encabezado)]
    datos = pd.DataFrame(filas, columns=[*columnas, COLUMNA_FILA], dtype=str)
    datos = datos.loc[:, ~datos.columns.duplicated()]
    return Tabla(nombre, archivo, hoja, datos)


def leer_csv(ruta: Path, nombre: str, problemas: list[Problema]) -> Tabla | None:
    """Lee un CSV en UTF-8 (con o sin BOM), UTF-16 o cp1252, separado por `,`, `;` o tabulador."""
    try:
        crudo = ruta.read_bytes()
    except OSError as error:
        problemas.append(Problema(ruta.name, mensaje=f"no se pudo leer el archivo ({error.strerror}).",
                                  arreglo="revise que exista y que tenga permiso de lectura."))
        return None
    try:
        texto, _codificacion = _decodificar(crudo)
    except UnicodeDecodeError:
        problemas.append(Problema(
            ruta.name, mensaje="la codificación del archivo no es UTF-8 ni cp1252 (Windows).",
            arreglo="en Excel use «Guardar como» → «CSV UTF-8 (delimitado por comas)».",
        ))
        return None
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=_separador(texto))
    try:
        registros = list(lector)
    except csv.Error as error:
        problemas.append(Problema(ruta.name, fila=lector.line_num, mensaje=f"el CSV está mal formado ({error}).",
                                  arreglo="revise las comillas de esa fila."))
        return None
    return _filas_a_tabla(nombre, ruta.name, "", registros, problemas)


def leer_libro(ruta: Path, problemas: list[Problema]) -> dict[str, Tabla]:
    """Lee las hojas de un libro .xlsx cuyo nombre coincide con una tabla del contrato."""
    from openpyxl import load_workbook  # importación diferida: solo la necesita quien usa Excel

    try:
        libro = load_workbook(ruta, read_only=True, data_only=True)
    except Exception as error:  # openpyxl lanza varios tipos ante un archivo dañado
        problemas.append(Problema(ruta.name, mensaje=f"no se pudo abrir el libro de Excel ({type(error).__name__}).",
                                  arreglo="ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)»."))
        return {}
    tablas: dict[str, Tabla] = {}
    try:
        for hoja in libro.worksheets:
            nombre = normalizar_nombre(hoja.title)
            if nombre in tablas or nombre.startswith("_"):
                continue
            registros = ([c for c in fila] for fila in hoja.iter_rows(values_only=True))
            tabla = _filas_a_tabla(nombre, ruta.name, hoja.title, registros, problemas)
            if tabla is not None:
                tablas[nombre] = tabla
    finally:
        libro.close()
    return tablas


def _completar_codigos(tablas: dict[str, Tabla]) -> None:
    """Excel (y un CSV guardado por Excel) quita el cero inicial de `0101`; se repone."""
    municipios = tablas.get("municipios")
    if municipios is not None and "codigo" in municipios.datos.columns:
        municipios.datos["codigo"] = municipios.datos["codigo"].map(
            lambda c: c.zfill(4) if c.isdigit() and len(c) < 4 else c)


def _leer_archivos(carpeta: Path, problemas: list[Problema]) -> tuple[str, dict[str, Tabla]]:
    if not carpeta.is_dir():
        problemas.append(Problema(str(carpeta), mensaje="la carpeta de datos no existe.",
                                  arreglo="indique la carpeta correcta con --datos CARPETA."))
        return "", {}
    csvs = {normalizar_nombre(r.stem): r for r in sorted(carpeta.glob("*.csv")) if r.is_file()}
    libros = sorted(r for r in carpeta.glob("*.xlsx") if r.is_file() and not r.name.startswith("~$"))
    if any(n in TABLAS for n in csvs) and libros:
        problemas.append(Problema(
            str(carpeta), mensaje=f"hay a la vez archivos CSV y un libro ({libros[0].name}); no se sabe cuál usar.",
            arreglo="deje en la carpeta solo los CSV o solo el libro de Excel.",
        ))
        return "", {}
    if len(libros) > 1:
        problemas.append(Problema(
            str(carpeta), mensaje=f"hay {len(libros)} libros de Excel ({', '.join(r.name for r in libros)}).",
            arreglo="deje un solo libro con una hoja por tabla.",
        ))
        return "", {}
    if libros:
        return "xlsx", leer_libro(libros[0], problemas)
    tablas = {}
    for nombre, ruta in csvs.items():
        tabla = leer_csv(ruta, nombre, problemas)
        if tabla is not None:
            tablas[nombre] = tabla
    return "csv", tablas


def _normalizar_cerrados(tablas: dict[str, Tabla]) -> None:
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        for columna in definicion.columnas if definicion else ():
            if columna.valores is not None and columna.nombre in tabla.datos.columns:
                tabla.datos[columna.nombre] = tabla.datos[columna.nombre].map(
                    lambda v: normalizar_nombre(v) if v else v)


def leer_paquete(carpeta: Path | str) -> Paquete:
    """Lee y revisa un paquete de datos; ante cualquier problema lanza `DatosInvalidos` con todos."""
    from grafo.paquete import revision  # revision usa Tabla de aquí

    carpeta = Path(carpeta)
    problemas: list[Problema] = []
    forma, tablas = _leer_archivos(carpeta, problemas)
    _completar_codigos(tablas)
    if forma:
        problemas += revision.revisar(tablas, carpeta)
    if problemas:
        raise DatosInvalidos(problemas)
    _normalizar_cerrados(tablas)
    return Paquete(carpeta, forma, tablas)

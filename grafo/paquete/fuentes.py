"""Lectura y revisión del paquete de datos: CSV o un libro de Excel, sin nada de RDF.

Todo se lee como texto. Los problemas se juntan todos y se informan de una vez con
archivo, hoja, fila (la que ve el usuario en Excel o en un editor), columna y arreglo.
"""

from __future__ import annotations

import codecs
import csv
import difflib
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
from grafo.paquete.esquema import TABLAS, DefTabla

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


# --- revisión ------------------------------------------------------------------------------


def _sugerencias(valor: str, opciones: Iterable[str]) -> str:
    opciones = sorted(opciones)
    por_caso = [o for o in opciones if o.lower() == valor.lower()]
    parecidas = por_caso or difflib.get_close_matches(valor, opciones, n=3, cutoff=0.6)
    if not parecidas:
        return ""
    return " ¿Quiso decir " + " o ".join(f"«{p}»" for p in parecidas) + "?"


def _revisar_columnas(tabla: Tabla, definicion: DefTabla, problemas: list[Problema]) -> bool:
    faltan = [c.nombre for c in definicion.columnas if c.requerida and c.nombre not in tabla.datos.columns]
    for columna in faltan:
        problemas.append(tabla.problema(
            1, columna, "falta esta columna obligatoria en el encabezado.",
            f"agregue «{columna}» a la fila de encabezados (columnas obligatorias: "
            + ", ".join(c.nombre for c in definicion.columnas if c.requerida) + ").",
        ))
    return not faltan


def _revisar_celdas(tabla: Tabla, definicion: DefTabla, problemas: list[Problema]) -> None:
    vistos: dict[str, int] = {}
    for fila in tabla.filas():
        numero = int(fila[COLUMNA_FILA])
        for columna in definicion.columnas:
            valor = fila.get(columna.nombre, "")
            if columna.requerida and not valor:
                problemas.append(tabla.problema(numero, columna.nombre, "la celda está vacía y es obligatoria.",
                                                f"escriba un valor en «{columna.nombre}»."))
            if valor and columna.valores is not None:
                normal = normalizar_nombre(valor)
                if normal not in columna.valores:
                    problemas.append(tabla.problema(
                        numero, columna.nombre, f"el valor «{valor}» no está en la lista permitida.",
                        "use uno de: " + ", ".join(columna.valores) + "." + _sugerencias(normal, columna.valores),
                    ))
        clave = fila.get(definicion.clave, "")
        if not clave:
            continue
        if ";" in clave or any(unicodedata.category(c) == "Cc" for c in clave):
            problemas.append(tabla.problema(numero, definicion.clave, f"el id «{clave}» contiene «;» o un carácter de control.",
                                            "use un código corto sin «;» (por ejemplo «IGM» o «DEC-44-2016»)."))
        if clave in vistos:
            problemas.append(tabla.problema(
                numero, definicion.clave, f"el id «{clave}» está repetido (ya aparece en la fila {vistos[clave]}).",
                "cada fila necesita un id distinto; cambie uno de los dos o una las filas.",
            ))
        else:
            vistos[clave] = numero


def _revisar_referencias(tablas: dict[str, Tabla], problemas: list[Problema]) -> None:
    ids = {
        nombre: set(t.datos[TABLAS[nombre].clave])
        for nombre, t in tablas.items()
        if nombre in TABLAS and TABLAS[nombre].clave in t.datos.columns
    }
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        if definicion is None:
            continue
        for columna in definicion.columnas:
            if columna.referencia is None or columna.nombre not in tabla.datos.columns:
                continue
            destino = columna.referencia
            conocidos = ids.get(destino, set())
            for fila in tabla.filas():
                celda = fila[columna.nombre]
                valores = dividir_lista(celda) if columna.lista else ([celda] if celda else [])
                for valor in valores:
                    if valor not in conocidos:
                        tipo = "la institución" if destino == "instituciones" else "el id"
                        problemas.append(tabla.problema(
                            int(fila[COLUMNA_FILA]), columna.nombre,
                            f"{tipo} «{valor}» no existe en la tabla «{destino}».",
                            f"agregue ese id a la tabla «{destino}» o corrija el valor.{_sugerencias(valor, conocidos)}",
                        ))


def _revisar_ciclos(tabla: Tabla, definicion: DefTabla, problemas: list[Problema]) -> None:
    for columna in definicion.ciclos:
        if columna not in tabla.datos.columns:
            continue
        padre = {f[definicion.clave]: f[columna] for f in tabla.filas() if f[columna]}
        fila_de = {f[definicion.clave]: int(f[COLUMNA_FILA]) for f in tabla.filas()}
        informados: set[str] = set()
        for inicio in sorted(padre):
            camino: list[str] = []
            actual: str | None = inicio
            while actual is not None and actual not in camino and actual not in informados:
                camino.append(actual)
                actual = padre.get(actual)
            if actual is None or actual in informados:
                continue
            ciclo = camino[camino.index(actual):]
            informados.update(ciclo)
            primero = min(ciclo, key=lambda i: fila_de.get(i, 0))
            ciclo = ciclo[ciclo.index(primero):] + ciclo[: ciclo.index(primero)]
            problemas.append(tabla.problema(
                fila_de.get(primero, 0), columna,
                "hay un ciclo: " + " → ".join([*ciclo, ciclo[0]]) + ".",
                f"un elemento no puede depender de sí mismo; quite «{padre[primero]}» de «{columna}» en «{primero}» "
                "o en otra fila del ciclo.",
            ))


def _numero(texto: str) -> float | None:
    try:
        valor = float(texto.replace(" ", ""))
    except ValueError:
        return None
    return valor if math.isfinite(valor) else None


def _revisar_municipios_y_criterios(tablas: dict[str, Tabla], problemas: list[Problema]) -> None:
    municipios = tablas.get("municipios")
    if municipios is not None and "codigo" in municipios.datos.columns:
        for fila in municipios.filas():
            codigo = fila["codigo"]
            if codigo and not re.fullmatch(r"\d{4}", codigo):
                problemas.append(municipios.problema(
                    int(fila[COLUMNA_FILA]), "codigo", f"el código «{codigo}» no tiene 4 dígitos.",
                    "use el código INE del municipio: 2 dígitos del departamento y 2 del municipio (ej. «1301»).",
                ))
    criterios = tablas.get("criterios")
    if criterios is None:
        return
    columnas_municipio = set(municipios.datos.columns) if municipios is not None else set()
    for fila in criterios.filas():
        numero = int(fila[COLUMNA_FILA])
        columna = normalizar_nombre(fila.get("columna", ""))
        if columna and municipios is None:
            problemas.append(criterios.problema(numero, "columna", "los criterios necesitan la tabla «municipios».",
                                                "agregue municipios.csv o quite la tabla de criterios."))
        elif columna and columna not in columnas_municipio:
            opciones = sorted(c for c in columnas_municipio if not c.startswith("_"))
            problemas.append(criterios.problema(
                numero, "columna", f"la columna «{fila['columna']}» no existe en la tabla «municipios».",
                "use una de: " + ", ".join(opciones) + "." + _sugerencias(columna, opciones),
            ))
        elif columna and municipios is not None:
            for mfila in municipios.filas():
                celda = mfila[columna]
                if celda and _numero(celda) is None:
                    problemas.append(municipios.problema(
                        int(mfila[COLUMNA_FILA]), columna,
                        f"el valor «{celda}» no es un número y la columna es un criterio de priorización.",
                        "escriba un número con punto decimal (ej. 12.5) o deje la celda vacía si no hay dato.",
                    ))
        peso = fila.get("peso", "")
        if peso:
            valor = _numero(peso)
            if valor is None or valor < 0:
                problemas.append(criterios.problema(numero, "peso", f"el peso «{peso}» no es un número mayor o igual a 0.",
                                                    "escriba un número como 0.5 o 2."))


def revisar(tablas: dict[str, Tabla], carpeta: Path) -> list[Problema]:
    """Revisa columnas, celdas, ids, referencias, ciclos y criterios; devuelve todos los problemas."""
    problemas: list[Problema] = []
    for nombre, definicion in TABLAS.items():
        if definicion.obligatoria and nombre not in tablas:
            problemas.append(Problema(
                str(carpeta), mensaje=f"falta la tabla obligatoria «{nombre}».",
                arreglo=f"agregue {nombre}.csv a la carpeta (o una hoja «{nombre}» al libro de Excel).",
            ))
    completas: dict[str, Tabla] = {}
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        if definicion is None:
            continue
        if _revisar_columnas(tabla, definicion, problemas):
            _revisar_celdas(tabla, definicion, problemas)
            _revisar_ciclos(tabla, definicion, problemas)
            completas[nombre] = tabla
    _revisar_referencias(completas, problemas)
    _revisar_municipios_y_criterios(completas, problemas)
    return problemas


def _normalizar_cerrados(tablas: dict[str, Tabla]) -> None:
    for nombre, tabla in tablas.items():
        definicion = TABLAS.get(nombre)
        for columna in definicion.columnas if definicion else ():
            if columna.valores is not None and columna.nombre in tabla.datos.columns:
                tabla.datos[columna.nombre] = tabla.datos[columna.nombre].map(
                    lambda v: normalizar_nombre(v) if v else v)


def leer_paquete(carpeta: Path | str) -> Paquete:
    """Lee y revisa un paquete de datos; ante cualquier problema lanza `DatosInvalidos` con todos."""
    carpeta = Path(carpeta)
    problemas: list[Problema] = []
    forma, tablas = _leer_archivos(carpeta, problemas)
    _completar_codigos(tablas)
    if forma:
        problemas += revisar(tablas, carpeta)
    if problemas:
        raise DatosInvalidos(problemas)
    _normalizar_cerrados(tablas)
    return Paquete(carpeta, forma, tablas)

"""De filas crudas (de un CSV o de una hoja de Excel) a una TablaLeida, como la gente llena las planillas.

El encabezado es la primera fila que nombra columnas de la tabla: un título o filas en blanco
encima se saltan con un aviso. Lo que queda fuera del encabezado (una nota a la derecha, una nota
suelta debajo de los datos) se ignora con un aviso; nunca se vuelve una columna.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pandas as pd

from grafo.errores import Problema
from grafo.paquete.esquema import TABLAS, DefTabla
from grafo.texto import SI_NO, fecha_iso, sin_tildes

COLUMNA_FILA = "_fila"
FILAS_BUSCADAS = 30  # un título, una nota y filas en blanco caben; más abajo no se busca el encabezado
_EPOCA_EXCEL = dt.date(1899, 12, 30)


class Porcentaje(float):
    """Un número que Excel muestra como porcentaje: 0,5 en la celda es el 50 % que se tecleó."""


@dataclass(frozen=True)
class TablaLeida:
    """Una tabla leída: todas las celdas como texto limpio y la fila original en `_fila`."""

    nombre: str
    archivo: str
    hoja: str
    datos: pd.DataFrame
    fila_encabezado: int = 1

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
class Area:
    """Dónde quedó la tabla en la hoja (1 = primera fila o columna), para ubicar celdas combinadas o fórmulas."""

    fila_encabezado: int
    primera_columna: int
    ultima_columna: int
    nombres: dict[int, str]  # columna de la hoja → columna de la tabla
    filas: frozenset[int] = frozenset()  # las filas que se leyeron: el encabezado y los datos (no las notas)

    def nombre(self, columna: int) -> str:
        return self.nombres.get(columna, "")

    def contiene(self, fila: int, columna: int) -> bool:
        return fila >= self.fila_encabezado and self.primera_columna <= columna <= self.ultima_columna

    def toca(self, fila1: int, fila2: int, columna1: int, columna2: int) -> bool:
        """Si el rango toca una celda leída (una nota combinada debajo de los datos no la toca)."""
        return (columna2 >= self.primera_columna and columna1 <= self.ultima_columna
                and any(fila1 <= f <= fila2 for f in self.filas))


@functools.lru_cache(maxsize=4096)
def normalizar_nombre(texto: str) -> str:
    """Encabezado u hoja a forma canónica: sin tildes, minúsculas, `_` por espacios. Con memoria: se llama en cada
    celda de una lista cerrada (a un millón de tripletas, 166 000 veces con una docena de valores distintos)."""
    solo_ascii = sin_tildes(str(texto)).encode("ascii", "ignore").decode()
    return re.sub(r"[\s\-]+", "_", solo_ascii.strip().lower())


def limpiar_celda(valor: object) -> str:
    """Una celda cualquiera (CSV o Excel) como texto limpio."""
    if valor is None:
        return ""
    if isinstance(valor, bool):
        return SI_NO[0] if valor else SI_NO[1]  # un VERDADERO de Excel se escribe como la celda «si»
    if isinstance(valor, float):
        if math.isnan(valor):
            return ""
        return str(int(valor)) if valor.is_integer() else repr(valor)
    if isinstance(valor, int):
        return str(valor)
    if hasattr(valor, "isoformat"):
        texto = valor.isoformat()
        return texto.removesuffix("T00:00:00")
    # Un BOM a mitad de archivo (dos CSV unidos con `cat`) no es parte del id: «\ufeffX2» se vería «X2».
    # Un salto de línea dentro de una celda es «\n» en Excel; el «\r\n» de un CSV de Windows sería otro texto.
    texto = str(valor).replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", texto).replace("\ufeff", "").strip()


def letra(columna: int) -> str:
    """1 → A, 27 → AA: la columna como la nombra Excel."""
    texto = ""
    while columna:
        columna, resto = divmod(columna - 1, 26)
        texto = chr(65 + resto) + texto
    return texto


def _fecha_de_serie(valor: object) -> str | None:
    """Un número en una columna de fecha es el número de serie de Excel (42661 → 2016-10-18); un año queda año."""
    if isinstance(valor, bool) or not isinstance(valor, (int, float)) or not math.isfinite(valor):
        return None
    if float(valor).is_integer() and 1800 <= valor <= 2200:
        return None
    if not 1 <= valor < 2958466:
        return None
    return (_EPOCA_EXCEL + dt.timedelta(days=int(valor))).isoformat()





def _anio_con_formato_de_fecha(valor: object) -> str | None:
    """Un año tecleado en una celda con formato de fecha: Excel guarda 2016 como el 8-jul-1905."""
    if not isinstance(valor, (dt.date, dt.datetime)):
        return None
    dia = valor.date() if isinstance(valor, dt.datetime) else valor
    serie = (dia - _EPOCA_EXCEL).days
    return str(serie) if 1800 <= serie <= 2200 else None


def _elegir_encabezado(filas: Sequence[list[str]], definicion: DefTabla | None) -> int | None:
    """Índice de la fila de encabezados: la primera que nombra la clave y otra columna, o la que más nombra."""
    no_vacias = [i for i, f in enumerate(filas[: FILAS_BUSCADAS * 2]) if any(f)][:FILAS_BUSCADAS]
    if not no_vacias:
        return None
    if definicion is None:
        return no_vacias[0]
    conocidas = {c.nombre for c in definicion.columnas}
    puntos = {i: len({normalizar_nombre(c) for c in filas[i]} & conocidas) for i in no_vacias}
    for i in no_vacias:
        if definicion.clave in {normalizar_nombre(c) for c in filas[i]} and puntos[i] >= 2:
            return i
    mejor = max(no_vacias, key=lambda i: (puntos[i], -i))
    return mejor if puntos[mejor] >= 2 else no_vacias[0]


def _lugar(fila: int, columna: int, letras: bool) -> str:
    return f"{letra(columna)}{fila}" if letras else f"fila {fila}, columna {columna}"


def _lista_de_lugares(lugares: list[str]) -> str:
    return ", ".join(lugares[:3]) + (f" y {len(lugares) - 3} más" if len(lugares) > 3 else "")


def _buscar_encabezado(nombre: str, archivo: str, hoja: str, textos: list[list[str]], problemas: list[Problema],
                       avisos: list[Problema]) -> int | None:
    """La fila del encabezado (índice desde 0), con un aviso si se saltaron filas encima; None si no hay."""
    definicion = TABLAS.get(nombre)
    inicio = _elegir_encabezado(textos, definicion)
    if inicio is None:
        problemas.append(Problema(archivo, hoja, 0, "", ("la hoja está vacía" if hoja else "el archivo está vacío")
                                  + ": no tiene fila de encabezados.",
                                  "escriba los nombres de las columnas en la primera fila."))
        return None
    if definicion is not None and not {c.nombre for c in definicion.columnas} & {normalizar_nombre(c) for c in textos[inicio]}:
        obligatorias = ", ".join(c.nombre for c in definicion.columnas if c.requerida)
        problemas.append(Problema(
            archivo, hoja, inicio + 1, "",
            f"no se encontró la fila de encabezados: ninguna de las primeras {FILAS_BUSCADAS} filas con texto "
            f"nombra una columna de «{nombre}».",
            f"escriba encima de los datos una fila con los nombres de las columnas (obligatorias: {obligatorias}).",
        ))
        return None
    primeras = [i for i in range(inicio) if any(textos[i])]
    if primeras:
        desde, hasta = primeras[0] + 1, primeras[-1] + 1
        filas_texto = f"se saltó la fila {desde}" if desde == hasta else f"se saltaron las filas {desde} a {hasta}"
        avisos.append(Problema(archivo, hoja, inicio + 1, "",
                               f"el encabezado está en la fila {inicio + 1}; {filas_texto} de encima (un título o notas)."))
    return inicio


@dataclass
class _Lectura:
    """Lo que se va juntando al recorrer las filas de datos."""

    filas: list[list[str]]
    fuera: list[str]
    notas: list[int]


def _es_nota(llenas: list[int], columnas: list[tuple[int, str]], definicion: DefTabla | None) -> bool:
    """Después de una fila vacía: una sola celda, o dos sin id, es una nota y no una fila de datos."""
    if definicion is None or _requeridas(definicion) < 2:
        return False
    clave = next((j for j, c in columnas if c == definicion.clave), None)
    return len(llenas) == 1 or (len(llenas) == 2 and clave not in llenas)


def _leer_fecha(tabla: TablaLeida, numero: int, columna: str, valor: str, crudo: object, problemas: list[Problema],
                avisos: list[Problema]) -> str:
    """Una celda de fecha como AAAA-MM-DD (o un año), con un aviso si hubo que convertirla."""
    def avisar(texto: str) -> None:
        avisos.append(tabla.problema(numero, columna, texto))

    if isinstance(crudo, dt.time):
        problemas.append(tabla.problema(numero, columna, f"la celda tiene una hora ({valor}), no una fecha.",
                                        "escriba la fecha (AAAA-MM-DD o una fecha de Excel) o deje la celda vacía."))
        return valor
    if (serie := _fecha_de_serie(crudo)) is not None:
        avisar(f"el número {valor} se leyó como la fecha {serie} (número de serie de Excel).")
        return serie
    if isinstance(crudo, str) and (iso := fecha_iso(valor)) is not None:
        avisar(f"«{valor}» se leyó como {iso} (día/mes/año).")
        return iso
    if (anio := _anio_con_formato_de_fecha(crudo)) is not None:
        avisar(f"la celda muestra {valor} porque tiene formato de fecha y se tecleó {anio}: se leyó como el año {anio}.")
        return anio
    if isinstance(crudo, dt.datetime) and crudo.time() != dt.time(0):
        avisar(f"«{valor}» tiene hora: se tomó solo la fecha, {crudo.date().isoformat()}.")
        return crudo.date().isoformat()
    return valor


def _leer_filas(tabla: TablaLeida, columnas: list[tuple[int, str]], crudas: list[list[object]], textos: list[list[str]],
                problemas: list[Problema], avisos: list[Problema], *, letras: bool) -> _Lectura:
    definicion = TABLAS.get(tabla.nombre)
    fechas = {c.nombre for c in definicion.columnas if c.fecha} if definicion else set()
    en_rango = {c.nombre for c in definicion.columnas if c.rango == (0, 100)} if definicion else set()
    # Un número de Excel no distingue 16.1 de 16.10: una meta escrita como número se leería como otra.
    de_catalogo = {c.nombre for c in definicion.columnas if c.catalogo} if definicion else set()
    ancho = columnas[-1][0] + 1
    con_nombre = {j for j, _c in columnas}
    lectura = _Lectura([], [], [])
    anterior_vacia = False
    for i in range(tabla.fila_encabezado, len(textos)):
        numero, celdas = i + 1, textos[i]
        llenas = [j for j, c in enumerate(celdas) if c]
        if not llenas:
            anterior_vacia = True
            continue
        if anterior_vacia and lectura.filas and _es_nota(llenas, columnas, definicion):
            lectura.notas.append(numero)
            continue
        anterior_vacia = False
        if not letras and llenas[-1] >= ancho:
            problemas.append(tabla.problema(
                numero, "", f"la fila tiene {llenas[-1] + 1} celdas y el encabezado solo {ancho} columnas.",
                "si un texto contiene el separador (coma o punto y coma), enciérrelo entre comillas dobles."))
        else:
            lectura.fuera += [_lugar(numero, j + 1, letras) for j in llenas if j not in con_nombre]
        fila = []
        for j, columna in columnas:
            valor = celdas[j] if j < len(celdas) else ""
            crudo = crudas[i][j] if j < len(crudas[i]) else None
            if columna in fechas:
                valor = _leer_fecha(tabla, numero, columna, valor, crudo, problemas, avisos)
            elif columna in en_rango and isinstance(crudo, Porcentaje):
                valor = limpiar_celda(round(float(crudo) * 100, 6))
                avisos.append(tabla.problema(numero, columna, f"la celda dice {valor} % (Excel la guarda como "
                                             f"{limpiar_celda(float(crudo))}): se leyó {valor}."))
            elif columna in de_catalogo and isinstance(crudo, float) and not crudo.is_integer():
                problemas.append(tabla.problema(numero, columna, f"la celda es el número {valor}: como número, Excel "
                                                "no distingue 16.1 de 16.10.", "escríbala como texto: elíjala de la "
                                                "lista desplegable o póngale un apóstrofo delante ('16.10)."))
            fila.append(valor)
        lectura.filas.append([*fila, str(numero)])
    return lectura


def _columnas(nombre: str, archivo: str, hoja: str, encabezado: list[str], fila: int, avisos: list[Problema], *,
              letras: bool) -> list[tuple[int, str]]:
    """Las columnas del encabezado; un texto separado de la tabla por una columna vacía que no es una columna
    conocida («Actualizado: sept. 2024» en H1) es una nota, no una columna."""
    definicion = TABLAS.get(nombre)
    conocidas = {c.nombre for c in definicion.columnas} if definicion else set()
    columnas: list[tuple[int, str]] = []
    hueco = False
    for j, texto in enumerate(encabezado):
        if not texto:
            hueco = bool(columnas)
            continue
        columna = normalizar_nombre(texto)
        if hueco and definicion is not None and columna not in conocidas:
            avisos.append(Problema(archivo, hoja, fila, "", f"se ignoró «{texto}» en {_lugar(fila, j + 1, letras)}: "
                                   "está separado de la tabla por una columna vacía (una nota, no una columna)."))
            break
        columnas.append((j, columna))
    return columnas


MAXIMO_COLUMNAS = 16_384  # las de una hoja de Excel (XFD)


def armar_tabla(nombre: str, archivo: str, hoja: str, registros: Sequence[Sequence[object]],
                problemas: list[Problema], avisos: list[Problema], *, letras: bool = False) -> tuple[TablaLeida, Area] | None:
    """Convierte registros (fila 1 = primer registro) en una TablaLeida con columnas normalizadas.

    `letras` dice que es una hoja de Excel: las celdas se nombran como en Excel (H5) y lo que
    queda a la derecha del encabezado se ignora con un aviso (en un CSV es un separador de más).
    """
    crudas = [list(r) for r in registros]
    ancha = next((i for i, r in enumerate(crudas, start=1) if len(r) > MAXIMO_COLUMNAS), None)
    if ancha is not None:
        # Más columnas que las que Excel admite: no salió de una hoja de cálculo (y revisarlo tardaría minutos).
        problemas.append(Problema(archivo, hoja, ancha, "", f"la fila tiene {len(crudas[ancha - 1]):,} celdas; "
                                  f"Excel admite {MAXIMO_COLUMNAS:,} columnas.".replace(",", "."),
                                  "revise el separador y las comillas del archivo, o vuelva a guardarlo desde Excel."))
        return None
    textos = [[limpiar_celda(c) for c in r] for r in crudas]
    inicio = _buscar_encabezado(nombre, archivo, hoja, textos, problemas, avisos)
    if inicio is None:
        return None
    columnas = _columnas(nombre, archivo, hoja, textos[inicio], inicio + 1, avisos, letras=letras)
    vistos: set[str] = set()
    for _j, columna in columnas:
        if columna in vistos:
            problemas.append(Problema(archivo, hoja, inicio + 1, columna, "la columna aparece dos veces en el encabezado.",
                                      "deje una sola columna con ese nombre."))
        vistos.add(columna)
    vacia = TablaLeida(nombre, archivo, hoja, pd.DataFrame(), inicio + 1)
    lectura = _leer_filas(vacia, columnas, crudas, textos, problemas, avisos, letras=letras)
    if lectura.fuera:
        cuantas = "se ignoró 1 celda" if len(lectura.fuera) == 1 else f"se ignoraron {len(lectura.fuera)} celdas"
        avisos.append(Problema(archivo, hoja, 0, "",
                               f"{cuantas} fuera de la tabla, sin encabezado ({_lista_de_lugares(lectura.fuera)})."))
    if lectura.notas:
        numeros = _lista_de_lugares([str(n) for n in lectura.notas])
        cuantas = (f"se ignoró como nota la fila {numeros}" if len(lectura.notas) == 1
                   else f"se ignoraron como notas las filas {numeros}")
        avisos.append(Problema(archivo, hoja, lectura.notas[0], "",
                               f"{cuantas}: una sola celda con texto, después de una fila vacía."))
    datos = pd.DataFrame(lectura.filas, columns=[*(c for _j, c in columnas), COLUMNA_FILA], dtype=str)
    datos = datos.loc[:, ~datos.columns.duplicated()]
    area = Area(inicio + 1, columnas[0][0] + 1, columnas[-1][0] + 1, {j + 1: c for j, c in columnas},
                frozenset({inicio + 1, *(int(f[-1]) for f in lectura.filas)}))
    return TablaLeida(nombre, archivo, hoja, datos, inicio + 1), area


def _requeridas(definicion: DefTabla | None) -> int:
    return sum(c.requerida for c in definicion.columnas) if definicion else 0

"""Texto para el usuario: sin tildes para comparar y buscar, y los valores sí/no (puro, sin dependencias)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def sin_tildes(texto: str) -> str:
    """El texto sin marcas diacríticas (`Migración` → `Migracion`); la ñ queda n."""
    return "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))


def forma_de_busqueda(texto: str) -> str:
    """Sin tildes ni mayúsculas (`Migración` → `migracion`), para buscar y comparar."""
    return sin_tildes(texto).casefold()


def con_mayuscula(texto: str) -> str:
    """La primera letra en mayúscula y el resto como está: «acciones» → «Acciones» (`str.capitalize` baja el resto)."""
    return texto[:1].upper() + texto[1:]


def cuantos(n: int, singular: str, plural: str = "") -> str:
    """«1 fila», «3 filas»: el número con la palabra en singular o plural."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
         "noviembre", "diciembre")
ESPACIO_DURO = "\u00a0"  # no se parte en dos líneas


def fecha_en_palabras(fecha: str | dt.date) -> str:
    """«2026-12-07» → «7 de diciembre de 2026», con espacios que no se parten: una fecha nunca queda en dos líneas.
    Lo que no es una fecha AAAA-MM-DD (o tiene hora detrás) se devuelve tal cual."""
    try:
        dia = fecha if isinstance(fecha, dt.date) else dt.date.fromisoformat(str(fecha).strip()[:10])
    except ValueError:
        return str(fecha)
    return ESPACIO_DURO.join((str(dia.day), "de", MESES[dia.month - 1], "de", str(dia.year)))


# Sí y no: cómo se escriben en los datos (la revisión quita la tilde: «Sí» es «si») y cómo se leen en una
# variable de entorno; cómo se muestran, `si_no`. Un solo lugar para los tres.
SI_NO: tuple[str, str] = ("si", "no")
_DIA_MES_ANIO = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def fecha_iso(texto: str) -> str | None:
    """`18/10/2016` (día/mes/año, como se escribe en Guatemala) → `2016-10-18`; None si no es una fecha así."""
    hallada = _DIA_MES_ANIO.fullmatch(texto.strip())
    if hallada is None:
        return None
    dia, mes, anio = (int(g) for g in hallada.groups())
    try:
        return dt.date(anio, mes, dia).isoformat()
    except ValueError:
        return None


# Los años de una fecha que grafo acepta: Excel no tiene fechas antes de 1900 (la plantilla no podría escribirla).
ANIOS = (1900, 2200)


def leer_fecha(valor: str) -> str:
    """Una fecha escrita por una persona (AAAA-MM-DD o día/mes/año, como en Guatemala) → AAAA-MM-DD; ValueError con
    el mensaje en español si no es una fecha real o está fuera de ANIOS."""
    try:
        fecha = dt.date.fromisoformat(fecha_iso(valor) or valor.strip())
    except ValueError:
        raise ValueError(f"«{valor}» no es una fecha: escríbala AAAA-MM-DD (2024-10-31) o día/mes/año "
                         "(31/10/2024).") from None
    if not ANIOS[0] <= fecha.year <= ANIOS[1]:
        raise ValueError(f"«{valor}»: use una fecha entre {ANIOS[0]} y {ANIOS[1]}.")
    return fecha.isoformat()


_DICE_SI = frozenset({"1", "si", "true", "yes", "verdadero"})


def enumerar(elementos: list[str]) -> str:
    """«A», «A y B», «A, B y C»; «—» si no hay ninguno."""
    if len(elementos) <= 1:
        return elementos[0] if elementos else "—"
    return ", ".join(elementos[:-1]) + " y " + elementos[-1]


def si_no(valor: object, *, ninguno: str = "—") -> str:
    """`sí` o `no` para un booleano; `ninguno` para cualquier otra cosa (sin dato)."""
    return "sí" if valor is True else "no" if valor is False else ninguno


def es_si(texto: str) -> bool:
    """Si un valor escrito dice sí: «1», «si», «sí», «true», «yes», «verdadero» (sin mayúsculas ni espacios)."""
    return sin_tildes(texto.strip()).casefold() in _DICE_SI


def de_si_no(texto: str) -> bool | None:
    """El «si» o «no» de una celda ya revisada como booleano; None si la celda está vacía."""
    return True if texto == SI_NO[0] else False if texto == SI_NO[1] else None


def separar_ids(texto: str) -> list[str]:
    """Una lista de ids escrita con comas (`AMSCLAE, SECCATID,`) como lista, sin espacios ni vacíos."""
    return [parte.strip() for parte in texto.split(",") if parte.strip()]


# Palabras con que una etiqueta recortada no termina: «Cooperación internacional y…» se lee como una frase rota.
_DEBILES = frozenset("y e o u ni de del la las el los lo en a al para por con sin sobre su sus un una".split())


def partir(texto: str, *, ancho: int, lineas: int) -> str:
    """El texto en hasta `lineas` líneas de `ancho` caracteres, cortado por palabras; si no cabe entero, la última
    línea termina en una palabra entera y plena con «…» («de guatemaltecos…», no «de guatemaltecos en e…»)."""
    palabras, salida, actual, usadas = texto.split(), [], "", []
    for palabra in palabras:
        if actual and len(actual) + 1 + len(palabra) > ancho:
            salida.append(actual)
            usadas.append(len(actual.split()))
            actual = palabra
        else:
            actual = f"{actual} {palabra}" if actual else palabra
    salida.append(actual)
    if len(salida) <= lineas:
        return "\n".join(salida)
    resto = palabras[sum(usadas[:lineas - 1]):]
    ultima: list[str] = []
    for palabra in resto:
        if len(" ".join([*ultima, palabra])) + 1 > ancho:  # + «…»
            break
        ultima.append(palabra)
    while len(ultima) > 1 and ultima[-1].casefold() in _DEBILES:
        ultima.pop()
    final = " ".join(ultima).rstrip(",;:") if ultima else resto[0][:ancho - 1]  # una palabra más larga que la línea
    return "\n".join([*salida[:lineas - 1], final + "…"])


def titulo_corto(descripcion: str, *, ancho: int = 22, lineas: int = 2) -> str:
    """Un título corto para una etiqueta: la descripción hasta el primer paréntesis, dos puntos o punto."""
    corte = min((i for i in (descripcion.find(" ("), descripcion.find(": "), descripcion.find(". ")) if i > 0),
                default=len(descripcion))
    return partir(descripcion[:corte].rstrip(" ."), ancho=ancho, lineas=lineas)


# Los que invierten o aíslan la dirección del texto: un U+202E en un nombre da vuelta lo que sigue en pantalla.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def sin_controles(texto: str) -> str:
    """El texto sin caracteres de control (salvo salto de línea y tabulador) ni controles de dirección (U+202E):
    Word y XML no admiten los primeros; los segundos harían que un nombre se lea al revés."""
    return "".join(c for c in texto.replace("\r\n", "\n").replace("\r", "\n")
                   if c in "\n\t" or (unicodedata.category(c) != "Cc" and c not in BIDI))


def ajustar(texto: str, ancho: int) -> str:
    """Cada línea partida en palabras para caber en `ancho`, con su sangría (y dos espacios más al seguir)."""
    import textwrap

    lineas = []
    for linea in texto.split("\n"):
        if len(linea) <= ancho:
            lineas.append(linea)
            continue
        sangria = linea[: len(linea) - len(linea.lstrip())]
        lineas += textwrap.wrap(linea.strip(), ancho, initial_indent=sangria, subsequent_indent=sangria + "  ",
                                break_long_words=False, break_on_hyphens=False) or [linea]
    return "\n".join(lineas)


# Las palabras de los nombres de columna (ASCII en CSV y JSON) como se leen en la terminal.
_CON_TILDES = {"accion": "acción", "institucion": "institución", "descripcion": "descripción", "articulo": "artículo",
               "titulo": "título", "codigo": "código", "vinculos": "vínculos", "vinculo": "vínculo",
               "intermediacion": "intermediación", "articulacion": "articulación", "region": "región",
               "numero": "número", "anio": "año", "lider": "líder", "descripcion_corta": "descripción corta",
               "area": "área", "codigo_ine": "código INE", "tematica": "temática", "como": "cómo", "via": "vía"}


def nombre_de_columna(columna: str) -> str:
    """`tema_padre` → «tema padre», `institucion` → «institución»: el nombre de columna para leer."""
    return " ".join(_CON_TILDES.get(p, p) for p in str(columna).split("_"))


LARGO_NOMBRE = 100  # caracteres: con la carpeta, lejos de los 255 de un nombre y de los 260 de una ruta de Windows


# Nombres que Windows reserva a dispositivos, con cualquier extensión y sin distinguir mayúsculas:
# `CON.docx` o `Prn.txt.docx` no se pueden abrir ni copiar allí (learn.microsoft.com, «Naming Files»).
RESERVADOS_WINDOWS = frozenset({"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt")
                                                            for n in (*"123456789", "¹", "²", "³"))})


def nombre_de_archivo(ident: str) -> str:
    """Un id como nombre de archivo seguro: sin «/», «\\», «..» ni caracteres que Windows no admite, ni un nombre
    que Windows reserva (`CON` → `CON_`); corto."""
    limpio = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", ident).strip(" .")
    limpio = re.sub(r"\.{2,}", "_", limpio) or "sin-nombre"
    if limpio.split(".")[0].rstrip(" ").casefold() in RESERVADOS_WINDOWS:
        base, punto, resto = limpio.partition(".")
        limpio = f"{base}_{punto}{resto}"
    if len(limpio) > LARGO_NOMBRE:
        limpio = limpio[:LARGO_NOMBRE - 9] + "-" + _resumen(ident)
    return limpio


def nombres_de_archivo(ids: list[str]) -> dict[str, str]:
    """Un nombre de archivo por id, distintos aunque Windows o macOS no distingan mayúsculas (`A/B` y `A?B`
    darían los dos `A_B`): a los que chocan se les agrega un resumen corto del id."""
    por_nombre: dict[str, list[str]] = {}
    for ident in ids:
        por_nombre.setdefault(nombre_de_archivo(ident).casefold(), []).append(ident)
    return {i: nombre_de_archivo(i) + (f"-{_resumen(i)}" if len(grupo) > 1 else "")
            for grupo in por_nombre.values() for i in grupo}


def _resumen(ident: str) -> str:
    import hashlib

    return hashlib.sha256(ident.encode()).hexdigest()[:8]


def ficha(articulo: str) -> str:
    """Forma corta de un artículo para su IRI: `'118 a), b), h)'` → `'118-a-b-h'`."""
    # Solo se quitan las tildes; un guion largo («70–72») separa igual que uno corto. Una letra sola guarda su
    # mayúscula: «122-C» (un artículo que agregó una reforma) y «122 c)» (la literal c del 122) son dos
    # disposiciones; «Bis» y «bis», una palabra, se leen igual.
    partes = [p if len(p) == 1 else p.lower() for p in re.split(r"[^A-Za-z0-9]+", sin_tildes(articulo)) if p]
    return "-".join(partes) or "s-n"

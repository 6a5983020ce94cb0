"""Consultas SPARQL libres (`grafo sparql`): solo lectura, sin llamar a otros servidores, con tiempo límite.

La decisión se toma sobre la consulta analizada (el analizador SPARQL de rdflib), no sobre el texto,
y el texto que se revisa es el mismo que corre el motor (normalizado antes).
"""

from __future__ import annotations

import re
import unicodedata

from grafo.errores import ConsultaInvalida
from grafo.motores import Fuente, ResultadoLibre
from grafo.motores.traza import INERTES

__all__ = ["comprobar_solo_lectura", "ejecutar_libre", "normalizar_consulta", "revisar_libre"]

# Lo que una consulta libre no puede ser: una actualización, una carga o una llamada a otro servidor.
_PROHIBIDAS = re.compile(
    r"(?<![\w:?$.])(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)(?![\w:])", re.IGNORECASE)


def _llama_a_otro_servidor(texto: str) -> bool | None:
    """Si la consulta, ya analizada, tiene un SERVICE en cualquier parte; None si rdflib no la entiende como consulta.

    Se decide sobre el árbol de la consulta y no sobre el texto: «.SERVICE», «FILTER(1<2)SERVICE#>» con un
    salto de línea o un SERVICE dentro de un OPTIONAL o de una subconsulta no se escapan.
    """
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        arbol = parseQuery(texto)
    except Exception:  # noqa: BLE001 (cualquier error de sintaxis: la decide el motor y su mensaje)
        return None
    pendientes: list[object] = [arbol]
    while pendientes:
        nodo = pendientes.pop()
        if isinstance(nodo, CompValue):
            if nodo.name == "ServiceGraphPattern":
                return True
            pendientes.extend(nodo.values())
        elif isinstance(nodo, (ParseResults, list, tuple)):
            pendientes.extend(nodo)
    return False


def comprobar_solo_lectura(texto: str, *, estricta: bool = False) -> None:
    """Rechaza actualizaciones, LOAD y SERVICE con un mensaje en español; `estricta`, también lo que no es SPARQL 1.1
    (la sintaxis propia de un servidor, como el `DEFINE get:soft` de Virtuoso, que le hace traer una dirección)."""
    servicio = _llama_a_otro_servidor(texto)
    if servicio is False:
        return  # una consulta (no una actualización) sin SERVICE
    if servicio is None and estricta:
        raise ConsultaInvalida("La consulta no es SPARQL 1.1 que grafo pueda revisar (¿un error de escritura, o la "
                               "sintaxis propia de un servidor?), y no se envía al servidor sin revisarla. Cómo "
                               "corregirlo: revise la sintaxis; pruébela con grafo sparql sobre los datos locales.")
    hallada = _PROHIBIDAS.search(INERTES.sub(" ", texto))
    palabra = "SERVICE" if servicio else (hallada.group(1).upper() if hallada is not None else None)
    if palabra is not None:
        motivo = ("consulta otro servidor" if palabra == "SERVICE" else "modificaría el grafo o cargaría datos")
        raise ConsultaInvalida(
            f"Consulta rechazada: «{palabra}» {motivo}, y grafo sparql solo lee el grafo local. "
            "Use SELECT, ASK, CONSTRUCT o DESCRIBE; para cambiar datos, edite el paquete y reconstruya.")


MAXIMA_ANIDACION = 500  # llaves y paréntesis: el analizador de Oxigraph cae (segfault) hacia los 5.000


def normalizar_consulta(texto: str) -> str:
    """El texto que se revisa y que corre el motor: los fines de línea como `\n` y sin otros controles.

    Un comentario termina en CR para Oxigraph y solo en LF para el analizador de rdflib: con un CR
    suelto, rdflib veía un comentario donde Oxigraph veía un SERVICE.
    """
    texto = texto.replace("\r\n", "\n").replace("\r", "\n")
    raros = sorted({f"U+{ord(c):04X}" for c in texto if unicodedata.category(c) == "Cc" and c not in "\n\t"})
    if raros:
        raise ConsultaInvalida(f"La consulta tiene caracteres de control ({', '.join(raros)}), que SPARQL no usa. "
                               "Cómo corregirlo: escríbala de nuevo en un editor de texto.")
    nivel = maximo = 0
    for caracter in re.sub(r"[^{}()]+", "", INERTES.sub(" ", texto)):
        if caracter in "{(":
            nivel += 1
            maximo = max(maximo, nivel)
        elif caracter in "})":
            nivel -= 1
    if maximo > MAXIMA_ANIDACION:
        raise ConsultaInvalida(f"La consulta anida {maximo} niveles de llaves o paréntesis; grafo admite "
                               f"{MAXIMA_ANIDACION}. Cómo corregirlo: aplánela (una consulta real usa pocos niveles).")
    return texto


def revisar_libre(texto: str, tiempo_limite: float | None, *, estricta: bool = False) -> str:
    """La consulta libre normalizada y revisada (solo lectura, sin SERVICE), dentro del tiempo límite; `estricta`:
    también rechaza lo que el analizador no entiende (ver `comprobar_solo_lectura`)."""
    from grafo.motores.plazo import a_tiempo

    texto = normalizar_consulta(texto)
    # El analizador de rdflib también cuenta en el tiempo límite: 7 MB de VALUES tardan medio minuto.
    a_tiempo(lambda: comprobar_solo_lectura(texto, estricta=estricta), tiempo_limite)
    return texto


def ejecutar_libre(fuente: Fuente, texto: str, *, revisada: bool = False) -> ResultadoLibre:
    """Ejecuta una consulta SPARQL de solo lectura (SELECT, ASK, CONSTRUCT o DESCRIBE), dentro del tiempo límite.

    `revisada`: el texto ya salió de `revisar_libre` (la CLI lo revisa antes de construir el grafo).
    """
    if not revisada:
        texto = revisar_libre(texto, fuente.tiempo_limite)
    return fuente.libre(texto)

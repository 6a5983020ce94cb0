"""Los marcos internacionales a los que se alinea la Política: qué marcos hay, sus objetivos y cómo se nombran.

Un solo lugar para la lista de marcos (`pmm`, `ods`), lo que vale en la columna `objetivo` de la tabla
`alineaciones` y el nombre de cada objetivo. Los objetivos salen de los vocabularios del paquete
(`ontologia/marco-*.ttl`), los mismos que entran en cada grafo: la revisión de los datos y las consultas
conocen las mismas listas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from grafo.rdf.espacios import DCTERMS, ESQUEMA_ODS, ESQUEMA_PMM, SKOS, ruta_ontologia


@dataclass(frozen=True)
class Marco:
    """Un marco internacional: su clave (la de `alineaciones.marco` y de la clase del registro), cómo se nombra y
    qué se escribe en `objetivo`."""

    clave: str
    nombre: str
    corto: str
    esquema: str
    archivo: str
    forma: str  # lo que se escribe en la columna objetivo, dicho al usuario
    de: str  # «del Pacto Mundial para la Migración», «de los ODS»: cómo va dentro de una frase

    @property
    def objetivos(self) -> dict[str, str]:
        """Id → nombre en español, en el orden oficial (1, 2, … 10, 10.1, … 10.a)."""
        return {k: o.nombre for k, o in _leer(self.clave).items()}

    @property
    def sin_cotejar(self) -> frozenset[str]:
        """Los objetivos cuyo título oficial en español no se cotejó (llevan una nota [NV] en el vocabulario)."""
        return frozenset(k for k, o in _leer(self.clave).items() if o.nota)

    @property
    def cortos(self) -> dict[str, str]:
        """Id → nombre corto (el de la Red de las Naciones Unidas sobre la Migración), o el nombre si no tiene."""
        return {k: o.corto or o.nombre for k, o in _leer(self.clave).items()}


# La hoja de ayuda de la plantilla de Excel que lista los objetivos con su nombre (grafo no la lee: empieza con «_»).
HOJA = "_marcos"

MARCOS: dict[str, Marco] = {m.clave: m for m in (
    Marco("pmm", "Pacto Mundial para la Migración Segura, Ordenada y Regular", "Pacto Mundial para la Migración",
          ESQUEMA_PMM, "marco-pmm.ttl", "un número de objetivo de 1 a 23", "del Pacto Mundial para la Migración"),
    Marco("ods", "Objetivos de Desarrollo Sostenible", "ODS", ESQUEMA_ODS, "marco-ods.ttl",
          "un objetivo (p. ej. 10) o una meta (p. ej. 10.7)", "de los ODS"),
)}


def orden(ident: str) -> tuple[int, int, str]:
    """La posición de un objetivo o meta en la lista de la ONU: 10 < 10.1 < 10.2 < … < 10.10 < 10.a."""
    numero, _, meta = ident.partition(".")
    cabeza = int(numero) if numero.isdigit() else 10**6
    if not meta:
        return cabeza, -1, ""
    return (cabeza, int(meta), "") if meta.isdigit() else (cabeza, 10**6, meta)


@dataclass(frozen=True)
class Objetivo:
    """Lo que el vocabulario dice de un objetivo o meta: nombre, nombre corto y nota editorial ([NV]), en español."""

    nombre: str
    corto: str = ""
    nota: str = ""


_CAMPO = {f"{SKOS}prefLabel": "nombre", f"{SKOS}altLabel": "corto", f"{SKOS}editorialNote": "nota"}


@cache
def _leer(clave: str) -> dict[str, Objetivo]:
    """El vocabulario de un marco, leído una vez: id → Objetivo, en el orden de la ONU."""
    import pyoxigraph as ox

    marco = MARCOS[clave]
    tripletas = list(ox.parse((ruta_ontologia() / marco.archivo).read_bytes(), format=ox.RdfFormat.TURTLE))
    en_esquema = {t.subject for t in tripletas
                  if t.predicate.value == f"{SKOS}inScheme" and t.object.value == marco.esquema}
    ids = {t.subject: t.object.value for t in tripletas
           if t.subject in en_esquema and t.predicate.value == f"{DCTERMS}identifier"}
    campos: dict[object, dict[str, str]] = {s: {} for s in ids}
    for t in tripletas:
        if t.subject in ids and t.predicate.value in _CAMPO and t.object.language in ("es", None, ""):
            campos[t.subject][_CAMPO[t.predicate.value]] = t.object.value
    return {ids[s]: Objetivo(**{"nombre": ids[s], **campos[s]}) for s in sorted(ids, key=lambda s: orden(ids[s]))}


def normalizar(marco: str, objetivo: str) -> str:
    """Lo que un analista escribe en `objetivo` como el id del vocabulario: «Objetivo 21» → 21, «10,7» → 10.7,
    «10.A» → 10.a, «21.0» (Excel) → 21. Lo que no se reconoce queda igual (y la revisión lo señala)."""
    texto = objetivo.strip().lower()
    texto = re.sub(r"^(objetivo|meta|ods|pmm|obj\.?)\s*", "", texto).replace(",", ".").strip()
    if re.fullmatch(r"\d+\.0", texto) and marco == "pmm":
        texto = texto[:-2]
    return texto

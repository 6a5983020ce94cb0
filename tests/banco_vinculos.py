"""Cómo decir en RDF cómo se sabe un vínculo, medido en el paquete de un millón de tripletas (issue 27, punto 4).

Los vínculos que el siguiente issue califica (responsable, vinculada, el tema de una acción, el de un
mandato) son hoy tripletas sueltas. Cinco formas, cada una con su procedencia (cómo se sabe y de qué fila):

- directa: lo de hoy (la línea base; no puede decir cómo se sabe);
- calificada: la tripleta directa y, además, un nodo con IRI propio por vínculo (`s gr:vinculo n`, `n
  gr:relacion p`, `n gr:hacia o`, `n gr:conocido …`), como `prov:qualifiedAssociation` de PROV-O;
- solo-calificada: el nodo sin la tripleta directa (las consultas pasan por el nodo);
- reificacion: la tripleta directa y un `rdf:Statement` por vínculo (`rdf:subject`, `rdf:predicate`, `rdf:object`);
- rdf12: la tripleta directa y un reificador RDF 1.2 (`r rdf:reifies <<( s p o )>>`): solo Oxigraph y Jena 5
  lo leen; Virtuoso y rdflib no.

Por forma: tripletas, carga en Oxigraph, memoria, y el tiempo de cuatro consultas: dos que usan el vínculo
(acciones-sin-mandato, papeles-en-acciones), el catálogo de acciones, y «cómo se sabe»: cada responsable
con su clase de vínculo y su fila de origen.

    python -m tests.banco_vinculos [--tripletas 1000000] [--salida salidas/banco-vinculos.json]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from grafo import consultas
from grafo.paquete import sintetico
from grafo.rdf.espacios import DCTERMS, GR, ID

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
CALIFICADAS = (GR + "responsable", GR + "vinculada", DCTERMS + "subject")
FORMAS = ("directa", "calificada", "solo-calificada", "reificacion", "rdf12")
_n = ox.NamedNode
_D = ox.DefaultGraph()


def _nodo(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode) -> ox.NamedNode:
    relacion = p.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return _n(f"{ID}vinculo/{relacion}/{quote(s.value.removeprefix(ID), safe='')}/"
              f"{quote(o.value.removeprefix(ID), safe='')}")


def _extra(forma: str, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode, registro: ox.NamedNode | None,
           ) -> Iterator[ox.Quad]:
    """Las tripletas que una forma agrega por vínculo (con su clase, «declarado», y su fila de origen)."""
    conocido = (_n(GR + "conocido"), _n(GR + "declarado"))
    if forma in ("calificada", "solo-calificada"):
        n = _nodo(s, p, o)
        pares = [(_n(RDF + "type"), _n(GR + "Vinculo")), (_n(GR + "relacion"), p), (_n(GR + "hacia"), o), conocido]
        yield ox.Quad(s, _n(GR + "vinculo"), n, _D)
    elif forma == "reificacion":
        n = _nodo(s, p, o)
        pares = [(_n(RDF + "type"), _n(RDF + "Statement")), (_n(RDF + "subject"), s), (_n(RDF + "predicate"), p),
                 (_n(RDF + "object"), o), conocido]
    elif forma == "rdf12":
        n = _nodo(s, p, o)
        pares = [(_n(RDF + "reifies"), ox.Triple(s, p, o)), conocido]
    else:
        return
    if registro is not None:
        pares.append((_n(PROV + "wasDerivedFrom"), registro))
    yield from (ox.Quad(n, a, b, _D) for a, b in pares)


def armar(base: ox.Store, forma: str) -> list[ox.Quad]:
    """Las tripletas del grafo en esa forma."""
    registros = {q.subject: q.object for q in base.quads_for_pattern(None, _n(PROV + "wasDerivedFrom"), None, None)}
    calificadas = {_n(p) for p in CALIFICADAS}
    quads: list[ox.Quad] = []
    for q in base:
        es_vinculo = q.predicate in calificadas and isinstance(q.object, ox.NamedNode)
        if not (es_vinculo and forma == "solo-calificada"):
            quads.append(q)
        if es_vinculo:
            quads.extend(_extra(forma, q.subject, q.predicate, q.object, registros.get(q.subject)))
    return quads


_COMO = {
    "calificada": "?a gr:vinculo ?v . ?v gr:relacion gr:responsable ; gr:hacia ?i ; gr:conocido ?como ; "
                  "prov:wasDerivedFrom/gr:fila ?fila .",
    "solo-calificada": "?a gr:vinculo ?v . ?v gr:relacion gr:responsable ; gr:hacia ?i ; gr:conocido ?como ; "
                       "prov:wasDerivedFrom/gr:fila ?fila .",
    "reificacion": "?v rdf:subject ?a ; rdf:predicate gr:responsable ; rdf:object ?i ; gr:conocido ?como ; "
                   "prov:wasDerivedFrom/gr:fila ?fila .",
    "rdf12": "?v rdf:reifies <<( ?a gr:responsable ?i )>> ; gr:conocido ?como ; prov:wasDerivedFrom/gr:fila ?fila .",
}
_PREFIJOS = (f"PREFIX gr: <{GR}> PREFIX prov: <{PROV}> PREFIX rdf: <{RDF}> PREFIX dcterms: <{DCTERMS}>\n")


_DIRECTA = re.compile(r"(gr:responsable|gr:vinculada|dcterms:subject)(/[\w:]+)? (\?\w+)")


def _sin_directa(texto: str) -> str:
    """Una consulta del paquete reescrita para la forma sin tripletas directas: cada vínculo, por su nodo."""
    return _DIRECTA.sub(r"gr:vinculo [ gr:relacion \1 ; gr:hacia\2 \3 ]", texto)


def consultas_de(forma: str) -> dict[str, str]:
    """Las consultas que se miden en una forma (el mismo resultado en todas las que lo pueden dar)."""
    nombres = ("acciones-sin-mandato", "papeles-en-acciones", "acciones")
    textos = {n: consultas.cargar(n).texto for n in nombres}
    if forma == "solo-calificada":
        textos = {n: _sin_directa(t) for n, t in textos.items()}
    if forma in _COMO:
        textos["como-se-sabe"] = (_PREFIJOS + "SELECT ?a ?i ?como ?fila WHERE { " + _COMO[forma] + " }")
    return textos


LIMITE = 120.0  # s por consulta: la que pasa se informa como «más de LIMITE»


def _tiempo(trabajo: Callable[[], object], repeticiones: int) -> tuple[float | None, object]:
    """Mediana de `repeticiones` corridas; (None, None) si una pasa de LIMITE (Oxigraph no sabe cancelarla)."""
    from grafo.errores import ConsultaInvalida
    from grafo.motores.plazo import a_tiempo

    tiempos, resultado = [], None
    for _ in range(repeticiones):
        inicio = time.perf_counter()
        try:
            resultado = a_tiempo(trabajo, LIMITE)
        except ConsultaInvalida:
            return None, None
        tiempos.append(time.perf_counter() - inicio)
    return statistics.median(tiempos), resultado


def _medir_forma(base: ox.Store, forma: str, repeticiones: int, cola: Any) -> None:
    """En un proceso hijo (una consulta abandonada sigue en su hilo hasta que el proceso termina)."""
    quads = armar(base, forma)
    almacen_forma = ox.Store()
    inicio = time.perf_counter()
    almacen_forma.bulk_extend(quads)
    medidas: dict[str, object] = {"tripletas": len(almacen_forma), "carga_s": round(time.perf_counter() - inicio, 2)}
    del quads
    for nombre, texto in consultas_de(forma).items():
        segundos, filas = _tiempo(lambda t=texto: len(list(almacen_forma.query(t))), repeticiones)  # type: ignore[misc]
        medidas[nombre] = {"s": None if segundos is None else round(segundos, 3), "filas": filas}
    medidas["pico_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    cola.put(medidas)


def medir(tripletas: int, repeticiones: int) -> dict[str, object]:
    import multiprocessing

    from grafo import motores
    from grafo.paquete import fuentes
    from grafo.rdf import almacen

    with tempfile.TemporaryDirectory() as temporal:
        carpeta = Path(temporal) / "datos"
        sintetico.generar(carpeta, instituciones=sintetico.instituciones_para(tripletas))
        base = motores.local(almacen.construir(fuentes.leer_paquete(carpeta))).en_oxigraph()
    resultado: dict[str, Any] = {"tripletas_base": len(base), "limite_s": LIMITE, "formas": {}}
    contexto = multiprocessing.get_context("fork")
    for forma in FORMAS:
        cola = contexto.Queue()
        hijo = contexto.Process(target=_medir_forma, args=(base, forma, repeticiones, cola))
        hijo.start()
        medidas = cola.get()
        hijo.join(5)
        if hijo.is_alive():
            hijo.kill()
        resultado["formas"][forma] = medidas
        print(forma, json.dumps(medidas, ensure_ascii=False), flush=True)
    return resultado


def principal() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--tripletas", type=int, default=1_000_000)
    argumentos.add_argument("--repeticiones", type=int, default=3)
    argumentos.add_argument("--salida", type=Path, default=Path("salidas/banco-vinculos.json"))
    pedidos = argumentos.parse_args()
    resultado = medir(pedidos.tripletas, pedidos.repeticiones)
    pedidos.salida.parent.mkdir(parents=True, exist_ok=True)
    pedidos.salida.write_text(json.dumps(resultado, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    principal()

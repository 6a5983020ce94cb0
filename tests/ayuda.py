"""Utilidades de prueba: editar CSV de la miniatura y escribir el libro equivalente."""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from grafo.motores.memoria import a_memoria


def leer_csv(ruta: Path) -> list[list[str]]:
    with ruta.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def escribir_csv(ruta: Path, filas: list[list[str]], *, codificacion: str = "utf-8", separador: str = ",") -> None:
    with ruta.open("w", encoding=codificacion, newline="") as f:
        csv.writer(f, delimiter=separador, lineterminator="\n").writerows(filas)


def csv_a_libro(carpeta: Path, destino: Path, *, codigos_numericos: bool = False) -> Path:
    """Escribe un .xlsx con una hoja por CSV; las celdas como texto (o códigos como números)."""
    from openpyxl import Workbook

    libro = Workbook()
    libro.remove(libro.active)
    for ruta in sorted(carpeta.glob("*.csv")):
        hoja = libro.create_sheet(ruta.stem)
        filas = leer_csv(ruta)
        for i, fila in enumerate(filas):
            valores: list[object] = list(fila)
            if codigos_numericos and ruta.stem == "municipios" and i > 0:
                valores[0] = int(fila[0])
            hoja.append(valores)
    libro.save(destino)
    return destino


def afirmar_isomorfos(a: Graph, b: Graph) -> None:
    """Como `GraphHelper.assert_isomorphic` de rdflib: muestra la diferencia si falla."""
    a, b = a_memoria(a), a_memoria(b)
    if isomorphic(a, b):
        return
    _ambos, solo_a, solo_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    lineas = ["Los grafos no son isomorfos.", "Solo en el primero:"]
    lineas += sorted(f"  {t}" for t in solo_a.serialize(format="nt").splitlines() if t)[:40]
    lineas += ["Solo en el segundo:"]
    lineas += sorted(f"  {t}" for t in solo_b.serialize(format="nt").splitlines() if t)[:40]
    raise AssertionError("\n".join(lineas))


def sin_archivo(g: Graph) -> Graph:
    """El grafo sin el nombre del archivo y de la hoja de origen: lo único que distingue un CSV de su libro."""
    from grafo.rdf.vocabulario import GR

    limpio = Graph()
    for t in g:
        if t[1] not in (GR.archivo, GR.hoja):
            limpio.add(t)
    return limpio

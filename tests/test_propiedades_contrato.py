"""Propiedad: en paquetes al azar, las seis consultas del contrato (y los fundamentos) coinciden con sus definiciones.

Las definiciones de CONTRATO.md §2–3 escritas en Python simple, sin SPARQL: un mandato cubre
un tema si nombra el tema o uno más amplio (siguiendo tema_padre hacia arriba).
"""

from __future__ import annotations

import grafo

import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grafo import consultas
from tests.ayuda import escribir_csv


@dataclass(frozen=True)
class Paquete:
    padres: dict[str, str | None]
    instituciones: list[str]
    mandatos: dict[str, tuple[str, tuple[str, ...]]]
    acciones: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]  # temas, responsables, vinculadas
    cargas: dict[str, str]  # mandatos_cargados escrito ("" si la celda va vacía)


@st.composite
def paquetes(draw: st.DrawFn) -> Paquete:
    n_temas = draw(st.integers(1, 7))
    temas = [f"T{i}" for i in range(n_temas)]
    # Cada tema solo puede colgar de uno anterior: árboles sin ciclos, de cualquier profundidad.
    padres = {t: draw(st.none() | st.sampled_from(temas[:i])) if i else None for i, t in enumerate(temas)}
    instituciones = [f"I{i}" for i in range(draw(st.integers(1, 5)))]
    subconjunto = lambda xs, minimo=0: st.lists(st.sampled_from(xs), min_size=minimo, max_size=3, unique=True)  # noqa: E731
    mandatos = {f"M{i}": (draw(st.sampled_from(instituciones)), tuple(draw(subconjunto(temas, 1))))
                for i in range(draw(st.integers(0, 7)))}
    acciones = {f"A{i}": (tuple(draw(subconjunto(temas))), tuple(draw(subconjunto(instituciones))),
                          tuple(draw(subconjunto(instituciones))))
                for i in range(draw(st.integers(0, 7)))}
    con_mandatos = {i for i, _ in mandatos.values()}
    cargas = {i: draw(st.sampled_from(("", "completos", "parciales") if i in con_mandatos else ("", "ninguno")))
              for i in instituciones}
    return Paquete(padres, instituciones, mandatos, acciones, cargas)


def escribir(p: Paquete, carpeta: Path) -> None:
    escribir_csv(carpeta / "instituciones.csv", [["id", "nombre", "tipo", "mandatos_cargados"]]
                 + [[i, f"Institución {i}", "ministerio", p.cargas[i]] for i in p.instituciones])
    escribir_csv(carpeta / "instrumentos.csv", [["id", "titulo", "tipo"], ["L1", "Ley de prueba", "ley"]])
    escribir_csv(carpeta / "temas.csv", [["id", "nombre", "tema_padre"]]
                 + [[t, f"Tema {t}", padre or ""] for t, padre in p.padres.items()])
    escribir_csv(carpeta / "mandatos.csv", [["id", "institucion", "instrumento", "descripcion", "temas"]]
                 + [[m, i, "L1", f"Mandato {m}", ";".join(ts)] for m, (i, ts) in p.mandatos.items()])
    escribir_csv(carpeta / "ejes.csv", [["id", "nombre"], ["E1", "Eje"]])
    escribir_csv(carpeta / "acciones.csv", [["id", "descripcion", "eje", "temas", "responsables", "vinculadas"]]
                 + [[a, f"Acción {a}", "E1", ";".join(t), ";".join(r), ";".join(v)]
                    for a, (t, r, v) in p.acciones.items()])


def esperado(p: Paquete) -> dict[str, list[dict]]:
    def arriba(tema: str) -> set[str]:
        vistos = set()
        while tema is not None:
            vistos.add(tema)
            tema = p.padres[tema]
        return vistos

    def cubre(mandato: str, tema: str) -> bool:
        return bool(arriba(tema) & set(p.mandatos[mandato][1]))

    def de(institucion: str) -> list[str]:
        return [m for m, (i, _) in p.mandatos.items() if i == institucion]

    def motivo(institucion: str) -> str:
        if not de(institucion):
            return "mandatos_no_cargados"
        return "sin_mandato_sobre_el_tema" if p.cargas[institucion] == "completos" else "mandatos_parciales"

    def fundamenta(mandato: str, participa: bool) -> list[str]:
        i = p.mandatos[mandato][0]
        return sorted(a for a, (t, r, v) in p.acciones.items()
                      if (i in (*r, *v)) == participa and any(cubre(mandato, tema) for tema in t))

    acciones = sorted(p.acciones.items())
    con_papel = {i for _, (_, r, v) in acciones for i in (*r, *v)}
    return {
        "acciones-sin-responsable": [{"accion": a} for a, (_, r, _) in acciones if not r],
        "acciones-sin-mandato": [
            {"accion": a, "institucion": i, "motivo": motivo(i)} for a, (t, r, _) in acciones for i in sorted(r)
            if t and not any(cubre(m, tema) for m in de(i) for tema in t)],
        "mandatos-sin-accion": [
            {"mandato": m, "institucion": i} for m, (i, _) in sorted(p.mandatos.items())
            if not any(cubre(m, tema) for _, (t, _, _) in acciones for tema in t)],
        "fundamentos": [
            {"mandato": m, "acciones": fundamenta(m, True), "acciones_posibles": fundamenta(m, False)}
            for m in sorted(p.mandatos, key=lambda m: (p.mandatos[m][0], m))],
        "instituciones-sin-accion": [{"institucion": i} for i in sorted(p.instituciones) if de(i) and i not in con_papel],
        "temas-con-varios-mandatos": [
            {"tema": t, "instituciones": cubren} for t in sorted(p.padres)
            if len(cubren := sorted({i for m, (i, _) in p.mandatos.items() if cubre(m, t)})) >= 2],
        "acciones-con-varios-responsables": [
            {"accion": a, "instituciones": sorted(r)} for a, (_, r, _) in acciones if len(r) >= 2],
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paquetes())
def test_las_seis_consultas_siguen_el_contrato(p: Paquete) -> None:
    with tempfile.TemporaryDirectory() as carpeta:
        escribir(p, Path(carpeta))
        fuente = grafo.abrir(Path(carpeta), cache=False).preparar().fuente
    for nombre, filas in esperado(p).items():
        obtenidas = consultas.ejecutar(fuente, consultas.cargar(nombre)).to_dict(orient="records")
        if nombre == "fundamentos":  # solo lo que dice qué fundamenta cada mandato
            obtenidas = [{k: f[k] for k in ("mandato", "acciones", "acciones_posibles")} for f in obtenidas]
        assert obtenidas == filas, nombre

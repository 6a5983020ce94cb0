"""SHACL: la miniatura conforma; un grafo dañado da errores con archivo, fila y columna."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH, SKOS

from grafo import motores
from grafo.paquete import fuentes
from grafo.rdf import almacen, validacion
from grafo.cli import principal
from grafo.rdf.vocabulario import GR, iri
from tests.conftest import MINI, RAIZ


def _mini() -> Graph:
    return almacen.construir(fuentes.leer_paquete(MINI))


def test_miniatura_conforma_con_una_advertencia_nv() -> None:
    informe = validacion.validar(motores.local(_mini()))
    assert informe.conforme
    (advertencia,) = informe.advertencias()
    assert str(advertencia).startswith("[Advertencia] mandatos.csv, fila 3, columna «verificado»: El artículo")
    assert "[NV]" in str(advertencia) and "«M2»" in str(advertencia)


def test_mandato_sin_instrumento_ni_temas() -> None:
    g = _mini()
    m1 = iri("mandato", "M1")
    g.remove((m1, GR.instrumento, None))
    g.remove((m1, None, iri("tema", "GOB")))
    informe = validacion.validar(motores.local(g))
    assert not informe.conforme
    textos = [str(r) for r in informe.errores()]
    assert "[Error] mandatos.csv, fila 2, columna «instrumento»: Cada mandato cita exactamente un instrumento" \
        " legal del grafo. (id «M1»)" in textos
    assert any(t.startswith("[Error] mandatos.csv, fila 2, columna «temas»: Cada mandato cubre al menos un tema")
               for t in textos)


def test_responsable_que_no_es_institucion() -> None:
    g = _mini()
    g.add((iri("accion", "A2"), GR.responsable, iri("tema", "RET")))
    (error,) = validacion.validar(motores.local(g)).errores()
    assert str(error).startswith("[Error] acciones.csv, fila 3, columna «responsables»: Cada responsable de una acción")
    assert error.valor.endswith("/tema/RET")


def test_ciclo_en_el_grafo() -> None:
    g = _mini()
    g.add((iri("tema", "GOB"), SKOS.broader, iri("tema", "COORD")))
    textos = [str(r) for r in validacion.validar(motores.local(g)).errores()]
    assert any("temas.csv, fila 2" in t and "ciclo" in t for t in textos)


def test_cada_restriccion_tiene_mensaje_en_espanol() -> None:
    formas = Graph().parse(RAIZ / "ontologia" / "formas.ttl")
    restricciones = [s for s in formas.subjects(SH.path, None)] + list(formas.objects(None, SH.sparql))
    assert len(restricciones) > 25
    for nodo in restricciones:
        mensajes = [m for m in formas.objects(nodo, SH.message) if m.language == "es"]
        assert mensajes, f"restricción sin sh:message en español: {nodo}"


def test_cli_validar_un_grafo_danado(runner, tmp_path: Path) -> None:
    g = _mini()
    g.remove((iri("mandato", "M3"), GR.asignadoA, None))
    ruta = almacen.guardar(g, tmp_path / "danado.ttl")
    resultado = runner.invoke(principal, ["validar", "--archivo", str(ruta)])
    assert resultado.exit_code == 1
    assert "El grafo NO cumple las formas SHACL: 1 violación y 1 advertencia." in resultado.stdout
    assert "mandatos.csv, fila 4, columna «institucion»: Cada mandato se asigna a exactamente una institución" \
        in resultado.stdout
    resultado = runner.invoke(principal, ["validar", "--archivo", str(ruta), "--formato", "json"])
    informe = json.loads(resultado.stdout)
    assert informe["conforme"] is False
    errores = [r for r in informe["resultados"] if r["severidad"] == "error"]
    assert [(r["archivo"], r["fila"], r["columna"]) for r in errores] == [("mandatos.csv", 4, "institucion")]


def test_cli_validar_datos_conformes(runner) -> None:
    resultado = runner.invoke(principal, ["validar", "--datos", str(MINI)])
    assert resultado.exit_code == 0, resultado.output
    assert resultado.stdout.startswith("El grafo cumple las formas SHACL: sin violaciones (1 advertencia).")


def test_grafo_sin_endpoint_en_validar_dice_que_use_archivo(runner, tmp_path: Path) -> None:
    """--grafo nombra el grafo de un servidor en todas las órdenes; un archivo se valida con --archivo."""
    ruta = almacen.guardar(_mini(), tmp_path / "mini.ttl")
    resultado = runner.invoke(principal, ["validar", "--grafo", str(ruta)])
    assert resultado.exit_code == 2
    assert "use --archivo RUTA" in resultado.stderr
    assert runner.invoke(principal, ["validar", "--archivo", str(ruta)]).exit_code == 0


def test_los_dos_veredictos_de_shacl(runner) -> None:
    """El de grafo (sin violaciones) y el de SHACL (sh:conforms, falso con una advertencia), como pySHACL."""
    import pyshacl

    from grafo.rdf.almacen import ruta_ontologia

    g = _mini()
    informe = validacion.validar(motores.local(g))
    formas = Graph().parse(ruta_ontologia() / "formas.ttl")
    conforma, _grafo, _texto = pyshacl.validate(g, shacl_graph=formas, advanced=True)
    assert informe.conforme is True and informe.sh_conforms is conforma is False
    resultado = runner.invoke(principal, ["validar", "--datos", str(MINI), "--formato", "json"])
    datos = json.loads(resultado.stdout)
    assert (datos["conforme"], datos["sh_conforms"], datos["violaciones"], datos["advertencias"]) == (True, False, 0, 1)


def test_cli_los_dos_motores_escriben_lo_mismo(runner, tmp_path: Path) -> None:
    """`--motor sparql` (lo que usa auto) y `--motor pyshacl` dan el mismo informe, byte a byte, y el mismo código."""
    g = _mini()
    g.remove((iri("mandato", "M3"), GR.asignadoA, None))
    ruta = almacen.guardar(g, tmp_path / "danado.ttl")
    salidas = {m: runner.invoke(principal, ["validar", "--archivo", str(ruta), "--formato", "json", "--motor", m])
               for m in ("auto", "sparql", "pyshacl")}
    assert {s.exit_code for s in salidas.values()} == {1}
    assert salidas["auto"].stdout == salidas["sparql"].stdout == salidas["pyshacl"].stdout
    assert json.loads(salidas["sparql"].stdout)["violaciones"] == 1


def test_una_alineacion_sin_objetivo_en_el_grafo() -> None:
    """Un grafo editado a mano (o publicado por otro) con una alineación a un objetivo que no existe: SHACL lo dice
    con la fila de alineaciones de la que sale."""
    from rdflib import URIRef

    from grafo.rdf.vocabulario import iri_alineacion

    g = _mini()
    alineacion = iri_alineacion("accion", "A1", "pmm", "23")
    g.remove((alineacion, GR.objetivo, None))
    g.add((alineacion, GR.objetivo, URIRef("https://w3id.org/grafo-gt/id/pmm/24")))
    (error,) = validacion.validar(motores.local(g)).errores()
    assert str(error).startswith("[Error] alineaciones.csv, fila 2, columna «objetivo»: Cada alineación nombra "
                                 "exactamente un objetivo")

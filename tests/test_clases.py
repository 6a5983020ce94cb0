"""El registro de clases y de relaciones (`grafo/clases.py`): cada clase declarada una vez, y lo que se deriva de él."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from grafo import clases, consultas
from grafo.dominio import vinculos
from grafo.paquete.esquema import TABLAS
from grafo.rdf.espacios import ruta_ontologia
from grafo.rdf.mapeo import MAPEOS


@pytest.fixture(scope="module")
def ontologia() -> Graph:
    return Graph().parse(ruta_ontologia() / "grafo.ttl")


def test_cada_entidad_tiene_su_tabla_su_mapeo_y_su_id() -> None:
    assert set(MAPEOS) == {c.clave for c in clases.ENTIDADES}
    for c in clases.ENTIDADES:
        assert c.tabla in TABLAS, c.clave
        assert c.columna_id in {col.nombre for col in TABLAS[c.tabla].columnas}, c.clave


def test_cada_relacion_sale_de_una_columna_de_lista_de_su_tabla() -> None:
    for r in clases.RELACIONES:
        desde = clases.POR_CLAVE[r.desde]
        columnas = {col.nombre: col for col in TABLAS[str(desde.tabla)].columnas}
        assert r.columna in columnas and columnas[r.columna].lista, r.clave
        assert r.hacia in clases.POR_CLAVE
        assert clases.POR_CLAVE[r.hacia].tabla == columnas[r.columna].referencia, r.clave


def test_los_iris_del_registro_son_de_la_ontologia_o_de_los_vocabularios_que_reusa(ontologia: Graph) -> None:
    """Un IRI mal escrito en el registro (como `GR.Mandat0` en el vocabulario cerrado) no debe pasar sin ruido."""
    externos = ("http://www.w3.org/ns/org#", "http://data.europa.eu/eli/ontology#", "http://purl.org/dc/terms/",
                "http://www.w3.org/2004/02/skos/core#", "https://w3id.org/grafo-gt/id/esquema/")
    iris = [c.reconocer[1] for c in clases.CLASES] + [r.propiedad for r in clases.RELACIONES]
    iris += [p for c in clases.CLASES for _, p in c.textos]
    propios = [i for i in iris if not i.startswith(externos)]
    assert propios and all((URIRef(i), None, None) in ontologia for i in propios), propios


def test_las_consultas_del_registro_nombran_cada_clase() -> None:
    textos = consultas.cargar("textos").texto
    assert all(f'"{c.clave}"' in textos for c in clases.BUSCABLES)
    resumen = consultas.cargar("resumen-clases")
    assert resumen.titulo == "Entidades por clase" and not resumen.parametros
    contadas = [c for c in clases.CLASES if c.en_resumen is not None]
    assert all(c.plural[1:] in resumen.texto for c in contadas)


def test_resumen_y_busqueda_desde_el_registro(fuente_datos) -> None:
    filas = consultas.ejecutar(fuente_datos, consultas.cargar("resumen-clases"))
    assert filas["clase"].tolist() == ["Instituciones", "Instrumentos", "Artículos", "Mandatos", "Temas", "Ejes",
                                       "Acciones", "Municipios"]
    assert all(n > 0 for n in filas["cantidad"])
    textos = consultas.ejecutar(fuente_datos, consultas.cargar("textos"))
    assert set(textos["clase"]) == {c.clave for c in clases.BUSCABLES}


def test_un_vinculo_dice_su_relacion_y_como_se_sabe() -> None:
    filas = [{"accion": "A1", "responsables": ["IGM"], "vinculadas": ["MINEX", "IGM"]}]
    hallados = list(vinculos.papeles(filas))
    assert [(v.relacion, v.hacia) for v in hallados] == [("responsable", "IGM"), ("vinculada", "MINEX"),
                                                          ("vinculada", "IGM")]
    assert hallados[0].frase == "IGM responsable de A1" and hallados[0].como == "declarado"
    with pytest.raises(ValueError):
        vinculos.Vinculo("responsable", "A1", "IGM", como="supuesto")
    with pytest.raises(ValueError):
        vinculos.Vinculo("lidera", "A1", "IGM")

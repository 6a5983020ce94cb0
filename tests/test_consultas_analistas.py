"""Consultas de los analistas: filas esperadas en la miniatura, parámetros y SPARQL libre."""

from __future__ import annotations

import grafo

import json
from pathlib import Path

import pytest

from grafo import consultas
from grafo.cli import principal
from grafo.errores import ConsultaInvalida
from tests.ayuda import escribir_csv, leer_csv
from tests.conftest import MINI

HOSTIL = 'x" } ; DROP ALL ; #'

# Calculadas a mano sobre tests/datos_mini (ver los CSV): M1 IGM GOB, M2 AMSCLAE AMB [NV],
# M3 MUNI LOCAL;COORD, M4 DEPM COORD sin artículo; COORD es hijo de GOB.
ESPERADAS = {
    "mandatos-de-institucion": [
        {"institucion": "AMSCLAE",
         "nombre": "Autoridad para el Manejo Sustentable de la Cuenca del Lago de Atitlán y su Entorno", "corto": None,
         "mandato": "M2", "instrumento": "DEC-133-96", "titulo": "Ley de creación de la AMSCLAE",
         "articulo": "4", "verificado": False, "descripcion": "Conservar el ecosistema del lago de Atitlán.", "fiabilidad": "secundaria", "temas": ["AMB"]},
        {"institucion": "DEPM", "nombre": "Departamento de Estudios y Políticas Migratorias", "corto": None,
         "mandato": "M4", "instrumento": "DEC-44-2016", "titulo": "Código de Migración",
         "articulo": None, "verificado": None, "descripcion": "Coordinar la ejecución de la Política.", "fiabilidad": "oficial", "temas": ["COORD"]},
        {"institucion": "IGM", "nombre": "Instituto Guatemalteco de Migración", "corto": None, "mandato": "M1", "instrumento": "DEC-44-2016", "titulo": "Código de Migración",
         "articulo": "122 c)", "verificado": True,
         "descripcion": "Coordinar con las instituciones del Estado las acciones de la Política.", "fiabilidad": "oficial",
         "temas": ["GOB"]},
        {"institucion": "MUNI", "nombre": "Municipalidades", "corto": None, "mandato": "M3", "instrumento": "DEC-12-2002", "titulo": "Código Municipal",
         "articulo": "3", "verificado": True, "descripcion": "Coordinar las políticas municipales con las del Estado.",
         "fiabilidad": "oficial", "temas": ["COORD", "LOCAL"]},
    ],
    "acciones-de-institucion": [
        ("DEPM", "A1", "responsable"), ("DEPM", "A3", "vinculada"),
        ("IGM", "A1", "responsable"), ("IGM", "A4", "responsable"), ("IGM", "A2", "vinculada"),
        ("MINEX", "A2", "responsable"), ("MINEX", "A1", "vinculada"), ("MUNI", "A3", "vinculada"),
    ],
    # M1 (GOB) cubre COORD → A1; M3 (LOCAL, COORD) fundamenta A3 (MUNI es vinculada) y podría respaldar A1 (MUNI no
    # participa); M2 (AMB) no cubre ninguna.
    # Las mismas coberturas, una fila por (mandato, acción), con si la institución del mandato participa en ella.
    "acciones-por-mandato": [("DEPM", "M4", "A1", True), ("IGM", "M1", "A1", True), ("MUNI", "M3", "A1", False),
                             ("MUNI", "M3", "A3", True)],
    "fundamentos": [("AMSCLAE", "M2", [], []), ("DEPM", "M4", ["A1"], []), ("IGM", "M1", ["A1"], []),
                    ("MUNI", "M3", ["A3"], ["A1"])],
    "cobertura-por-eje": [
        # Ninguna institución de la miniatura declara sus mandatos completos: cada acción sin líder mandatado que
        # tiene responsable es una tarea de datos (la sin eje no tiene responsable).
        {"eje": None, "nombre": "(sin eje)", "acciones": 1, "sin_responsable": 1, "con_lider_mandatado": 0,
         "sin_lider_mandatado": 1, "por_mandatos_sin_cargar": 0},
        {"eje": "E1", "nombre": "Integración y reintegración", "acciones": 2, "sin_responsable": 0,
         "con_lider_mandatado": 1, "sin_lider_mandatado": 1, "por_mandatos_sin_cargar": 1},
        {"eje": "E2", "nombre": "Gestión de fronteras", "acciones": 1, "sin_responsable": 0,
         "con_lider_mandatado": 0, "sin_lider_mandatado": 1, "por_mandatos_sin_cargar": 1},
    ],
    "mandatos-por-tema": [
        ("AMB", "AMSCLAE", "M2", "AMB"), ("COORD", "DEPM", "M4", "COORD"), ("COORD", "IGM", "M1", "GOB"),
        ("COORD", "MUNI", "M3", "COORD"), ("GOB", "IGM", "M1", "GOB"), ("LOCAL", "MUNI", "M3", "LOCAL"),
    ],
    "instituciones": [
        ("AMSCLAE", "autoridad", "regional", None), ("DEPM", "dependencia", "nacional", "IGM"),
        ("IGM", "instituto", "nacional", None), ("MINEX", "ministerio", "nacional", None),
        ("MUNI", "municipalidad", "municipal", None),
    ],
    "acciones": [
        ("A1", "E1", "2024", False, ["COORD"], ["DEPM", "IGM"], ["MINEX"]),
        ("A2", "E1", "2024", True, ["RET"], ["MINEX"], ["IGM"]),
        ("A3", None, "2025", False, ["LOCAL"], [], ["DEPM", "MUNI"]),
        ("A4", "E2", "2025", True, [], ["IGM"], []),
    ],
}
COLUMNAS = {
    "acciones-de-institucion": ["institucion", "accion", "papel"],
    "fundamentos": ["institucion", "mandato", "acciones", "acciones_posibles"],
    "acciones-por-mandato": ["institucion", "mandato", "accion", "participa"],
    "mandatos-por-tema": ["tema", "institucion", "mandato", "tema_del_mandato"],
    "instituciones": ["institucion", "tipo", "nivel", "depende_de"],
    "acciones": ["accion", "eje", "periodo", "ilustrativa", "temas", "responsables", "vinculadas"],
}


def _filas(tabla, columnas: list[str] | None):
    if columnas is None:
        return tabla.to_dict(orient="records")
    return [tuple(f[c] for c in columnas) for f in tabla.to_dict(orient="records")]


@pytest.mark.parametrize("nombre", sorted(ESPERADAS))
def test_filas_esperadas(grafo_mini, nombre: str) -> None:
    tabla = consultas.ejecutar(grafo_mini, consultas.cargar(nombre))
    assert _filas(tabla, COLUMNAS.get(nombre)) == ESPERADAS[nombre]


def test_vinculos_entre_dos_instituciones(grafo_mini) -> None:
    consulta = consultas.cargar("vinculos-entre")
    filas = consultas.ejecutar(grafo_mini, consulta, {"origen": "IGM", "destino": "DEPM"}).to_dict(orient="records")
    assert filas == [
        {"origen": "IGM", "destino": "DEPM", "tipo": "acción", "vinculo": "A1",
         "nombre": "Coordinar mesas interinstitucionales", "como": "declarado", "via_origen": ["responsable"],
         "via_destino": ["responsable"]},
        {"origen": "IGM", "destino": "DEPM", "tipo": "tema", "vinculo": "COORD",
         "nombre": "Coordinación interinstitucional", "como": "inferido", "via_origen": ["M1"], "via_destino": ["M4"]},
    ]
    # MUNI e IGM no comparten acciones; los une COORD (IGM lo cubre por el tema amplio GOB).
    filas = consultas.ejecutar(grafo_mini, consulta, {"origen": "MUNI", "destino": "IGM"})
    assert _filas(filas, ["tipo", "vinculo", "via_origen", "via_destino"]) == [("tema", "COORD", ["M3"], ["M1"])]
    todos = consultas.ejecutar(grafo_mini, consulta)
    pares = {(f["origen"], f["destino"], f["tipo"], f["vinculo"]) for f in todos.to_dict(orient="records")}
    assert pares == {(d, o, t, v) for o, d, t, v in pares}, "los vínculos valen en los dos sentidos"
    assert ("AMSCLAE", "IGM", "tema", "AMB") not in pares


def _casos_de_parametros() -> list[tuple[str, str]]:
    return [(n, p.nombre) for n in consultas.listar() for p in consultas.cargar(n).parametros]


def test_hay_consultas_con_parametros() -> None:
    assert {n for n, _ in _casos_de_parametros()} >= {
        "mandatos-de-institucion", "acciones-de-institucion", "fundamentos", "vinculos-entre", "cobertura-por-eje"}


@pytest.mark.parametrize(("nombre", "parametro"), _casos_de_parametros())
def test_un_parametro_filtra_exactamente_su_columna(grafo_mini, nombre: str, parametro: str) -> None:
    """Para cada id posible: las filas con el parámetro son las de la consulta completa con ese id."""
    consulta = consultas.cargar(nombre)
    definicion = next(p for p in consulta.parametros if p.nombre == parametro)
    completa = consultas.ejecutar(grafo_mini, consulta).to_dict(orient="records")
    # Cada id que da filas, y cinco que no: los 186 objetivos y metas de los ODS, uno por uno, costaban 9 s.
    ids = consultas.ids_de(grafo_mini, definicion.clase)
    presentes = {f[definicion.variable] for f in completa}
    for ident in [i for i in ids if i in presentes] + [i for i in ids if i not in presentes][:5]:
        filtrada = consultas.ejecutar(grafo_mini, consulta, {parametro: ident}).to_dict(orient="records")
        assert filtrada == [f for f in completa if f[definicion.variable] == ident], ident


def test_parametro_con_varios_ids(grafo_mini) -> None:
    tabla = consultas.ejecutar(grafo_mini, consultas.cargar("fundamentos"), {"instituciones": ["MUNI", "AMSCLAE"]})
    assert list(tabla["institucion"]) == ["AMSCLAE", "MUNI"]
    with pytest.raises(ConsultaInvalida, match="acepta un solo id"):
        consultas.ejecutar(grafo_mini, consultas.cargar("mandatos-de-institucion"), {"institucion": ["IGM", "MUNI"]})


def test_id_desconocido_sugiere_parecidos(grafo_mini) -> None:
    with pytest.raises(ConsultaInvalida) as error:
        consultas.ejecutar(grafo_mini, consultas.cargar("fundamentos"), {"instituciones": ["igm", "AMSCLE", "ZZZ"]})
    texto = str(error.value)
    assert "«igm»" not in texto  # igm es IGM: solo difiere en mayúsculas
    assert "«AMSCLE»" in texto and "¿Quiso decir AMSCLAE" in texto
    assert "No hay institución con id «ZZZ» (parámetro «instituciones»)." in texto


def test_parametro_con_tildes_y_mayusculas_e_id_en_minusculas(grafo_mini) -> None:
    consulta = consultas.cargar("mandatos-de-institucion")
    esperado = consultas.ejecutar(grafo_mini, consulta, {"institucion": "IGM"})
    assert len(esperado) > 0
    for nombre, valor in (("institución", "igm"), ("Institucion", "Igm"), ("INSTITUCIÓN", "IGM")):
        assert consultas.ejecutar(grafo_mini, consulta, {nombre: valor}).equals(esperado), nombre


def test_tema_desconocido_sugiere_por_su_nombre(grafo_mini) -> None:
    # «coordinacion» no se parece a ningún id por letras, pero es el nombre del tema COORD.
    with pytest.raises(ConsultaInvalida, match=r"¿Quiso decir COORD\?"):
        consultas.ejecutar(grafo_mini, consultas.cargar("mandatos-por-tema"), {"tema": "coordinacion"})


def test_valor_hostil_es_inerte(grafo_mini) -> None:
    antes = grafo_mini.fuente.contar()  # el motor mismo: la memoria del proyecto guardaría la primera cuenta
    with pytest.raises(ConsultaInvalida, match="No hay institución con id"):
        consultas.ejecutar(grafo_mini, consultas.cargar("mandatos-de-institucion"), {"institucion": HOSTIL})
    assert grafo_mini.fuente.contar() == antes


def test_valor_hostil_por_la_cli(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "mandatos-de-institucion", "-p", f"institucion={HOSTIL}",
                                          "--datos", str(MINI), "--formato", "json"])
    assert resultado.exit_code == 1
    assert resultado.stdout == ""
    assert "No hay institución con id «x\" } ; DROP ALL ; #»" in resultado.stderr


def test_id_hostil_en_los_datos_se_enlaza_como_termino(datos_mini: Path) -> None:
    """Un id con comillas y llaves, presente en los datos, devuelve sus filas y nada más."""
    hostil = 'MINEX" } DROP ALL #'
    for tabla in ("instituciones", "acciones"):
        ruta = datos_mini / f"{tabla}.csv"
        escribir_csv(ruta, [[c.replace("MINEX", hostil) for c in fila] for fila in leer_csv(ruta)])
    fuente = grafo.abrir(datos_mini, cache=False).preparar().fuente
    antes = fuente.fuente.contar()  # el motor mismo: la memoria del proyecto guardaría la primera cuenta
    tabla = consultas.ejecutar(fuente, consultas.cargar("acciones-de-institucion"), {"institucion": hostil})
    assert _filas(tabla, ["institucion", "accion", "papel"]) == [(hostil, "A2", "responsable"), (hostil, "A1", "vinculada")]
    assert fuente.fuente.contar() == antes


def test_parametro_desconocido_o_mal_escrito(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "acciones", "-p", "institucion=IGM", "--datos", str(MINI)])
    assert resultado.exit_code == 2  # un error de uso, como un -p sin «=»
    assert "no tiene el parámetro «institucion». Parámetros que acepta: accion." in resultado.stderr
    resultado = runner.invoke(principal, ["consultar", "acciones", "-p", "IGM", "--datos", str(MINI)])
    assert resultado.exit_code == 2
    assert "no tiene la forma clave=valor" in resultado.stderr


def test_consultar_con_lista_por_la_cli(runner) -> None:
    resultado = runner.invoke(principal, ["consultar", "fundamentos", "-p", "instituciones=MUNI,IGM",
                                          "--datos", str(MINI), "--formato", "json"])
    assert resultado.exit_code == 0, resultado.output
    filas = json.loads(resultado.stdout)
    assert [(f["institucion"], f["articulo"], f["acciones"], f["acciones_posibles"]) for f in filas] == [
        ("IGM", "122 c)", ["A1"], []), ("MUNI", "3", ["A3"], ["A1"])]


def test_consultas_muestra_parametros(runner) -> None:
    resultado = runner.invoke(principal, ["consultas"])
    assert "parámetros: instituciones=ID[,ID…] (institucion)" in resultado.stdout
    assert "parámetros: origen=ID (institucion); destino=ID (institucion)" in resultado.stdout


# --- SPARQL libre ---------------------------------------------------------------------------

@pytest.mark.parametrize("texto", [
    "DROP ALL",
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "delete where { ?s ?p ?o }",
    "LOAD <http://example.org/datos.ttl>",
    "CLEAR DEFAULT",
    "PREFIX x: <http://e/> WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    # SERVICE escondido para una guardia de texto: tras un punto, tras un comentario con salto de línea,
    # en minúsculas y SILENT dentro de un OPTIONAL, con un prefijo, en una subconsulta de un CONSTRUCT, en un ASK.
    "SELECT * WHERE { ?s ?p ?o .SERVICE <http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(1<2)SERVICE#>\n<http://127.0.0.1:9/sparql> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { service silent <http://127.0.0.1:9/sparql> { ?a ?b ?c } } }",
    "PREFIX e: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE e:sparql { ?a ?b ?c } }",
    "CONSTRUCT { ?a ?b ?c } WHERE { { SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } } }",
    "ASK { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    HOSTIL,
])
def test_sparql_rechaza_lo_que_no_es_lectura(runner, texto: str) -> None:
    resultado = runner.invoke(principal, ["sparql", "-e", texto, "--datos", str(MINI)])
    assert resultado.exit_code == 1, resultado.output
    assert "Consulta rechazada" in resultado.stderr and "solo lee el grafo local" in resultado.stderr
    assert resultado.stdout == ""


def test_sparql_palabras_en_textos_iris_y_comentarios_no_cuentan(grafo_mini) -> None:
    texto = ('PREFIX ex: <http://e/drop/> SELECT ?n (\'LOAD\' AS ?x) WHERE { # DROP ALL\n'
             '?i <http://purl.org/dc/terms/identifier> "IGM" ; <http://www.w3.org/2004/02/skos/core#prefLabel> ?n .'
             ' FILTER(?n != "INSERT DATA") }')
    resultado = consultas.ejecutar_libre(grafo_mini, texto)
    assert resultado.tabla is not None
    assert resultado.tabla.to_dict(orient="records") == [{"n": "Instituto Guatemalteco de Migración", "x": "LOAD"}]


def test_sparql_select_ask_construct(runner, tmp_path: Path) -> None:
    base = ["sparql", "--datos", str(MINI)]
    select = ('SELECT ?id WHERE { ?a a <https://w3id.org/grafo-gt/ontologia#AccionPolitica> ; '
              '<http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id')
    resultado = runner.invoke(principal, [*base, "-e", select, "--formato", "json"])
    assert json.loads(resultado.stdout) == [{"id": "A1"}, {"id": "A2"}, {"id": "A3"}, {"id": "A4"}]
    archivo = tmp_path / "consulta.rq"
    archivo.write_text(select, encoding="utf-8")
    resultado = runner.invoke(principal, [*base, str(archivo), "--formato", "csv"])
    assert resultado.stdout == "id\nA1\nA2\nA3\nA4\n"
    preguntar = 'ASK { ?m <http://purl.org/dc/terms/identifier> "M1" }'
    assert runner.invoke(principal, [*base, "-e", preguntar]).stdout.strip() == "sí"
    assert runner.invoke(principal, [*base, "-e", preguntar.replace("M1", "M9")]).stdout.strip() == "no"
    assert json.loads(runner.invoke(principal, [*base, "-e", preguntar, "--formato", "json"]).stdout) is True
    construir = ('CONSTRUCT { ?i <http://e/sigla> ?id } WHERE { ?i a <http://www.w3.org/ns/org#Organization> ; '
                 '<http://purl.org/dc/terms/identifier> ?id }')
    resultado = runner.invoke(principal, [*base, "-e", construir, "--formato", "nt"])
    assert resultado.exit_code == 0, resultado.output
    lineas = resultado.stdout.splitlines()
    assert len(lineas) == 5 and lineas == sorted(lineas)
    assert '<https://w3id.org/grafo-gt/id/institucion/IGM> <http://e/sigla> "IGM" .' in lineas


def test_sparql_errores_de_uso_y_de_sintaxis(runner) -> None:
    resultado = runner.invoke(principal, ["sparql", "--datos", str(MINI)])
    assert resultado.exit_code == 2 and "una de las dos" in resultado.stderr
    resultado = runner.invoke(principal, ["sparql", "-e", "SELEC * WHERE { }", "--datos", str(MINI)])
    assert resultado.exit_code == 1
    assert "no es válida cerca de la línea 1, columna" in resultado.stderr
    assert "Traceback" not in resultado.output


def test_sparql_sin_prefix_dice_cual_falta_y_su_linea(runner) -> None:
    """Antes: seis líneas de rangos de caracteres en inglés («expected one of Prefix not found, ['%'] …»)."""
    consulta = 'SELECT ?m WHERE { ?m a gr:Mandato ; skos:prefLabel "no:es un prefijo" } # rdfs:comment'
    resultado = runner.invoke(principal, ["sparql", "-e", consulta, "--datos", str(MINI)])
    assert resultado.exit_code == 1
    assert "los prefijos «gr:», «skos:» sin declararlos" in resultado.stderr
    assert "«PREFIX gr: <https://w3id.org/grafo-gt/ontologia#>»" in resultado.stderr
    assert "\\u{" not in resultado.stderr and "rdfs" not in resultado.stderr and "«no:»" not in resultado.stderr
    arreglada = runner.invoke(principal, ["sparql", "-e", "PREFIX gr: <https://w3id.org/grafo-gt/ontologia#>\n"
                                          "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + consulta,
                                          "--datos", str(MINI), "--formato", "csv"])
    assert arreglada.exit_code == 0, arreglada.output


def test_acciones_por_mandato_dice_propuesto_solo_de_una_accion_ilustrativa(fuente_datos) -> None:
    """La cobertura (mandato → acción) la infiere grafo; si la acción es ilustrativa, la escribió el proyecto:
    propuesta."""
    filas = consultas.ejecutar(fuente_datos, consultas.cargar("acciones-por-mandato")).to_dict(orient="records")
    ilustrativas = {a["accion"] for a in consultas.ejecutar(fuente_datos, consultas.cargar("acciones")).to_dict(
        orient="records") if a["ilustrativa"]}
    assert {f["como"] for f in filas} == {"inferido", "propuesto"}
    assert all((f["como"] == "propuesto") == (f["accion"] in ilustrativas) for f in filas)

"""La traza (GRAFO_TRAZA=1, o `traza=` en `grafo.abrir`) y lo que mide: ninguna orden envía dos veces la misma
consulta, y las que piden muchas tablas envían pocas (issue 27, punto 2)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import grafo
from grafo.cli import principal
from grafo.motores import traza
from tests.conftest import MINI, RAIZ

DATOS = str(RAIZ / "datos")
LINEA = re.compile(r"^\[traza\] (\d+\.\d\d) ms (\S.*)$")


def _trazadas(argumentos: list[str]) -> list[str]:
    """Las consultas que envía una orden (en un proceso como el del usuario, con la traza en la salida de errores)."""
    resultado = CliRunner(env={"GRAFO_TRAZA": "1"}).invoke(principal, argumentos)
    assert resultado.exit_code == 0, resultado.output
    lineas = [linea for linea in resultado.stderr.splitlines() if linea.startswith("[traza]")]
    assert lineas, "la traza no dijo nada"
    consultas = []
    for linea in lineas:
        forma = LINEA.match(linea)
        assert forma is not None, linea
        consultas.append(forma[2])
    return consultas


def test_la_minuta_de_dos_instituciones_en_once_consultas_o_menos(tmp_path: Path) -> None:
    """Once desde el issue 33: `fundamentos` son dos consultas que parten de los mandatos (antes una, que a un millón
    de tripletas recorría el grafo entero por cada OPTIONAL)."""
    enviadas = _trazadas(["reunion", "--instituciones", "IGM,COPRESAM", "--datos", DATOS,
                          "--salida", str(tmp_path / "r.docx")])
    assert len(enviadas) <= 11, enviadas
    assert [c for c, n in Counter(enviadas).items() if n > 1] == []


def test_fundamentos_con_parametro_sin_repetir() -> None:
    enviadas = _trazadas(["consultar", "fundamentos", "-p", "instituciones=AMSCLAE", "--datos", DATOS,
                          "--formato", "csv"])
    assert [c for c, n in Counter(enviadas).items() if n > 1] == []
    assert len(enviadas) == 3  # el id comprobado y las dos partes de la consulta (mandatos, acciones que cubren)


@pytest.mark.parametrize("orden", [
    ["brechas"], ["traslapes"], ["seguimiento", "--al", "2024-10-31"], ["resumen"], ["analizar"], ["comunidades"],
    ["ruta", "SECCATID", "IGM"], ["mapa", "--salida", "{t}/m.html"], ["mapa", "--vista", "completa", "--salida", "{t}/c.html"],
    ["matriz", "--instituciones", "AMSCLAE,SECCATID,CTPT", "--salida", "{t}/m.xlsx"], ["ficha", "IGM", "--salida", "{t}/f.docx"],
    ["acta", "R-2024-09-18", "--salida", "{t}/a.docx"], ["validar"], ["buscar", "atitlan"],
    ["presentacion", "{d}/guiones/reunion-2024-09-18.toml", "--salida", "{t}/p.html"],
], ids=lambda o: " ".join(a for a in o[:2] if not a.startswith(("/", "{"))))
def test_ninguna_orden_envia_dos_veces_la_misma_consulta(orden: list[str], tmp_path: Path) -> None:
    argumentos = [a.replace("{t}", str(tmp_path)).replace("{d}", DATOS) for a in orden]
    enviadas = _trazadas([*argumentos, "--datos", DATOS])
    assert [c[:120] for c, n in Counter(enviadas).items() if n > 1] == []


def test_la_linea_lleva_la_consulta_entera_en_una_linea() -> None:
    texto = 'SELECT ?x WHERE {\n  ?x ?p "a\\nb" .\r\n}'
    linea = traza.linea(texto, 1.234)
    assert linea == '[traza] 1.23 ms SELECT ?x WHERE {   ?x ?p "a\\nb" . }'
    assert "\n" not in linea and "\r" not in linea


def test_una_funcion_de_traza_recibe_cada_consulta_tambien_al_validar() -> None:
    vistas: list[tuple[str, float]] = []
    proyecto = grafo.abrir(MINI, traza=lambda texto, ms: vistas.append((texto, ms)))
    proyecto.consulta("acciones")
    assert len(vistas) == 1 and "AccionPolitica" in vistas[0][0] and isinstance(vistas[0][1], float)
    proyecto.consulta("acciones")  # la misma: no se envía otra vez
    assert len(vistas) == 1
    proyecto.validar()
    assert len(vistas) > 20  # las formas SHACL compiladas a SPARQL, cada una una consulta


def test_sin_traza_no_se_escribe_nada(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAFO_TRAZA", raising=False)
    resultado = CliRunner().invoke(principal, ["consultar", "ejes", "--datos", str(MINI)])
    assert resultado.exit_code == 0 and "[traza]" not in resultado.stderr
    monkeypatch.setenv("GRAFO_TRAZA", "no")
    assert traza.del_entorno() is None
    monkeypatch.setenv("GRAFO_TRAZA", "sí")
    assert traza.del_entorno() is traza.a_stderr


def test_la_memoria_devuelve_copias() -> None:
    """Quien recibe una tabla puede cambiarla: la siguiente respuesta de la misma consulta no lo ve."""
    proyecto = grafo.abrir(MINI)
    primera = proyecto.tabla("acciones")
    primera.loc[0, "descripcion"] = "cambiada"
    assert proyecto.tabla("acciones").loc[0, "descripcion"] != "cambiada"


def test_una_consulta_trazada_se_copia_y_se_corre() -> None:
    """La línea de la traza no lleva los comentarios del .rq (que, en una línea, se tragarían la consulta)."""
    lineas: list[str] = []
    proyecto = grafo.abrir(MINI, traza=lambda texto, ms: lineas.append(traza.linea(texto, ms)))
    filas = proyecto.consulta("fundamentos", instituciones=["IGM"])
    copiada = lineas[-1].split(" ms ", 1)[1]
    assert "# titulo" not in copiada and "<http://purl.org/dc/terms/>" in copiada  # un «#» de IRI se queda
    otra = grafo.abrir(MINI).sparql(copiada)
    assert len(otra) == len(filas) > 0


def test_todo_no_repite_ninguna_consulta(tmp_path: Path) -> None:
    """`grafo todo` abre un solo proyecto para todos sus pasos: cada consulta distinta se envía una vez."""
    enviadas = _trazadas(["todo", "--datos", str(MINI), "--salidas", str(tmp_path / "s"), "--aliados", "AMSCLAE,MUNI"])
    assert [c[:120] for c, n in Counter(enviadas).items() if n > 1] == []

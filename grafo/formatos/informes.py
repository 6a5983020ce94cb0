"""Renderizadores de los informes de brechas y traslapes: terminal, Markdown y JSON."""

from __future__ import annotations

from typing import Any

from grafo.dominio.citas import es_vacio, procedencia
from grafo.dominio.informes import Informe
from grafo.texto import sin_controles
from grafo.formatos import renderizador
from grafo.formatos.tabular import a_json_objeto
from grafo.formatos.terminal import NOTA_RECORTE, tabla_rich, texto_de_terminal


@renderizador(Informe, "texto", terminal=True, en_archivo="markdown")
def informe_terminal(informe: Informe, consola: Any) -> None:
    from rich.text import Text

    # Los textos llevan datos: se imprimen como Text, nunca como marcado de rich («[/]» no rompe nada).
    consola.print(Text(texto_de_terminal(informe.titulo), style="bold underline"))
    consola.print(Text(procedencia(informe.version_datos, informe.fecha, con_grafo=False)))
    consola.print(Text(texto_de_terminal(informe.introduccion)))
    for seccion in informe.secciones:
        consola.print(Text.assemble(f"  • {texto_de_terminal(seccion.titulo)}: ", (seccion.cuenta(), "bold")))
    for numero, seccion in enumerate(informe.secciones, start=1):
        consola.print()
        consola.rule(Text(f"{numero}. {texto_de_terminal(seccion.titulo)} ({seccion.cuenta()})"), align="left")
        consola.print(Text(seccion.explicacion + (f" Consulta: grafo consultar {seccion.consulta}"
                                                  if seccion.consulta else "")))
        if seccion.tabla.empty:
            consola.print("Ninguna.")
            continue
        vista, recortada = tabla_rich(seccion.tabla, lineas=True, ancho=consola.width)
        consola.print(vista)
        if recortada:
            consola.print(NOTA_RECORTE, style="dim")


def _texto_md(texto: str) -> str:
    """Un título o una introducción con datos: el HTML se muestra (no se interpreta) y sin caracteres de control."""
    return sin_controles(texto).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _celda_md(valor: Any) -> str:
    texto = "—" if es_vacio(valor) else sin_controles(str(valor))
    # Una barra partiría la tabla; un salto de línea (LF o CR) también; el HTML de los datos se muestra,
    # no se interpreta (los visores de Markdown dejan pasar etiquetas).
    texto = texto.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return texto.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


@renderizador(Informe, "markdown")
def a_markdown(informe: Informe) -> str:
    """El informe como página Markdown, para imprimir o llevar a una reunión."""
    lineas = [f"# {_texto_md(informe.titulo)}", "",
              procedencia(f"`{informe.version_datos}`", informe.fecha) + ".", "",
              _texto_md(informe.introduccion), ""]
    lineas += [f"- {_texto_md(s.titulo)}: **{s.cuenta()}**" for s in informe.secciones]
    for numero, seccion in enumerate(informe.secciones, start=1):
        lineas += ["", f"## {numero}. {_texto_md(seccion.titulo)} ({seccion.cuenta()})", "", seccion.explicacion,
                   *([f"Consulta: `grafo consultar {seccion.consulta}`."] if seccion.consulta else []), ""]
        if seccion.tabla.empty:
            lineas.append("_Ninguna._")
            continue
        columnas = [str(c) for c in seccion.tabla.columns]
        lineas.append("| " + " | ".join(columnas) + " |")
        lineas.append("|" + "|".join("---" for _ in columnas) + "|")
        for fila in seccion.tabla.itertuples(index=False, name=None):
            lineas.append("| " + " | ".join(_celda_md(v) for v in fila) + " |")
    return "\n".join(lineas) + "\n"


@renderizador(Informe, "json")
def a_json(informe: Informe) -> str:
    """El informe como JSON: secciones con su total y sus filas."""
    return a_json_objeto(informe.a_dict())

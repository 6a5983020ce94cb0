"""Renderizadores de tablas y respuestas sí/no: terminal, CSV y JSON."""

from __future__ import annotations

from typing import Any

from grafo.dominio.productos import Respuesta, Tabla
from grafo.formatos import renderizador
from grafo.formatos.tabular import BOM, a_csv, a_json
from grafo.formatos.terminal import mostrar_tabla
from grafo.texto import si_no


@renderizador(Tabla, "tabla", terminal=True, en_archivo="csv")
def tabla_terminal(producto: Tabla, consola: Any) -> None:
    mostrar_tabla(consola, producto.titulo, producto.filas)


@renderizador(Tabla, "csv")
def tabla_csv(producto: Tabla, *, separador: str = ",") -> str:
    return a_csv(producto.filas, separador=separador)


@renderizador(Tabla, "json")
def tabla_json(producto: Tabla) -> str:
    return a_json(producto.filas)


@renderizador(Respuesta, "tabla")
def respuesta_texto(producto: Respuesta) -> str:
    return si_no(producto.valor)


@renderizador(Respuesta, "csv")
def respuesta_csv(producto: Respuesta, *, separador: str = ",") -> str:  # una columna: nada que separar
    return f"{BOM}resultado\n{si_no(producto.valor)}\n"


@renderizador(Respuesta, "json")
def respuesta_json(producto: Respuesta) -> str:
    return "true" if producto.valor else "false"

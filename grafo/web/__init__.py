"""El explorador: el grafo entero en un navegador, para quien nunca abre una terminal (`grafo servir`).

Un servidor local de solo lectura (Flask servido por waitress; por qué, en docs/explorador.md) sobre el
mismo `grafo.abrir(...)` que usan la CLI y las pruebas: cada página llama a un producto de
`grafo.productos` o a una consulta con nombre y lo muestra con las plantillas de `grafo.formatos` (una sola
base). Nada se calcula dos veces ni de otra forma que en la CLI.

    from grafo import web
    app = web.crear(lambda: grafo.abrir("datos"), datos=Path("datos"))
    web.servir(app, host="127.0.0.1", puerto=8080)
"""

from __future__ import annotations

from grafo.web.app import crear, servir

__all__ = ["crear", "servir"]

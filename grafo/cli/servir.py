"""La orden del explorador: `grafo servir`, el grafo entero en un navegador."""

from __future__ import annotations

from pathlib import Path

import click

from grafo.cli.comun import (
    comprobar_url,
    mostrar_aviso,
    opcion_datos,
    opciones_servidor,
    orden,
)


@orden("servir")
@opcion_datos
@click.option("--puerto", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Puerto donde escucha (0: uno libre).")
@click.option("--host", default=None, metavar="DIRECCIÓN",
              help="Dirección donde escucha [predeterminado: 127.0.0.1, solo este equipo]. Otra (0.0.0.0) deja "
                   "leer los datos a cualquiera en esa red.")
@click.option("--no-abrir", "no_abrir", is_flag=True, help="No abre el navegador (solo dice la dirección).")
@opciones_servidor
def comando_servir(datos: Path, puerto: int, host: str | None, no_abrir: bool, endpoint: str | None,
                   grafo_iri: str | None, tiempo_limite: float) -> None:
    """Abre el explorador: el grafo en el navegador, con búsqueda, una página por entidad, las consultas
    como formularios, el mapa y los documentos para bajar.

    Solo lectura y solo en este equipo. Si edita los datos en Excel y guarda, la página siguiente ya
    los muestra (o dice qué problemas tienen, sin dejar de mostrar la última versión buena).
    Ctrl-C lo detiene.

    \b
    Ejemplo:
        grafo servir
        grafo servir --datos mis-datos.xlsx --puerto 8090 --no-abrir
    """
    import grafo
    from grafo import web

    direccion = host or "127.0.0.1"
    if endpoint is not None:
        url = comprobar_url(endpoint)
        abrir = lambda: grafo.abrir(endpoint=url, grafo_iri=grafo_iri, tiempo_limite=tiempo_limite)
    else:
        abrir = lambda: grafo.abrir(datos, tiempo_limite=tiempo_limite, avisar=mostrar_aviso)
    click.echo(f"Leyendo {endpoint or datos}…", err=True)
    app = web.crear(abrir, datos=None if endpoint is not None else datos, host=direccion)
    if host is not None and host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Aviso: escucha en {host}: cualquiera en esa red puede leer estos datos.", err=True)

    def al_escuchar(escucha: str, puerto_abierto: int) -> None:
        visible = f"[{escucha}]" if ":" in escucha else escucha
        url = f"http://{'127.0.0.1' if escucha in ('0.0.0.0', '::') else visible}:{puerto_abierto}/"
        click.echo(f"El explorador está en {url}  (Ctrl-C lo detiene)")
        if not no_abrir:
            import webbrowser

            webbrowser.open(url)

    web.servir(app, host=direccion, puerto=puerto, al_escuchar=al_escuchar)
    click.echo("El explorador se detuvo.", err=True)


ORDENES = (comando_servir,)

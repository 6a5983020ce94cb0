from grafo.cli import principal

principal()

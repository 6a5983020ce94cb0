"""Dominio: funciones puras de tablas de consultas a productos (informes, matrices, red, mapa).

Nada aquí importa los motores ni los formatos: recibe DataFrames y devuelve datos.
"""

"""Downloads of output files: `/view` on the local server, a redirect to a storage origin on cloud.

The spec's `x-download` of the route says which: the local server answers with the bytes
(same origin, like ComfyUI), Comfy Cloud answers 302 with a short-lived link to a storage
host. Here that host is a second loopback origin started beside the server; it serves the
bytes without any API key and notes every request that still carried one, so an example
that leaks its key across the redirect can be caught.
"""

from __future__ import annotations

import posixpath
import secrets
from urllib.parse import quote

from aiohttp import web

from checks.reference_server.files import FileKey, content_type
from checks.reference_server.handlers import SERVER, error
from checks.reference_server.server import Server

def _key(server: Server, request: web.Request) -> FileKey | web.Response:
    """The file a download names, or the answer ComfyUI gives to a bad name (400/403)."""
    filename = request.query.get("filename", "")
    if not filename or filename.startswith("/") or ".." in filename:
        return web.Response(status=400)
    areas, saved = server.dialect.storage_areas
    area = request.query.get("type", saved)
    if area not in areas:
        return web.Response(status=400)
    subfolder = request.query.get("subfolder", "")
    inside = posixpath.normpath(posixpath.join("/" + area, subfolder))
    if inside != "/" + area and not inside.startswith(f"/{area}/"):
        return web.Response(status=403)
    return FileKey(area, inside[len(area) + 2:], posixpath.basename(filename))


async def view_file(request: web.Request) -> web.Response:
    server: Server = request.app[SERVER]
    key = _key(server, request)
    if isinstance(key, web.Response):
        return key
    data = server.faults.bend("download", server.files.get(key))
    download = server.spec.operation("viewFile").download
    if download is not None and download.redirect:
        if data is None:
            return error("File not found", 404)
        token = secrets.token_urlsafe(16)
        server.download_links[token] = key
        location = f"{server.storage_url}/{token}/{quote(key.filename)}"
        return web.Response(status=download.redirect, headers={"Location": location})
    if data is None:
        return web.Response(status=404)
    return web.Response(body=data, headers={"Content-Type": content_type(key.filename),
                                             "Content-Disposition": f'filename="{key.filename}"'})


def storage_app(server: Server) -> web.Application:
    """The storage origin a redirecting download leads to: the bytes, for anyone holding the link."""

    async def serve_bytes(request: web.Request) -> web.Response:
        header = server.dialect.auth_header
        if header and header in request.headers:
            server.keys_sent_to_storage.append(request.path)  # the key followed the redirect: a leak
        key = server.download_links.get(request.match_info["token"])
        data = server.files.get(key) if key is not None else None
        if data is None:
            return web.Response(status=404, text="no such object")
        return web.Response(body=data, headers={"Content-Type": content_type(key.filename)})

    app = web.Application()
    app.router.add_get("/{token}/{name}", serve_bytes)
    return app

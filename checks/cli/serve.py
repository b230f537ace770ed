"""`jobs-checks serve`: run the reference server in the foreground until Ctrl-C."""

from __future__ import annotations

import asyncio

from checks.net import is_loopback

import click

from checks.cli.edge import fail

from checks.reference_server.faults import FAULTS
from checks.apispec.loader import ALL_PROFILES



def _parse_keys(pairs: tuple[str, ...]) -> dict[str, str] | None:
    if not pairs:
        return None
    keys = {}
    for pair in pairs:
        key, sep, user = pair.partition("=")
        if not sep or not key or not user:
            fail("--api-key must look like KEY=USER")  # never echo the key itself
        keys[key] = user
    return keys


@click.command()
@click.option("--profile", type=click.Choice(ALL_PROFILES), help="Dialect to answer in (required unless --list-faults).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port; 0 picks a free one.")
@click.option("--fault", "faults", multiple=True, metavar="NAME", help="Switch on a fault (repeatable).")
@click.option("--list-faults", is_flag=True, help="List the faults and what each one bends, then exit.")
@click.option("--version-string", help="Server version to report (local server; default 0.33.0).")
@click.option("--api-key", "api_keys", multiple=True, metavar="KEY=USER",
              help="Cloud API key and its user (repeatable; default: two fake test users).")
@click.option("--time-scale", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Multiply Sleep node durations by this.")
@click.option("--no-seed", is_flag=True, help="Start with an empty history.")
def serve(profile, host, port, faults, list_faults, version_string, api_keys, time_scale, no_seed):
    """Run the reference Jobs API server (local ComfyUI, Comfy Cloud or native Comfy API v2) until Ctrl-C."""
    known = FAULTS
    if profile == "v2":  # the native v2 server has faults of its own
        from checks.reference_server.v2 import V2_FAULTS as known
    if list_faults:
        width = max(map(len, known))
        for name, description in known.items():
            click.echo(f"{name:<{width}}  {description}")
        return
    if profile is None:
        fail("--profile is required (comfyui, cloud or v2)")
    unknown = [name for name in faults if name not in known]
    if unknown:
        fail(f"unknown fault {unknown[0]!r}; valid faults: {', '.join(known)}")
    keys = _parse_keys(api_keys)
    if not is_loopback(host):
        click.echo(f"warning: listening on {host}, which is not a loopback address; other machines may reach this test server",
                   err=True)

    from checks.reference_server.runner import make_server, start_site

    server = make_server(profile, faults=faults, api_keys=keys, version=version_string, seed_jobs=not no_seed,
                         time_scale=time_scale)

    async def serve_forever():
        try:
            runner, url = await start_site(server, host, port)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
        users = sorted(set(server.api_keys.values()))
        click.echo(f"serving the {profile} dialect at {url}" + (f" (users: {', '.join(users)})" if users else ""))
        if server.faults.names:
            click.echo(f"faults: {', '.join(sorted(server.faults.names))}")
        click.echo("press Ctrl-C to stop")
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(serve_forever())
    except KeyboardInterrupt:
        click.echo("stopped", err=True)

"""Compare what surrounds a response body: its media types, its headers, and an event stream's catalogue.

A client generated from the other document trusts these as much as the body schema: a
media type it does not expect, a `Retry-After` it never learns to read, or an event type
it does not know about are how v2 clients go wrong.
"""

from __future__ import annotations

from checks.apispec.diff_load import Node

# Where the profiles (and the published v2 contract) list the events of a stream.
EVENTS_KEY = "x-sse-events"


def _covered(media: str, listed: set[str]) -> bool:
    """Whether a response of type `media` is among `listed` (exactly, `type/*` or `*/*`)."""
    media = media.split(";")[0].strip().lower()
    family = media.split("/")[0]
    return media in listed or "*/*" in listed or f"{family}/*" in listed


def _lowered(mapping: dict) -> dict[str, str]:
    return {str(key).split(";")[0].strip().lower(): key for key in mapping}


def compare_media_types(found, subject: str, canon_response: Node, other_response: Node) -> None:
    """A media type the server answers that the other document does not list (and the reverse)."""
    canonical, other = found.canonical, found.other
    canon_content = canonical.child(canonical.deref(canon_response), "content")
    other_content = other.child(other.deref(other_response), "content")
    canon_types, other_types = _lowered(canon_content.mapping), _lowered(other_content.mapping)
    if not canon_types or not other_types:
        return  # a missing body is the body checks' business
    listed = ", ".join(sorted(other_types))
    for media, key in canon_types.items():
        if _covered(media, set(other_types)):
            continue
        said = "any media type (the content's own)" if media == "*/*" else media
        found.add("misleading", "media-type", f"{subject} answers {said}; the other document lists only {listed}",
                  canonical.child(canon_content, key), other_content)
    for media, key in other_types.items():
        if not _covered(media, set(canon_types)) and media != "*/*":
            found.add("cosmetic", "media-type", f"{subject}: the other document lists {media}, which the "
                      f"{found.profile} server never answers", canon_content, other.child(other_content, key))


def compare_headers(found, subject: str, canon_response: Node, other_response: Node) -> None:
    """Response headers (such as `Retry-After`) declared on one side only."""
    canonical, other = found.canonical, found.other
    canon_headers = canonical.child(canonical.deref(canon_response), "headers")
    other_headers = other.child(other.deref(other_response), "headers")
    canon_names, other_names = _lowered(canon_headers.mapping), _lowered(other_headers.mapping)
    for name, key in canon_names.items():
        if name not in other_names:
            found.add("misleading", "header-missing", f"{subject} sends the {key} header, which the other document "
                      "does not describe", canonical.child(canon_headers, key),
                      other_headers if other_headers.value is not None else other_response)
    for name, key in other_names.items():
        if name not in canon_names:
            found.add("misleading", "header-extra", f"{subject}: the other document promises a {key} header the "
                      f"{found.profile} server does not send", canon_headers if canon_headers.value is not None
                      else canon_response, other.child(other_headers, key))


def compare_events(found, label: str, op_node: Node, other_node: Node) -> None:
    """The event types of a server-sent event stream, when the profile lists them."""
    canonical, other = found.canonical, found.other
    canon_events, other_events = canonical.child(op_node, EVENTS_KEY), other.child(other_node, EVENTS_KEY)
    if not canon_events.mapping:
        return
    if not other_events.mapping:
        found.add("cosmetic", "event-missing", f"{label}: the other document does not list the stream's event types "
                  f"({', '.join(map(str, canon_events.mapping))})", canon_events, other_node)
        return
    for name in canon_events.mapping:
        if name not in other_events.mapping:
            found.add("misleading", "event-missing", f"{label} streams `{name}` events, which the other document "
                      "does not list", canonical.child(canon_events, name), other_events)
    for name in other_events.mapping:
        if name not in canon_events.mapping:
            found.add("misleading", "event-extra", f"{label}: the other document lists `{name}` events, which the "
                      f"{found.profile} server never sends", canon_events, other.child(other_events, name))

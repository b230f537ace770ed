"""Cloud keys and ownership; secrets sent in extra_data never come back (or come back redacted)."""

from __future__ import annotations

import uuid

import pytest

from checks.reference_server import running_server
from checks.reference_server.seed import image_workflow
from tests.reference_server.helpers import Client, blocker

SECRET = "sk-test-secret-0123456789"


def test_cloud_requires_a_known_key_on_every_route(serve):
    handle = serve("cloud")
    anonymous = Client(handle)
    del anonymous.session.headers["X-API-Key"]
    stranger = Client(handle)
    stranger.session.headers["X-API-Key"] = "not-a-known-key"
    for client in (anonymous, stranger):
        for method, path in [("GET", "/api/jobs"), ("GET", f"/api/jobs/{uuid.uuid4()}"),
                             ("POST", f"/api/jobs/{uuid.uuid4()}/cancel"), ("POST", "/api/prompt"),
                             ("GET", "/api/history")]:
            response = client.request(method, path)
            assert response.status_code == 401, (method, path)
            assert "not-a-known-key" not in response.text
    assert Client(handle, user="alice").get("/api/jobs").status_code == 200


def test_cloud_users_see_only_their_own_jobs(serve):
    handle = serve("cloud")
    alice, bob = Client(handle, user="alice"), Client(handle, user="bob")
    bobs_job = bob.submit(image_workflow("bob"))
    bob.wait_for_status(bobs_job, "completed")
    alice_ids = {job["id"] for job in alice.jobs()["jobs"]}
    bob_ids = {job["id"] for job in bob.jobs()["jobs"]}
    assert bobs_job in bob_ids and bobs_job not in alice_ids
    assert alice_ids and not alice_ids & bob_ids

    assert alice.get(f"/api/jobs/{bobs_job}").status_code == 403
    assert alice.cancel(bobs_job).status_code == 404
    assert alice.get(f"/api/jobs/{uuid.uuid4()}").status_code == 404
    assert alice.get("/api/jobs/not-a-uuid").status_code == 400
    assert alice.cancel("not-a-uuid").status_code == 400
    assert alice.cancel(str(uuid.uuid4())).status_code == 404


def test_custom_keys_replace_the_defaults():
    with running_server("cloud", api_keys={"k-carol": "carol"}) as handle:
        assert handle.api_keys == {"k-carol": "carol"}
        client = Client(handle, user="carol")
        assert client.jobs()["pagination"]["total"] > 0  # the seeded history belongs to carol now
        default = Client(handle)
        default.session.headers["X-API-Key"] = "test-key-alice"
        assert default.get("/api/jobs").status_code == 401


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_cloud_pagination_bounds_and_local_clamping(serve, profile):
    client = Client(serve(profile))
    limit = client.spec.parameters("listJobs")["limit"]["schema"]
    assert client.get("/api/jobs", params={"limit": 0}).status_code == 400
    too_many = client.get("/api/jobs", params={"limit": 1001})
    negative = client.get("/api/jobs", params={"offset": -1})
    if "maximum" in limit:
        assert too_many.status_code == 400 and negative.status_code == 400
        assert client.jobs()["pagination"]["limit"] == limit["default"]
    else:
        assert too_many.json()["pagination"]["limit"] == 1001
        assert negative.json()["pagination"]["offset"] == 0


def _secret_visible(client: Client, job_id: str) -> list[str]:
    """Every route that returned the secret in any form."""
    routes = ["/api/jobs", f"/api/jobs/{job_id}"]
    if client.handle.profile == "comfyui":
        routes += ["/history", f"/history/{job_id}", "/queue"]
    return [route for route in routes if SECRET in client.get(route).text]


def test_local_server_strips_secret_keys(serve):
    client = Client(serve("comfyui"))
    running = client.submit(blocker(), extra_data={"api_key_comfy_org": SECRET, "auth_token_comfy_org": SECRET})
    pending = client.submit(image_workflow("s"), extra_data={"api_key_comfy_org": SECRET, "auth_token_comfy_org": SECRET,
                                                             "keep": 1})
    assert _secret_visible(client, pending) == []
    client.cancel(running)
    job = client.wait_for_status(pending, "completed")
    assert job["workflow"]["extra_data"]["keep"] == 1
    assert not {"api_key_comfy_org", "auth_token_comfy_org"} & set(job["workflow"]["extra_data"])
    assert _secret_visible(client, pending) == [] and _secret_visible(client, running) == []


def test_cloud_redacts_the_partner_key(serve):
    client = Client(serve("cloud"))
    job_id = client.submit(image_workflow("r"), extra_data={"api_key_comfy_org": SECRET})
    job = client.wait_for_status(job_id, "completed")
    assert job["workflow"]["extra_data"]["api_key_comfy_org"] == "[REDACTED]"
    assert _secret_visible(client, job_id) == []
    plain = client.wait_for_status(client.submit(image_workflow("p")), "completed")
    assert "api_key_comfy_org" not in plain["workflow"]["extra_data"]

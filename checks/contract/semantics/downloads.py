"""The files a job's outputs name can be downloaded, the way the spec's download route says."""

from __future__ import annotations

from checks.contract.catalogue import scenario_check


@scenario_check
def outputs_are_downloadable(item: str, status: int, redirect: int | None, location: str | None,
                             same_origin: bool | None, final_status: int | None, size: int) -> None:
    """Each file in a completed job's `outputs` downloads through the spec's route: the bytes directly, or a redirect (to another origin where the spec says so) that leads to them."""
    if redirect is None:
        if status != 200 or size <= 0:
            raise AssertionError(f"downloading {item} answered {status} with {size} bytes; expected 200 with the file")
        return
    if status != redirect or not location:
        raise AssertionError(f"downloading {item} answered {status}; expected {redirect} with a Location")
    if same_origin:
        raise AssertionError(f"downloading {item} redirects to the same origin ({location}); the spec says another one")
    if final_status != 200 or size <= 0:
        raise AssertionError(f"the link {location} for {item} answered {final_status} with {size} bytes; expected the file")

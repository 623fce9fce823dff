"""Every operator's progress on a shared list, for `status --journal`: which worker
holds which account and since when (by the database's clock), claims whose worker
stopped, what each worker finished, and the accounts the portal refused."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from cifer_bot.escape import visible
from cifer_bot.journal import ClaimInfo, Record
from cifer_bot.report.build import Report


def operators(report: Report, claims: list[ClaimInfo]) -> list[dict[str, Any]]:
    """One record per worker: the accounts it holds, and what it finished, by state."""
    finished: dict[str, Counter[str]] = {}
    for entry in report.entries:
        worker = entry.outcome.get("worker")
        if worker and entry.state not in {"not_started", "in_progress"}:
            finished.setdefault(str(worker), Counter())[entry.state] += 1
    names = [claim.worker for claim in claims if claim.expires_in_s > 0]
    names += sorted(set(finished) - set(names))
    return [
        {
            "worker": name,
            "holds": [
                asdict(claim) for claim in claims if claim.worker == name and claim.expires_in_s > 0
            ],
            "finished": dict(finished.get(name, Counter())),
        }
        for name in dict.fromkeys(names)
    ]


def operator_lines(
    report: Report, claims: list[ClaimInfo], refusals: dict[str, Record], where: str
) -> list[str]:
    """The operators' part of the status table."""
    lines = [f"Workers on {where}:"]
    found = operators(report, claims)
    width = max((len(visible(worker["worker"])) for worker in found), default=0)
    for worker in found:
        said = []
        for held in worker["holds"]:
            said.append(
                f"holds {held['username']} since {held['since']} "
                f"(heartbeat {held['heartbeat_age_s']:.0f} s ago)"
            )
        done = worker["finished"]
        if done:
            counts = ", ".join(f"{count} {state}" for state, count in sorted(done.items()))
            said.append(f"finished {sum(done.values())}: {counts}")
        lines.append(f"  {visible(worker['worker']).ljust(width)}  {'; '.join(said)}")
    if not found:
        lines.append("  none yet: `cifer-bot fill --journal URL` starts one")
    for claim in claims:
        if claim.expires_in_s <= 0:
            lines.append(
                f"  lapsed: {claim.username}, claimed by {visible(claim.worker)} since "
                f"{claim.since}, no heartbeat for {claim.heartbeat_age_s:.0f} s (its worker "
                "stopped): the next worker takes it over"
            )
    for username, refusal in sorted(refusals.items()):
        lines.append(
            f"  blocked: {username}: the portal refused its password on {refusal.get('at')} "
            f"({refusal.get('reason')}); change it in the environment or .env"
        )
    return lines

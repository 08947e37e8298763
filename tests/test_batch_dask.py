"""Checking many standards on a Dask cluster: a real local cluster (separate worker processes, no shared
state with this process but the files' bytes and the broadcast index) gives the same rows as a local run."""
from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner

from stdbench.analysis.batch import check_many
from stdbench.cli import main
from tests.conftest import CORPUS

distributed = pytest.importorskip("distributed")

EX = CORPUS / "examples"
AFTER = date(2026, 11, 1)


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    """The four examples as .xml and .docx, one corrupt .docx, one empty .xml, and a second file of the
    same name in another folder (each worker task gets its own temporary directory)."""
    d = tmp_path_factory.mktemp("pile")
    for f in [*EX.glob("*.xml"), *EX.glob("*.docx")]:
        shutil.copy(f, d / f.name)
    (d / "sub").mkdir()
    (d / "sub" / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    shutil.copy(EX / "T-EXAMPLE_002-2025.xml", d / "sub" / "Q-EXAMPLE_0001S-2025.xml")
    (d / "empty.xml").write_bytes(b"")
    return d


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as c:
        yield c


def _rows(result) -> list[dict]:
    return [f.to_dict() for f in result.files]


def test_cluster_gives_the_rows_of_a_local_run(pile, db, cluster) -> None:
    local = check_many([pile], db, on=AFTER, jobs=1)
    seen: list[int] = []
    with distributed.Client(cluster) as client:
        remote = check_many([pile], db, on=AFTER, scheduler=client, progress=lambda done, total, r: seen.append(done))
        assert client.status == "running"  # a client handed in is not closed
    assert _rows(remote) == _rows(local)
    assert sorted(seen) == list(range(1, len(local.files) + 1))
    by_name = {r.file.removeprefix(str(pile) + "/"): r for r in remote.files}
    # the copy of T/EXAMPLE 002 that carries another file's name is checked as itself
    assert by_name["sub/Q-EXAMPLE_0001S-2025.xml"].standard == "T/EXAMPLE 002-2025"
    assert by_name["Q-EXAMPLE_0001S-2025.xml"].standard == "Q/EXAMPLE 0001S-2025"
    assert by_name["Q-EXAMPLE_0001S-2025.xml"].first_error.rule == "mandatory-looser"
    # unreadable files are rows named after the client's path, with the reader's one-line error
    assert by_name["empty.xml"].error == "empty file"
    assert by_name["sub/broken.docx"].error is not None and "stdbench-" not in by_name["sub/broken.docx"].error
    assert (remote.totals.checked, remote.totals.unreadable, remote.exit_code) == (9, 2, 1)


def test_cli_with_a_scheduler_address(pile, db, cluster) -> None:
    runner = CliRunner()
    args = ["check", str(pile), "--on", "2026-11-01", "--format", "json", "--db", str(db)]
    local = runner.invoke(main, [*args, "--jobs", "1"])
    remote = runner.invoke(main, [*args, "--dask-scheduler", cluster.scheduler_address])
    assert remote.exit_code == local.exit_code == 1
    assert json.loads(remote.output) == json.loads(local.output)


def test_unreachable_scheduler_and_exclusive_options(pile, db, monkeypatch) -> None:
    monkeypatch.setattr("stdbench.analysis.batch_dask.CONNECT_TIMEOUT", "1s")
    runner = CliRunner()
    res = runner.invoke(main, ["check", str(pile), "--db", str(db), "--dask-scheduler", "tcp://127.0.0.1:9"])
    assert res.exit_code == 2
    assert res.output.startswith("stdbench: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(res.output.strip().splitlines()) == 1
    res = runner.invoke(main, ["check", str(pile), "--db", str(db), "--jobs", "2", "--dask-scheduler", "x"])
    assert res.exit_code == 2 and "exclude each other" in res.output


def test_a_task_never_writes_where_the_clients_name_points(db, tmp_path) -> None:
    """The worker task names its row after the client's path but writes the bytes only inside its own
    temporary directory, whatever that path says."""
    import hashlib

    from stdbench.analysis.batch_dask import check_bytes

    index = db.read_bytes()
    name = str(tmp_path / "sub" / ".." / ".." / "escaped.xml")
    data = (EX / "T-EXAMPLE_002-2025.xml").read_bytes()
    row = check_bytes(name, data, index, hashlib.sha256(index).hexdigest(), AFTER, None, "zh")
    assert (row.file, row.standard, row.errors) == (name, "T/EXAMPLE 002-2025", 2)
    assert not (tmp_path.parent / "escaped.xml").exists()
    bad = check_bytes("pile/empty.xml", b"", index, hashlib.sha256(index).hexdigest(), AFTER, None, "zh")
    assert (bad.file, bad.error) == ("pile/empty.xml", "empty file")

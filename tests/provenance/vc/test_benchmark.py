"""The benchmark runs end to end (tiny rounds: the figures themselves are for `make bench`)."""

from __future__ import annotations

from provenance.vc.benchmark import run, sample_certificate


def test_the_benchmark_measures_all_three_rates() -> None:
    figures = run(rounds=2, seconds=0.02)
    assert figures.bare_per_second > 0
    assert figures.verify_per_second > 0
    assert figures.issue_per_second > 0
    assert figures.verify_percent_of_bare > 0


def test_the_sample_certificate_references_its_status_lists() -> None:
    certificate = sample_certificate("did:web:asal.example", serial="S-1", index=7)
    assert [entry["statusListIndex"] for entry in certificate["credentialStatus"]] == ["7", "7"]


def test_main_prints_the_figures_and_fails_only_when_strict(capsys, monkeypatch) -> None:
    from provenance.vc import benchmark

    monkeypatch.setattr(benchmark, "_pin_to_one_core", lambda: "not pinned (test)")
    assert benchmark.main(["--rounds", "1", "--seconds", "0.01", "--target", "100"]) == 0
    output = capsys.readouterr().out
    assert "bare Ed25519 verifications/s" in output and "NOT met" in output
    assert benchmark.main(["--rounds", "1", "--seconds", "0.01", "--target", "100", "--strict"]) == 1

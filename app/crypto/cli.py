"""The ``flask keys`` command group: status, rotate, verify, retire."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.crypto.errors import MasterKeyError
from app.crypto.keystore import crypto_state
from app.crypto.rotation import key_status, retire_master_key, rewrap_keys, start_rotation
from app.crypto.verify import verify_everything

keys_cli = AppGroup("keys", help="Manage the master key and data keys.")


@keys_cli.command("status")
def status_command() -> None:
    """Show how many data keys each master key version wraps."""
    status = key_status()
    click.echo(f"Master key source: {crypto_state().keyring.source}")
    click.echo(f"Active version: {status.active_version}")
    click.echo(f"Configured versions: {', '.join(map(str, status.configured_versions))}")
    click.echo(f"Versions with a check value: {', '.join(map(str, status.checked_versions))}")
    for version, count in status.keys_per_version.items():
        click.echo(f"  version {version}: {count} data key(s)")
    click.echo(f"Shredded data keys: {status.shredded}")
    click.echo(f"Blind-index key on version: {status.index_key_version or '-'}")
    if status.pending:
        click.echo(f"{status.pending} data key(s) wait for `flask keys rotate`.")


@keys_cli.command("rotate")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000))
def rotate_command(batch_size: int) -> None:
    """Add a master key version and re-wrap every data key under it (resumable)."""
    keyring = crypto_state().keyring
    try:
        rotation = start_rotation()
    except MasterKeyError as error:
        raise click.ClickException(str(error)) from None
    if rotation.new_version:
        click.echo(f"Added master key version {rotation.target_version} to {keyring.path}.")
    elif keyring.path is None:
        click.echo(
            "The master key comes from PASSERELLE_MASTER_KEY, so no new version can be "
            "generated here. To rotate, set PASSERELLE_MASTER_KEY to a keyring such as "
            '{"active": 2, "keys": {"1": "<old base64>", "2": "<new base64>"}} '
            "(or use PASSERELLE_MASTER_KEY_FILE), restart, and run this again. "
            f"Re-wrapping to the newest configured version, {rotation.target_version}."
        )
    else:
        click.echo(f"Resuming the rotation to master key version {rotation.target_version}.")
    rewrap_keys(
        rotation,
        batch_size=batch_size,
        on_batch=lambda done: click.echo(f"  {done} data key(s) re-wrapped"),
    )
    click.echo(f"Re-wrapped {rotation.rewrapped} data key(s).")
    if rotation.failed:
        for key_id in rotation.failed:
            click.echo(f"  could not unwrap data key {key_id}", err=True)
        raise click.ClickException(f"{len(rotation.failed)} data key(s) could not be re-wrapped.")


@keys_cli.command("verify")
@click.option("--batch-size", default=500, show_default=True, type=click.IntRange(1, 100_000))
def verify_command(batch_size: int) -> None:
    """Decrypt every data key and encrypted value; report failures without contents."""
    report = verify_everything(batch_size=batch_size)
    for version, match in report.master_keys.items():
        state = {True: "matches", False: "DOES NOT MATCH", None: "no check value"}[match]
        click.echo(f"Master key version {version}: {state}")
    click.echo(f"Data keys unwrapped: {report.data_keys}")
    click.echo(f"Blind-index key: {'ok' if report.index_key_ok else 'FAILED'}")
    click.echo(f"Encrypted values read: {report.values} ({report.erased} erased by shredding)")
    for failure in report.failures:
        click.echo(
            f"  FAILED {failure.table}.{failure.column} {failure.record_id}: {failure.reason}",
            err=True,
        )
    if not report.ok:
        raise click.ClickException(f"{len(report.failures)} failure(s).")
    click.echo("Everything decrypts.")


@keys_cli.command("retire")
@click.option("--version", "version", required=True, type=int)
def retire_command(version: int) -> None:
    """Remove a master key version once no data key uses it."""
    try:
        retire_master_key(version)
    except MasterKeyError as error:
        raise click.ClickException(str(error)) from None
    keyring = crypto_state().keyring
    if keyring.path is None:
        click.echo(
            f"Master key version {version} retired in the key store; remove it from "
            "PASSERELLE_MASTER_KEY and from every backup of it."
        )
    else:
        click.echo(
            f"Master key version {version} removed from {keyring.path}; destroy every "
            "backup copy of it too."
        )

"""Commands on facility data and passwords: `categories`, `template`, `validate`,
`password new`. No browser opens."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cifer_bot.cli.app import app, handled


@app.command("categories")
def categories_command(
    self_registration: Annotated[
        bool,
        typer.Option(
            "--self-registration",
            help="Only the categories a self-registered account may apply for.",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the catalog as JSON.")] = False,
) -> None:
    """List the food categories (Decree 248) in Chinese and English, with their codes."""
    from cifer_bot.facilities.catalog import list_categories

    typer.echo(
        handled(
            lambda: list_categories(self_registration_only=self_registration, as_json=as_json),
            as_json=as_json,
        )
    )


@app.command("template")
def template_command(
    file: Annotated[Path, typer.Argument(help="The spreadsheet to write (.xlsx).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write an empty facility spreadsheet with bilingual headers, notes and drop-downs."""
    from cifer_bot.facilities.template import write_template

    path = handled(lambda: write_template(path=file, force=force))
    typer.echo(f"wrote {path}: one row per site, then `cifer-bot validate {path}`")


@app.command("validate")
def validate_command(
    file: Annotated[Path, typer.Argument(help="Facility file: .xlsx, .csv, .yaml or .json.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the problems as JSON.")] = False,
) -> None:
    """Check every row of a facility file and print all problems at once.

    Exit 0 when every row is valid, 2 otherwise.
    """
    import json

    from cifer_bot.errors import exit_code
    from cifer_bot.facilities.intake import validate_file

    result = handled(lambda: validate_file(path=file), as_json=as_json)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        for line in result.lines() + result.warning_lines():
            typer.echo(line)
        typer.echo(result.summary())
    raise typer.Exit(exit_code(failed=False, invalid=not result.ok))


password_app = typer.Typer(
    help="Portal account passwords, kept in the environment or .env, never printed.",
    no_args_is_help=True,
)
app.add_typer(password_app, name="password")


@password_app.command("new")
def password_new_command(
    username: Annotated[str, typer.Argument(help="The portal account's username.")],
    env_file: Annotated[
        Path, typer.Option("--env-file", help="The file to store the password in.")
    ] = Path(".env"),
    force: Annotated[
        bool, typer.Option("--force", help="Replace the account's existing password.")
    ] = False,
) -> None:
    """Generate a password that meets the portal's rules and store it (mode 0600)."""
    from cifer_bot.credentials import new_password

    typer.echo(handled(lambda: new_password(username=username, env_file=env_file, force=force)))

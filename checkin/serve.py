"""`checkin serve`: the app in a browser tab, through ``textual-serve``.

textual-serve starts a new app process for every browser connection (``python -m checkin.serve
--tab DIR``). Each one takes the data folder's lock like the terminal app does, so a second tab
(or a tab while checkin is open in a terminal) cannot take it: it shows a calm page saying checkin
is already open instead of writing beside the first one. Closing a tab makes textual-serve ask the
app to quit, which saves like closing the terminal.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Static

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_HOST = "127.0.0.1"


def tab_command(folder: Path) -> str:
    """The shell command textual-serve runs for each tab (this Python, this data folder)."""
    return shlex.join([sys.executable, "-m", "checkin.serve", "--tab", str(folder)])


def host_warning(host: str) -> str | None:
    if host in LOCAL_HOSTS:
        return None
    return (
        f"Warning: listening on {host}. Anyone who can reach this computer on that address can "
        "open checkin and read your notes; there is no password. Use it only on a network you trust."
    )


def serve(folder: Path, *, host: str | None = None, port: int = 8000, open_browser: bool = True) -> int:
    """Run the web server until ctrl+c."""
    from .cli_support import CliError

    host = (host or DEFAULT_HOST).strip()
    if not host:
        raise CliError("--host needs an address, like 127.0.0.1")
    if not 1 <= port <= 65535:
        raise CliError("--port must be between 1 and 65535")
    warning = host_warning(host)
    if warning:
        print(warning, file=sys.stderr)
    import shutil
    import tempfile

    templates = Path(tempfile.mkdtemp(prefix="checkin-serve-"))
    try:
        local_page(templates)
        server = _make_server(tab_command(folder), host, port, open_browser, folder, templates)
        server.serve()
    finally:
        shutil.rmtree(templates, ignore_errors=True)
    return 0


_WEB_FONT = re.compile(r"<link[^>]*https://fonts\.googleapis\.com[^>]*>", re.S)
_LOCAL_FONT = """<style>
      @font-face { font-family: 'Roboto Mono';
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf"); }
    </style>"""


def local_page(folder: Path) -> Path:
    """textual-serve's page without its web font link: the font it ships is used instead, so
    opening checkin in a browser asks nothing of any other server."""
    import textual_serve

    shipped = Path(textual_serve.__file__).parent / "templates" / "app_index.html"
    page = _WEB_FONT.sub(_LOCAL_FONT, shipped.read_text(encoding="utf-8"))
    path = folder / "app_index.html"
    path.write_text(page, encoding="utf-8")
    return path


def _make_server(command: str, host: str, port: int, open_browser: bool, folder: Path, templates: Path) -> Any:
    import logging

    from textual_serve.server import Server

    class CheckinServer(Server):  # type: ignore[misc]
        def initialize_logging(self) -> None:
            logging.basicConfig(level="WARNING", format="%(message)s")

        async def on_startup(self, app: Any) -> None:
            print(f"checkin is open at {self.public_url}", flush=True)
            print(f"Data folder: {folder}. Press ctrl+c here to stop.", flush=True)
            if open_browser:
                import webbrowser

                webbrowser.open(self.public_url)

    url_host = f"[{host}]" if ":" in host else host
    return CheckinServer(command, host=host, port=port, title="checkin",
                         public_url=f"http://{url_host}:{port}", templates_path=templates)


# -- inside each tab -------------------------------------------------------------------------------


class MessageApp(App[int]):
    """A page instead of the app: checkin is open elsewhere, or the data folder has a problem."""

    TITLE = "checkin"
    CSS = """
    Screen { align: center middle; background: $background; }
    #card { width: 72; max-width: 100%; height: auto; padding: 1 3; border: round $primary;
            background: $surface; }
    #title { text-style: bold; margin-bottom: 1; }
    #hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("ctrl+q", "quit", "Close", id="message.close")]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = text

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="card"):
            yield Static(self.title_text, id="title", markup=False)
            yield Static(self.body, id="text", markup=False)
            yield Static("You can close this tab; nothing here was changed.", id="hint", markup=False)


ALREADY_OPEN_TITLE = "checkin is already open"
ALREADY_OPEN_TEXT = (
    "It is open in another browser tab or in a terminal on this computer. Only one can write at a "
    "time, so nothing you two wrote gets mixed up. Go back to that one, or close it and reload "
    "this page."
)


def run_tab(folder: Path) -> int:
    """One browser tab: the app, or a clear page when it cannot open (never a traceback)."""
    from .cli_support import log_unexpected, run_app
    from .errors import AlreadyOpenError, StoreError

    try:
        return run_app(folder)
    except AlreadyOpenError:
        MessageApp(ALREADY_OPEN_TITLE, ALREADY_OPEN_TEXT).run()
    except StoreError as err:
        MessageApp("checkin could not open your data", str(err)).run()
    except Exception as err:  # noqa: BLE001 - a page, not a traceback in the browser
        where = log_unexpected(err, str(folder))
        detail = f" Details (no notes) are in {where}." if where else ""
        text = f"An unexpected problem stopped checkin; nothing you saved was lost.{detail}"
        MessageApp("checkin stopped", text).run()
    return 1


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "--tab":
        print("checkin: this is started by 'checkin serve'; run that instead", file=sys.stderr)
        return 2
    return run_tab(Path(args[1]))


if __name__ == "__main__":
    raise SystemExit(main())

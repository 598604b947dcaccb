"""Run the stand-in federal login: `python -m wieg.testing.oidc_provider.serve --client-id ... --secret ...
--redirect-uri ...` with OIDC_PROVIDER_PEOPLE set. Binds a free port on 127.0.0.1, prints `READY <port>`."""

import argparse
import os
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class ProviderServer(WSGIServer):
    """One request at a time is enough: the browser and Wieg's server take turns."""


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client-id", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--redirect-uri", required=True, action="append")
    parser.add_argument("--db", required=True, help="a new SQLite file for the provider's own tables")
    args = parser.parse_args(argv)

    os.environ["OIDC_PROVIDER_DB"] = args.db
    os.environ["DJANGO_SETTINGS_MODULE"] = "wieg.testing.oidc_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from .validators import people

    call_command("migrate", verbosity=0, interactive=False)
    for username, person in people().items():
        user = User.objects.create(username=username)
        user.set_password(person["password"])
        user.save()
    Application.objects.create(
        name="Wieg",
        client_id=args.client_id,
        client_secret=args.secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(args.redirect_uri),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = make_server("127.0.0.1", 0, get_wsgi_application(), ProviderServer, QuietHandler)
    print(f"READY {server.server_port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())

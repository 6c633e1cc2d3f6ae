from vstid.cli.main import app

app(prog_name="vstid")

#!/usr/bin/python3
"""Runs many AWS CLI commands in one Python process, to pay the CLI's start-up once.

Each command runs exactly as /usr/bin/aws runs it (awscli.clidriver.main with sys.argv set),
with stdout and stderr captured, and with the credentials it names in its environment (the
CLI reads AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY afresh for every command).
Protocol, one JSON document per line:
  in:  {"args": ["ecs", "list-clusters", "--endpoint-url", ...], "env": {"AWS_ACCESS_KEY_ID": ...}}
  out: {"code": 0, "stdout": "...", "stderr": "..."}
"""
import contextlib
import io
import json
import os
import sys

if os.environ.get('LC_CTYPE', '') == 'UTF-8':
    os.environ['LC_CTYPE'] = 'en_US.UTF-8'
import awscli.clidriver  # noqa: E402

protocol_out = sys.stdout
for line in sys.stdin:
    if not line.strip():
        continue
    command = json.loads(line)
    args = command['args']
    for name, value in command.get('env', {}).items():
        os.environ[name] = value
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ['aws'] + args
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = awscli.clidriver.main()
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 255
    except Exception as error:  # a crash inside the CLI is a result too
        code = 255
        err.write('aws-cli-driver: %s: %s\n' % (type(error).__name__, error))
    protocol_out.write(json.dumps({'code': code, 'stdout': out.getvalue(), 'stderr': err.getvalue()}) + '\n')
    protocol_out.flush()

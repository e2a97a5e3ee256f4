#!/usr/bin/env python3
"""Dev harness: runs each handler fixture under our bootstrap and under AWS's runtime interface
client (the oracle), each against its own minimal Runtime API on 127.0.0.1, and prints what each
posted, field for field.

usage: compare.py ORACLES_DIR [CASE_SUBSTRING ...]

Equal, or the case fails: the path posted to (response / error / init/error, or nothing before
the deadline), the Lambda-Runtime-Function-Error-Type header, every key of the JSON body, and
every value except:
  - trace / stackTrace: frames ("    at …" in Node, '  File "…"' in Python) located in the
    runtime itself or in node:internal are dropped on both sides (they name the runtime's own
    files and lines); every other line (the "Type: message" head, frames in the task root,
    source excerpts of syntax errors) must be equal;
  - the runtime's own file paths inside a message (Node's "Require stack:" names the file that
    called require) are replaced by <runtime>.
Both sides run on the same interpreter: the oracle's node (node 22 for aws-lambda-ric 4.0.2) or
the venv's python.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[3]
FIXTURES = HERE.parent / "fixtures" / "handlers"
INVOCATIONS = 2  # the second one runs in the warm environment the first one left


def request_id(n):
    return f"8f5e3c2a-7b1d-4c3e-9a0b-{n:012d}"

ARN = "arn:aws:lambda:us-east-1:123456789012:function:oracle-check"
ORACLE_OF = {"nodejs24.x": "node-ric-4"}


def oracle_for(runtime):
    if runtime.startswith("python"):
        return "python-ric"
    return ORACLE_OF.get(runtime, "node-ric-3")


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a runtime that exits mid-request is part of what is being compared


class Api:
    """One Runtime API serving INVOCATIONS copies of the event in turn; records every POST."""

    def __init__(self, event, timeout):
        self.event = json.dumps(event).encode()
        self.timeout = timeout
        self.served = 0
        self.posts = []
        self.done = threading.Event()
        self.progress = threading.Event()
        self.closing = threading.Event()
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, body, headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if not self.path.endswith("/runtime/invocation/next"):
                    return self.reply(404, b"{}")
                if api.served >= INVOCATIONS:  # all answered: hold this /next unanswered
                    api.done.set()
                    api.closing.wait(60)
                    self.close_connection = True
                    return None
                api.served += 1
                api.progress.set()
                deadline = int(time.time() * 1000) + api.timeout * 1000
                self.reply(200, api.event, [
                    ("Lambda-Runtime-Aws-Request-Id", request_id(api.served)),
                    ("Lambda-Runtime-Deadline-Ms", str(deadline)),
                    ("Lambda-Runtime-Invoked-Function-Arn", ARN),
                    ("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0"),
                    ("Content-Type", "application/json"),
                ])

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                path = self.path.split("/runtime/", 1)[1]
                for n in range(1, INVOCATIONS + 1):
                    path = path.replace(request_id(n), "{id}")
                api.posts.append({
                    "path": path,
                    "error_type": self.headers.get("Lambda-Runtime-Function-Error-Type"),
                    "body": json.loads(body) if body else None,
                })
                api.progress.set()
                self.reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])
                if "/init/error" in self.path:
                    api.done.set()

        self.server = QuietServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def address(self):
        return f"127.0.0.1:{self.server.server_address[1]}"


def environment(runtime, handler, task_root, runtime_dir, api, extra):
    env = {
        "PATH": os.environ["PATH"], "LANG": "en_US.UTF-8", "TZ": ":UTC", "_HANDLER": handler,
        "LAMBDA_TASK_ROOT": str(task_root), "LAMBDA_RUNTIME_DIR": str(runtime_dir),
        "AWS_LAMBDA_RUNTIME_API": api, "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
        "AWS_LAMBDA_FUNCTION_NAME": "oracle-check", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/oracle-check",
        "AWS_LAMBDA_LOG_STREAM_NAME": "2026/11/28/[$LATEST]0123456789abcdef0123456789abcdef",
        "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "ASIASANDBOXDUMMY", "AWS_SECRET_ACCESS_KEY": "sandbox-dummy",
        "AWS_SESSION_TOKEN": "sandbox-dummy",
    }
    if runtime.startswith("python"):
        env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    # COMPARE_ENV="AWS_LAMBDA_LOG_FORMAT=JSON,AWS_LAMBDA_LOG_LEVEL=DEBUG" adds to both sides
    env.update(kv.split("=", 1) for kv in os.environ.get("COMPARE_ENV", "").split(",") if "=" in kv)
    return env


def run(argv, env, cwd, event, timeout):
    """Runs one environment until every event is answered, it exits, or it stalls past the
    deadline; returns the POSTs it made and its output."""
    api = Api(event, timeout)
    env = dict(env, AWS_LAMBDA_RUNTIME_API=api.address)
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    for _ in range(INVOCATIONS + 2):
        api.progress.clear()
        if api.done.is_set() or proc.poll() is not None:
            break
        if not api.progress.wait(timeout + 3) and not api.done.is_set():
            break
    time.sleep(0.2)  # a POST racing the process's exit
    if proc.poll() is None:
        proc.kill()
    log = proc.communicate()[0]
    api.closing.set()
    api.server.shutdown()
    return api.posts, log


def launch_argv(name, oracles, handler):
    spec = json.loads((HERE / "launchers.json").read_text())[name]
    node22 = pathlib.Path(oracles) / "node22/node_modules/node/bin/node"
    subst = {"{oracles}": str(oracles), "{handler}": handler, "{shim}": str(HERE / "shim"),
             "{node22}": str(node22) if node22.exists() else "node"}

    def fill(text):
        for key, value in subst.items():
            text = text.replace(key, value)
        return text

    return [fill(a) for a in spec["argv"]], {k: fill(v) for k, v in spec["env"].items()}


def outcome_kind(path):
    if path == "init/error":
        return "init_error"
    if path.endswith("/response"):
        return "response"
    return "error" if path.endswith("/error") else "timeout"


FRAME = re.compile(r'^\s+at |^  File "')


def normalize(value, runtime_paths):
    if isinstance(value, str):
        for path in runtime_paths:
            value = re.sub(re.escape(path) + r"""[^\s:)'"]*""", "<runtime>", value)
        return value
    if isinstance(value, list):
        kept = []
        for line in value:
            line = normalize(line, runtime_paths)
            if isinstance(line, str) and FRAME.match(line) and (
                "<runtime>" in line or "node:internal" in line or "awslambdaric" in line):
                continue
            kept.append(line)
        return kept
    if isinstance(value, dict):
        return {k: normalize(v, runtime_paths) for k, v in value.items()}
    return value


NOTHING = {"path": "(nothing)", "error_type": None, "body": None}


def compare(ours, oracle, our_paths, oracle_paths):
    rows = []
    for n in range(max(len(ours), len(oracle), 1)):
        mine = ours[n] if n < len(ours) else NOTHING
        theirs = oracle[n] if n < len(oracle) else NOTHING
        at = f"#{n + 1} "
        rows += [(at + "path", mine["path"], theirs["path"]),
                 (at + "error-type header", mine["error_type"], theirs["error_type"])]
        a, b = normalize(mine["body"], our_paths), normalize(theirs["body"], oracle_paths)
        if isinstance(a, dict) and isinstance(b, dict) and not mine["path"].endswith("/response"):
            for key in sorted(set(a) | set(b)):
                rows.append((f"{at}body.{key}", a.get(key, "(absent)"), b.get(key, "(absent)")))
        else:
            rows.append((at + "body", a, b))
    return rows


def main():
    oracles = pathlib.Path(sys.argv[1]).resolve()
    wanted = sys.argv[2:]
    cases = json.loads((FIXTURES / "cases.json").read_text())["cases"]
    node_dir = REPO / "assets/lambda/node"
    python_dir = REPO / "assets/lambda/python"
    failures = 0
    for case in cases:
        if wanted and not any(w in case["name"] for w in wanted):
            continue
        seen = set()
        for runtime in reversed(case["runtimes"]):
            oracle = oracle_for(runtime)
            if oracle in seen:
                continue
            seen.add(oracle)
            task_root = FIXTURES / case["dir"]
            o_argv, o_env = launch_argv(oracle, oracles, case["handler"])
            if runtime.startswith("python"):
                ours_argv = [o_argv[0], str(python_dir / "bootstrap.py")]
                runtime_dir, oracle_paths = python_dir, [str(oracles / "python")]
                our_paths = [str(python_dir / "bootstrap.py")]
            else:
                # OUR_NODE=node runs ours on the machine's node (as the sandbox does)
                ours_argv = [os.environ.get("OUR_NODE", o_argv[0]), str(node_dir / "bootstrap.mjs")]
                runtime_dir = node_dir
                oracle_paths = [str(oracles / oracle / "node_modules/aws-lambda-ric")]
                our_paths = [str(node_dir / "bootstrap.mjs")]
            env = environment(runtime, case["handler"], task_root, runtime_dir, "", {})
            ours, our_log = run(ours_argv, env, task_root, case["event"], case["timeout_secs"])
            theirs, their_log = run(o_argv, dict(env, **o_env), task_root, case["event"],
                                    case["timeout_secs"])
            rows = compare(ours, theirs, our_paths, oracle_paths)
            ok = all(x == y for _, x, y in rows)
            kind = outcome_kind((ours or [NOTHING])[0]["path"])
            expected = case["expect"] == kind
            failures += (not ok) + (not expected)
            print(f"\n## {case['name']} [{runtime} vs {oracle}] "
                  f"{'SAME' if ok else 'DIFFERENT'}; expected {case['expect']}, got {kind}")
            for field, x, y in rows:
                mark = "=" if x == y else "≠"
                print(f"  {mark} {field}: ours={json.dumps(x)}")
                if x != y:
                    print(f"    {' ' * len(field)} oracle={json.dumps(y)}")
            if os.environ.get("SHOW_LOGS"):
                print("  --- our log\n" + our_log + "  --- oracle log\n" + their_log)
    print(f"\n{failures} difference(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""authgate's Python runtime for the sandbox's Lambda execution environments.

It speaks the Lambda Runtime API (2018-06-01) at AWS_LAMBDA_RUNTIME_API and runs the handler
named by _HANDLER (`module.function`, `pkg/mod.function`) from LAMBDA_TASK_ROOT, behaving as
AWS's awslambdaric 4.2.2 does: the same bodies for /response, /error and /init/error, and the same
log lines (print as is; logging as "[LEVEL]\\ttimestamp\\trequestId\\tmessage").
tests/oracles/compare.py checks it against awslambdaric. Standard library only, Python >= 3.9.
This file must stay named bootstrap.py: stack traces drop their leading frames from files whose
path contains "/bootstrap.py", as awslambdaric does with its own.
"""

import decimal
import http.client
import importlib
import json
import logging
import os
import sys
import threading
import time
import traceback

ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type"
BASE = "/2018-06-01/runtime"
UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. "
    "However, in rare cases, a Lambda runtime update can cause unexpected function behavior. "
    "For functions using managed runtimes, runtime updates can be triggered by a function change, "
    "or can be applied automatically. To determine if the runtime has been updated, check the "
    "runtime version in the INIT_START log entry. If this error correlates with a change in the "
    "runtime version, you may be able to mitigate this error by temporarily rolling back to the "
    "previous runtime version. For more information, see "
    "https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)
UNICODE_RUNTIMES = {f"AWS_Lambda_python3.{minor}" for minor in (12, 13, 14, 15)}
_request_id = None


class Fault(Exception):
    """A runtime-detected failure with the Runtime.* type awslambdaric posts."""

    def __init__(self, error_type, message, trace=None):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.trace = trace


def to_json(value):
    def fallback(obj):
        if isinstance(obj, decimal.Decimal):
            return float("nan") if obj.is_nan() else (int(obj) if obj == obj.to_integral_value() else float(obj))
        raise TypeError(f"Object of type {obj.__class__.__name__} is not JSON serializable")

    ensure_ascii = os.environ.get("AWS_EXECUTION_ENV") not in UNICODE_RUNTIMES
    return json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=True, default=fallback)


def error_body(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message if message else "",
        "errorType": error_type if error_type else "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace if stack_trace else [],
    }


def user_stack(tb):
    """The traceback as traceback.format_list, without this runtime's leading frames."""
    frames = [(f.filename, f.lineno, f.name, f.line) for f in traceback.extract_tb(tb)]
    for index, frame in enumerate(frames):
        if "/bootstrap.py" not in frame[0]:
            frames = frames[index:]
            break
    return traceback.format_list(frames)


def exception_body(exc, request_id=None):
    return error_body(str(exc), type(exc).__name__, user_stack(exc.__traceback__), request_id)


JSON_LOGS = (os.environ.get("AWS_LAMBDA_LOG_FORMAT") or "").upper() == "JSON"
RECORD_FIELDS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message", "asctime", "aws_request_id", "tenant_id", "_frame_type", "taskName"}


class JsonFormatter(logging.Formatter):
    """awslambdaric's JSON log record: fixed keys, then the record's extra attributes."""

    def format(self, record):
        level = min(50, max(0, record.levelno)) // 10 * 10
        exc = record.exc_info
        message = record.msg if isinstance(record.msg, dict) and not record.args else record.getMessage()
        result = {
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.created)),
            "level": logging.getLevelName(level),
            "message": message,
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": f"{record.pathname}:{record.funcName}:{record.lineno}" if exc else None,
        }
        result.update((k, v) for k, v in vars(record).items() if k not in RECORD_FIELDS and k not in result)
        result = {k: v for k, v in result.items() if v is not None}
        return json.dumps(result, ensure_ascii=False, default=str) + "\n"


def log_error(body):
    if JSON_LOGS:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        sys.stdout.write(to_json({"timestamp": stamp, "level": "ERROR", **body}) + "\n")
        return
    head = "[ERROR]"
    if body.get("errorType"):
        head += " " + body["errorType"]
    if body.get("errorMessage"):
        head += (":" if body.get("errorType") else "") + " " + body["errorMessage"]
    lines = [head]
    if body.get("stackTrace") is not None:
        lines.append("Traceback (most recent call last):")
        for element in body["stackTrace"]:
            if element == "":
                lines.append("")
                continue
            for line in element.splitlines():
                stripped = line.lstrip(" ")
                lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.write("\r".join(lines) + "\n")


class Unbuffered:
    def __init__(self, stream):
        self.stream = stream

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def write(self, text):
        self.stream.write(text)
        self.stream.flush()

    def writelines(self, lines):
        self.stream.writelines(lines)
        self.stream.flush()


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id or ""
        record.tenant_id = None
        return True


class StdoutHandler(logging.Handler):
    def emit(self, record):
        sys.stdout.write(self.format(record))


def setup_logging():
    logging.Formatter.converter = time.gmtime
    handler = StdoutHandler()
    text = logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n",
        "%Y-%m-%dT%H:%M:%S",
    )
    handler.setFormatter(JsonFormatter() if JSON_LOGS else text)
    handler.addFilter(RequestIdFilter())
    level = {None: "", "TRACE": "DEBUG"}.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL"), os.environ.get("AWS_LAMBDA_LOG_LEVEL", "")).upper()
    root = logging.getLogger()
    if level in logging._nameToLevel:  # noqa: SLF001 (awslambdaric checks the same table)
        root.setLevel(level)
    root.addHandler(handler)


class CognitoIdentity:
    def __init__(self, identity):
        self.cognito_identity_id = identity.get("cognitoIdentityId")
        self.cognito_identity_pool_id = identity.get("cognitoIdentityPoolId")


class ClientContext:
    def __init__(self, context):
        self.custom = context.get("custom")
        self.env = context.get("env")
        self.client = context.get("client")


class LambdaContext:
    def __init__(self, headers):
        self.aws_request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.tenant_id = headers.get("Lambda-Runtime-Aws-Tenant-Id")
        client_context = parse_json_header(headers.get("Lambda-Runtime-Client-Context"), "Client Context")
        identity = parse_json_header(headers.get("Lambda-Runtime-Cognito-Identity"), "Cognito Identity")
        self.client_context = ClientContext(client_context) if client_context is not None else None
        self.identity = CognitoIdentity(identity or {})
        self._deadline_ms = int(headers.get("Lambda-Runtime-Deadline-Ms") or 0)

    def get_remaining_time_in_millis(self):
        return max(self._deadline_ms - int(time.time() * 1000), 0)

    def log(self, msg):
        sys.stdout.write(str(msg))


def parse_json_header(value, name):
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError as e:
        raise Fault("Runtime.LambdaContextUnmarshalError", f"Unable to parse {name} JSON: {e}") from e


class RuntimeApi:
    def __init__(self, address):
        self.address = address
        self.connection = http.client.HTTPConnection(address)

    def call(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if body is not None:
            headers.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):  # a kept-alive connection the server closed: reconnect once
            try:
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                return response, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = http.client.HTTPConnection(self.address)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def next(self):
        response, body = self.call("GET", f"{BASE}/invocation/next")
        if response.status != 200:  # not a Runtime API for us (any more): stop, do not loop
            sys.stderr.write(f"authgate bootstrap: invocation/next answered {response.status}\n")
            os._exit(1)
        return response.headers, body

    def respond(self, request_id, payload, content_type):
        self.call("POST", f"{BASE}/invocation/{request_id}/response", payload, {"Content-Type": content_type})

    def fail(self, request_id, body):
        self.call("POST", f"{BASE}/invocation/{request_id}/error", to_json(body).encode())

    def init_error(self, body):
        self.call("POST", f"{BASE}/init/error", to_json(body).encode(), {ERROR_TYPE_HEADER: body["errorType"]})


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise Fault("Runtime.MalformedHandlerName", f"Bad handler '{handler}': {e}") from e
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise Fault(
                "Runtime.BuiltInModuleConflict",
                f"Cannot use built-in module {module_name} as a handler module",
            )
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise Fault("Runtime.ImportModuleError", f"Unable to import module '{module_name}': {e}") from e
    except SyntaxError as e:
        trace = ['  File "%s" Line %s\n    %s' % (e.filename, e.lineno, e.text)]
        raise Fault("Runtime.UserCodeSyntaxError", f"Syntax error in module '{module_name}': {e}", trace) from e
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise Fault(
            "Runtime.HandlerNotFound", f"Handler '{function_name}' missing on module '{module_name}'"
        ) from None


def decode_event(body, content_type):
    if content_type not in (None, "application/json"):
        return body
    try:
        return json.loads(body)
    except ValueError as e:
        raise Fault("Runtime.UnmarshalError", f"Unable to unmarshal input: {e}") from e


def encode_result(result):
    if isinstance(result, bytes):
        return result, "application/unknown"
    try:
        return to_json(result).encode(), "application/json"
    except (TypeError, ValueError) as e:
        raise Fault("Runtime.MarshalError", f"Unable to marshal response: {e}") from e


def invoke(api, handler, headers, body):
    request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
    try:
        context = LambdaContext(headers)
        event = decode_event(body, headers.get("Content-Type"))
        payload, content_type = encode_result(handler(event, context))
    except Fault as fault:
        error = error_body(fault.message, fault.error_type, fault.trace, request_id)
    except Exception as exc:  # noqa: BLE001 (any exception of the handler becomes its error)
        error = exception_body(exc, request_id)
    else:
        api.respond(request_id, payload, content_type)
        return
    log_error(error)
    api.fail(request_id, error)


def exit_with_the_sandbox():
    """The sandbox holds our stdin open and never writes to it: its end means the sandbox is
    gone (even killed with SIGKILL), and an environment must not outlive it."""
    def watch():
        try:
            sys.stdin.buffer.read()
        finally:
            os._exit(0)
    if not sys.stdin.isatty():
        threading.Thread(target=watch, name="authgate-sandbox-watch", daemon=True).start()


def main():
    exit_with_the_sandbox()
    global _request_id
    sys.stdout = Unbuffered(sys.stdout)
    sys.stderr = Unbuffered(sys.stderr)
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [task_root] + [p for p in sys.path if os.path.abspath(p or ".") != here]
    api = RuntimeApi(os.environ["AWS_LAMBDA_RUNTIME_API"])
    error = None
    try:
        setup_logging()
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except Fault as fault:
        error = error_body(fault.message, fault.error_type, fault.trace)
    except Exception as exc:  # noqa: BLE001 (an exception raised while importing the module)
        error = exception_body(exc)
    if error is not None:
        logging.warning(UNHANDLED_WARNING)
        log_error(error)
        api.init_error(error)
        sys.exit(1)
    while True:
        headers, body = api.next()
        _request_id = headers.get("Lambda-Runtime-Aws-Request-Id")
        trace_id = headers.get("Lambda-Runtime-Trace-Id")
        if trace_id is not None:
            os.environ["_X_AMZN_TRACE_ID"] = trace_id
        else:
            os.environ.pop("_X_AMZN_TRACE_ID", None)
        invoke(api, handler, headers, body)


if __name__ == "__main__":
    main()

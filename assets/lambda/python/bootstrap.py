"""The authgate sandbox's Python runtime: a client of the Lambda Runtime API."""
import importlib
import json
import os
import sys
import time
import traceback
import urllib.request

API = "http://%s/2018-06-01/runtime/" % os.environ["AWS_LAMBDA_RUNTIME_API"]


def call(path, body=None, error_type=None):
    headers = {"Content-Type": "application/json"}
    if error_type:
        headers["Lambda-Runtime-Function-Error-Type"] = error_type
    request = urllib.request.Request(API + path, data=body, headers=headers)
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def failure(e, request_id=None):
    body = {"errorMessage": str(e), "errorType": type(e).__name__,
            "stackTrace": traceback.format_list(traceback.extract_tb(e.__traceback__))}
    if request_id:
        body["requestId"] = request_id
    return body


class Context:
    def __init__(self, headers):
        self.aws_request_id = headers["Lambda-Runtime-Aws-Request-Id"]
        self.invoked_function_arn = headers.get("Lambda-Runtime-Invoked-Function-Arn")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self._deadline = int(headers["Lambda-Runtime-Deadline-Ms"])

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline - int(time.time() * 1000))


def load():
    spec = os.environ.get("_HANDLER", "lambda_function.lambda_handler")
    module_name, _, function_name = spec.rpartition(".")
    sys.path.insert(0, os.environ["LAMBDA_TASK_ROOT"])
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except Exception as e:  # noqa: BLE001
        raise RuntimeError("Runtime.ImportModuleError",
                           "Unable to import module '%s': %s" % (module_name, e))
    handler = getattr(module, function_name, None)
    if handler is None:
        raise RuntimeError("Runtime.HandlerNotFound",
                           "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return handler


try:
    handler = load()
except RuntimeError as e:
    error_type, message = e.args
    body = {"errorMessage": message, "errorType": error_type, "stackTrace": []}
    print("[ERROR] %s: %s" % (error_type, message), flush=True)
    call("init/error", json.dumps(body).encode(), error_type)
    sys.exit(1)

while True:
    headers, event = call("invocation/next")
    context = Context(headers)
    request_id = context.aws_request_id
    try:
        result = handler(json.loads(event), context)
        call("invocation/%s/response" % request_id, json.dumps(result).encode())
    except Exception as e:  # noqa: BLE001
        body = failure(e, request_id)
        call("invocation/%s/error" % request_id, json.dumps(body).encode(), body["errorType"])

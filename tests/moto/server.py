"""moto server (5.2.5) with the few API Gateway and Lambda calls authgate needs that moto
lacks, registered before the server starts. Used by tests/it/aws_moto.rs.

What is extended, and how it answers (AWS's documented response shapes; nothing runs):
  - CreateAuthorizer: moto drops identityValidationExpression (a misspelt keyword); fixed.
  - DeleteRestApi: moto fails with 500 for an unknown id; answers 404 as AWS does.
  - ImportRestApi: moto crashes on integrations without `uri`/`httpMethod` (type `mock`);
    we fill them with "" while moto reads the definition. The product's file is unchanged.
  - UpdateMethod (PATCH .../methods/{verb}): applies `replace` on /authorizationType,
    /authorizerId, /apiKeyRequired to moto's own method model, so GetMethod reflects it.
  - TestInvokeMethod, TestInvokeAuthorizer: recorded, answered with a canned result; the
    authorizer test honours the identity source and validation expression (401 otherwise).
  - FlushStageAuthorizersCache: recorded; 404 if the stage does not exist.
  - Lambda Invoke: recorded; no code runs (moto would need Docker). A TOKEN event with a
    `Bearer` token gets an Allow policy for its methodArn; anything else the "Unauthorized"
    error, as our authorizer would. The log tail says it is a stand-in.
Control endpoints (not AWS): GET /_authgate/recorded, POST /_authgate/fail-create-function/N
(the next N CreateFunction calls fail as if a new IAM role had not propagated yet).

Usage: server.py --port 0   (prints AUTHGATE_MOTO_PORT=<port> once listening on 127.0.0.1)
"""

import argparse
import base64
import json
import logging
import os
import re
import sys
import threading

from moto.apigateway import urls as apigateway_urls
from moto.apigateway.exceptions import BadRequestException
from moto.apigateway.models import APIGatewayBackend, Authorizer
from moto.apigateway.responses import APIGatewayResponse
from moto.awslambda.exceptions import InvalidParameterValueException
from moto.awslambda.models import LambdaFunction
from moto.awslambda.responses import LambdaResponse
from moto.moto_server import threaded_moto_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication

STAND_IN = "moto stand-in (tests/moto/server.py): recorded, nothing was executed"
_lock = threading.Lock()
_recorded: dict = {}
_fail_create_function = [0]


def record(op, entry):
    with _lock:
        _recorded.setdefault(op, []).append(entry)


# --- ImportRestApi: mock integrations ---------------------------------------------------
_build_integration_args = APIGatewayBackend._build_integration_args


def build_integration_args(self, integration):
    args = _build_integration_args(self, integration)
    for key in ("uri", "integration_method"):
        if args.get(key) is None:
            args[key] = ""
    return args


APIGatewayBackend._build_integration_args = build_integration_args


# --- CreateAuthorizer: moto 5.2.5 passes `identiy_validation_expression` (sic), which the
# model never reads, so the expression is dropped. Map the misspelt keyword.
_authorizer_init = Authorizer.__init__


def authorizer_init(self, authorizer_id, name, authorizer_type, **kwargs):
    if "identiy_validation_expression" in kwargs:
        kwargs.setdefault("identity_validation_expression",
                          kwargs.pop("identiy_validation_expression"))
    _authorizer_init(self, authorizer_id, name, authorizer_type, **kwargs)


Authorizer.__init__ = authorizer_init


# --- DeleteRestApi: moto answers 500 (KeyError) for an unknown id; AWS says 404.
_delete_rest_api = APIGatewayBackend.delete_rest_api


def delete_rest_api(self, function_id):
    self.get_rest_api(function_id)  # raises RestAPINotFound (404)
    return _delete_rest_api(self, function_id)


APIGatewayBackend.delete_rest_api = delete_rest_api


# --- API Gateway ------------------------------------------------------------------------
def _parts(self):
    return self.path.split("/")


def update_method(self):
    parts = _parts(self)
    api_id, resource_id, verb = parts[2], parts[4], parts[6]
    ops = self._get_param("patchOperations") or []
    record("UpdateMethod", {"restApiId": api_id, "resourceId": resource_id,
                            "httpMethod": verb, "patchOperations": ops})
    method = self.backend.get_method(api_id, resource_id, verb)
    for op in ops:
        path, value = op.get("path"), op.get("value")
        if op.get("op") != "replace":
            raise BadRequestException(f"stand-in supports only replace, not {op.get('op')}")
        if path == "/authorizationType":
            method.authorization_type = value
        elif path == "/authorizerId":
            self.backend.get_authorizer(api_id, value)  # 404 for an unknown authorizer
            method.authorizer_id = value
        elif path == "/apiKeyRequired":
            method.api_key_required = value == "true"
        else:
            raise BadRequestException(f"stand-in does not patch {path}")
    return 200, {}, json.dumps(method.to_json())


def test_invoke_method(self):
    parts = _parts(self)
    api_id, resource_id, verb = parts[2], parts[4], parts[6]
    self.backend.get_method(api_id, resource_id, verb)  # 404s like AWS
    body = self._get_param("body")
    record("TestInvokeMethod", {"restApiId": api_id, "resourceId": resource_id,
                                "httpMethod": verb, "body": body,
                                "headers": self._get_param("headers")})
    pet = json.loads(body) if body else {}
    answer = {"pet": pet, "message": "success"}
    return 200, {}, json.dumps({
        "status": 200,
        "body": json.dumps(answer),
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "log": f"Execution log for request test-request\n{STAND_IN}\n",
        "latency": 7,
    })


def test_invoke_authorizer(self):
    parts = _parts(self)
    api_id, authorizer_id = parts[2], parts[4]
    authorizer = self.backend.get_authorizer(api_id, authorizer_id)
    headers = self._get_param("headers") or {}
    record("TestInvokeAuthorizer", {"restApiId": api_id, "authorizerId": authorizer_id,
                                    "headers": headers})
    header = (authorizer.identity_source or "").rsplit(".", 1)[-1]
    token = headers.get(header)
    pattern = authorizer.identity_validation_expression
    if not token or (pattern and not re.match(pattern, token)):
        return 200, {}, json.dumps({"clientStatus": 401, "latency": 1,
                                    "log": f"Unauthorized (identity source check)\n{STAND_IN}"})
    arn = (f"arn:aws:execute-api:{self.region}:{self.current_account}:"
           f"{api_id}/ESTestInvoke-stage/GET/")
    policy = {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": arn}]}
    return 200, {}, json.dumps({
        "clientStatus": 200, "principalId": "moto-stand-in", "policy": json.dumps(policy),
        "authorization": {}, "claims": {}, "latency": 3,
        "log": f"Endpoint request body after transformations: ...\n{STAND_IN}\n",
    })


def flush_stage_authorizers_cache(self):
    parts = _parts(self)
    api_id, stage = parts[2], parts[4]
    self.backend.get_stage(api_id, stage)
    record("FlushStageAuthorizersCache", {"restApiId": api_id, "stageName": stage})
    return 202, {}, ""


APIGatewayResponse.update_method = update_method
APIGatewayResponse.test_invoke_method = test_invoke_method
APIGatewayResponse.test_invoke_authorizer = test_invoke_authorizer
APIGatewayResponse.flush_stage_authorizers_cache = flush_stage_authorizers_cache
apigateway_urls.url_paths[
    "{0}/restapis/(?P<function_id>[^/]+)/stages/(?P<stage_name>[^/]+)/cache/authorizers$"
] = APIGatewayResponse.dispatch


# --- Lambda -----------------------------------------------------------------------------
def invoke(self, body, request_headers, response_headers):
    event = json.loads(body) if body else {}
    record("Invoke", {"functionName": self.function_name, "event": event,
                      "logType": request_headers.get("X-Amz-Log-Type")})
    log = (f"START RequestId: stand-in Version: $LATEST\n{STAND_IN}\n"
           "END RequestId: stand-in\n")
    response_headers["x-amz-log-result"] = base64.b64encode(log.encode()).decode()
    token = event.get("authorizationToken", "")
    if event.get("type") == "TOKEN" and token.startswith("Bearer ") and len(token) > 7:
        result = {"principalId": "moto-stand-in", "policyDocument": {
            "Version": "2012-10-17", "Statement": [{
                "Action": "execute-api:Invoke", "Effect": "Allow",
                "Resource": event.get("methodArn")}]}}
    else:
        response_headers["x-amz-function-error"] = "Unhandled"
        result = {"errorType": "Error", "errorMessage": "Unauthorized"}
    return json.dumps(result).encode()


_create_function = LambdaResponse.create_function


def create_function(self):
    with _lock:
        failing = _fail_create_function[0] > 0
        if failing:
            _fail_create_function[0] -= 1
    if failing:
        raise InvalidParameterValueException(
            "The role defined for the function cannot be assumed by Lambda.")
    return _create_function(self)


LambdaFunction.invoke = invoke
LambdaResponse.create_function = create_function


# --- control endpoints ------------------------------------------------------------------
class App(DomainDispatcherApplication):
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/_authgate/"):
            return super().__call__(environ, start_response)
        if path == "/_authgate/recorded":
            with _lock:
                body = json.dumps(_recorded).encode()
        elif path.startswith("/_authgate/fail-create-function/"):
            with _lock:
                _fail_create_function[0] = int(path.rsplit("/", 1)[-1])
            body = b"{}"
        else:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"unknown control endpoint"]
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]


threaded_moto_server.DomainDispatcherApplication = App


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    server = threaded_moto_server.ThreadedMotoServer(
        ip_address="127.0.0.1", port=args.port, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(f"AUTHGATE_MOTO_PORT={port}", flush=True)
    # Stop when the test process goes away (it holds our stdin open until then).
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

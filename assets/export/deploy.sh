# ---------------------------------------------------------------------------------------------
# The rebuild: the same in every export; the values above say what it builds.
# Every step finds what exists before it creates anything, so a rerun converges.

shopt -s inherit_errexit
cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'deploy.sh: FAILED: %s\n' "$*" >&2; exit 1; }

for tool in aws curl jq; do
  command -v "$tool" >/dev/null || die "$tool is needed on PATH (the AWS CLI v2, or v1.29+; curl; jq)"
done
: "${AUTH0_DOMAIN:?set AUTH0_DOMAIN: your tenant (tenant.eu.auth0.com), or http://127.0.0.1:PORT for an authgate sandbox}"
: "${AUTH0_CLIENT_ID:?set AUTH0_CLIENT_ID: the client id of an application authorized for the Management API}"
: "${AUTH0_CLIENT_SECRET:?set AUTH0_CLIENT_SECRET: the client secret of that application}"
export AUTH0_CLIENT_SECRET

case "$AUTH0_DOMAIN" in
  *://*) AUTH0_BASE=${AUTH0_DOMAIN%/} ;;
  *) AUTH0_BASE=https://${AUTH0_DOMAIN%/} ;;
esac
TOKEN_ISSUER="$AUTH0_BASE/"
JWKS_URI="$AUTH0_BASE/.well-known/jwks.json"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"
uri() { jq -rn --arg s "$1" '$s | @uri'; }

# --- Auth0: the Management API with curl ---------------------------------------------------------
# The token and the secret travel in files and on stdin, never on a command line.
# auth0_request METHOD PATH [JSON] sets STATUS and leaves the answer in $work/body;
# auth0 METHOD PATH [JSON] prints the answer and stops the script at any status but 2xx.
auth0_request() {
  local method=$1 path=$2 body=${3-}
  local args=(-sS -X "$method" -o "$work/body" -w '%{http_code}' -H @"$work/headers")
  if [ -n "$body" ]; then args+=(--data-binary @-); fi
  STATUS=$(printf '%s' "$body" | curl "${args[@]}" "$AUTH0_BASE$path") \
    || die "Auth0 $method $path: curl could not reach $AUTH0_BASE"
}
auth0() {
  auth0_request "$@"
  case $STATUS in
    2??) cat "$work/body" ;;
    *) die "Auth0 $1 $2 answered $STATUS: $(head -c 600 "$work/body")" ;;
  esac
}

say "Auth0: a Management API token from $AUTH0_BASE"
printf 'content-type: application/json\n' >"$work/headers"
token=$(auth0 POST /oauth/token "$(jq -nc --arg id "$AUTH0_CLIENT_ID" --arg aud "$AUTH0_BASE/api/v2/" \
  '{grant_type: "client_credentials", client_id: $id, client_secret: env.AUTH0_CLIENT_SECRET, audience: $aud}')" \
  | jq -r '.access_token // empty')
[ -n "$token" ] || die "Auth0 POST /oauth/token gave no access token"
printf 'content-type: application/json\nauthorization: Bearer %s\n' "$token" >"$work/headers"
unset token

say "Auth0: the API $API_NAME ($API_IDENTIFIER)"
auth0_request GET "/api/v2/resource-servers/$(uri "$API_IDENTIFIER")"
case $STATUS in
  200)
    rs_id=$(jq -r .id "$work/body")
    # Permissions the tenant has beyond the exported ones are kept.
    scopes=$(jq -c --argjson want "$API_SCOPES" \
      '$want + [(.scopes // [])[] | select(.value as $v | ($want | map(.value) | index($v)) == null)]' "$work/body")
    auth0 PATCH "/api/v2/resource-servers/$(uri "$rs_id")" "$(jq -nc --arg name "$API_NAME" \
      --arg alg "$API_SIGNING_ALG" --arg dialect "$API_TOKEN_DIALECT" --argjson rbac "$API_RBAC" --argjson scopes "$scopes" \
      '{name: $name, signing_alg: $alg, token_dialect: $dialect, enforce_policies: $rbac, scopes: $scopes}')" >/dev/null ;;
  404)
    auth0 POST /api/v2/resource-servers "$(jq -nc --arg name "$API_NAME" --arg id "$API_IDENTIFIER" \
      --arg alg "$API_SIGNING_ALG" --arg dialect "$API_TOKEN_DIALECT" --argjson rbac "$API_RBAC" --argjson scopes "$API_SCOPES" \
      '{name: $name, identifier: $id, signing_alg: $alg, token_dialect: $dialect, enforce_policies: $rbac, scopes: $scopes}')" >/dev/null ;;
  *) die "Auth0 GET /api/v2/resource-servers/… answered $STATUS: $(head -c 600 "$work/body")" ;;
esac

# The client authgate tagged with this role for this API, as authgate itself finds it.
find_client() {
  local tag=$1 page id
  for page in $(seq 0 19); do
    auth0 GET "/api/v2/clients?per_page=100&page=$page&fields=client_id,client_metadata&include_fields=true" >"$work/clients"
    id=$(jq -r --arg tag "$tag" --arg aud "$API_IDENTIFIER" '[.[] | select(.client_metadata.created_by == "authgate"
      and .client_metadata.authgate_role == $tag and .client_metadata.authgate_audience == $aud)][0].client_id // empty' "$work/clients")
    if [ -n "$id" ]; then echo "$id"; return; fi
    if [ "$(jq length "$work/clients")" -lt 100 ]; then return; fi
  done
}

client_ids=()
for i in $(seq 0 $(($(jq length <<<"$CLIENTS") - 1))); do
  client=$(jq -c ".[$i]" <<<"$CLIENTS")
  tag=$(jq -r .tag <<<"$client")
  name=$(jq -r .name <<<"$client")
  say "Auth0: the machine-to-machine application $name"
  id=$(find_client "$tag")
  if [ -z "$id" ]; then
    id=$(auth0 POST /api/v2/clients "$(jq -nc --arg name "$name" --arg tag "$tag" --arg aud "$API_IDENTIFIER" \
      '{name: $name, app_type: "non_interactive", grant_types: ["client_credentials"],
        token_endpoint_auth_method: "client_secret_post", oidc_conformant: true, jwt_configuration: {alg: "RS256"},
        client_metadata: {created_by: "authgate", authgate_role: $tag, authgate_audience: $aud}}')" | jq -r .client_id)
  else
    auth0 PATCH "/api/v2/clients/$(uri "$id")" "$(jq -nc --arg name "$name" \
      '{name: $name, app_type: "non_interactive", grant_types: ["client_credentials"]}')" >/dev/null
  fi
  client_ids+=("$(tr '[:lower:]-' '[:upper:]_' <<<"$tag")_ID=$id")
  grant=$(auth0 GET "/api/v2/client-grants?client_id=$(uri "$id")&audience=$(uri "$API_IDENTIFIER")" | jq -r '.[0].id // empty')
  scopes=$(jq -c .scopes <<<"$client")
  if [ -z "$grant" ]; then
    auth0 POST /api/v2/client-grants "$(jq -nc --arg id "$id" --arg aud "$API_IDENTIFIER" --argjson scope "$scopes" \
      '{client_id: $id, audience: $aud, scope: $scope}')" >/dev/null
  else
    auth0 PATCH "/api/v2/client-grants/$(uri "$grant")" "$(jq -nc --argjson scope "$scopes" '{scope: $scope}')" >/dev/null
  fi
done

for i in $(seq 0 $(($(jq length <<<"$ROLES") - 1))); do
  role=$(jq -c ".[$i]" <<<"$ROLES")
  name=$(jq -r .name <<<"$role")
  say "Auth0: the role $name"
  rid=$(auth0 GET "/api/v2/roles?name_filter=$(uri "$name")&per_page=100" \
    | jq -r --arg n "$name" '[.[] | select(.name == $n)][0].id // empty')
  if [ -z "$rid" ]; then
    rid=$(auth0 POST /api/v2/roles "$(jq -c '{name, description}' <<<"$role")" | jq -r .id)
  fi
  have=$(auth0 GET "/api/v2/roles/$(uri "$rid")/permissions?per_page=100" \
    | jq -c --arg aud "$API_IDENTIFIER" '[.[] | select(.resource_server_identifier == $aud) | .permission_name]')
  for change in "POST:$(jq -c --argjson have "$have" '.permissions - $have' <<<"$role")" \
                "DELETE:$(jq -c --argjson have "$have" '$have - .permissions' <<<"$role")"; do
    if [ "${change#*:}" != "[]" ]; then
      auth0 "${change%%:*}" "/api/v2/roles/$(uri "$rid")/permissions" "$(jq -nc --argjson p "${change#*:}" --arg aud "$API_IDENTIFIER" \
        '{permissions: [$p[] | {resource_server_identifier: $aud, permission_name: .}]}')" >/dev/null
    fi
  done
done

if [ -n "$LOGIN_APP_NAME" ]; then
  say "Auth0: the device-login application $LOGIN_APP_NAME"
  body=$(jq -nc --arg name "$LOGIN_APP_NAME" --arg aud "$API_IDENTIFIER" '{name: $name, app_type: "native",
    grant_types: ["urn:ietf:params:oauth:grant-type:device_code", "refresh_token"], token_endpoint_auth_method: "none",
    oidc_conformant: true}')
  id=$(find_client login-app)
  if [ -z "$id" ]; then
    auth0 POST /api/v2/clients "$(jq -c --arg aud "$API_IDENTIFIER" '. + {jwt_configuration: {alg: "RS256"},
      client_metadata: {created_by: "authgate", authgate_role: "login-app", authgate_audience: $aud}}' <<<"$body")" >/dev/null
  else
    auth0 PATCH "/api/v2/clients/$(uri "$id")" "$body" >/dev/null
  fi
fi

# --- AWS: the AWS CLI, with its usual configuration (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL…) ----
# aws_call prints the answer and stops the script when the call fails, naming it;
# aws_find does the same, except that "not found" prints nothing and carries on.
aws_call() {
  local out
  if ! out=$(aws "$@" 2>"$work/aws.err"); then die "aws $1 $2 failed: $(cat "$work/aws.err")"; fi
  printf '%s' "$out"
}
aws_find() {
  local out
  if out=$(aws "$@" 2>"$work/aws.err"); then printf '%s' "$out"; return 0; fi
  grep -qE 'NotFound|NoSuchEntity|ResourceNotFoundException' "$work/aws.err" \
    || die "aws $1 $2 failed: $(cat "$work/aws.err")"
}

region=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}
[ -n "$region" ] || die "no AWS region: set AWS_REGION (or configure one for your profile)"
export AWS_DEFAULT_REGION=$region AWS_PAGER=""
account=$(aws_call sts get-caller-identity --query Account --output text)
say "AWS: account $account, region $region${AWS_ENDPOINT_URL:+, endpoint $AWS_ENDPOINT_URL}"

say "IAM: the role $ROLE_NAME"
role_arn=$(aws_find iam get-role --role-name "$ROLE_NAME" --query Role.Arn --output text)
if [ -z "$role_arn" ]; then
  role_arn=$(aws_call iam create-role --role-name "$ROLE_NAME" --assume-role-policy-document "$ROLE_TRUST_POLICY" \
    --description "API Gateway invokes the Auth0 JWT authorizer with it" --query Role.Arn --output text)
else
  aws_call iam update-assume-role-policy --role-name "$ROLE_NAME" --policy-document "$ROLE_TRUST_POLICY" >/dev/null
fi
for policy in $(jq -r '.[]' <<<"$ROLE_POLICIES"); do
  aws_call iam attach-role-policy --role-name "$ROLE_NAME" --policy-arn "$policy" >/dev/null
done

say "Lambda: the function $FUNCTION_NAME ($FUNCTION_HANDLER on $FUNCTION_RUNTIME)"
environment=$(jq -c --arg iss "$TOKEN_ISSUER" --arg jwks "$JWKS_URI" --arg aud "$API_IDENTIFIER" \
  '{Variables: (. + {TOKEN_ISSUER: $iss, JWKS_URI: $jwks, AUDIENCE: $aud})}' <<<"$FUNCTION_ENV")
function_arn=$(aws_find lambda get-function-configuration --function-name "$FUNCTION_NAME" --query FunctionArn --output text)
if [ -z "$function_arn" ]; then
  # A new role takes a few seconds to reach Lambda: retry while Lambda says it cannot assume it.
  for attempt in $(seq 1 12); do
    if function_arn=$(aws lambda create-function --function-name "$FUNCTION_NAME" --runtime "$FUNCTION_RUNTIME" \
        --handler "$FUNCTION_HANDLER" --role "$role_arn" --timeout "$FUNCTION_TIMEOUT" --memory-size "$FUNCTION_MEMORY" \
        --environment "$environment" --zip-file fileb://authorizer.zip --query FunctionArn --output text 2>"$work/aws.err"); then
      break
    fi
    if ! grep -q 'cannot be assumed' "$work/aws.err" || [ "$attempt" -eq 12 ]; then
      die "aws lambda create-function failed: $(cat "$work/aws.err")"
    fi
    say "the role is not usable by Lambda yet; retrying in 5 s"
    sleep 5
  done
  aws_call lambda wait function-active-v2 --function-name "$FUNCTION_NAME"
else
  aws_call lambda wait function-updated-v2 --function-name "$FUNCTION_NAME"
  aws_call lambda update-function-code --function-name "$FUNCTION_NAME" --zip-file fileb://authorizer.zip >/dev/null
  aws_call lambda wait function-updated-v2 --function-name "$FUNCTION_NAME"
  aws_call lambda update-function-configuration --function-name "$FUNCTION_NAME" --runtime "$FUNCTION_RUNTIME" \
    --handler "$FUNCTION_HANDLER" --role "$role_arn" --timeout "$FUNCTION_TIMEOUT" --memory-size "$FUNCTION_MEMORY" \
    --environment "$environment" >/dev/null
  aws_call lambda wait function-updated-v2 --function-name "$FUNCTION_NAME"
fi

say "API Gateway: the REST API $REST_API_NAME"
api_id=$(aws_call apigateway get-rest-apis --output json | jq -r --arg n "$REST_API_NAME" '[.items[]? | select(.name == $n)][0].id // empty')
if [ -z "$api_id" ]; then
  api_id=$(aws_call apigateway import-rest-api --parameters endpointConfigurationTypes=REGIONAL --no-fail-on-warnings \
    --body fileb://petstore.json --query id --output text)
fi

say "API Gateway: the TOKEN authorizer $AUTHORIZER_NAME"
authorizer_uri="arn:aws:apigateway:$region:lambda:path/2015-03-31/functions/$function_arn/invocations"
credentials=()
if [ "$AUTHORIZER_USES_ROLE" = true ]; then credentials=(--authorizer-credentials "$role_arn"); fi
authorizer_id=$(aws_call apigateway get-authorizers --rest-api-id "$api_id" --output json \
  | jq -r --arg n "$AUTHORIZER_NAME" '[.items[]? | select(.name == $n)][0].id // empty')
if [ -z "$authorizer_id" ]; then
  authorizer_id=$(aws_call apigateway create-authorizer --rest-api-id "$api_id" --name "$AUTHORIZER_NAME" --type TOKEN \
    --authorizer-uri "$authorizer_uri" "${credentials[@]}" --identity-source "$AUTHORIZER_IDENTITY_SOURCE" \
    --identity-validation-expression "$AUTHORIZER_VALIDATION" --authorizer-result-ttl-in-seconds "$AUTHORIZER_TTL" \
    --query id --output text)
else
  aws_call apigateway update-authorizer --rest-api-id "$api_id" --authorizer-id "$authorizer_id" --patch-operations "$(jq -nc \
    --arg uri "$authorizer_uri" --arg source "$AUTHORIZER_IDENTITY_SOURCE" --arg validation "$AUTHORIZER_VALIDATION" \
    --arg ttl "$AUTHORIZER_TTL" --arg role "${credentials[1]-}" '[
      {op: "replace", path: "/authorizerUri", value: $uri}, {op: "replace", path: "/identitySource", value: $source},
      {op: "replace", path: "/identityValidationExpression", value: $validation},
      {op: "replace", path: "/authorizerResultTtlInSeconds", value: $ttl}]
      + (if $role == "" then [] else [{op: "replace", path: "/authorizerCredentials", value: $role}] end)')" >/dev/null
fi
# Lets API Gateway call the function for this API's authorizers (besides the role above).
if ! aws lambda add-permission --function-name "$FUNCTION_NAME" --statement-id "authgate-$api_id-authorizers" \
    --action lambda:InvokeFunction --principal apigateway.amazonaws.com \
    --source-arn "arn:aws:execute-api:$region:$account:$api_id/authorizers/*" >/dev/null 2>"$work/aws.err"; then
  grep -q ResourceConflictException "$work/aws.err" || die "aws lambda add-permission failed: $(cat "$work/aws.err")"
fi

aws_call apigateway get-resources --rest-api-id "$api_id" --output json >"$work/resources"
while IFS= read -r method; do
  verb=${method%% *} path=${method#* }
  say "API Gateway: $verb $path uses the authorizer"
  resource_id=$(jq -r --arg p "$path" '[.items[] | select(.path == $p)][0].id // empty' "$work/resources")
  [ -n "$resource_id" ] || die "the REST API $api_id has no resource $path (is it the exported PetStore?)"
  aws_call apigateway update-method --rest-api-id "$api_id" --resource-id "$resource_id" --http-method "$verb" \
    --patch-operations "$(jq -nc --arg a "$authorizer_id" '[{op: "replace", path: "/authorizationType", value: "CUSTOM"},
      {op: "replace", path: "/authorizerId", value: $a}, {op: "replace", path: "/apiKeyRequired", value: "false"}]')" >/dev/null
done < <(jq -r '.[]' <<<"$SECURED_METHODS")

say "API Gateway: deploy to the stage $STAGE_NAME"
aws_call apigateway create-deployment --rest-api-id "$api_id" --stage-name "$STAGE_NAME" \
  --stage-description "$STAGE_DESCRIPTION" --description "the PetStore with its authorizer (deploy.sh)" >/dev/null
aws_call apigateway flush-stage-authorizers-cache --rest-api-id "$api_id" --stage-name "$STAGE_NAME" >/dev/null

if [ -n "${AWS_ENDPOINT_URL:-}" ]; then
  invoke_url="${AWS_ENDPOINT_URL%/}/restapis/$api_id/$STAGE_NAME/_user_request_"
else
  invoke_url="https://$api_id.execute-api.$region.amazonaws.com/$STAGE_NAME"
fi
say "done. A test token: the test client's secret is in the Auth0 dashboard (Applications), then"
say "  curl -s $AUTH0_BASE/oauth/token -d grant_type=client_credentials -d client_id=\$TEST_CLIENT_ID \\"
say "    -d client_secret=… -d audience=$API_IDENTIFIER"
printf '%s\n' "${client_ids[@]}"
printf 'INVOKE_URL=%s\n' "$invoke_url"

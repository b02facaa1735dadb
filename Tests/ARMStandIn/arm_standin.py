#!/usr/bin/env python3
"""A stand-in for Azure Resource Manager and Azure Site Recovery, for tests.

Test code: it behaves as ARM does for what rpl reads and sends, on
127.0.0.1, so that rpl's ARM client and its ASR provider can be tested where
Azure is not reachable.

Command line:

    python3 Tests/ARMStandIn/arm_standin.py \
        --models Tests/Fixtures/asr-action-models.json \
        [--resources DIR]          saved GET answers: the path /a/b/c is DIR/a/b/c.json
                                   (case-insensitive, as ARM paths are); a file holding
                                   {"value": [...]} is a list, served --page-size at a
                                   time with nextLink (?$skiptoken=N)
        [--page-size N]            default 2
        [--token T]                the bearer token ARM accepts (default "standin-token")
        [--token-uses N]           a token goes stale after N requests (401 from then on);
                                   the token endpoint issues fresh ones
        [--tenant ID --client-id ID --client-secret S]
                                   POST /{tenant}/oauth2/v2.0/token (client credentials)
        [--throttle-every N --throttle-burst K]
                                   after every N requests, the next K answer 429
        [--retry-after S]          Retry-After of 202s and 429s (default 0)
        [--polls-in-progress N]    job polls answered InProgress before the job ends (default 2)
        [--fail-job SUBSTRING]     jobs of actions whose path contains it end Failed
        [--forbid SUBSTRING]       requests whose path contains it answer 403
        [--log FILE]               one JSON line per request: method, path, body, status

It prints "listening on 127.0.0.1:PORT" on its first line of output (PORT is
a free port), then serves until killed.

Request bodies of the actions (reProtect, unplannedFailover, plannedFailover,
failoverCommit) are checked against the API models as ARM checks them: an
unknown field, a missing required field, an unknown instanceType or an
enum value ARM does not know is a 400 with ARM's error body.

State lives in this process: jobs, the items' currentScenario and the
tokens survive an rpl process that is killed and resumed.
"""
import argparse
import json
import os
import re
import sys
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

ACTION_PATH = re.compile(r"^(?P<item>(?P<vault>/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.recoveryservices/vaults/[^/]+)"
                         r"/replicationfabrics/[^/]+/replicationprotectioncontainers/[^/]+/replicationprotecteditems/(?P<name>[^/]+))"
                         r"/(?P<action>[A-Za-z]+)$", re.IGNORECASE)
JOB_PATH = re.compile(r"^(?P<vault>/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.recoveryservices/vaults/[^/]+)"
                      r"/replicationjobs(/(?P<job>[^/]+))?$", re.IGNORECASE)
ITEM_PATH = re.compile(r"^/subscriptions/[^/]+/resourcegroups/[^/]+/providers/microsoft\.recoveryservices/vaults/[^/]+"
                       r"/replicationfabrics/[^/]+/replicationprotectioncontainers/[^/]+/replicationprotecteditems/(?P<name>[^/]+)$", re.IGNORECASE)
SCENARIOS = {"reprotect": "SwitchReplicationGroupProtection", "unplannedfailover": "UnplannedFailover",
             "plannedfailover": "PlannedFailover", "failovercommit": "CommitFailover"}


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class ModelCheck:
    """Validates a body against the models file, as ARM's deserialiser does."""

    def __init__(self, path):
        data = json.load(open(path))
        self.models = data["models"]
        self.actions = {k.lower(): v for k, v in data["actions"].items()}

    def check_action(self, action, body):
        if action.lower() not in self.actions:
            return f"The action '{action}' is not supported on replicationProtectedItems."
        model = self.actions[action.lower()]
        if model is None:
            if body not in (None, {}):
                return f"The action '{action}' takes no request body."
            return None
        if body is None:
            return f"The request body of '{action}' is missing."
        return self.check(model, body, "")

    def check(self, name, value, where):
        model = self.models[name]
        if "enum" in model:
            if not isinstance(value, str) or value.lower() not in [v.lower() for v in model["enum"]]:
                return f"{where or 'value'}: '{value}' is not one of {model['enum']}."
            return None
        if not isinstance(value, dict):
            return f"{where or 'body'}: expected an object."
        subtypes = model.get("knownSubtypes")
        if subtypes:
            kind = value.get("instanceType")
            if kind not in subtypes:
                return f"{where}.instanceType: '{kind}' is not a known instanceType of {name} (known: {sorted(subtypes)})."
            name = subtypes[kind]
            model = self.models[name]
        fields = model["fields"]
        for key in value:
            if key not in fields:
                return f"Could not find member '{key}' on object of type '{name}'. Path '{where}.{key}'."
        for key, spec in fields.items():
            kind = spec["type"]
            optional = kind.startswith("Optional[") or "NoneType" in kind
            if key not in value or value[key] is None:
                if not optional:
                    return f"Required property '{key}' not found in JSON. Path '{where}'."
                continue
            problem = self.check_field(kind, value[key], f"{where}.{key}")
            if problem:
                return problem
        return None

    def check_field(self, kind, value, where):
        literal = re.search(r"Literal\['([^']*)'\]", kind)
        if literal:
            return None if value == literal.group(1) else f"{where}: expected '{literal.group(1)}', found '{value}'."
        listed = re.search(r"list\[(.*)\]", kind)
        if listed:
            if not isinstance(value, list):
                return f"{where}: expected an array."
            for index, element in enumerate(value):
                problem = self.check_field(listed.group(1), element, f"{where}[{index}]")
                if problem:
                    return problem
            return None
        ref = re.search(r"_models\.(\w+)", kind)
        if ref and ref.group(1) in self.models:
            if "str" in kind and isinstance(value, str) and "enum" not in self.models[ref.group(1)]:
                return None
            return self.check(ref.group(1), value, where)
        if "str" in kind and not isinstance(value, str):
            return f"{where}: expected a string."
        if "int" in kind and not isinstance(value, int):
            return f"{where}: expected an integer."
        return None


class State:
    def __init__(self, options):
        self.options = options
        self.lock = threading.Lock()
        self.requests = 0
        self.tokens = {options.token: 0}
        self.issued = 0
        self.jobs = {}
        self.scenarios = {}
        self.log = open(options.log, "a") if options.log else None

    def record(self, entry):
        if self.log:
            self.log.write(json.dumps(entry) + "\n")
            self.log.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body=None, headers=None):
        # Logged before the answer leaves: a test reads the log as soon as its
        # request returns, and must find that request in it.
        self.server.state.record(dict(self.entry, status=status))
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
        return status

    def error(self, status, code, message, headers=None):
        return self.answer(status, {"error": {"code": code, "message": message, "details": []}}, headers)

    def do_GET(self):
        self.handle_request("GET")

    def do_POST(self):
        self.handle_request("POST")

    def handle_request(self, method):
        state = self.server.state
        options = state.options
        split = urlsplit(self.path)
        path = split.path
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if path.endswith("/oauth2/v2.0/token") and method == "POST":
            self.entry = {"method": method, "path": path}
            self.token_endpoint(path, raw.decode())
            return
        body = None
        body_error = None
        if raw.strip():
            try:
                body = json.loads(raw)
            except ValueError as error:
                body_error = str(error)
        self.entry = {"method": method, "path": path, "body": body}
        self.arm(method, path, split.query, body, body_error)

    def token_endpoint(self, path, form):
        state = self.server.state
        options = state.options
        fields = {k: v[0] for k, v in parse_qs(form).items()}
        tenant = path.split("/")[1]
        if (tenant != options.tenant or fields.get("client_id") != options.client_id
                or fields.get("client_secret") != options.client_secret or fields.get("grant_type") != "client_credentials"):
            return self.answer(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
        if fields.get("scope") != "https://management.azure.com/.default":
            return self.answer(400, {"error": "invalid_scope", "error_description": "AADSTS70011: The provided scope is not valid."})
        with state.lock:
            state.issued += 1
            token = f"issued-{state.issued}-{uuid.uuid4().hex}"
            state.tokens[token] = 0
        return self.answer(200, {"token_type": "Bearer", "expires_in": 3599, "access_token": token})

    def arm(self, method, path, query, body, body_error):
        state = self.server.state
        options = state.options
        retry_after = str(options.retry_after)
        with state.lock:
            state.requests += 1
            count = state.requests
            auth = self.headers.get("Authorization", "")
            token = auth[len("Bearer "):] if auth.startswith("Bearer ") else None
            uses = state.tokens.get(token)
            if uses is not None:
                state.tokens[token] = uses + 1
        if uses is None or (options.token_uses and uses >= options.token_uses):
            return self.error(401, "ExpiredAuthenticationToken" if uses is not None else "InvalidAuthenticationToken",
                              "The access token expiry UTC time is earlier than current UTC time." if uses is not None
                              else "The access token is invalid.")
        if options.throttle_every and count % options.throttle_every < options.throttle_burst:
            return self.error(429, "TooManyRequests", "The request is being throttled.", {"Retry-After": retry_after})
        if "api-version" not in parse_qs(query):
            return self.error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")
        if options.forbid and options.forbid.lower() in path.lower():
            return self.error(403, "AuthorizationFailed",
                              f"The client does not have authorization to perform action over scope '{path}'.")
        if method == "POST":
            return self.action(path, body, body_error)
        return self.get(path, query)

    def action(self, path, body, body_error):
        state = self.server.state
        match = ACTION_PATH.match(path)
        if not match:
            return self.error(404, "ResourceNotFound", f"No action at '{path}'.")
        if body_error:
            return self.error(400, "InvalidRequestContent", f"The request content was invalid and could not be deserialized: {body_error}")
        problem = state.check.check_action(match.group("action"), body)
        if problem:
            return self.error(400, "InvalidRequestContent", f"The request content was invalid and could not be deserialized: {problem}")
        vault = match.group("vault")
        job = str(uuid.uuid4())
        action = match.group("action").lower()
        with state.lock:
            state.jobs[job] = {"vault": vault, "item": match.group("item"), "name": match.group("name"), "action": action,
                               "polls": 0, "started": now(),
                               "fail": bool(state.options.fail_job and state.options.fail_job.lower() in path.lower())}
            state.scenarios[match.group("item").lower()] = {"scenarioName": SCENARIOS.get(action, action), "jobId": f"{vault}/replicationJobs/{job}",
                                                            "startTime": now()}
        base = f"http://{self.headers.get('Host')}"
        return self.answer(202, None, {
            "Location": f"{base}{match.group('item')}/operationresults/{job}?api-version=2021-06-01",
            "Azure-AsyncOperation": f"{base}{vault}/replicationOperationStatus/{job}?api-version=2021-06-01",
            "Retry-After": str(state.options.retry_after),
            "x-ms-request-id": f"{vault}/replicationJobs/{job}",
        })

    def job_body(self, job_id, job, advance):
        options = self.server.state.options
        if advance:
            job["polls"] += 1
        polls = job["polls"]
        if polls <= 1:
            stateName = "NotStarted"
        elif polls <= 1 + options.polls_in_progress:
            stateName = "InProgress"
        else:
            stateName = "Failed" if job["fail"] else "Succeeded"
        errors = []
        if stateName == "Failed":
            errors = [{"serviceErrorDetails": {"code": "539", "message": "The protected item is not in a state that allows the operation.",
                                               "possibleCauses": "The master target is not reachable from the process server.",
                                               "recommendedAction": "Check the master target's connectivity, then retry the operation.",
                                               "activityId": str(uuid.uuid4())},
                       "providerErrorDetails": None, "errorLevel": "Error", "creationTime": now(), "taskId": "PreflightTask"}]
        props = {"scenarioName": SCENARIOS.get(job["action"], job["action"]), "friendlyName": job["action"], "state": stateName,
                 "stateDescription": stateName, "tasks": [], "errors": errors, "startTime": job["started"],
                 "allowedActions": [], "targetObjectId": job["name"], "targetObjectName": job["name"],
                 "targetInstanceType": "ProtectionEntity",
                 "customDetails": {"instanceType": "AsrJobDetails", "affectedObjectDetails": {"protectedItemId": job["item"]}}}
        if stateName in ("Succeeded", "Failed"):
            props["endTime"] = now()
        return {"id": f"{job['vault']}/replicationJobs/{job_id}", "name": job_id,
                "type": "Microsoft.RecoveryServices/vaults/replicationJobs", "properties": props}

    def get(self, path, query):
        state = self.server.state
        options = state.options
        jobs = JOB_PATH.match(path)
        if jobs:
            with state.lock:
                if jobs.group("job"):
                    job = state.jobs.get(jobs.group("job"))
                    if job is None:
                        return self.error(404, "NotFound", f"The job '{jobs.group('job')}' was not found.")
                    body = self.job_body(jobs.group("job"), job, advance=True)
                    if body["properties"]["state"] in ("Succeeded", "Failed"):
                        state.scenarios.pop(job["item"].lower(), None)
                    return self.answer(200, body)
                listed = [self.job_body(j, job, advance=False) for j, job in state.jobs.items()
                          if job["vault"].lower() == jobs.group("vault").lower()]
            return self.page(listed, path, query)
        saved = self.saved(path)
        item = ITEM_PATH.match(path)
        if item:
            with state.lock:
                scenario = state.scenarios.get(path.lower())
            resource = saved or {"id": path, "name": item.group("name"),
                                 "type": "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems",
                                 "properties": {"friendlyName": item.group("name"), "allowedOperations": []}}
            resource["properties"]["currentScenario"] = scenario or {"scenarioName": "None", "jobId": "None"}
            return self.answer(200, resource)
        if saved is None:
            return self.error(404, "ResourceNotFound", f"The resource '{path}' was not found.")
        if isinstance(saved, dict) and isinstance(saved.get("value"), list) and "id" not in saved:
            return self.page(saved["value"], path, query)
        return self.answer(200, saved)

    def page(self, elements, path, query):
        size = self.server.state.options.page_size
        start = int(parse_qs(query).get("$skiptoken", ["0"])[0])
        body = {"value": elements[start:start + size]}
        if start + size < len(elements):
            body["nextLink"] = f"http://{self.headers.get('Host')}{path}?api-version=2025-08-01&$skiptoken={start + size}"
        return self.answer(200, body)

    def saved(self, path):
        root = self.server.state.options.resources
        if not root:
            return None
        wanted = [part.lower() for part in path.strip("/").split("/")]
        here = root
        for index, part in enumerate(wanted):
            last = index == len(wanted) - 1
            names = {name.lower(): name for name in os.listdir(here)} if os.path.isdir(here) else {}
            name = names.get(part + ".json") if last else names.get(part)
            if name is None:
                return None
            here = os.path.join(here, name)
        with open(here) as handle:
            return json.load(handle)


def main():
    parser = argparse.ArgumentParser(description="ARM stand-in for rpl's tests")
    parser.add_argument("--models", required=True)
    parser.add_argument("--resources")
    parser.add_argument("--page-size", type=int, default=2)
    parser.add_argument("--token", default="standin-token")
    parser.add_argument("--token-uses", type=int, default=0)
    parser.add_argument("--tenant", default="standin-tenant")
    parser.add_argument("--client-id", default="standin-client")
    parser.add_argument("--client-secret", default="standin-secret")
    parser.add_argument("--throttle-every", type=int, default=0)
    parser.add_argument("--throttle-burst", type=int, default=0)
    parser.add_argument("--retry-after", type=int, default=0)
    parser.add_argument("--polls-in-progress", type=int, default=2)
    parser.add_argument("--fail-job")
    parser.add_argument("--forbid")
    parser.add_argument("--log")
    options = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(options)
    server.state.check = ModelCheck(options.models)
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

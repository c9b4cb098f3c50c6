#!/usr/bin/env python3
"""The deployment test: three API replicas behind HAProxy, on PostgreSQL through pgbouncer in
transaction pooling mode, under a mixed workload while a replica is killed (SIGKILL), another
is stopped (SIGTERM, draining) and the database restarts; then every acknowledged write is
checked against the database, and nothing may be half-written.

    python3 deploy/test.py            # from the repository root; CI runs it from .ci/run

It starts everything it needs itself (a PostgreSQL cluster of its own with initdb, pgbouncer,
HAProxy, the replicas on 127.0.0.2-4) in a temporary folder, renders deploy/haproxy.cfg and
deploy/pgbouncer.ini (the configurations operators start from), and leaves nothing behind.
It needs haproxy, pgbouncer and PostgreSQL's server binaries (.ci/run installs them) and the
debug binaries (built when missing). Bounded: about two minutes. Standard library only.
"""

import glob
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import string
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("STOREGISTER_BIN_DIR", os.path.join(ROOT, "target", "debug"))
WORKERS = int(os.environ.get("DEPLOY_WORKERS", "6"))
PASSWORD = "Deploy@2026!"


def log(message):
    print(f"[deploy {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port(host="127.0.0.1"):
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def as_postgres(command):
    """PostgreSQL and pgbouncer refuse to run as root."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + command
    return command


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                   key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    if found:
        return found[-1]
    path = shutil.which(name)
    if not path:
        sys.exit(f"{name} (PostgreSQL server binaries) not found")
    return path


def render(template, values, target):
    with open(os.path.join(ROOT, "deploy", template)) as f:
        # safe_substitute leaves the comments' "${…}" alone; a value left unfilled is an error
        text = string.Template(f.read()).safe_substitute(values)
    left = [line for line in text.splitlines()
            if not line.lstrip().startswith(("#", ";")) and "${" in line]
    if left:
        raise RuntimeError(f"{template}: values not filled in: {left}")
    with open(target, "w") as f:
        f.write(text)


def png(width, height, seed):
    """A small PNG picture, built with zlib: the workload's uploads."""
    rows = b"".join(
        b"\x00" + bytes((seed * 7 + x * 11 + y * 13) % 256 for x in range(width * 3))
        for y in range(height))
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.problems = []

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1

    def problem(self, text):
        with self.lock:
            self.problems.append(text)


class Deployment:
    def __init__(self, work):
        self.work = work
        self.procs = {}
        self.pg_data = os.path.join(work, "pg", "data")
        self.pg_port = free_port()
        self.bouncer_port = free_port()
        self.lb_port = free_port()
        self.api_hosts = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
        self.api_port = free_port("127.0.0.2")
        self.secret = secrets.token_urlsafe(48)
        self.logs = {}

    # --- PostgreSQL -------------------------------------------------------------------
    def pg_options(self):
        return (f"-p {self.pg_port} -c listen_addresses=127.0.0.1 "
                f"-k {os.path.join(self.work, 'pg')} -c fsync=off -c max_connections=200")

    def start_postgres(self):
        folder = os.path.join(self.work, "pg")
        os.makedirs(folder)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(as_postgres([pg_bin("initdb"), "-D", self.pg_data, "-U", "postgres",
                                    "--auth=trust", "-E", "UTF8", "--no-sync"]),
                       check=True, stdout=subprocess.DEVNULL)
        self.pg_ctl("start")
        self.psql("CREATE ROLE storegister LOGIN", database="postgres")
        self.psql("CREATE DATABASE storegister OWNER storegister", database="postgres")

    def pg_ctl(self, action):
        command = [pg_bin("pg_ctl"), "-D", self.pg_data, "-w", "-l",
                   os.path.join(self.work, "pg", "postgres.log")]
        if action != "start":
            command += ["-m", "fast"]
        command += ["-o", self.pg_options(), action]
        subprocess.run(as_postgres(command), check=True, stdout=subprocess.DEVNULL)

    def psql(self, sql, database="storegister"):
        out = subprocess.run(
            as_postgres([pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U",
                         "postgres", "-d", database,
                         "-v", "ON_ERROR_STOP=1", "-tAc", sql]),
            check=True, capture_output=True, text=True)
        return out.stdout.strip()

    # --- pgbouncer and HAProxy --------------------------------------------------------
    def start_pgbouncer(self):
        folder = os.path.join(self.work, "pgbouncer")
        os.makedirs(folder)
        auth = os.path.join(folder, "users.txt")
        with open(auth, "w") as f:
            f.write('"storegister" ""\n"postgres" ""\n')
        config = os.path.join(folder, "pgbouncer.ini")
        render("pgbouncer.ini", {
            "DB_NAME": "storegister", "PG_HOST": "127.0.0.1", "PG_PORT": self.pg_port,
            "LISTEN_ADDR": "127.0.0.1", "LISTEN_PORT": self.bouncer_port,
            "AUTH_TYPE": "trust", "AUTH_FILE": auth,
            "LOG_FILE": os.path.join(folder, "pgbouncer.log"),
            "PID_FILE": os.path.join(folder, "pgbouncer.pid"),
        }, config)
        if os.geteuid() == 0:
            for path in (folder, auth, config):
                shutil.chown(path, "postgres", "postgres")
        self.spawn("pgbouncer", as_postgres(["pgbouncer", config]))
        wait_port("127.0.0.1", self.bouncer_port)

    def start_haproxy(self):
        config = os.path.join(self.work, "haproxy.cfg")
        values = {"LISTEN": f"127.0.0.1:{self.lb_port}"}
        for i, host in enumerate(self.api_hosts, 1):
            values[f"API{i}"] = f"{host}:{self.api_port}"
        render("haproxy.cfg", values, config)
        subprocess.run(["haproxy", "-c", "-q", "-f", config], check=True)
        self.spawn("haproxy", ["haproxy", "-db", "-f", config])
        wait_port("127.0.0.1", self.lb_port)

    # --- the replicas -----------------------------------------------------------------
    def replica_env(self, i):
        folder = os.path.join(self.work, f"api{i}")
        env = dict(os.environ)
        env.update({
            "STOREGISTER__ENVIRONMENT": "production",
            "STOREGISTER__AUTH__JWT_SECRET": self.secret,
            "STOREGISTER__DATABASE__URL":
                f"postgres://storegister@127.0.0.1:{self.bouncer_port}/storegister",
            "STOREGISTER__DATABASE__STATEMENT_CACHE": "false",
            "STOREGISTER__DATABASE__POOL_SIZE": "5",
            "STOREGISTER__DATABASE__ACQUIRE_TIMEOUT_MS": "1500",
            "STOREGISTER__SERVER__HOST": self.api_hosts[i - 1],
            "STOREGISTER__SERVER__PORT": str(self.api_port),
            "STOREGISTER__SERVER__WORKERS": "2",
            "STOREGISTER__SERVER__TRUSTED_PROXIES": "127.0.0.1",
            "STOREGISTER__SERVER__PUBLIC_URL": f"http://127.0.0.1:{self.lb_port}",
            "STOREGISTER__SERVER__SHUTDOWN_DRAIN_SECONDS": "3",
            "STOREGISTER__SERVER__SHUTDOWN_TIMEOUT_SECONDS": "10",
            "STOREGISTER__STORAGE__PATH": os.path.join(folder, "files"),
            "STOREGISTER__MAIL__DIR": os.path.join(folder, "mail"),
            "STOREGISTER__AUTH__BCRYPT_COST": "4",
            "STOREGISTER__AUTH__HASH_PAUSE_MICROS": "0",
            "STOREGISTER__AUTH__CLIENT_REQUESTS_PER_MINUTE": "0",
            "STOREGISTER__AUTH__CLIENT_PASSWORD_CHECKS": "0",
            "STOREGISTER__AUTH__PASSWORD_ATTEMPTS": "0",
            "RUST_LOG": "info",
        })
        return env

    def start_replica(self, i):
        self.spawn(f"api{i}", [os.path.join(BIN, "storegister-api")], env=self.replica_env(i))

    def wait_ready(self, i, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, _, _ = request(self.api_hosts[i - 1], self.api_port, "GET", "/ready",
                                   timeout=2)
            if status == 200:
                return
            if self.procs[f"api{i}"].poll() is not None:
                raise RuntimeError(f"api{i} exited: see {self.logs[f'api{i}']}")
            time.sleep(0.2)
        raise RuntimeError(f"api{i} not ready after {timeout}s")

    def spawn(self, name, command, env=None):
        path = os.path.join(self.work, f"{name}.log")
        self.logs[name] = path
        out = open(path, "ab")
        self.procs[name] = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                            env=env, start_new_session=True)

    def admin(self, *args):
        env = dict(os.environ)
        env["STOREGISTER__DATABASE__URL"] = \
            f"postgres://storegister@127.0.0.1:{self.pg_port}/storegister"
        out = subprocess.run([os.path.join(BIN, "storegister-admin"), *args], env=env,
                             check=True, capture_output=True, text=True)
        return out.stdout.strip().splitlines()[-1]

    def stop_all(self):
        for name, proc in self.procs.items():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                proc.wait()
        if os.path.exists(os.path.join(self.pg_data, "postmaster.pid")):
            subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", self.pg_data, "-m", "immediate",
                                        "stop"]), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)


def wait_port(host, port, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {host}:{port}")


def request(host, port, method, path, body=None, headers=None, timeout=15):
    """One request on a new connection: (status, headers, body bytes), or (None, None, error)."""
    try:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), data
    except (OSError, http.client.HTTPException) as error:
        return None, None, str(error)


class Tenant:
    def __init__(self, email):
        self.email = email
        self.id = None
        self.password = PASSWORD
        self.pictures_tried = 0
        self.picture_acked = None  # (attempt index, id)
        self.passwords_tried = 0
        self.password_acked = None  # (attempt index, password)
        self.old_password = PASSWORD


class Workload:
    def __init__(self, deployment, key, stats):
        self.d = deployment
        self.key = key
        self.stats = stats
        self.stop = threading.Event()
        self.tenants = []
        self.lock = threading.Lock()

    def call(self, method, path, body=None, token=None, content_type="application/json",
             op=""):
        headers = {"X-API-Key": self.key}
        if token:
            headers["X-Token"] = token
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
        if body is not None:
            headers["Content-Type"] = content_type
        status, response_headers, data = request("127.0.0.1", self.d.lb_port, method, path,
                                                 body, headers)
        self.stats.count(f"{op or path} {status}")
        if status == 500:
            self.stats.problem(f"{method} {path} answered 500: {data[:300]!r}")
        payload = None
        if status is not None and data:
            try:
                payload = json.loads(data)
            except ValueError:
                payload = None
        return status, response_headers, payload, data

    def run(self, worker):
        n = 0
        while not self.stop.is_set():
            n += 1
            self.iteration(f"w{worker}-{n}-{secrets.token_hex(3)}@deploy.example.com", n)

    def iteration(self, email, n):
        tenant = Tenant(email)
        body = {
            "userName": email, "password": PASSWORD, "canCreateLoginCredentials": True,
            "firstName": "Deploy", "lastName": "Tester", "phoneNumber": "+4512345678",
            "emailId": email, "address": "Havnegade 1", "city": "Copenhagen",
            "zipCode": "1058", "countryId": 208,
        }
        status, _, payload, _ = self.call("POST", "/v1/register", body, op="register")
        if status != 201:
            return
        tenant.id = payload["data"]["authContactBookInfo"]["id"]
        with self.lock:
            self.tenants.append(tenant)
        token = None
        for _ in range(3):
            status, _, payload, _ = self.call(
                "POST", "/v1/login", {"userName": email, "password": PASSWORD}, op="login")
            if status == 200:
                token = payload["data"]["token"]
                break
            time.sleep(0.3)
        if token is None:
            return
        status, _, _, _ = self.call("GET", "/v1/tenant/profile", token=token, op="profile")
        # 502: HAProxy's answer when a replica dies under the request
        if status not in (200, 502, 503, None):
            self.stats.problem(f"profile answered {status}")

        # a picture, fetched back through the balancer (each fetch may reach another replica)
        boundary = "----deploy" + secrets.token_hex(8)
        picture = png(6 + n % 5, 4 + n % 3, n)
        multipart = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"profileImage\"; "
                     f"filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n").encode() \
            + picture + f"\r\n--{boundary}--\r\n".encode()
        tenant.pictures_tried += 1
        status, _, payload, _ = self.call(
            "PUT", "/v1/tenant/profile/change-display-picture", multipart, token=token,
            content_type=f"multipart/form-data; boundary={boundary}", op="picture upload")
        if status == 200:
            picture_id = payload["data"]
            tenant.picture_acked = (tenant.pictures_tried, picture_id)
            for _ in range(2):
                status, _, _, data = self.call(
                    "GET", f"/files/profile-images/{picture_id}", op="picture fetch")
                if status == 404:
                    self.stats.problem(f"picture {picture_id} acknowledged but answered 404")

        # a password change
        status, _, payload, _ = self.call(
            "GET", "/v1/tenant/profile/change-password/request", token=token, op="stamp")
        if status != 200:
            return
        stamp = payload["data"]
        new_password = f"Changed@{secrets.token_hex(4)}"
        tenant.passwords_tried += 1
        status, _, _, _ = self.call(
            "PUT", "/v1/tenant/profile/change-password",
            {"existingPassword": PASSWORD, "newPassword": new_password,
             "concurrencyStamp": stamp}, token=token, op="change password")
        if status == 200:
            tenant.password_acked = (tenant.passwords_tried, new_password)
        tenant.new_password_tried = new_password


def verify(d, work, stats):
    failures = []
    tenants = work.tenants
    log(f"verifying {len(tenants)} acknowledged registrations against the database")
    emails = {t.email for t in tenants}
    rows = d.psql("SELECT c.email_normalized, c.id, coalesce(c.profile_image_id::text, ''), "
                  "(cr.contact_id IS NOT NULL) FROM contact_books c "
                  "LEFT JOIN credentials cr ON cr.contact_id = c.id")
    stored = {}
    for line in rows.splitlines():
        email, contact, picture, has_login = line.split("|")
        stored[email] = (contact, picture, has_login == "t")
    for t in tenants:
        if t.email not in stored:
            failures.append(f"registration of {t.email} acknowledged but not stored")
            continue
        contact, picture, has_login = stored[t.email]
        if contact != t.id:
            failures.append(f"{t.email}: stored id {contact}, acknowledged {t.id}")
        if not has_login:
            failures.append(f"{t.email}: contact without its credentials (half-written)")
        if t.picture_acked:
            attempt, picture_id = t.picture_acked
            if attempt == t.pictures_tried and picture != picture_id:
                failures.append(f"{t.email}: picture {picture_id} acknowledged, stored {picture!r}")
    half = d.psql("SELECT count(*) FROM contact_books c WHERE NOT EXISTS "
                  "(SELECT 1 FROM credentials cr WHERE cr.contact_id = c.id)")
    if half != "0":
        failures.append(f"{half} contacts without credentials (every registration had some)")
    dangling = d.psql("SELECT count(*) FROM contact_books c WHERE profile_image_id IS NOT NULL "
                      "AND NOT EXISTS (SELECT 1 FROM pictures p WHERE p.id = c.profile_image_id)")
    if dangling != "0":
        failures.append(f"{dangling} contacts point at a picture without bytes")
    orphans = d.psql("SELECT count(*) FROM pictures p WHERE NOT EXISTS "
                     "(SELECT 1 FROM contact_books c WHERE c.profile_image_id = p.id)")
    if orphans != "0":
        failures.append(f"{orphans} pictures no contact has (orphans)")
    unmailed = d.psql("SELECT count(*) FROM contact_books c WHERE NOT EXISTS "
                      "(SELECT 1 FROM mail_outbox m WHERE m.to_address = c.email)")
    if unmailed != "0":
        failures.append(f"{unmailed} registrations without their mail in the outbox")

    # the passwords, through the balancer
    checked = 0
    for t in tenants:
        if t.passwords_tried == 0:
            continue
        candidates = []
        if t.password_acked and t.password_acked[0] == t.passwords_tried:
            candidates = [t.password_acked[1]]
        else:
            candidates = [PASSWORD, getattr(t, "new_password_tried", PASSWORD)]
        ok = False
        for password in candidates:
            status, _, _ = request("127.0.0.1", d.lb_port, "POST", "/v1/login",
                                   json.dumps({"userName": t.email, "password": password}).encode(),
                                   {"X-API-Key": work.key, "Content-Type": "application/json"})
            if status == 200:
                ok = True
                break
        checked += 1
        if not ok:
            failures.append(f"{t.email}: no login with the acknowledged password")
    log(f"{checked} logins after password changes checked")

    for i in (1, 2, 3):
        files = os.path.join(d.work, f"api{i}", "files")
        left = []
        for base, _, names in os.walk(files):
            left += [os.path.join(base, n) for n in names]
        if left:
            failures.append(f"api{i} left files on its disk: {left[:5]}")
    failures += stats.problems
    return failures


def main():
    for tool in ("haproxy", "pgbouncer"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (.ci/run installs it with apt-get)")
    if not (os.path.exists(os.path.join(BIN, "storegister-api"))
            and os.path.exists(os.path.join(BIN, "storegister-admin"))):
        log("building the binaries")
        subprocess.run(["cargo", "build", "-q", "-p", "storegister-api", "-p",
                        "storegister-admin"], cwd=ROOT, check=True)
    work_dir = tempfile.mkdtemp(prefix="storegister-deploy-")
    os.chmod(work_dir, 0o755)
    d = Deployment(work_dir)
    stats = Stats()
    started = time.time()
    try:
        log(f"PostgreSQL on :{d.pg_port}, pgbouncer (transaction mode) on :{d.bouncer_port}")
        d.start_postgres()
        d.start_pgbouncer()
        log("three replicas migrate through pgbouncer at once")
        for i in (1, 2, 3):
            d.start_replica(i)
        for i in (1, 2, 3):
            d.wait_ready(i)
        d.start_haproxy()
        company = d.admin("company", "create", "--name", "Deploy Test Storage")
        key = d.admin("api-key", "create", "--company", company, "--name", "deploy")
        log(f"HAProxy on :{d.lb_port} before {', '.join(d.api_hosts)}:{d.api_port}")

        work = Workload(d, key, stats)
        threads = [threading.Thread(target=work.run, args=(w,), daemon=True)
                   for w in range(WORKERS)]
        for t in threads:
            t.start()
        t0 = time.time()

        def at(seconds):
            time.sleep(max(0, t0 + seconds - time.time()))

        at(8)
        log("kill -9 api1")
        os.killpg(d.procs["api1"].pid, signal.SIGKILL)
        d.procs["api1"].wait()
        at(12)
        log("api1 starts again")
        d.start_replica(1)
        d.wait_ready(1)

        at(20)
        log("SIGTERM api2: it drains, then stops")
        d.procs["api2"].send_signal(signal.SIGTERM)
        time.sleep(1)
        status, headers, _ = request(d.api_hosts[1], d.api_port, "GET", "/ready", timeout=2)
        connection = {k.lower(): v for k, v in (headers or {}).items()}.get("connection", "")
        if status != 503 or connection.lower() != "close":
            stats.problem(f"a draining replica answered /ready {status} {headers}")
        code = d.procs["api2"].wait(timeout=30)
        if code != 0:
            stats.problem(f"api2 exited with {code} after SIGTERM")
        log(f"api2 stopped ({code}); starts again")
        d.start_replica(2)
        d.wait_ready(2)

        at(32)
        log("PostgreSQL restarts")
        d.pg_ctl("restart")
        at(48)
        work.stop.set()
        for t in threads:
            t.join(timeout=60)
        log("workload stopped: " + ", ".join(f"{k}: {v}" for k, v in sorted(stats.counts.items())))
        for i in (1, 2, 3):
            d.wait_ready(i)
        failures = verify(d, work, stats)
        registered = len(work.tenants)
        if registered < 20:
            failures.append(f"only {registered} registrations were acknowledged: too few to judge")
        uploads = stats.counts.get("picture upload 200", 0)
        fetches = stats.counts.get("picture fetch 200", 0)
        log(f"{registered} registrations, {uploads} pictures, {fetches} picture fetches "
            f"acknowledged in {time.time() - started:.0f}s")
        if failures:
            for failure in failures:
                log(f"FAILED: {failure}")
            for name, path in d.logs.items():
                with open(path, errors="replace") as f:
                    tail = f.readlines()[-25:]
                log(f"last lines of {name}:\n" + "".join(tail))
            return 1
        log("every acknowledged write is there, nothing is half-written")
        return 0
    finally:
        d.stop_all()
        if os.environ.get("DEPLOY_KEEP") is None:
            shutil.rmtree(work_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

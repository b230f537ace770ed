"""The sandbox's first process: fence itself in, run one program, leave nothing behind.

Run by `checks.examples.sandbox` as `python -I sandbox_init.py CONFIG.json`, either under
`unshare` (new user, mount, network and PID namespaces: this process is PID 1 there) or
directly when the platform allows no namespaces. Standard library only: it must not
import the suite, whose files may be hidden once the mounts are in place.

Inside namespaces it makes every mount read-only, gives the program private size-capped
tmpfs folders (its HOME, working folder and TMPDIR, plus /tmp, /var/tmp and /dev/shm),
hides the caller's home folder (except the interpreters living there), mounts a fresh
read-only /proc, brings up loopback and forwards the one allowed port to the host's
relay socket. Everywhere it sets the resource limits, runs the program in its own
process group, stops it at the timeout (Python first gets SIGABRT, so it prints where it
was), then kills every descendant, orphans included (PID 1, or a child subreaper
outside namespaces), and writes a JSON result.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import select
import signal
import socket
import struct
import sys
import threading
import time

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE = 1024, 2048, 4096, 16384, 1 << 18
MS_RELATIME, MS_STRICTATIME = 1 << 21, 1 << 24
# Flags a remount inside a user namespace must keep (the kernel locks them).
_KEPT = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
         "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}
PR_SET_CHILD_SUBREAPER = 36
PR_SET_PDEATHSIG = 1
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
LIMITS = {"cpu_seconds": "RLIMIT_CPU", "memory_bytes": "RLIMIT_DATA", "processes": "RLIMIT_NPROC",
          "file_bytes": "RLIMIT_FSIZE", "open_files": "RLIMIT_NOFILE"}
SCRATCH = ("/tmp", "/var/tmp", "/dev/shm")

_libc = ctypes.CDLL(None, use_errno=True)


class SetupError(Exception):
    """A fence could not be put up."""


def _mount(source, target, fstype, flags, data=None) -> None:
    encode = lambda text: None if text is None else os.fsencode(text)  # noqa: E731
    if _libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)) != 0:
        code = ctypes.get_errno()
        raise SetupError(f"mount {target}: {os.strerror(code)}")


def _prctl(option: int, value: int) -> bool:
    prctl = getattr(_libc, "prctl", None)  # Linux only; elsewhere the process group is the fence
    return prctl is not None and prctl(option, ctypes.c_ulong(value), 0, 0, 0) == 0


def _unescape(field: str) -> str:
    """Mountinfo writes space, tab, newline and backslash as octal escapes."""
    if "\\" not in field:
        return field
    out, index = [], 0
    while index < len(field):
        if field[index] == "\\" and field[index + 1:index + 4].isdigit():
            out.append(chr(int(field[index + 1:index + 4], 8)))
            index += 4
        else:
            out.append(field[index])
            index += 1
    return "".join(out)


def _mounts() -> list[tuple[str, int]]:
    """(mount point, flags a remount must keep) of every mount this process sees."""
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            found.append((_unescape(fields[4]), sum(_KEPT.get(option, 0) for option in fields[5].split(","))))
    return found


def _under(path: str, folder: str) -> bool:
    return folder == "/" or path == folder or path.startswith(folder.rstrip("/") + "/")


def _fence_files(config: dict, notes: list[str]) -> None:
    """Read-only everything; private tmpfs scratch; the caller's home hidden; the program's box writable."""
    box, size = config["box"], config["limits"].get("file_bytes") or 64 << 20
    kept = [path for path in config.get("keep_visible", []) if os.path.isdir(path)]
    handles = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in kept}
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    for point, flags in _mounts():
        if _under(point, "/proc"):
            continue  # replaced below by this namespace's own, read-only
        try:
            _mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
        except SetupError as exc:
            if os.path.exists(point):
                notes.append(f"{exc} (left as it was)")
    hidden = [home for home in [config.get("caller_home")] if home and home != "/" and os.path.isdir(home)]
    for folder in [*SCRATCH, *hidden]:
        if os.path.isdir(folder) and not os.path.islink(folder):
            _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=1777")
    covered = lambda path: any(_under(path, folder) for folder in [*SCRATCH, *hidden])  # noqa: E731
    for path, handle in handles.items():
        if covered(path):
            os.makedirs(path, exist_ok=True)
            _mount(f"/proc/self/fd/{handle}", path, None, MS_BIND | MS_REC)
        os.close(handle)
    if covered(box):
        os.makedirs(box, exist_ok=True)
    for folder in hidden:  # mount points exist now; nothing may be written beside them
        _mount(None, folder, None, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_RDONLY)
    _mount("tmpfs", box, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0755")
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH14x", b"lo", 0)
        flags = struct.unpack("16sH14x", _ioctl(sock, SIOCGIFFLAGS, request))[1]
        _ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14x", b"lo", flags | IFF_UP))


def _ioctl(sock, request: int, data: bytes) -> bytes:
    import fcntl

    return fcntl.ioctl(sock.fileno(), request, data)


def _listeners(port: int) -> list[socket.socket]:
    found = []
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        try:
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(64)
            sock.set_inheritable(False)
            found.append(sock)
        except OSError:
            continue  # no IPv6 in this namespace
    if not found:
        raise SetupError(f"cannot listen on loopback port {port} inside the network namespace")
    return found


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock, how in ((target, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                sock.shutdown(how)
            except OSError:
                pass


def _forward(listener: socket.socket, relay_path: str) -> None:
    """Every connection to the allowed loopback port goes, byte for byte, to the host's relay socket."""
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(relay_path)
        except OSError:
            client.close()
            upstream.close()
            continue
        for pair in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pump, args=pair, daemon=True).start()


def _unpack(config: dict) -> None:
    """The program's folders and files (its code, its inputs), inside the box."""
    for folder in config.get("dirs", []):
        os.makedirs(folder, exist_ok=True)
    for path, data in config.get("files", {}).items():
        with open(path, "wb") as handle:
            handle.write(bytes.fromhex(data))


def _child(config: dict) -> None:
    """In the forked child: own process group, limits, folder, then the program. Never returns."""
    try:
        os.setpgid(0, 0)
        for name, value in config["limits"].items():
            if value and name in LIMITS and hasattr(resource, LIMITS[name]):
                which = getattr(resource, LIMITS[name])
                hard = value + 5 if name == "cpu_seconds" else value  # SIGXCPU at the soft limit, SIGKILL at the hard
                resource.setrlimit(which, (value, hard))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.chdir(config["cwd"])
        for number in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM):
            signal.signal(number, signal.SIG_DFL)
        os.execve(config["argv"][0], config["argv"], config["env"])
    except BaseException as exc:  # noqa: BLE001 - report any reason and leave
        os.write(2, f"jobs-checks sandbox: cannot start {config['argv'][0]}: {exc}\n".encode())
    os._exit(127)


def _children() -> set[int]:
    found = set()
    try:
        for task in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as handle:
                found.update(int(pid) for pid in handle.read().split())
    except OSError:
        pass
    return found


def _reap(program: int, status: dict) -> None:
    """Collect every finished child; remember the program's own status."""
    while True:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid == program and "code" not in status:
            status["code"] = code


def _kill_everything(program: int, status: dict, in_namespace: bool) -> int:
    """SIGKILL the program's group and every other descendant until none is left; how many were killed."""
    killed: set[int] = set()
    try:
        os.killpg(program, signal.SIGKILL)
    except OSError:
        pass
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if in_namespace and os.getpid() == 1:
            try:
                os.kill(-1, signal.SIGKILL)  # PID 1 of its own namespace: every process but itself
            except OSError:
                pass
        remaining = _children()
        for pid in remaining:
            try:
                os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            except OSError:
                pass
        _reap(program, status)
        if not remaining and not _children():
            break
        time.sleep(0.01)
    return len(killed - {program})


def _wait(program: int, seconds: float, status: dict) -> bool:
    """Wait for the program to end (its orphans are reaped meanwhile); False at the deadline."""
    deadline = time.monotonic() + seconds
    pidfd = None
    try:
        pidfd = os.pidfd_open(program)
    except (AttributeError, OSError):
        pass
    try:
        while "code" not in status:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if pidfd is not None:
                select.select([pidfd], [], [], min(left, 0.5))
            else:
                time.sleep(min(left, 0.02))
            _reap(program, status)
        return True
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _usage() -> dict:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3), "max_rss_kb": usage.ru_maxrss}


def run(config: dict) -> dict:
    """Put up the fences, run the program, tear everything down; the result to hand back."""
    notes: list[str] = []
    in_namespace = bool(config.get("namespaces"))
    if config.get("cgroup_procs"):
        try:
            with open(config["cgroup_procs"], "w", encoding="ascii") as handle:
                handle.write("0")  # this process, and so everything it starts
        except OSError as exc:
            notes.append(f"process count not limited: cannot join {config['cgroup_procs']}: {exc.strerror}")
    if not in_namespace:
        _prctl(PR_SET_CHILD_SUBREAPER, 1)  # orphans of the program come back here, not to init
    listeners = []
    if in_namespace:
        _fence_files(config, notes)
        if config.get("port"):
            _loopback_up()
            listeners = _listeners(config["port"])
    _unpack(config)
    started = time.monotonic()
    program = os.fork()
    if program == 0:
        for listener in listeners:
            listener.close()
        _child(config)
    _report(config, {"program_pid": program})
    for listener in listeners:
        threading.Thread(target=_forward, args=(listener, config["relay_path"]), daemon=True).start()
    status: dict = {}
    finished = _wait(program, config["timeout"], status)
    if not finished and config.get("stack_dump_signal"):
        try:
            os.kill(program, config["stack_dump_signal"])
        except OSError:
            pass
        _wait(program, config.get("stack_dump_seconds", 2.0), status)
    seconds = time.monotonic() - started
    leftovers = _kill_everything(program, status, in_namespace)
    code = status.get("code")
    result = {"timed_out": not finished, "seconds": round(seconds, 3), "leftover_processes_killed": leftovers,
              "notes": notes, **_usage()}
    if code is not None and finished:
        if os.WIFSIGNALED(code):
            result.update(exit_code=-os.WTERMSIG(code), signal=os.WTERMSIG(code))
        else:
            result.update(exit_code=os.WEXITSTATUS(code), signal=None)
    else:
        result.update(exit_code=None, signal=None)
    return result


def probe(config: dict) -> dict:
    """What the fences would do here, without running anything."""
    try:
        _fence_files(config, notes := [])
        _loopback_up()
        _listeners(config.get("port") or 9)
        _unpack(config)
        hidden = os.listdir(config["caller_home"]) if config.get("caller_home") else []
    except (SetupError, OSError) as exc:
        return {"ok": False, "reason": str(exc)}
    return {"ok": True, "notes": notes, "home_entries_visible": len(hidden)}


def _report(config: dict, message: dict) -> None:
    """One JSON line to jobs-checks on the inherited pipe (the filesystem may be read-only by now)."""
    os.write(config["report_fd"], (json.dumps(message) + "\n").encode())


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        config = json.load(handle)
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # jobs-checks gone: nothing here may outlive it
    try:
        result = probe(config) if config.get("probe") else run(config)
    except (SetupError, OSError) as exc:
        result = {"setup_error": str(exc)}
    _report(config, {"result": result})
    return 0


if __name__ == "__main__":
    sys.exit(main())

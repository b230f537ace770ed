"""Names a code sample may use without defining them: language and runtime facts, not API facts."""

from __future__ import annotations

# ECMAScript built-ins (values).
_ECMASCRIPT = """
Array ArrayBuffer AggregateError Atomics BigInt BigInt64Array BigUint64Array Boolean DataView Date
decodeURI decodeURIComponent encodeURI encodeURIComponent Error escape eval EvalError FinalizationRegistry
Float32Array Float64Array Function globalThis Infinity Int8Array Int16Array Int32Array Intl isFinite isNaN
Iterator JSON Map Math NaN Number Object parseFloat parseInt Promise Proxy RangeError ReferenceError Reflect
RegExp Set SharedArrayBuffer String Symbol SyntaxError TypeError Uint8Array Uint8ClampedArray Uint16Array
Uint32Array undefined unescape URIError WeakMap WeakRef WeakSet
"""

# Browser and web-platform globals (also in Deno, Bun, workers and modern Node).
_WEB = """
AbortController AbortSignal addEventListener alert atob Blob BroadcastChannel btoa caches
cancelAnimationFrame clearInterval clearTimeout close confirm console crypto CustomEvent document
DOMException DOMParser Event EventSource EventTarget fetch File FileReader FormData getComputedStyle
Headers history HTMLElement HTMLInputElement Image indexedDB localStorage location MessageChannel
MessageEvent navigator Notification open performance postMessage prompt queueMicrotask
ReadableStream removeEventListener requestAnimationFrame Request Response screen self sessionStorage
setInterval setTimeout structuredClone TextDecoder TextDecoderStream TextEncoder TextEncoderStream
TransformStream URL URLSearchParams WebAssembly WebSocket window Worker WritableStream XMLHttpRequest
CompressionStream DecompressionStream IntersectionObserver MutationObserver ResizeObserver
"""

# Node.js globals (CommonJS module wrapper names included).
_NODE = """
Buffer __dirname __filename clearImmediate exports global module process require setImmediate
"""

# Runtime namespaces of Deno and Bun (`Deno.readTextFile`, `Bun.file`).
_RUNTIMES = """
Bun Deno
"""

# TypeScript's global types; a type position is not a value use, but `Record` and friends
# appear in `satisfies`/generic calls and must never be reported.
_TYPESCRIPT = """
Awaited Capitalize ConstructorParameters Exclude Extract InstanceType Lowercase NonNullable Omit
OmitThisParameter Parameters Partial Pick Readonly ReadonlyArray Record Required ReturnType
ThisParameterType ThisType Uncapitalize Uppercase PromiseLike ArrayLike Iterable AsyncIterable
"""

JS_GLOBALS = frozenset((_ECMASCRIPT + _WEB + _NODE + _RUNTIMES + _TYPESCRIPT).split())

# ComfyUI's extension runtime: the frontend hands extensions `app` and `api` (scripts/app.js,
# scripts/api.js) and LiteGraph's classes; its hooks receive `node`, `nodeType`, `nodeData`.
# Pages documenting extension internals use them without defining them.
HOST_JS_GLOBALS = frozenset("""
app api LiteGraph LGraph LGraphCanvas LGraphNode LGraphGroup ComfyWidgets comfyAPI node nodeType nodeData
""".split())

# The backend modules a custom node's code imports from the server it runs in.
HOST_PYTHON_GLOBALS = frozenset("PromptServer folder_paths comfy nodes server".split())

# Names every function body has.
JS_FUNCTION_NAMES = frozenset({"arguments"})

# Shell variables the shell (or the login environment) sets for you.
SHELL_VARIABLES = frozenset(
    """
BASH BASHOPTS BASHPID BASH_ARGC BASH_ARGV BASH_COMMAND BASH_LINENO BASH_REMATCH BASH_SOURCE BASH_SUBSHELL
BASH_VERSINFO BASH_VERSION COLUMNS COMP_CWORD COMP_LINE COMP_WORDS COMPREPLY DIRSTACK EDITOR EPOCHREALTIME
EPOCHSECONDS EUID FUNCNAME GROUPS HISTFILE HISTSIZE HOME HOSTNAME HOSTTYPE IFS LANG LC_ALL LC_CTYPE LINENO
LINES LOGNAME MACHTYPE MAIL OLDPWD OPTARG OPTERR OPTIND OSTYPE PAGER PATH PIPESTATUS PPID PS1 PS2 PS4 PWD
RANDOM REPLY SECONDS SHELL SHELLOPTS SHLVL SRANDOM TERM TMPDIR TZ UID USER VISUAL XDG_CONFIG_HOME
XDG_CACHE_HOME XDG_DATA_HOME XDG_RUNTIME_DIR ZSH_VERSION
""".split()
)

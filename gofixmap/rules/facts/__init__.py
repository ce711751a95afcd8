"""What the rules know about a package: typed facts, each computed once per
package by a producer that names the facts it requires (go/analysis
``Requires``/``ResultOf``; the framework is ``gofixmap.codemod.facts``).

A rule lists the facts it reads in ``REQUIRES`` and reads them with
``pkg.fact(F)``.

- ``EXPORTED_TYPES`` (:mod:`.exports`; DECLARATIONS, the engine's;
  exported): a package's struct types, map fields and named map types as the
  packages that import it see them (a dependency's from its declarations);
- ``TYPES`` (:mod:`.types`; EXPORTED_TYPES of the imported packages): scopes,
  expression types, named and underlying types, struct fields, call results;
- ``CALLS`` (:mod:`.calls`): function declarations, resolved calls, callees
  by name, reachability;
- ``CONSTANTS`` (:mod:`.constants`; TYPES): boolean constants and dead
  branches, iota blocks, non-zero constants; ``NONZERO_CONSTANTS``
  (exported, from source): the non-zero constants for the packages that
  import one (``common.DefaultServer``);
- ``CONSTRUCTIONS`` (:mod:`.constructions`; TYPES, CALLS): where struct
  values are built and which map fields each path leaves nil (queries:
  :mod:`.nilpaths`; selector chains to map fields: :mod:`.chains`;
  decoders and serialised fields: :mod:`.serial`);
- ``FIELD_INIT`` (:mod:`.fieldinit`; TYPES, CONSTRUCTIONS, CONSTANTS,
  CALLS): whether a field chain's map is made or checked before a write, on
  every way to it (NM002);
- ``FIELD_VALUES`` (:mod:`.fieldvalues`; TYPES, CONSTRUCTIONS): values
  that may be nil put into a struct's map field after or beside its
  construction (NM002's choice of fix);
- ``LOCKS`` (:mod:`.locks`; CALLS): the locks held at each statement (and in
  callbacks run synchronously under them, :mod:`.callbacks`), map accesses;
- ``GOROUTINES`` (:mod:`.goroutines`; CALLS, CONSTANTS, LOCKS,
  MANAGER_WORKERS, DECLARATIONS, GO_RUNNERS, WAITERS): launches, what each
  runs and how many at once, and the values each owns (:mod:`.ownership`);
  a method call on a value of an imported type that declares the method is
  no call of the package's namesake (:mod:`.foreignmethods`); the func
  values handed to runners, of the package or of another package of the
  module, are launches too (:mod:`.runners`), and the calls of functions
  that wait are points where their caller waits;
- ``GO_RUNNERS`` (:mod:`.runners`; LOCKS; exported, from source): the
  functions that run the func values handed to them on goroutines of their
  own (several at once, or once per call without waiting), read by the
  packages that import them;
- ``WAITERS`` (:mod:`.runners`; exported, from source): the functions that
  wait in their own body (``Wait``, a receive, ``select``);
- ``SHARED_MAPS`` (:mod:`.shared`; TYPES, CALLS, CONSTANTS, LOCKS,
  GOROUTINES, MAP_USES, MAP_VARS): maps reachable from several functions, their
  accesses, mutexes and locked helpers, and the map variables of other
  packages the package writes (:mod:`.importedmaps`);
- ``FAN_OUT`` (:mod:`.fanout`; TYPES, CALLS, CONSTANTS, LOCKS): map fields
  written through a pointer parameter by goroutines a loop starts with one
  shared value (also by the package functions the callee hands it on to),
  and a map handed to them itself (also handed on, or put into a struct
  literal's field);
- ``MAP_USES`` (:mod:`.mapuses`; exported, from source): the methods of
  named map types that write or read their receiver map (``sets.Set``'s
  ``Insert``, ``Has``), the constructors of such types, and the map
  parameters a function only reads or writes: a call is that access of the
  map it is handed (SHARED_MAPS);
- ``SERVING`` (:mod:`.serving`; CALLS, GOROUTINES): accesses made before
  the goroutines and servers that reach the same map start (setup);
- ``PACKAGE_MAPS`` (:mod:`.packagemaps`; TYPES): unexported package map
  variables the package never makes;
- ``UNSET_FIELDS`` (:mod:`.unsetfields`): unexported fields that no code
  of the package sets, zero in every value (NM002);
- ``NIL_FLOW`` (:mod:`.nilflow`, its walker :mod:`.nilstate`; TYPES,
  PACKAGE_MAPS, CALLS): nil-state flow of map variables, and which results
  of a function can be a nil map; parameters a call of the package passes
  as ``nil`` (elements of containers a JSON or YAML decoder filled, nil for
  a null element: :mod:`.decodednulls`);
- ``MAP_SUMMARIES`` (:mod:`.summaries`, with :mod:`.storedparams`; TYPES,
  NIL_FLOW): per function, map parameters written while nil (also kept in
  a struct whose method writes them) and nil map results; unmade package
  maps;
- ``RECEIVER_WRITES`` (:mod:`.receivers`; TYPES, MODULE_IMPORTERS): the
  methods of the package's named map types that write their receiver's map
  while it may be nil (a value receiver's copy that the method returns, or
  ``(*p)[k]``), each with a call in the module that reaches it with a nil
  map (``new(T)``, a ``var`` never made, a function that can return a nil
  ``T``) (NM005);
- ``API_OBJECTS`` (:mod:`.apiobjects`; TYPES, CALLS): per file, where
  Kubernetes objects come from (:mod:`.apiorigins`), the guards before a write
  (:mod:`.apiguards`), and whether a map of theirs may be nil there, with
  the callers' evidence for a parameter (in the package, and for an
  exported function in the module's other packages: CALL_ARGUMENTS), and
  for an object held in a field of a package struct (``rc.Pod``), the
  values the package stores there (:mod:`.heldfields`); for a literal whose
  map field is a map parameter of the function, the callers' arguments
  (:mod:`.paramfields`); objects the program itself creates with the map
  set and reads back (:mod:`.ownobjects`, with the maps a deep copy, a
  callee, a caller or a result fills: :mod:`.filled`), also when read at
  the name a status reference records that every setting of it in the
  module names such an object (``OWN_REFS``, a module fact: :mod:`.ownrefs`).
  ``TYPES.api(file)`` resolves API and CRD types (:mod:`.apitypes`);
- ``CALLEE_WRITES`` (:mod:`.callees`; MAP_SUMMARIES; exported, from source):
  the map parameters the exported functions write while nil, for the
  packages that import this one;
- ``API_CALLEES`` (:mod:`.apicallees`; exported, from source): the maps
  below a function's pointer parameters that it leaves made whenever it
  returns, that hold keys when it returns a nil error (or true, for a bool
  function), and the parameters it only reads (NM004's guards, required by
  API_OBJECTS); a path assigned the result of a function of another
  package counts when that function never returns a nil map;
- ``MADE_RETURNS`` (:mod:`.madereturns`; exported, from source): the
  functions whose every ``return`` gives a made map (``labels.Merge``), for
  API_CALLEES and API_OBJECTS;
- ``MAP_VARS`` (:mod:`.importedmaps`; exported, from source): the exported
  package variables that hold a map, for SHARED_MAPS in the packages that
  write them (one map for the whole program);
- ``SYNC_CALLBACKS`` (:mod:`.callbacks`; exported, from source): the
  functions that only call their func parameters (run them before they
  return), by position, for LOCKS' callbacks in the packages that call them;
- ``SERVER_RESULTS`` (:mod:`.serverresults`; exported, from source): the
  functions that return an object as a client read it from the API server
  (``kubeapi.GetNamespace``), for API_OBJECTS in the packages that call them;
- ``RETURNED_NIL_FIELDS`` (:mod:`.returnedfields`; TYPES, ANY_PARAMS;
  exported, from source): the map fields a function's returned struct may
  hold nil (NM002 at a caller in another package);
- ``ANY_PARAMS`` (:mod:`.returnedfields`; exported, from source): the
  ``interface{}``/``any`` parameters of each function, which a dependency's
  declarations leave out (a value given there is reached only by
  reflection: decoded);
- ``CALL_ARGUMENTS`` (:mod:`.importers`; TYPES, CALLS, API_CALLEES,
  MADE_RETURNS, CALLBACK_USES; exported, from source): what a package
  passes to the exported functions of the other packages of its module,
  judged by its own analysis of the objects (API_OBJECTS of the package
  called, through MODULE_IMPORTERS);
- ``GUARDED_FIELDS`` (:mod:`.foreignfields`; SHARED_MAPS; exported, from
  source): the exported map fields of exported structs that the package's
  methods write under the struct's mutex once the value may be shared, for
  MR002 at an access from another package of the module;
- ``CONFINED`` (:mod:`.confined`): unexported struct types whose values
  never leave the goroutine that made them (made per call, kept in locals,
  passed only where the type is taken), so their maps race with nothing
  (MR001);
- ``CONTINUATIONS`` (:mod:`.continuations`; CALLS, LOCKS, DECLARATIONS):
  each goroutine a function starts on an object it keeps using, the
  methods of that object the goroutine and the rest of the function reach
  (with or without a lock held), and where the function may still run
  beside it (MR001).

Module facts (``ModuleFact``, read with ``pkg.module(F)``): what the other
packages of the package's module contain, read from their files on disk,
computed once per module per run and shared by the run's packages of that
module (each answer of one is found once per module per run):

- ``MODULE_FILES`` (:mod:`.testonly`): the module's ``.go`` files
  (``vendor/`` and ``testdata/`` left out);
- ``TEST_ONLY`` (:mod:`.testonly`; MODULE_FILES): plain functions that only
  test code uses (NM002: a test helper's construction is no evidence);
- ``ASSERTED`` (:mod:`.interfaces`; MODULE_FILES): whether some code asserts
  a value back to a concrete type (NM002);
- ``MODULE_LITERALS`` (:mod:`.moduleliterals`; MODULE_FILES): the production
  composite literals of a struct type of the module, in every package, with
  their keys (NM002: a literal in another package that leaves a map out);
- ``INIT_CALLS`` (:mod:`.initcalls`; MODULE_FILES): whether the importers
  of a package call its exported function only during initialization
  (SERVING, MR001);
- ``IMPORTER_CALLS`` (:mod:`.lazycache`; MODULE_FILES): whether other
  packages of the module call a package's exported function, in a project
  that runs on a concurrent framework (MR001's lazy caches);
- ``CALLBACK_USES`` (:mod:`.callsites`; MODULE_FILES): whether every use of
  a function in the module is a callback's (API_OBJECTS);
- ``NIL_ARGUMENTS`` (:mod:`.nilparams`; MODULE_FILES): the calls in other
  packages of the module passing ``nil`` to a parameter of an exported
  function (NM002: a literal that sets a map field from that parameter);
- ``MODULE_IMPORTERS`` (:mod:`.importers`; MODULE_FILES): the module's
  reverse import view, the production files importing each package, and
  the packages that name one of its functions (API_OBJECTS,
  RECEIVER_WRITES);
- ``PROJECT_PACKAGES`` (:mod:`.apitypes`): the module's other packages that
  may declare API types, parsed whole (TYPES' CRD types, NM004);
- ``STARTUP`` (:mod:`.startup`; MODULE_FILES): whether every call of a
  function in the module is made in the program's start phase (package
  initialization, ``main`` before its first start, or functions only they
  call, across packages), before any goroutine exists (SERVING, MR001's
  lazy caches, MR002); its call graph names a method by the declared type
  of the value it is called on where the text declares one
  (:mod:`.operandtypes`: ``mu sync.Mutex`` calls no method of the module,
  ``p CopyRangeMethod`` calls ``CopyRangeMethod.String`` alone); the
  start phase of one map ends only at a goroutine that may reach it
  (:mod:`.mapreach`: the code the goroutine runs, through the functions
  and function values of the module, names the map, serves or calls a
  func value of unknown origin); through it :mod:`.joined` reads which
  methods of a type run while goroutines that the function that made a
  value joins (``wg.Wait``, ``errgroup``'s ``Wait``) share it, when that
  is the only way the type's values reach other goroutines (MR002);
- ``MANAGER_WORKERS`` (:mod:`.managerworkers`; MODULE_FILES): whether the
  module's controller-runtime manager sets every controller's default
  worker count above 1 (GOROUTINES' reconcilers, MR001);
- ``OUTSIDE`` (:mod:`.uncalled`): what outside the module could call its
  functions: its template files and the interfaces of the packages it
  imports, read once per module per run (MR002's functions that never
  run).
"""

from __future__ import annotations

from gofixmap.rules.facts.apicallees import API_CALLEES
from gofixmap.rules.facts.apiobjects import API_OBJECTS
from gofixmap.rules.facts.callees import CALLEE_WRITES
from gofixmap.rules.facts.calls import CALLS
from gofixmap.rules.facts.constants import CONSTANTS
from gofixmap.rules.facts.constructions import CONSTRUCTIONS
from gofixmap.rules.facts.goroutines import GOROUTINES
from gofixmap.rules.facts.locks import LOCKS
from gofixmap.rules.facts.madereturns import MADE_RETURNS
from gofixmap.rules.facts.nilflow import NIL_FLOW
from gofixmap.rules.facts.packagemaps import PACKAGE_MAPS
from gofixmap.rules.facts.serving import SERVING
from gofixmap.rules.facts.shared import SHARED_MAPS
from gofixmap.rules.facts.summaries import MAP_SUMMARIES
from gofixmap.rules.facts.types import TYPES

__all__ = [
    "API_CALLEES",
    "API_OBJECTS",
    "CALLEE_WRITES",
    "CALLS",
    "CONSTANTS",
    "CONSTRUCTIONS",
    "GOROUTINES",
    "LOCKS",
    "MADE_RETURNS",
    "MAP_SUMMARIES",
    "NIL_FLOW",
    "PACKAGE_MAPS",
    "SERVING",
    "SHARED_MAPS",
    "TYPES",
]

ALL = (
    TYPES,
    CALLS,
    CONSTANTS,
    CONSTRUCTIONS,
    LOCKS,
    GOROUTINES,
    SHARED_MAPS,
    SERVING,
    PACKAGE_MAPS,
    NIL_FLOW,
    MAP_SUMMARIES,
    API_OBJECTS,
    CALLEE_WRITES,
    MADE_RETURNS,
    API_CALLEES,
)

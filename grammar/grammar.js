/**
 * @file gofixmap's Go grammar: tree-sitter-go's, extended for Go 1.26+.
 *
 * Only the rules below differ from tree-sitter-go 0.25.0 (the npm package
 * `tree-sitter-go`, whose grammar.js this file extends); every node kind
 * stays the one tree-sitter-go produces, so the rules of gofixmap see the
 * same trees.
 *
 * - Go 1.26 lets the argument of the built-in `new` be an expression
 *   (`new(true)`, `new(f())`, `new(T{})`), and a local variable or function
 *   may be named `make` or `new` (`make(3)`, `new(a, b)`, `new(xs...)`).
 *   The first argument of `new`/`make` is therefore a type or an expression.
 *   An argument that reads as both (`new(x)`, `new(p.T)`, `new(*p)`) stays a
 *   type, as before: the type branch has the higher dynamic precedence, so
 *   every file tree-sitter-go parsed keeps its tree. Whether `x` names a type
 *   or a variable is for scope resolution, not for the grammar. (One
 *   difference: tree-sitter-go reads `true`, `false`, `nil` and `iota` there
 *   as type names; as Go 1.26 code, `new(true)` has a `true` node.)
 * - Go 1.27 lets a method have type parameters; method_declaration gets
 *   function_declaration's optional `type_parameters` field.
 * - The type of a type_instantiation_expression is never a generic_type:
 *   in Go an instantiated type or function cannot be instantiated again, so
 *   `s.m[a.b][c.d]` is an index chain over a map of maps, not `s.m[a.b]`
 *   instantiated with `c.d` (tree-sitter-go's reading: both branches have
 *   the same dynamic precedence there, and it kept the wrong one).
 *   `pkg.F[a.b](x)` and `p.T[a.B]{}` stay what they were: an instantiation
 *   with a qualified type argument reads as an index expression too, and
 *   only the types of the package could tell them apart.
 * - An index whose key is an index of an identifier or a selector,
 *   `qt.m[q.r[e.K]]` or `m[a[b[c]]]`, is index expressions; tree-sitter-go
 *   reads it as `qt.m` instantiated with the generic type `q.r[e.K]` (its
 *   dynamic precedences favour a generic type argument: 3 for each `[` of a
 *   generic type, 1 for each of an index). In expression position the text
 *   is both, but an instantiation with a generic type argument and no call
 *   is rare, while maps and slices indexed by an element of another are
 *   common. A generic type argument that cannot be an index (`F[G[[]int]]`,
 *   `F[G[a, b]]`) stays one, with the same dynamic precedences; types
 *   (`new(p.T[q.U[V]])`, `var x p.T[q.U[V]]`), conversions and composite
 *   literals (`p.T[q.U[V]](x)`, `p.T[q.U[V]]{}`) and calls with type
 *   arguments (`reflect.TypeFor[p.T[a.B]]()`) are as before.
 *
 * Regenerate src/ with `python grammar/regenerate.py` (see README).
 */

// The dynamic precedence of the type branch of `new`/`make`'s first argument:
// above every dynamic precedence of tree-sitter-go (at most 3), so an
// argument that reads as a type and as an expression stays a type.
const TYPE_FIRST = 10;

// The dynamic precedence taken from a type argument of a
// type_instantiation_expression that reads as an index (`m[a[b.C]]`): each
// `[` of an index chain adds 1 (index_expression), each of a generic type 3
// (generic_type and type_arguments), so the index reading of a chain d deep
// scores d + 1 and the instantiation at most 3d - 1 - INDEX_FIRST: the index
// reading wins up to 50 deep.
const INDEX_FIRST = 100;

// tree-sitter-go's conflicts that this grammar no longer has.
const SUPERSEDED = [
  '_simple_type generic_type _expression',
  'type_parameter_declaration _simple_type generic_type _expression',
];

/** `rule` one or more times, separated by commas (tree-sitter-go's helper). */
function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

module.exports = grammar(require('tree-sitter-go/grammar'), {
  name: 'go',

  conflicts: ($, original) => original.filter(
    // tree-sitter-go's conflicts of _simple_type's generic_type with an
    // expression, which no state has once an instantiation's type is not a
    // generic type (the CLI warns of unnecessary conflicts)
    (names) => !SUPERSEDED.includes(names.map((rule) => rule.name).join(' ')),
  ).concat([
    // `func (r T) M[P` at the top level (where tree-sitter-go also accepts
    // statements) begins a generic method or a function literal whose
    // result is a generic type; the rest of the line tells them apart.
    [$.type_parameter_declaration, $._simple_type],
    // `x[`, `*x[`, `T[P` ...: tree-sitter-go's conflicts between a type, a
    // generic type and an expression, with the type of an instantiation,
    // _instantiable_type, where tree-sitter-go has _simple_type.
    [$.generic_type, $._expression, $._instantiable_type],
    [$.generic_type, $._instantiable_type],
    [$._simple_type, $.generic_type, $._expression, $._instantiable_type],
    [$._simple_type, $._instantiable_type],
    [$._simple_type, $.generic_type, $._instantiable_type],
    [$.type_parameter_declaration, $.generic_type, $._expression, $._instantiable_type],
    // `qt.m[q.r[e.K` ...: in the type arguments of an instantiation, a
    // generic type that reads as an index (_indexlike_generic_type) or not
    // (_typelike_generic_type), with tree-sitter-go's generic type in a list
    // of several type arguments; the closing brackets tell them apart.
    [$.type_arguments, $._typelike_type_arguments],
    [$.generic_type, $._typelike_generic_type],
    [$._simple_type, $._typelike_type_elem],
    [$.type_elem, $._typelike_type_elem],
    [$._simple_type, $._indexlike_type_elem],
  ]),

  rules: {
    // Go 1.27: a method may have type parameters of its own
    // (`func (r *Rand) N[Int intType](n Int) Int`).
    method_declaration: $ => prec.right(1, seq(
      'func',
      field('receiver', $.parameter_list),
      field('name', $._field_identifier),
      field('type_parameters', optional($.type_parameter_list)),
      field('parameters', $.parameter_list),
      field('result', optional(choice($.parameter_list, $._simple_type))),
      field('body', optional($.block)),
    )),

    // tree-sitter-go's rule, but the type is not a generic_type, and a
    // generic type argument reads as an index where it can.
    type_instantiation_expression: $ => prec.dynamic(-1, seq(
      field('type', $._instantiable_type),
      '[',
      commaSep1($._type_argument),
      optional(','),
      ']',
    )),

    // tree-sitter-go's _type (its _simple_type and parenthesized_type, with
    // their dynamic precedences) except generic_type; hidden like them, so
    // the trees name the same node kinds.
    _instantiable_type: $ => choice(
      prec.dynamic(-1, $._type_identifier),
      $.qualified_type,
      $.pointer_type,
      $.struct_type,
      $.interface_type,
      $.array_type,
      $.slice_type,
      prec.dynamic(3, $.map_type),
      $.channel_type,
      $.function_type,
      $.negated_type,
      $.parenthesized_type,
    ),

    // The type arguments of a type_instantiation_expression: tree-sitter-go's
    // _type (its _simple_type and parenthesized_type, with their dynamic
    // precedences), but a generic type that reads as an index too --
    // `quota.Labels[e.K]` in `qt.m[quota.Labels[e.K]]`, `b[c]` in `m[a[b[c]]]`
    // -- has the dynamic precedence -INDEX_FIRST: there the text is an index
    // whose key is an index as well, which is what such a chain is in
    // expression position but in the rare instantiation of a generic function
    // with an instantiated type argument and no call (`pkg.F[pkg2.G[pkg3.T]]`);
    // only the package's types could tell them apart, and maps indexed by an
    // element of another map or slice are common. A generic type whose type
    // arguments are not all such (`F[G[[]int]]`, `F[G[int, string]]`) keeps
    // tree-sitter-go's reading and dynamic precedences.
    _type_argument: $ => choice(
      prec.dynamic(-1, $._type_identifier),
      alias($._indexlike_generic_type, $.generic_type),
      alias($._typelike_generic_type, $.generic_type),
      $.qualified_type,
      $.pointer_type,
      $.struct_type,
      $.interface_type,
      $.array_type,
      $.slice_type,
      prec.dynamic(3, $.map_type),
      $.channel_type,
      $.function_type,
      $.negated_type,
      $.parenthesized_type,
    ),

    // `b[c]`, `p.T[q.U[e.K]]`: a generic type that reads as an index of
    // an identifier or a selector with one key that reads as an expression.
    _indexlike_generic_type: $ => prec.dynamic(-INDEX_FIRST, seq(
      field('type', choice($._type_identifier, $.qualified_type)),
      field('type_arguments', alias($._indexlike_type_arguments, $.type_arguments)),
    )),

    _indexlike_type_arguments: $ => prec.dynamic(2, seq(
      '[',
      alias($._indexlike_type_elem, $.type_elem),
      ']',
    )),

    _indexlike_type_elem: $ => choice(
      prec.dynamic(-1, $._type_identifier),
      $.qualified_type,
      alias($._indexlike_generic_type, $.generic_type),
    ),

    // Every other generic type, as tree-sitter-go's generic_type.
    _typelike_generic_type: $ => prec.dynamic(1, choice(
      seq(
        field('type', choice($._type_identifier, $.qualified_type)),
        field('type_arguments', alias($._typelike_type_arguments, $.type_arguments)),
      ),
      seq(field('type', $.negated_type), field('type_arguments', $.type_arguments)),
    )),

    _typelike_type_arguments: $ => prec.dynamic(2, choice(
      seq('[', $.type_elem, choice(seq(repeat1(seq(',', $.type_elem)), optional(',')), ','), ']'),
      seq('[', alias($._typelike_type_elem, $.type_elem), ']'),
    )),

    // A type_elem that does not read as an expression, with tree-sitter-go's
    // dynamic precedences.
    _typelike_type_elem: $ => choice(
      seq($._type, repeat1(seq('|', $._type))),
      alias($._typelike_generic_type, $.generic_type),
      $.pointer_type,
      $.struct_type,
      $.interface_type,
      $.array_type,
      $.slice_type,
      prec.dynamic(3, $.map_type),
      $.channel_type,
      $.function_type,
      $.negated_type,
      $.parenthesized_type,
    ),

    special_argument_list: $ => seq(
      '(',
      optional(seq(
        choice(
          prec.dynamic(TYPE_FIRST, $._type),
          $._expression,
          $.variadic_argument,
        ),
        repeat(seq(',', choice($._expression, $.variadic_argument))),
        optional(','),
      )),
      ')',
    ),
  },
});

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
 *
 * Regenerate src/ with `python grammar/regenerate.py` (see README).
 */

// The dynamic precedence of the type branch of `new`/`make`'s first argument:
// above every dynamic precedence of tree-sitter-go (at most 3), so an
// argument that reads as a type and as an expression stays a type.
const TYPE_FIRST = 10;

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

    // tree-sitter-go's rule, but the type is not a generic_type.
    type_instantiation_expression: $ => prec.dynamic(-1, seq(
      field('type', $._instantiable_type),
      '[',
      commaSep1($._type),
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

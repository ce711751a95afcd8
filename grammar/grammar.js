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
 *
 * Regenerate src/ with `python grammar/regenerate.py` (see README).
 */

// The dynamic precedence of the type branch of `new`/`make`'s first argument:
// above every dynamic precedence of tree-sitter-go (at most 3), so an
// argument that reads as a type and as an expression stays a type.
const TYPE_FIRST = 10;

module.exports = grammar(require('tree-sitter-go/grammar'), {
  name: 'go',

  conflicts: ($, original) => original.concat([
    // `func (r T) M[P` at the top level (where tree-sitter-go also accepts
    // statements) begins a generic method or a function literal whose
    // result is a generic type; the rest of the line tells them apart.
    [$.type_parameter_declaration, $._simple_type],
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

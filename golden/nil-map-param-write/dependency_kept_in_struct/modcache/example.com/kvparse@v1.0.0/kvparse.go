// Package kvparse parses key=value lists into maps.
package kvparse

import "strings"

type parser struct {
	text string
	data map[string]string
}

func newParser(text string, data map[string]string) *parser {
	return &parser{text: text, data: data}
}

// ParseInto keeps dest in the parser, whose parse writes it.
func ParseInto(text string, dest map[string]string) error {
	t := newParser(text, dest)
	return t.parse()
}

// ParseChained calls the writing method on the constructor's result.
func ParseChained(text string, dest map[string]string) error {
	return newParser(text, dest).parse()
}

// Count keeps dest in the parser, whose count only reads it.
func Count(text string, dest map[string]string) int {
	t := newParser(text, dest)
	return t.count()
}

// ParseFresh's parser puts a map of its own in the field first.
func ParseFresh(text string, dest map[string]string) map[string]string {
	t := newParser(text, dest)
	return t.fresh()
}

func (t *parser) parse() error {
	for _, pair := range strings.Split(t.text, ",") {
		t.key(t.data, pair)
	}
	return nil
}

func (t *parser) key(data map[string]string, pair string) {
	k, v, _ := strings.Cut(pair, "=")
	set(data, k, v)
}

func set(data map[string]string, k, v string) {
	data[k] = v
}

func (t *parser) count() int {
	n := 0
	for _, pair := range strings.Split(t.text, ",") {
		if _, ok := t.data[pair]; ok {
			n++
		}
	}
	return n
}

func (t *parser) fresh() map[string]string {
	t.data = map[string]string{}
	t.key(t.data, t.text)
	return t.data
}

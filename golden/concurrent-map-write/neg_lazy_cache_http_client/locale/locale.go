// Package locale translates messages, loading each language's catalog on
// first use.
package locale

import "strings"

var catalog = map[string]map[string]string{}

// Printer translates into one language.
type Printer struct{ language string }

// NewPrinter returns a Printer for language.
func NewPrinter(language string) *Printer { return &Printer{language: language} }

// Print translates key: the first call for a language fills the catalog.
func (p *Printer) Print(key string) string {
	dict, ok := catalog[p.language]
	if !ok {
		dict = load(p.language)
		catalog[p.language] = dict
	}
	if s, found := dict[key]; found {
		return s
	}
	return key
}

func load(language string) map[string]string {
	return map[string]string{"hello": strings.ToUpper(language)}
}

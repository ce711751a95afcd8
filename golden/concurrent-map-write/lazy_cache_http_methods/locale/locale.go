// Package locale translates messages, loading each language's catalog on
// first use.
package locale

import (
	"fmt"
	"strings"
)

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
		catalog[p.language] = dict // want "concurrent write to map catalog: Printer.Print fills this package-level cache on first use without a lock, and other packages of the module call it from their goroutines"
	}
	if s, found := dict[key]; found {
		return s
	}
	return key
}

func load(language string) map[string]string {
	return map[string]string{"hello": strings.ToUpper(language)}
}

// Override replaces the catalog of a language that is there already: it
// runs only when the look found the key, so it fills nothing.
func Override(language string, dict map[string]string) error {
	if _, ok := catalog[language]; !ok {
		return fmt.Errorf("unknown language %q", language)
	}
	catalog[language] = dict
	return nil
}

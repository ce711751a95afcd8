package source

import (
	"fmt"
	"log"

	"example.com/moduleliterals/model"
)

// Items builds items by literals: Labels is left nil, Tags and Notes are set.
func Items(names []string) []*model.Item {
	var out []*model.Item
	for _, n := range names {
		it := &model.Item{Name: n, Tags: map[string]string{}}
		it.Notes = make(map[string]string)
		log.Printf("item %v", it) // printing sets no field: the literal still counts
		out = append(out, it)
	}
	out = append(out, model.NewItem("default"))
	return out
}

// Records sets Tags in each literal.
func Records(names []string) []model.Record {
	var out []model.Record
	for _, n := range names {
		out = append(out, model.Record{Name: n, Tags: map[string]string{}})
	}
	return out
}

func describe(v any) string { return fmt.Sprintf("%T", v) }

func fill(r *model.Report) { r.Stats = map[string]int{} }

// Kind reads an empty Report for its type only.
func Kind() string { return describe(model.Report{}) }

// NewReport hands the literal to fill, which makes Stats.
func NewReport() *model.Report {
	r := &model.Report{}
	fill(r)
	return r
}

// Reset zeroes the report, then fills it again.
func Reset(r *model.Report) {
	*r = model.Report{}
	fill(r)
}

// DefaultConfig is copied by Load, which makes Headers in the copy.
var DefaultConfig = model.Config{Name: "default"}

// Load copies the default and makes its Headers.
func Load() *model.Config {
	c := DefaultConfig
	c.Headers = map[string]string{}
	return &c
}

type cli struct{ s *model.Settings }

func (c *cli) bind() { c.s.Gates = map[string]bool{} }

// NewSettings builds the settings inside a cli whose bind makes Gates.
func NewSettings() (*model.Settings, error) {
	c := &cli{s: &model.Settings{}}
	c.bind()
	return c.s, nil
}

// Failing returns empty settings beside an error only.
func Failing(name string) (model.Settings, error) {
	return model.Settings{}, fmt.Errorf("no settings %s", name)
}

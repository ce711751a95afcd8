// Values from functions of the package that return them with the map made.

package p

import (
	"errors"
	"time"
)

type Stats struct {
	Total  time.Duration
	ByName map[string]time.Duration
}

func (s Stats) clone() (r Stats) {
	r = s
	r.ByName = make(map[string]time.Duration)
	for k, v := range s.ByName {
		r.ByName[k] = v
	}
	return r
}

func (s Stats) sub(v Stats) (r Stats) {
	r = s.clone()
	for k := range s.ByName {
		r.ByName[k] -= v.ByName[k]
	}
	return r
}

type Profile struct {
	Weights WeightMap
}

type WeightMap struct {
	Weight map[string]int64
}

func emptyProfile() *Profile {
	return &Profile{Weights: WeightMap{Weight: make(map[string]int64)}}
}

func parse(lines []string) (*Profile, error) {
	d := emptyProfile()
	for _, l := range lines {
		d.Weights.Weight[l]++
	}
	return d, nil
}

func build(lines []string) (WeightMap, error) {
	if len(lines) == 0 {
		return WeightMap{}, errors.New("no lines")
	}
	return WeightMap{Weight: make(map[string]int64)}, nil
}

func count(lines []string) (WeightMap, error) {
	m, err := build(lines)
	if err != nil {
		return m, err
	}
	for _, l := range lines {
		m.Weight[l]++
	}
	return m, nil
}

func use() {
	_ = Stats{Total: 1}.sub(Stats{})
}

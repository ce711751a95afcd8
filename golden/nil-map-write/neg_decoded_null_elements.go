package p

import "encoding/json"

// Nil elements skipped or made before the write.
func guarded(b []byte, name string) []map[string]any {
	var events []map[string]any
	if err := json.Unmarshal(b, &events); err != nil {
		return nil
	}
	for _, e := range events {
		if e == nil {
			continue
		}
		e["cluster"] = name
	}
	for _, e := range events {
		if len(e) == 0 {
			continue
		}
		e["cluster"] = name
	}
	for i, e := range events {
		if e == nil {
			e = map[string]any{}
			events[i] = e
		}
		e["cluster"] = name
	}
	for i := range events {
		if events[i] == nil {
			events[i] = map[string]any{}
		}
		events[i]["cluster"] = name
	}
	for i := range events {
		events[i] = map[string]any{"copy": events[i]}
		events[i]["cluster"] = name
	}
	return events
}

type event struct {
	Name string
	Tags []string
}

// A slice of structs: a null element is a zero struct, no map to write.
func structs(b []byte) map[string]int {
	var events []event
	if err := json.Unmarshal(b, &events); err != nil {
		return nil
	}
	seen := make(map[string]int)
	for _, e := range events {
		seen[e.Name]++
	}
	return seen
}

// A slice the program builds itself holds only made maps.
func built(names []string) []map[string]int {
	var rows []map[string]int
	for range names {
		rows = append(rows, map[string]int{})
	}
	for _, r := range rows {
		r["n"] = 1
	}
	return rows
}

// Decoded into a local of another function: the write here is on a
// parameter, whose elements the callers fill.
func fill(rows []map[string]int) {
	for _, r := range rows {
		r["n"] = 1
	}
}

func withoutNil(in []map[string]any) []map[string]any {
	out := in[:0]
	for _, e := range in {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// The decoded slice replaced by one without nil elements before the writes.
func cleaned(b []byte, name string) []map[string]any {
	var events []map[string]any
	if err := json.Unmarshal(b, &events); err != nil {
		return nil
	}
	events = withoutNil(events)
	for _, e := range events {
		e["cluster"] = name
	}
	return events
}

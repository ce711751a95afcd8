package p

import (
	"encoding/json"
	"io"
)

// A JSON null element decodes to a nil map: [null] makes e nil.
func label(b []byte, name string) []map[string]any {
	var events []map[string]any
	if err := json.Unmarshal(b, &events); err != nil {
		return nil
	}
	for _, e := range events {
		e["cluster"] = name // want `write to map e that may be nil: it is read from events, decoded by json.Unmarshal, which decodes a null element to a nil map`
	}
	return events
}

// The element written through its index.
func count(b []byte) []map[string]int {
	var rows []map[string]int
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil
	}
	for i := range rows {
		rows[i]["n"]++ // want `write to map rows\[i\] that may be nil: it is read from rows`
	}
	return rows
}

// The element copied to a local, from a stream decoder.
func first(r io.Reader) map[string]string {
	var items []map[string]string
	if err := json.NewDecoder(r).Decode(&items); err != nil || len(items) == 0 {
		return nil
	}
	item := items[0]
	item["seen"] = "yes" // want `write to map item that may be nil: it is read from items, decoded by json.NewDecoder\(r\).Decode`
	return item
}

// {"a": null} decodes to a nil inner map under "a".
func reset(b []byte) map[string]map[string]int {
	var byName map[string]map[string]int
	if err := json.Unmarshal(b, &byName); err != nil {
		return nil
	}
	for _, counts := range byName {
		counts["total"] = 0 // want `write to map counts that may be nil: it is read from byName`
	}
	return byName
}

// Appending made maps keeps the decoded elements, nil ones too.
func extended(b []byte, name string) []map[string]any {
	var events []map[string]any
	if err := json.Unmarshal(b, &events); err != nil {
		return nil
	}
	events = append(events, map[string]any{})
	for _, e := range events {
		e["cluster"] = name // want `write to map e that may be nil: it is read from events`
	}
	return events
}

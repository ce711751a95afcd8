package slots

// Slot is a replication slot with the tables of its publication.
type Slot struct {
	Config      map[string]string
	Publication map[string]string
}

// Stream asks for a slot.
type Stream struct {
	Database string
	App      string
	Tables   map[string]string
}

// group stores the configured slots without a publication, then merges the
// tables of each stream into a copy of its slot.
func group(configs map[string]map[string]string, streams []Stream) map[string]Slot {
	slots := make(map[string]Slot)
	for name, config := range configs {
		slots[name] = Slot{Config: config}
	}
	for _, stream := range streams {
		name := stream.Database + "_" + stream.App
		if _, ok := slots[name]; !ok {
			slots[name] = Slot{Config: map[string]string{}, Publication: stream.Tables}
			continue
		}
		slot := slots[name]
		tables := slot.Publication
		for table, columns := range stream.Tables {
			tables[table] = columns // want "write to nil map tables: slot is a copy of an element of slots, which group stores as a Slot literal without Publication"
		}
		slot.Publication = tables
		slots[name] = slot
	}
	return slots
}

// label writes through an alias of the copy's map and never stores it
// back: a map made at the write would be dropped with the copy.
func label(names []string, key string) []Slot {
	byDB := make(map[string]map[string]Slot)
	for _, name := range names {
		byDB[name] = map[string]Slot{}
		byDB[name][key] = Slot{Publication: map[string]string{}}
	}
	for _, name := range names {
		slot := byDB[name][key]
		config := slot.Config
		config["name"] = name // want "write to nil map config: slot is a copy of an element of byDB, which label stores as a Slot literal without Config"
	}
	return nil
}

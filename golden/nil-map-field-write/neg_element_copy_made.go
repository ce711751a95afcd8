package slots

// Slot is a replication slot with the tables of its publication.
type Slot struct {
	Config      map[string]string
	Publication map[string]string
}

// Stream asks for a slot.
type Stream struct {
	Database string
	Tables   map[string]string
}

// every stores its slots with both maps made.
func every(configs map[string]map[string]string, streams []Stream) map[string]Slot {
	slots := make(map[string]Slot)
	for name, config := range configs {
		slots[name] = Slot{Config: config, Publication: map[string]string{}}
	}
	for _, stream := range streams {
		slot := slots[stream.Database]
		tables := slot.Publication
		for table, columns := range stream.Tables {
			tables[table] = columns
		}
	}
	return slots
}

// madeFirst makes the copy's map before writing it.
func madeFirst(configs map[string]map[string]string, streams []Stream) map[string]Slot {
	slots := make(map[string]Slot)
	for name, config := range configs {
		slots[name] = Slot{Config: config}
	}
	for _, stream := range streams {
		slot := slots[stream.Database]
		slot.Publication = make(map[string]string)
		for table, columns := range stream.Tables {
			slot.Publication[table] = columns
		}
		slots[stream.Database] = slot
	}
	return slots
}

// checked writes only a map that is there.
func checked(configs map[string]map[string]string, streams []Stream) map[string]Slot {
	slots := make(map[string]Slot)
	for name, config := range configs {
		slots[name] = Slot{Config: config}
	}
	for _, stream := range streams {
		slot := slots[stream.Database]
		if slot.Publication != nil {
			for table, columns := range stream.Tables {
				slot.Publication[table] = columns
			}
		}
	}
	return slots
}
